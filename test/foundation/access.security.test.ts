import { randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/index.js";
import { json, makeOperator, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
let operator: TestUser;
type Op = { path: string; method: string; access: unknown };
let ops: Op[];

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  operator = await makeOperator(h.db);
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

/** The routes about the caller themselves: without credentials they say "sign in" (401). */
const ABOUT_THE_CALLER = /^\/api\/(me|tokens|notifications)(\/|$)|^\/api\/auth\/logout$/;

describe("every route refuses anonymous callers", () => {
  const anonymous = (op: Op, headers: Record<string, string> = {}) =>
    h.app.request(concrete(op.path), {
      method: op.method,
      headers: { "content-type": "application/json", origin: "http://localhost", ...headers },
      body: ["GET", "HEAD", "DELETE"].includes(op.method) ? undefined : "{}",
    });

  it("answers 404 problem+json for everything not theirs, and 401 only on routes about the caller", async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const op of ops.filter((o) => o.access !== "public")) {
      const res = await anonymous(op);
      const body = (await res.json()) as { status: number; detail: string };
      expect(res.headers.get("content-type"), op.path).toMatch(/problem\+json/);
      got.push(`${op.method} ${op.path} -> ${res.status}`);
      want.push(`${op.method} ${op.path} -> ${ABOUT_THE_CALLER.test(op.path) ? 401 : 404}`);
      // A row that exists and one that does not read the same to them.
      if (res.status === 404) expect(body.detail).toMatch(/^No such resource, or it is not yours to see\./);
    }
    expect(got).toEqual(want);
    expect(got.filter((g) => g.endsWith("401")).length).toBeGreaterThan(3);
  });

  it("tells a caller whose session has ended or whose token is revoked to sign in again (401), everywhere", async () => {
    const ended = { cookie: "withus_session=an-ended-session" };
    const revoked = { authorization: "Bearer wu_revoked-or-unknown" };
    const refused: string[] = [];
    for (const op of ops.filter((o) => o.access !== "public")) {
      for (const headers of [ended, revoked]) {
        const res = await anonymous(op, headers);
        await res.arrayBuffer();
        if (res.status !== 401) refused.push(`${op.method} ${op.path} -> ${res.status}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

describe("role x route matrix for administration", () => {
  it("only the operator may create an organisation: everyone else, admins too, gets 404", async () => {
    const body = () => json({ name: `New Org ${randomUUID().slice(0, 6)}`, kind: "provider" });
    for (const who of [t.admin, t.commissioner, t.reviewer, t.providerUser]) {
      const i = body();
      const res = await h.app.request("/api/organisations", { ...i, headers: { ...i.headers, ...who.auth } });
      expect(res.status, who.role).toBe(404);
    }
    const i = body();
    const ok = await h.app.request("/api/organisations", {
      ...i,
      headers: { ...i.headers, ...operator.auth },
    });
    expect(ok.status).toBe(201);
  });

  const cases: Array<[string, string, (id: string) => RequestInit, string]> = [
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
    // An administrator invites (a password is the operator's alone to set).
    const { password: _, ...invitation } = body;
    expect((await h.app.request("/api/users", json(invitation, t.admin.auth))).status).toBe(202);
  });

  it("a provider user cannot be given a commissioner role", async () => {
    const body = {
      email: `y${randomUUID().slice(0, 6)}@example.test`,
      name: "Y",
      role: "commissioner",
      organisationId: t.provider.id,
      password: "a long enough passphrase",
    };
    // The council's admin does not administer the provider: not found. The operator gets the rule.
    expect((await h.app.request("/api/users", json(body, t.admin.auth))).status).toBe(404);
    const res = await h.app.request("/api/users", json(body, operator.auth));
    expect(res.status).toBe(422);
  });
});

describe("an administrator administers their own organisation only", () => {
  it("lists, adds and changes their own users; another organisation's answer 404", async () => {
    const list = (await (await h.app.request("/api/users", { headers: t.admin.auth })).json()) as {
      users: Array<{ id: string; organisationId: string }>;
    };
    expect(list.users.map((u) => u.id)).toEqual(
      expect.arrayContaining([t.admin.id, t.commissioner.id, t.reviewer.id]),
    );
    expect(list.users.every((u) => u.organisationId === t.council.id)).toBe(true);
    const filtered = await h.app.request(`/api/users?organisationId=${other.council.id}`, {
      headers: t.admin.auth,
    });
    expect(((await filtered.json()) as { users: unknown[] }).users).toEqual([]);
    const patch = await h.app.request(
      `/api/users/${other.reviewer.id}`,
      json({ active: false }, t.admin.auth, "PATCH"),
    );
    expect(patch.status).toBe(404);
    const [still] = await h.db.select().from(users).where(eq(users.id, other.reviewer.id));
    expect(still!.active).toBe(true);
    const create = await h.app.request(
      "/api/users",
      json(
        {
          email: `z${randomUUID().slice(0, 6)}@example.test`,
          name: "Z",
          role: "reviewer",
          organisationId: other.council.id,
          password: "a long enough passphrase",
        },
        t.admin.auth,
      ),
    );
    expect(create.status).toBe(404);
    const ownPatch = await h.app.request(
      `/api/users/${t.reviewer.id}`,
      json({ role: "commissioner" }, t.admin.auth, "PATCH"),
    );
    expect(ownPatch.status).toBe(200);
    await h.app.request(`/api/users/${t.reviewer.id}`, json({ role: "reviewer" }, t.admin.auth, "PATCH"));
  });

  it("reads their organisation's audit events and none of another's; the operator reads all", async () => {
    const read = async (who: { auth: Record<string, string> }, entityId: string) =>
      (
        (await (
          await h.app.request(`/api/audit?entityType=user&entityId=${entityId}`, { headers: who.auth })
        ).json()) as { events: Array<{ organisationId: string }> }
      ).events;
    expect((await read(t.admin, t.reviewer.id)).length).toBeGreaterThan(0);
    expect(await read(t.admin, other.reviewer.id)).toEqual([]);
    expect((await read(operator, other.reviewer.id)).length).toBeGreaterThan(0);
    const all = (await (await h.app.request("/api/audit?limit=200", { headers: t.admin.auth })).json()) as {
      events: Array<{ organisationId: string | null }>;
    };
    expect(all.events.length).toBeGreaterThan(0);
    expect(all.events.every((e) => e.organisationId === t.council.id)).toBe(true);
  });

  it("cannot make anyone an operator through the API", async () => {
    const res = await h.app.request(
      `/api/users/${t.reviewer.id}`,
      json({ operator: true }, t.admin.auth, "PATCH"),
    );
    expect(res.status).toBe(422);
    const [row] = await h.db.select().from(users).where(eq(users.id, t.reviewer.id));
    expect(row!.operator).toBe(false);
  });
});

describe("the service operator, a user of their own organisation", () => {
  it("cannot be deactivated or given another role by an administrator of that organisation, only by an operator", async () => {
    // A colleague administering the operator's organisation.
    const colleague = await makeUser(h.db, operator.organisationId, "admin");
    const change = (who: TestUser, body: unknown) =>
      h.app.request(`/api/users/${operator.id}`, json(body, who.auth, "PATCH"));
    for (const body of [{ active: false }, { role: "reviewer" }]) {
      const res = await change(colleague, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toContain("service operator");
    }
    const [row] = await h.db.select().from(users).where(eq(users.id, operator.id));
    expect(row).toMatchObject({ active: true, role: "admin" });
    // Their name is the organisation's to correct; and another operator may do the rest.
    expect((await change(colleague, { name: "Olive Operator" })).status).toBe(200);
    const page = await (
      await h.app.request(`/admin/organisations/${operator.organisationId}`, {
        headers: { ...colleague.auth, accept: "text/html" },
      })
    ).text();
    const row2 = page.slice(page.indexOf("Olive Operator"), page.indexOf("Olive Operator") + 1500);
    expect(row2).toContain("Service operator");
    expect(row2).not.toContain("Deactivate");
    const another = await makeOperator(h.db);
    expect((await change(another, { role: "reviewer" })).status).toBe(200);
    expect((await change(another, { role: "admin" })).status).toBe(200);
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
