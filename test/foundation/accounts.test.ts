// Token rules, changing a password, and the hourly clean-up of sign-in records.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, loginThrottle, sessions, signInFlows, userLinks } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { runScheduledJobs } from "../../src/services/jobs/scheduled.js";
import { json, makeTenant, makeUser, PASSWORD, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

const me = (headers: Record<string, string>) => h.app.request("/api/me", { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("API tokens", () => {
  it("cannot be made with a token: a session must", async () => {
    const res = await h.app.request("/api/tokens", json({ name: "from a token" }, t.reviewer.auth));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/signed-in session/);
  });

  it("may carry an end date, after which they stop working", async () => {
    const s = await signInSession(h.app, t.commissioner.email);
    const past = await h.app.request(
      "/api/tokens",
      json({ name: "old", expiresAt: "2020-01-01T00:00:00Z" }, s.headers),
    );
    expect(past.status).toBe(422);
    expect(((await past.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("expiresAt");
    const tooLong = new Date(Date.now() + 400 * 86400_000).toISOString();
    expect(
      (await h.app.request("/api/tokens", json({ name: "x", expiresAt: tooLong }, s.headers))).status,
    ).toBe(422);

    const end = new Date(Date.now() + 3600_000).toISOString();
    const res = await h.app.request("/api/tokens", json({ name: "for a week", expiresAt: end }, s.headers));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string; expiresAt: string };
    expect(new Date(created.expiresAt).toISOString()).toBe(end);
    expect((await me(bearer(created.token))).status).toBe(200);
    // The hour passes.
    await h.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, created.id));
    expect((await me(bearer(created.token))).status).toBe(401);
  });

  it("are revoked, not suspended, when their user is deactivated", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    expect((await me(u.auth)).status).toBe(200);
    expect(
      (await h.app.request(`/api/users/${u.id}`, json({ active: false }, t.admin.auth, "PATCH"))).status,
    ).toBe(200);
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, u.id));
    expect(row!.revokedAt).not.toBeNull();
    expect(
      (await h.app.request(`/api/users/${u.id}`, json({ active: true }, t.admin.auth, "PATCH"))).status,
    ).toBe(200);
    expect((await me(u.auth)).status).toBe(401);
  });

  it("an admin sees and revokes the tokens of their organisation's users; another organisation's admin gets 404", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    const list = await h.app.request(`/api/users/${u.id}/tokens`, { headers: t.admin.auth });
    expect(list.status).toBe(200);
    const { tokens } = (await list.json()) as {
      tokens: Array<{ id: string; name: string; revokedAt: null }>;
    };
    expect(tokens).toHaveLength(1);
    expect(JSON.stringify(tokens)).not.toContain(u.token);

    expect((await h.app.request(`/api/users/${u.id}/tokens`, { headers: other.admin.auth })).status).toBe(
      404,
    );
    const foreign = await h.app.request(`/api/users/${u.id}/tokens/${tokens[0]!.id}`, {
      method: "DELETE",
      headers: other.admin.auth,
    });
    expect(foreign.status).toBe(404);
    expect((await me(u.auth)).status).toBe(200);
    // Not an admin at all.
    expect((await h.app.request(`/api/users/${u.id}/tokens`, { headers: t.commissioner.auth })).status).toBe(
      403,
    );

    const revoked = await h.app.request(`/api/users/${u.id}/tokens/${tokens[0]!.id}`, {
      method: "DELETE",
      headers: t.admin.auth,
    });
    expect(revoked.status).toBe(204);
    expect((await me(u.auth)).status).toBe(401);
  });
});

describe("a user's tokens on the admin pages", () => {
  it("an admin sees them without their values and revokes one; another organisation's admin gets 404", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const s = await signInSession(h.app, t.admin.email);
    const html = await (
      await h.app.request(`/admin/users/${u.id}/tokens`, {
        headers: { cookie: s.cookie, accept: "text/html" },
      })
    ).text();
    expect(html).toContain(u.token.slice(0, 10));
    expect(html).not.toContain(u.token);
    const tokenId = /\/tokens\/([0-9a-f-]{36})\/revoke/.exec(html)![1]!;
    const theirs = await signInSession(h.app, other.admin.email);
    const foreign = await h.app.request(`/admin/users/${u.id}/tokens`, {
      headers: { cookie: theirs.cookie, accept: "text/html" },
    });
    expect(foreign.status).toBe(404);
    const revoke = await h.app.request(`/admin/users/${u.id}/tokens/${tokenId}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
    });
    expect(revoke.status).toBe(303);
    expect((await me(u.auth)).status).toBe(401);
  });
});

describe("changing a password", () => {
  const change = (headers: Record<string, string>, body: unknown) =>
    h.app.request("/api/me/password", json(body, { ...headers, "x-forwarded-for": "203.0.113.200" }));

  it("needs the current password and a good new one, ends the other sessions and keeps this one", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const here = await signInSession(h.app, u.email);
    const elsewhere = await signInSession(h.app, u.email);
    const NEW = "a much longer passphrase now";

    const wrong = await change(here.headers, { currentPassword: "not my password", newPassword: NEW });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe(
      "currentPassword",
    );
    const weak = await change(here.headers, { currentPassword: PASSWORD, newPassword: "password1234" });
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("newPassword");
    // A token may not change the password.
    expect((await change(u.auth, { currentPassword: PASSWORD, newPassword: NEW })).status).toBe(403);

    expect((await change(here.headers, { currentPassword: PASSWORD, newPassword: NEW })).status).toBe(204);
    expect((await me({ cookie: here.cookie })).status).toBe(200);
    expect((await me({ cookie: elsewhere.cookie })).status).toBe(401);
    await expect(signInSession(h.app, u.email, PASSWORD)).rejects.toThrow(/401/);
    await signInSession(h.app, u.email, NEW);
  });
});

describe("the hourly clean-up", () => {
  it("deletes expired sessions, sign-ins under way, used or expired links and stale throttle rows; keeps live ones", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const live = await signInSession(h.app, u.email);
    const old = new Date(Date.now() - 2 * 86400_000);
    const future = new Date(Date.now() + 3600_000);
    await h.db
      .insert(sessions)
      .values({ idHash: `expired-${u.id}`, userId: u.id, csrfToken: "x", expiresAt: old });
    await h.db.insert(signInFlows).values([
      { idHash: `flow-old-${u.id}`, kind: "oidc", expiresAt: old },
      { idHash: `flow-live-${u.id}`, kind: "oidc", expiresAt: future },
    ]);
    await h.db.insert(userLinks).values([
      { userId: u.id, kind: "invitation", tokenHash: `old-${u.id}`, expiresAt: old },
      {
        userId: u.id,
        kind: "password_reset",
        tokenHash: `used-${u.id}`,
        expiresAt: future,
        usedAt: new Date(),
      },
      { userId: u.id, kind: "password_reset", tokenHash: `live-${u.id}`, expiresAt: future },
    ]);
    await h.db.insert(loginThrottle).values([
      { key: `pair:stale-${u.id}`, failures: 3, windowStart: old },
      { key: `pair:locked-${u.id}`, failures: 9, windowStart: old, lockedUntil: future },
      { key: `pair:fresh-${u.id}`, failures: 1, windowStart: new Date() },
    ]);

    await runScheduledJobs({ db: h.db, files: h.deps.files, now: new Date(), log: createLogger("silent") });

    const mine = sql`${sessions.userId} = ${u.id}`;
    expect(
      (await h.db.select().from(sessions).where(mine)).map((s) => s.idHash).includes(`expired-${u.id}`),
    ).toBe(false);
    expect((await me({ cookie: live.cookie })).status).toBe(200);
    const flows = await h.db
      .select()
      .from(signInFlows)
      .where(sql`${signInFlows.idHash} like ${`%${u.id}`}`);
    expect(flows.map((f) => f.idHash)).toEqual([`flow-live-${u.id}`]);
    const links = await h.db.select().from(userLinks).where(eq(userLinks.userId, u.id));
    expect(links.map((l) => l.tokenHash)).toEqual([`live-${u.id}`]);
    const throttle = await h.db
      .select()
      .from(loginThrottle)
      .where(sql`${loginThrottle.key} like ${`%${u.id}`}`);
    expect(throttle.map((r) => r.key).sort()).toEqual([`pair:fresh-${u.id}`, `pair:locked-${u.id}`]);
  });
});

describe("the account page", () => {
  const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };

  it("changes the password, with errors at the fields when it cannot", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    const s = await signInSession(h.app, u.email);
    const account = await h.app.request("/account", { headers: { cookie: s.cookie, accept: "text/html" } });
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain(u.email);
    expect(html).toContain('href="/account/password"');

    const post = (fields: Record<string, string>) =>
      h.app.request("/account/password", {
        method: "POST",
        headers: { ...FORM, cookie: s.cookie, "x-forwarded-for": "203.0.113.201" },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    const wrong = await post({ currentPassword: "nothing like it", newPassword: "another long passphrase" });
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("There is a problem");
    expect(wrongHtml).toContain("Your current password is not right");
    const empty = await post({ currentPassword: "", newPassword: "" });
    expect(await empty.text()).toContain("Enter a new password");

    const ok = await post({ currentPassword: PASSWORD, newPassword: "another long passphrase" });
    expect(ok.status).toBe(303);
    await signInSession(h.app, u.email, "another long passphrase");
    // Anonymous visitors are sent to sign in.
    const anon = await h.app.request("/account/password", { headers: { accept: "text/html" } });
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/sign-in/);
  });
});
