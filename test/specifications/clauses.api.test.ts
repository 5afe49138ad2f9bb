import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

type Clause = {
  key: string;
  version: number;
  status: string;
  category: string;
  frequency: string;
  title: string;
};
const get = async (path: string, auth = t.commissioner.auth) => {
  const res = await h.app.request(path, { headers: auth });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const ownClause = (key: string) => ({
  key,
  title: "Peer-led welcome group for new starters",
  category: "peer_roles",
  level: "involve",
  requirement: "The provider must run a peer-led welcome group at least {{sessions}} times a month.",
  evidence: {
    documents: "Session register and notes.",
    reviewerChecks: "At least {{sessions}} sessions ran each month.",
  },
  frequency: "quarterly",
  parameters: [{ name: "sessions", type: "integer", label: "Sessions a month", default: 2, min: 1, max: 8 }],
});

describe("browsing the library", () => {
  it("lists the library with filters by category, level, frequency and free text", async () => {
    const all = (await get("/api/clauses")).body.clauses as Clause[];
    expect(all.length).toBeGreaterThanOrEqual(32);
    const feedback = (await get("/api/clauses?category=feedback")).body.clauses as Clause[];
    expect(feedback.length).toBeGreaterThan(0);
    expect(feedback.every((c) => c.category === "feedback")).toBe(true);
    const quarterly = (await get("/api/clauses?frequency=quarterly&level=involve")).body.clauses as Clause[];
    expect(quarterly.every((c) => c.frequency === "quarterly")).toBe(true);
    const keyworker = (await get("/api/clauses?q=keyworker")).body.clauses as Clause[];
    expect(keyworker.map((c) => c.key)).toContain("FBK-01");
    expect((await get("/api/clauses?q=zzqqxx-nothing")).body.clauses).toEqual([]);
  });

  it("refuses an unknown filter value with 422", async () => {
    expect((await get("/api/clauses?category=weather")).status).toBe(422);
  });

  it("a clause reads with the documented fields", async () => {
    const { status, body } = await get("/api/clauses/FBK-01");
    expect(status).toBe(200);
    for (const field of [
      "key",
      "version",
      "title",
      "category",
      "level",
      "requirement",
      "evidence",
      "frequency",
      "threshold",
      "plainLanguage",
      "guidance",
      "sources",
      "verification",
      "parameters",
    ]) {
      expect(body, field).toHaveProperty(field);
    }
    expect(body.verification).toEqual(["reviewer", "user_led"]);
    expect((await get("/api/clauses/ICP-01")).body.verification).toEqual(["reviewer", "premises_audit"]);
    expect((body.parameters as Array<{ name: string }>).map((p) => p.name)).toContain("response_rate");
    expect((await get("/api/clauses/FBK-01/versions/1")).status).toBe(200);
    expect((await get("/api/clauses/FBK-01/versions/99")).status).toBe(404);
    expect((await get("/api/clauses/NOPE-01")).status).toBe(404);
  });

  it("providers may read the library", async () => {
    expect((await get("/api/clauses/FBK-01", t.providerUser.auth)).status).toBe(200);
  });
});

describe("an organisation's own clauses", () => {
  it("start as a draft, are invisible to other organisations, and publish once", async () => {
    const created = await h.app.request("/api/clauses", json(ownClause("OWN-01"), t.commissioner.auth));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      key: "OWN-01",
      version: 1,
      status: "draft",
      owner: "organisation",
      verification: ["reviewer"],
    });

    expect((await get("/api/clauses/OWN-01", t.reviewer.auth)).status).toBe(200);
    expect((await get("/api/clauses/OWN-01", other.commissioner.auth)).status).toBe(404);
    expect((await get("/api/clauses/OWN-01", t.providerUser.auth)).status).toBe(404);
    const theirs = (await get("/api/clauses?q=welcome group", other.commissioner.auth)).body
      .clauses as Clause[];
    expect(theirs.map((c) => c.key)).not.toContain("OWN-01");

    // The same key in another organisation is theirs alone.
    expect(
      (await h.app.request("/api/clauses", json(ownClause("OWN-01"), other.commissioner.auth))).status,
    ).toBe(201);

    const publish = () =>
      h.app.request("/api/clauses/OWN-01/versions/1/publish", {
        method: "POST",
        headers: t.commissioner.auth,
      });
    expect((await publish()).status).toBe(200);
    expect((await publish()).status).toBe(409);

    const v2 = await h.app.request(
      "/api/clauses/OWN-01/versions",
      json(
        { ...ownClause("OWN-01"), key: undefined, title: "Peer-led welcome group, weekly" },
        t.commissioner.auth,
      ),
    );
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ version: 2, status: "draft" });
    // Until v2 is published, the clause reads as v1.
    expect((await get("/api/clauses/OWN-01")).body).toMatchObject({ version: 1, status: "published" });
  });

  it("cannot take a library key, nor change a library clause", async () => {
    expect((await h.app.request("/api/clauses", json(ownClause("FBK-01"), t.commissioner.auth))).status).toBe(
      409,
    );
    const { key: _k, ...content } = ownClause("FBK-01");
    expect(
      (await h.app.request("/api/clauses/FBK-01/versions", json(content, t.commissioner.auth))).status,
    ).toBe(403);
    expect(
      (
        await h.app.request("/api/clauses/FBK-01/versions/1/publish", {
          method: "POST",
          headers: t.commissioner.auth,
        })
      ).status,
    ).toBe(403);
  });

  it("are checked: undeclared placeholders and bad defaults are 422 with paths", async () => {
    const bad = {
      ...ownClause("BAD-01"),
      requirement: "Run it {{often}} please, as agreed.",
      parameters: [{ name: "sessions", type: "integer", label: "S", default: 20, max: 8 }],
    };
    const res = await h.app.request("/api/clauses", json(bad, t.commissioner.auth));
    expect(res.status).toBe(422);
    const paths = ((await res.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["requirement", "parameters/0/default"]));
  });

  it("take source links only as https: or http: addresses (422 at the field)", async () => {
    for (const url of [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "ftp://example.org/spec.pdf",
      "vbscript:msgbox(1)",
    ]) {
      const res = await h.app.request(
        "/api/clauses",
        json(
          { ...ownClause("SRC-01"), sources: [{ citation: "A guide to involvement", url }] },
          t.commissioner.auth,
        ),
      );
      expect(res.status, url).toBe(422);
      const body = (await res.json()) as { errors: Array<{ path: string; message: string }> };
      expect(
        body.errors.map((e) => e.path),
        url,
      ).toEqual(["sources/0/url"]);
      expect(body.errors[0]?.message, url).toMatch(/https/);
    }
    expect((await get("/api/clauses/SRC-01")).status).toBe(404);

    const { key: _k, ...content } = ownClause("SRC-02");
    expect((await h.app.request("/api/clauses", json(ownClause("SRC-02"), t.commissioner.auth))).status).toBe(
      201,
    );
    const v2 = await h.app.request(
      "/api/clauses/SRC-02/versions",
      json(
        { ...content, sources: [{ citation: "A guide", url: "javascript:alert(1)" }] },
        t.commissioner.auth,
      ),
    );
    expect(v2.status).toBe(422);

    for (const url of ["https://www.gov.uk/guidance", "http://example.org/a?b=c"]) {
      const ok = await h.app.request(
        "/api/clauses/SRC-02/versions",
        json({ ...content, sources: [{ citation: "A guide", url }] }, t.commissioner.auth),
      );
      expect(ok.status, url).toBe(201);
    }
  });

  it("only commissioners write clauses", async () => {
    for (const who of [t.reviewer, t.providerUser, t.admin]) {
      expect((await h.app.request("/api/clauses", json(ownClause("ROLE-01"), who.auth))).status).toBe(403);
    }
  });
});
