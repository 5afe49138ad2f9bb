// An organisation's sign-in settings through the API: who may read and set them, what is refused, and
// that the client secret is stored encrypted and never returned.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationSignIn } from "../../src/db/schema/index.js";
import { json, makeOrganisation, makeTenant, makeUser, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

const SECRET = "the-client-secret-0123456789";
const put = (orgId: string, body: unknown, auth: Record<string, string>) =>
  h.app.request(`/api/organisations/${orgId}/sign-in`, json(body, auth, "PUT"));
const settings = (domain: string, over: Record<string, unknown> = {}) => ({
  oidc: {
    issuer: "https://login.example.org/tenant",
    clientId: "withus",
    clientSecret: SECRET,
    emailDomains: [domain],
  },
  passwordSignIn: true,
  ...over,
});

describe("sign-in settings", () => {
  it("an admin sets them; the secret is stored encrypted and never returned", async () => {
    const domain = `${t.council.id.slice(0, 8)}.example.gov.uk`;
    const res = await put(t.council.id, settings(domain.toUpperCase()), t.admin.auth);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(SECRET);
    expect(JSON.parse(body)).toMatchObject({
      oidc: { emailDomains: [domain], clientSecretSet: true },
      passwordSignIn: true,
    });
    const got = await h.app.request(`/api/organisations/${t.council.id}/sign-in`, { headers: t.admin.auth });
    expect(await got.text()).not.toContain(SECRET);
    const [row] = await h.db
      .select()
      .from(organisationSignIn)
      .where(eq(organisationSignIn.organisationId, t.council.id));
    expect(row!.oidcClientSecret).toMatch(/^v1\./);
    expect(row!.oidcClientSecret).not.toContain(SECRET);
    // Changing the domains without the secret keeps it.
    const again = await put(
      t.council.id,
      {
        oidc: {
          issuer: "https://login.example.org/tenant",
          clientId: "withus",
          emailDomains: [domain, `b.${domain}`],
        },
        passwordSignIn: true,
      },
      t.admin.auth,
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { oidc: { clientSecretSet: boolean } }).oidc.clientSecretSet).toBe(true);
    // Passwords off while the admin's own address is outside the domains would lock them out.
    const lockout = await put(
      t.council.id,
      {
        oidc: { issuer: "https://login.example.org/tenant", clientId: "withus", emailDomains: [domain] },
        passwordSignIn: false,
      },
      t.admin.auth,
    );
    expect(lockout.status).toBe(422);
    expect(JSON.stringify(await lockout.json())).toContain("locked out");
  });

  it("another organisation's admin gets 404, other roles 403", async () => {
    expect((await put(t.council.id, settings("x.example.org"), other.admin.auth)).status).toBe(404);
    expect(
      (await h.app.request(`/api/organisations/${t.council.id}/sign-in`, { headers: other.admin.auth }))
        .status,
    ).toBe(404);
    expect((await put(t.council.id, settings("x.example.org"), t.commissioner.auth)).status).toBe(403);
  });

  it("refuses an http:// issuer (unless OIDC_ALLOW_INSECURE_ISSUER), a domain another organisation has, bad domains, and passwords off without single sign-on", async () => {
    const http = await put(
      other.council.id,
      settings("y.example.org", {
        oidc: { ...settings("").oidc, issuer: "http://login.example.org", emailDomains: ["y.example.org"] },
      }),
      other.admin.auth,
    );
    expect(http.status).toBe(422);
    expect(((await http.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("oidc/issuer");
    const taken = await put(
      other.council.id,
      settings(`${t.council.id.slice(0, 8)}.example.gov.uk`),
      other.admin.auth,
    );
    expect(taken.status).toBe(422);
    expect(((await taken.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe(
      "oidc/emailDomains/0",
    );
    expect((await put(other.council.id, settings("not a domain"), other.admin.auth)).status).toBe(422);
    const off = await put(other.council.id, { oidc: null, passwordSignIn: false }, other.admin.auth);
    expect(off.status).toBe(422);
    expect(((await off.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe(
      "passwordSignIn",
    );
  });

  it("people of another organisation at the domain do not stop an organisation saving it (the domain claim settles them)", async () => {
    const shared = `shared-${other.council.id.slice(0, 8)}.example.org`;
    const fresh = `fresh-${other.council.id.slice(0, 8)}.example.org`;
    await makeUser(h.db, other.provider.id, "provider", `pat@${shared}`);
    await makeUser(h.db, t.council.id, "reviewer", `rae@${shared}`);
    const withOthers = await put(t.council.id, settings(shared), t.admin.auth);
    const alone = await put(t.council.id, settings(fresh), t.admin.auth);
    expect(withOthers.status).toBe(200);
    expect(alone.status).toBe(200);
  });

  it("passwords go off only when everyone in the organisation can come in through single sign-on, and stay so", async () => {
    const org = await makeOrganisation(h.db, "commissioner");
    const domain = `sso-${org.id.slice(0, 8)}.example.gov.uk`;
    const admin = await makeUser(h.db, org.id, "admin", `admin@${domain}`);
    const contractor = await makeUser(h.db, org.id, "reviewer", `casey-${org.id.slice(0, 8)}@mail.example`);
    const off = settings(domain, { passwordSignIn: false });
    const refused = await put(org.id, off, admin.auth);
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: Array<{ path: string; message: string }> };
    expect(problem.errors[0]!.path).toBe("passwordSignIn");
    expect(problem.errors[0]!.message).toContain(`${contractor.email} could not sign in`);
    // Once the contractor is deactivated, nobody would be shut out.
    const deactivated = await h.app.request(
      `/api/users/${contractor.id}`,
      json({ active: false }, admin.auth, "PATCH"),
    );
    expect(deactivated.status).toBe(200);
    expect((await put(org.id, off, admin.auth)).status).toBe(200);
    // New people must then be at the domain: anyone else could not sign in.
    const add = (email: string) =>
      h.app.request(
        "/api/users",
        json({ email, name: "New Person", role: "reviewer", organisationId: org.id }, admin.auth),
      );
    const outside = await add(`new-${org.id.slice(0, 8)}@mail.example`);
    expect(outside.status).toBe(422);
    expect(((await outside.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("email");
    expect((await add(`new@${domain}`)).status).toBe(202);
  });

  it("the admin's page shows them without the secret and saves them, with errors at the fields", async () => {
    const s = await signInSession(h.app, t.admin.email);
    const page = await h.app.request("/admin/sign-in", {
      headers: { cookie: s.cookie, accept: "text/html" },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("https://login.example.org/tenant");
    expect(html).toContain("A secret is stored");
    expect(html).not.toContain(SECRET);
    const post = (fields: Record<string, string>) =>
      h.app.request("/admin/sign-in", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
        },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    const bad = await post({
      issuer: "http://login.example.org",
      clientId: "withus",
      emailDomains: "a.example.org",
      passwordSignIn: "yes",
      requireTwoFactor: "no",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Must start with https://");
    const ok = await post({
      issuer: "https://login.example.org/tenant",
      clientId: "withus",
      emailDomains: "c.example.org, d.example.org",
      passwordSignIn: "yes",
      requireTwoFactor: "yes",
    });
    expect(ok.status).toBe(303);
    const saved = (await (
      await h.app.request(`/api/organisations/${t.council.id}/sign-in`, { headers: t.admin.auth })
    ).json()) as {
      oidc: { emailDomains: string[]; clientSecretSet: boolean };
      requireTwoFactor: boolean;
    };
    expect(saved.oidc.emailDomains).toEqual(["c.example.org", "d.example.org"]);
    expect(saved.oidc.clientSecretSet).toBe(true);
    expect(saved.requireTwoFactor).toBe(true);
  });
});
