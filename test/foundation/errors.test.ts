import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOperator, makeTenant, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
/** The operator: POST /api/organisations is theirs, so it is the route these cases send bad input to. */
let operator: TestUser;
beforeAll(async () => {
  h = await createHarness({ config: { JSON_BODY_LIMIT_BYTES: "2048" } });
  t = await makeTenant(h.db);
  operator = await makeOperator(h.db);
});
afterAll(() => h.close());

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.status,
    detail: expect.any(String),
  });
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  return body;
}

describe("bad input is answered with problem+json, never 500", () => {
  it("malformed JSON -> 400", async () => {
    const res = await h.app.request("/api/organisations", {
      method: "POST",
      headers: { "content-type": "application/json", ...operator.auth },
      body: '{"name": "x",',
    });
    expect(res.status).toBe(400);
    expect((await problem(res)).detail).toMatch(/not valid JSON/);
  });

  it("wrong types -> 422 with the path of each bad field", async () => {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: 42, kind: "hospital" }, operator.auth),
    );
    expect(res.status).toBe(422);
    const body = await problem(res);
    const paths = (body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(["kind", "name"]);
  });

  it("unknown fields -> 422 naming them", async () => {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: "Valid name", kind: "provider", colour: "red" }, operator.auth),
    );
    expect(res.status).toBe(422);
    expect(JSON.stringify(await problem(res))).toContain("colour");
  });

  it("wrong content type -> 415", async () => {
    const res = await h.app.request("/api/organisations", {
      method: "POST",
      headers: { "content-type": "text/xml", ...operator.auth },
      body: "<org/>",
    });
    expect(res.status).toBe(415);
    await problem(res);
  });

  it("missing body -> 4xx", async () => {
    const res = await h.app.request("/api/organisations", { method: "POST", headers: operator.auth });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await problem(res);
  });

  it("oversize body -> 413", async () => {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: "x".repeat(5000), kind: "provider" }, operator.auth),
    );
    expect(res.status).toBe(413);
    await problem(res);
  });

  it("a bad id in the path -> 422, not 500", async () => {
    const res = await h.app.request("/api/organisations/not-a-uuid", { headers: operator.auth });
    expect(res.status).toBe(422);
    await problem(res);
  });

  it("an unknown route -> 404 problem", async () => {
    const res = await h.app.request("/api/nothing-here", { headers: operator.auth });
    expect(res.status).toBe(404);
    await problem(res);
  });

  it("a nonsense bearer token -> 401", async () => {
    const res = await h.app.request("/api/me", { headers: { authorization: "Bearer wu_nonsense" } });
    expect(res.status).toBe(401);
    await problem(res);
  });
});

describe("security headers", () => {
  it("are set on every response", async () => {
    const res = await h.app.request("/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBeTruthy();
  });
});

describe("form posts are limited too", () => {
  it("an oversize urlencoded form is refused before it is read", async () => {
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: `email=${"a".repeat(5000)}&password=x`,
    });
    expect(res.status).toBe(413);
  });
});

describe("values the database cannot store", () => {
  it("a NUL byte in text is a 422, and the log holds no query parameters", async () => {
    const before = h.logLines.length;
    const res = await h.app.request(
      "/api/users",
      json(
        {
          email: "nul@example.test",
          name: "a\u0000b",
          role: "reviewer",
          organisationId: t.council.id,
          password: "a long enough passphrase",
        },
        operator.auth,
      ),
    );
    expect(res.status).toBe(422);
    await problem(res);
    expect((await h.app.request("/api/clauses?q=%00", { headers: t.commissioner.auth })).status).toBe(422);
    const logged = h.logLines.slice(before).join("\n");
    expect(logged).not.toMatch(/scrypt\$/);
    expect(logged).not.toMatch(/params:/);
  });

  it("dates outside 1900-2200, or not real, are 422 with the field named", async () => {
    for (const periodStart of ["0000-01-01", "9999-06-01", "2026-02-31"]) {
      const res = await h.app.request(
        "/api/specifications",
        json({ title: "Dates", serviceName: "Dates", periodStart }, t.commissioner.auth),
      );
      expect(res.status, periodStart).toBe(422);
      expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("periodStart");
    }
  });

  it("a clause version number beyond any integer is refused, not a 500", async () => {
    const res = await h.app.request("/api/clauses/FBK-02/versions/99999999999", {
      headers: t.commissioner.auth,
    });
    expect(res.status).toBe(422);
  });
});
