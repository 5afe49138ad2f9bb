import { randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
type Op = { path: string; method: string; access: unknown };
let ops: Op[];

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const doc = (await (await h.app.request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, { "x-access": unknown }>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      path,
      method: method.toUpperCase(),
      access: op["x-access"],
    })),
  );
});
afterAll(() => h.close());

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and every operation declares who may call it", async () => {
    const doc = await (await h.app.request("/openapi.json")).json();
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(ops.length).toBeGreaterThan(10);
    for (const op of ops) expect(op.access, `${op.method} ${op.path}`).toBeDefined();
  });

  it("/docs renders a reference listing the routes", async () => {
    const res = await h.app.request("/docs");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<h1>WithUs API</h1>");
    expect(page).toContain("POST /api/auth/login");
  });
});

describe("every route refuses anonymous callers", () => {
  it("answers 401 problem+json to each non-public operation", async () => {
    const refused: string[] = [];
    for (const op of ops.filter((o) => o.access !== "public")) {
      const res = await h.app.request(concrete(op.path), {
        method: op.method,
        headers: { "content-type": "application/json", origin: "http://localhost" },
        body: ["GET", "HEAD", "DELETE"].includes(op.method) ? undefined : "{}",
      });
      if (res.status !== 401) refused.push(`${op.method} ${op.path} -> ${res.status}`);
    }
    expect(refused).toEqual([]);
  });
});

describe("role x route matrix for administration", () => {
  const cases: Array<[string, string, (id: string) => RequestInit, string]> = [
    ["POST", "/api/organisations", () => json({ name: "New Org", kind: "provider" }), "create organisation"],
    ["GET", "/api/users", () => ({}), "list users"],
    ["GET", "/api/audit", () => ({}), "read audit"],
  ];
  for (const [method, path, init, what] of cases) {
    it(`only admins may ${what}`, async () => {
      for (const who of ["commissioner", "reviewer", "providerUser"] as const) {
        const i = init("");
        const res = await h.app.request(path, {
          ...i,
          method,
          headers: { ...(i.headers as object), ...t[who].auth },
        });
        expect(res.status, who).toBe(403);
      }
      const i = init("");
      const ok = await h.app.request(path, {
        ...i,
        method,
        headers: { ...(i.headers as object), ...t.admin.auth },
      });
      expect(ok.status).toBeLessThan(300);
    });
  }

  it("only admins may create or change users", async () => {
    const body = {
      email: `x${randomUUID().slice(0, 6)}@example.test`,
      name: "X",
      role: "reviewer",
      organisationId: t.council.id,
      password: "a long enough passphrase",
    };
    expect((await h.app.request("/api/users", json(body, t.commissioner.auth))).status).toBe(403);
    expect(
      (
        await h.app.request(
          `/api/users/${t.reviewer.id}`,
          json({ active: false }, t.commissioner.auth, "PATCH"),
        )
      ).status,
    ).toBe(403);
    expect((await h.app.request("/api/users", json(body, t.admin.auth))).status).toBe(201);
  });

  it("a provider user cannot be given a commissioner role", async () => {
    const body = {
      email: `y${randomUUID().slice(0, 6)}@example.test`,
      name: "Y",
      role: "commissioner",
      organisationId: t.provider.id,
      password: "a long enough passphrase",
    };
    const res = await h.app.request("/api/users", json(body, t.admin.auth));
    expect(res.status).toBe(422);
  });
});

describe("organisations are isolated", () => {
  it("a user sees their own organisation and gets 404 for another's", async () => {
    expect(
      (await h.app.request(`/api/organisations/${t.council.id}`, { headers: t.reviewer.auth })).status,
    ).toBe(200);
    expect(
      (await h.app.request(`/api/organisations/${other.council.id}`, { headers: t.reviewer.auth })).status,
    ).toBe(404);
    expect(
      (await h.app.request(`/api/organisations/${t.council.id}`, { headers: t.providerUser.auth })).status,
    ).toBe(404);
    const list = (await (
      await h.app.request("/api/organisations", { headers: t.providerUser.auth })
    ).json()) as {
      organisations: Array<{ id: string }>;
    };
    expect(list.organisations.map((o) => o.id)).toEqual([t.provider.id]);
  });
});
