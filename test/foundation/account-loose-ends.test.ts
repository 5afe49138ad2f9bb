// Loose ends of accounts that a security review found (issue 18, item 6): what a deactivation takes away,
// how sessions end when an organisation tightens its sign-in, what a password change revokes, and what
// sign-in and reset requests give away.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loginThrottle,
  notifications,
  organisationSignIn,
  signInDomains,
} from "../../src/db/schema/index.js";
import { createSession } from "../../src/services/auth/sessions.js";
import { json, makeOrganisation, makeTenant, makeUser, PASSWORD, signInSession } from "../factories.js";
import { createHarness, type Harness, TEST_SECRET } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

const page = async (path: string) => (await h.app.request(path, { headers: { accept: "text/html" } })).status;
const linkOf = async (userId: string, kind: string) => {
  const rows = await h.db.select().from(notifications).where(eq(notifications.userId, userId));
  return rows.find((r) => r.kind === kind)?.link ?? null;
};
const setActive = (id: string, active: boolean) =>
  h.app.request(`/api/users/${id}`, json({ active }, t.admin.auth, "PATCH"));

describe("deactivating an account", () => {
  it("deletes its unused reset link and calendar address: reactivating brings neither back", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const s = await signInSession(h.app, u.email);
    const feed = await h.app.request("/api/me/calendar-feed", { method: "POST", headers: s.headers });
    expect(feed.status).toBe(201);
    const feedPath = new URL(((await feed.json()) as { url: string }).url).pathname;
    expect(await page(feedPath)).toBe(200);
    expect((await h.app.request("/api/auth/password-reset", json({ email: u.email }))).status).toBe(202);
    await h.settled();
    const reset = (await linkOf(u.id, "password-reset"))!;
    expect(await page(reset)).toBe(200);

    expect((await setActive(u.id, false)).status).toBe(200);
    expect((await setActive(u.id, true)).status).toBe(200);
    expect(await page(reset)).toBe(404);
    expect(await page(feedPath)).toBe(404);
  });

  it("deletes an unused invitation: reactivating does not bring its link back", async () => {
    const invited = await h.app.request(
      "/api/users",
      json(
        {
          email: `invited-${crypto.randomUUID().slice(0, 8)}@example.test`,
          name: "Ira Invited",
          role: "reviewer",
          organisationId: t.council.id,
        },
        t.admin.auth,
      ),
    );
    const { id } = (await invited.json()) as { id: string };
    const invitation = (await linkOf(id, "invitation"))!;
    expect(await page(invitation)).toBe(200);
    expect((await setActive(id, false)).status).toBe(200);
    expect((await setActive(id, true)).status).toBe(200);
    expect(await page(invitation)).toBe(404);
  });
});

/** An organisation that signs in only through single sign-on, for a domain of its own. */
async function ssoOnlyOrganisation() {
  const org = await makeOrganisation(h.db, "commissioner");
  const domain = `sso-${crypto.randomUUID().slice(0, 8)}.example.test`;
  const known = await makeUser(h.db, org.id, "reviewer", `known@${domain}`);
  await h.db.insert(organisationSignIn).values({
    organisationId: org.id,
    oidcIssuer: "https://login.example.test",
    oidcClientId: "withus",
    oidcClientSecret: "not used here",
    passwordSignIn: false,
  });
  await h.db.insert(signInDomains).values({ domain, organisationId: org.id });
  return { org, domain, known };
}

/** What a caller can see of an answer: status, headers and body, less what differs on every request. */
async function seen(res: Response) {
  const headers = Object.fromEntries(
    [...res.headers.entries()].filter(([k]) => !["date", "x-request-id"].includes(k)),
  );
  const { requestId: _r, ...body } = (await res.json()) as Record<string, unknown>;
  return { status: res.status, headers, body };
}

describe("signing in through the API with a password, at a domain that signs in only through single sign-on", () => {
  it("answers the same for an address with no account as for one with an account", async () => {
    const { domain, known } = await ssoOnlyOrganisation();
    const login = (email: string, ip: string) =>
      h.app.request("/api/auth/login", json({ email, password: PASSWORD }, { "x-forwarded-for": ip }));
    const forKnown = await seen(await login(known.email, "198.51.100.31"));
    const forUnknown = await seen(await login(`nobody@${domain}`, "198.51.100.32"));
    expect(forUnknown).toEqual(forKnown);
  });

  it("counts each attempt for throttling, as a wrong password is counted", async () => {
    const { known } = await ssoOnlyOrganisation();
    const ip = "198.51.100.33";
    await h.app.request(
      "/api/auth/login",
      json({ email: known.email, password: PASSWORD }, { "x-forwarded-for": ip }),
    );
    const rows = await h.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.key, `address:${ip}`));
    expect(rows[0]?.failures).toBe(1);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await h.app.request(
            "/api/auth/login",
            json({ email: known.email, password: PASSWORD }, { "x-forwarded-for": ip }),
          )
        ).status,
      );
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("changing one's password", () => {
  const me = (headers: Record<string, string>) => h.app.request("/api/me", { headers });
  const NEW = "a brand new long passphrase";

  it("revokes one's API tokens unless asked to keep them (revokeTokens, default true)", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const s = await signInSession(h.app, u.email);
    const change = (body: Record<string, unknown>) =>
      h.app.request("/api/me/password", json(body, { ...s.headers, "x-forwarded-for": "203.0.113.210" }));
    expect((await change({ currentPassword: PASSWORD, newPassword: NEW })).status).toBe(204);
    expect((await me(u.auth)).status).toBe(401);

    const kept = await h.app.request("/api/tokens", json({ name: "kept" }, s.headers));
    const { token } = (await kept.json()) as { token: string };
    expect(
      (await change({ currentPassword: NEW, newPassword: `${NEW} again`, revokeTokens: false })).status,
    ).toBe(204);
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("on the page, lists one's tokens, says they will be revoked, and revokes them unless kept", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    const s = await signInSession(h.app, u.email);
    const html = await (
      await h.app.request("/account/password", { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    expect(html).toContain(u.token.slice(0, 10));
    expect(html).toMatch(/API tokens? (is|are|will be) revoked|revokes? your API tokens?/);
    const post = (fields: Record<string, string>) =>
      h.app.request("/account/password", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
          "x-forwarded-for": "203.0.113.211",
        },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    expect((await post({ currentPassword: PASSWORD, newPassword: NEW })).status).toBe(303);
    expect((await me(u.auth)).status).toBe(401);

    const kept = await h.app.request("/api/tokens", json({ name: "kept" }, s.headers));
    const { token } = (await kept.json()) as { token: string };
    expect(
      (await post({ currentPassword: NEW, newPassword: `${NEW} again`, keepTokens: "yes" })).status,
    ).toBe(303);
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe("tightening an organisation's sign-in", () => {
  const me = (cookie: string) => h.app.request("/api/me", { headers: { cookie } });
  async function organisationAt() {
    const org = await makeOrganisation(h.db, "commissioner");
    const domain = `tight-${crypto.randomUUID().slice(0, 8)}.example.org`;
    const admin = await makeUser(h.db, org.id, "admin", `admin@${domain}`);
    const person = await makeUser(h.db, org.id, "reviewer", `person@${domain}`);
    return { org, domain, admin, person };
  }
  const put = (orgId: string, body: unknown, auth: Record<string, string>) =>
    h.app.request(`/api/organisations/${orgId}/sign-in`, json(body, auth, "PUT"));

  it("turning passwords off ends the sessions made with a password", async () => {
    const { org, domain, admin, person } = await organisationAt();
    const s = await signInSession(h.app, person.email);
    expect((await me(s.cookie)).status).toBe(200);
    const res = await put(
      org.id,
      {
        oidc: {
          issuer: "https://login.example.org/tenant",
          clientId: "withus",
          clientSecret: "the-client-secret-0123456789",
          emailDomains: [domain],
        },
        passwordSignIn: false,
      },
      admin.auth,
    );
    expect(res.status).toBe(200);
    expect((await me(s.cookie)).status).toBe(401);
  });

  it("requiring two-factor sign-in ends the sessions made with a password alone; the page says so", async () => {
    const { org, admin, person } = await organisationAt();
    const s = await signInSession(h.app, person.email);
    const adminSession = await signInSession(h.app, admin.email);
    const html = await (
      await h.app.request("/admin/sign-in", { headers: { cookie: adminSession.cookie, accept: "text/html" } })
    ).text();
    expect(html).toMatch(/signed out/);
    // Made with a password and a second factor, or through single sign-on: these go on.
    const withCode = await createSession(h.db, TEST_SECRET, person.id, new Date(), {
      method: "password",
      secondFactor: true,
    });
    const sso = await createSession(h.db, TEST_SECRET, person.id, new Date(), {
      method: "sso",
      secondFactor: false,
    });
    const res = await put(org.id, { oidc: null, passwordSignIn: true, requireTwoFactor: true }, admin.auth);
    expect(res.status).toBe(200);
    expect((await me(s.cookie)).status).toBe(401);
    expect((await me(`withus_session=${withCode.value}`)).status).toBe(200);
    expect((await me(`withus_session=${sso.value}`)).status).toBe(200);
    // A token is not a session: scripts go on working.
    expect((await h.app.request("/api/me", { headers: person.auth })).status).toBe(200);
  });

  it("leaves sessions of other organisations alone", async () => {
    const a = await organisationAt();
    const b = await organisationAt();
    const s = await signInSession(h.app, b.person.email);
    await put(a.org.id, { oidc: null, passwordSignIn: true, requireTwoFactor: true }, a.admin.auth);
    expect((await me(s.cookie)).status).toBe(200);
  });
});

describe("asking for a password reset", () => {
  it("answers before it looks the address up, and does the work after (awaited here through the app's deps)", async () => {
    const pending: Promise<unknown>[] = [];
    const later = await createHarness({
      background: (work: Promise<unknown>) => pending.push(work),
    } as never);
    try {
      const u = await makeUser(later.db, t.council.id, "reviewer");
      const res = await later.app.request(
        "/api/auth/password-reset",
        json({ email: u.email }, { "x-forwarded-for": "192.0.2.77" }),
      );
      expect(res.status).toBe(202);
      const before = await later.db.select().from(notifications).where(eq(notifications.userId, u.id));
      expect(before).toHaveLength(0);
      expect(pending).toHaveLength(1);
      await Promise.all(pending);
      const after = await later.db.select().from(notifications).where(eq(notifications.userId, u.id));
      expect(after.map((n) => n.kind)).toEqual(["password-reset"]);
    } finally {
      await later.close();
    }
  });

  it("is throttled per address: after ten in an hour the address waits, another does not", async () => {
    const ask = (ip: string, i: number) =>
      h.app.request(
        "/api/auth/password-reset",
        json({ email: `someone${i}@example.test` }, { "x-forwarded-for": ip }),
      );
    const ip = `192.0.2.${10 + Math.floor(Math.random() * 60)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await ask(ip, i)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    const refused = await ask(ip, 99);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await ask("198.51.100.250", 1)).status).toBe(202);
  });

  it("with no client address known (an in-process call), counts against the email address asked for", async () => {
    const plain = await createHarness();
    try {
      const ask = (email: string) => plain.app.request("/api/auth/password-reset", json({ email }));
      const email = `nobody-${crypto.randomUUID()}@example.test`;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await ask(email)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
      expect(statuses[10]).toBe(429);
      // Another address is not held back by the first one's requests.
      expect((await ask(`other-${crypto.randomUUID()}@example.test`)).status).toBe(202);
    } finally {
      await plain.close();
    }
  });
});
