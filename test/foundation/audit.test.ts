import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOperator, makeTenant, PASSWORD, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let operator: TestUser;
beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
  operator = await makeOperator(h.db);
});
afterAll(() => h.close());

async function events(entityType: string, entityId: string) {
  const res = await h.app.request(`/api/audit?entityType=${entityType}&entityId=${entityId}`, {
    headers: operator.auth,
  });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      events: Array<{ action: string; actorUserId: string; after: unknown; before: unknown }>;
    }
  ).events;
}

describe("every write records an audit event", () => {
  it("organisation create", async () => {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: "Audited Org", kind: "provider" }, operator.auth),
    );
    const { id } = (await res.json()) as { id: string };
    await h.app.request(
      `/api/organisations/${id}`,
      json({ name: "Audited Org Ltd" }, operator.auth, "PATCH"),
    );
    const ev = await events("organisation", id);
    // Newest first.
    expect(ev.map((e) => e.action)).toEqual(["organisation.rename", "organisation.create"]);
    expect(ev[1]!.actorUserId).toBe(operator.id);
    expect((ev[0]!.after as { name: string }).name).toBe("Audited Org Ltd");
  });

  it("user create and update, with before and after but never the password hash", async () => {
    const res = await h.app.request(
      "/api/users",
      json(
        {
          email: "audited@example.test",
          name: "Aud",
          role: "reviewer",
          organisationId: t.council.id,
          password: PASSWORD,
        },
        operator.auth,
      ),
    );
    const { id } = (await res.json()) as { id: string };
    await h.app.request(`/api/users/${id}`, json({ role: "commissioner" }, t.admin.auth, "PATCH"));
    const ev = await events("user", id);
    expect(ev.map((e) => e.action)).toEqual(["user.update", "user.create"]);
    expect((ev[0]!.before as { role: string }).role).toBe("reviewer");
    expect((ev[0]!.after as { role: string }).role).toBe("commissioner");
    expect(JSON.stringify(ev)).not.toMatch(/scrypt|passwordHash/);
  });

  it("token create and revoke, and sign-in", async () => {
    const session = await signInSession(h.app, t.reviewer.email);
    const res = await h.app.request("/api/tokens", json({ name: "audited" }, session.headers));
    const { id, token } = (await res.json()) as { id: string; token: string };
    await h.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: t.reviewer.auth });
    const ev = await events("api_token", id);
    expect(ev.map((e) => e.action)).toEqual(["token.revoke", "token.create"]);
    expect(JSON.stringify(ev)).not.toContain(token);

    await h.app.request("/api/auth/login", json({ email: t.reviewer.email, password: PASSWORD }));
    expect((await events("user", t.reviewer.id)).map((e) => e.action)).toContain("auth.login");
  });

  it("the audit log cannot be changed after the fact", async () => {
    await expect(h.db.execute(sql.raw("update audit_events set action = 'tampered'"))).rejects.toThrow();
    await expect(h.db.execute(sql.raw("delete from audit_events"))).rejects.toThrow();
  });
});
