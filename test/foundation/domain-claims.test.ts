// Email domain claims through the API: an organisation's admin asks, the operator approves or refuses and
// moves or deactivates the accounts other organisations have at the domain; shared and personal domains
// are never anyone's; once claimed, new accounts at the domain belong to the claimant or an allowed
// organisation. Who may not, as well as who may.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, users } from "../../src/db/schema/index.js";
import { SHARED_EMAIL_DOMAINS } from "../../src/model/email-domains.js";
import { json, makeOperator, makeTenant, makeUser, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
let operator: TestUser;
let representative: TestUser;
beforeAll(async () => {
  h = await createHarness();
  [t, other, operator] = await Promise.all([makeTenant(h.db), makeTenant(h.db), makeOperator(h.db)]);
  const { makeOrganisation } = await import("../factories.js");
  representative = await makeUser(h.db, (await makeOrganisation(h.db, "user_group")).id, "representative");
});
afterAll(() => h.close());

const fresh = () => `c${randomUUID().slice(0, 8)}.example.gov.uk`;
const ask = (orgId: string, body: unknown, auth: Record<string, string>) =>
  h.app.request(`/api/organisations/${orgId}/domain-claims`, json(body, auth));
const decide = (id: string, decision: string, auth = operator.auth) =>
  h.app.request(`/api/domain-claims/${id}/decision`, json({ decision }, auth));
const errorsOf = async (res: Response) =>
  ((await res.json()) as { errors: Array<{ path: string; message: string }> }).errors;

async function claimed(domain: string, allowed: string[] = []) {
  const res = await ask(t.council.id, { domain, allowedOrganisationIds: allowed }, t.admin.auth);
  expect(res.status).toBe(201);
  const claim = (await res.json()) as { id: string };
  expect((await decide(claim.id, "approve")).status).toBe(200);
  return claim.id;
}

describe("asking for a domain", () => {
  it("the organisation's admin asks; it waits for the operator and is listed as theirs", async () => {
    const domain = fresh();
    const res = await ask(t.council.id, { domain: `@${domain.toUpperCase()} ` }, t.admin.auth);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      domain,
      status: "requested",
      organisationId: t.council.id,
      allowedOrganisations: [],
    });
    const mine = await h.app.request(`/api/organisations/${t.council.id}/domain-claims`, {
      headers: t.admin.auth,
    });
    expect(
      ((await mine.json()) as { claims: Array<{ domain: string }> }).claims.map((c) => c.domain),
    ).toContain(domain);
    // Asking twice is refused: once is enough.
    expect((await ask(t.council.id, { domain }, t.admin.auth)).status).toBe(409);
  });

  it("who may not: another council's admin (404), a commissioner, provider staff and a representative (403)", async () => {
    const body = { domain: fresh() };
    expect((await ask(t.council.id, body, other.admin.auth)).status).toBe(404);
    expect(
      (await h.app.request(`/api/organisations/${t.council.id}/domain-claims`, { headers: other.admin.auth }))
        .status,
    ).toBe(404);
    expect((await ask(t.council.id, body, t.commissioner.auth)).status).toBe(403);
    expect((await ask(t.council.id, body, t.reviewer.auth)).status).toBe(403);
    expect((await ask(t.provider.id, body, t.providerUser.auth)).status).toBe(403);
    expect((await ask(representative.organisationId, body, representative.auth)).status).toBe(403);
  });

  it("shared and personal domains can never be claimed: 422 at the field", async () => {
    for (const domain of [
      "nhs.net",
      "gmail.com",
      "outlook.com",
      "hotmail.co.uk",
      "yahoo.com",
      "icloud.com",
      "btinternet.com",
    ]) {
      expect(SHARED_EMAIL_DOMAINS).toContain(domain);
      const res = await ask(t.council.id, { domain }, t.admin.auth);
      expect(res.status).toBe(422);
      const [error] = await errorsOf(res);
      expect(error).toMatchObject({ path: "domain" });
      expect(error!.message).toContain("shared by many");
    }
    expect((await errorsOf(await ask(t.council.id, { domain: "not a domain" }, t.admin.auth)))[0]!.path).toBe(
      "domain",
    );
  });

  it("an allowed organisation must exist", async () => {
    const res = await ask(
      t.council.id,
      { domain: fresh(), allowedOrganisationIds: [randomUUID()] },
      t.admin.auth,
    );
    expect(res.status).toBe(422);
    expect((await errorsOf(res))[0]!.path).toBe("allowedOrganisationIds/0");
  });
});

describe("the operator's decision", () => {
  it("only the operator sees, approves or refuses claims (everyone else 404)", async () => {
    const res = await ask(t.council.id, { domain: fresh() }, t.admin.auth);
    const { id } = (await res.json()) as { id: string };
    for (const who of [t.admin, other.admin, t.commissioner, t.providerUser, representative]) {
      expect((await h.app.request("/api/domain-claims", { headers: who.auth })).status).toBe(404);
      expect((await h.app.request(`/api/domain-claims/${id}`, { headers: who.auth })).status).toBe(404);
      expect((await decide(id, "approve", who.auth)).status).toBe(404);
    }
    const list = await h.app.request("/api/domain-claims", { headers: operator.auth });
    expect(((await list.json()) as { claims: Array<{ id: string }> }).claims.map((c) => c.id)).toContain(id);
    const refused = await decide(id, "refuse");
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ status: "refused" });
    expect((await decide(id, "approve")).status).toBe(409);
  });

  it("another organisation's account cannot block a claim: the operator sees it and moves or deactivates it", async () => {
    const domain = fresh();
    const stray = await makeUser(h.db, other.council.id, "commissioner", `stray@${domain}`);
    const strayProvider = await makeUser(h.db, other.provider.id, "provider", `pat@${domain}`);
    const mine = await makeUser(h.db, t.council.id, "reviewer", `rae@${domain}`);
    const res = await ask(t.council.id, { domain }, t.admin.auth);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const approved = await decide(id, "approve");
    expect(approved.status).toBe(200);
    const detail = (await approved.json()) as {
      status: string;
      conflicts: Array<{ id: string; organisationName: string }>;
    };
    expect(detail.status).toBe("approved");
    expect(detail.conflicts.map((c) => c.id).sort()).toEqual([stray.id, strayProvider.id].sort());
    expect(detail.conflicts.map((c) => c.id)).not.toContain(mine.id);

    // Move: the commissioner keeps their role in the claiming council; their tokens stop working.
    const moved = await h.app.request(
      `/api/domain-claims/${id}/conflicts/${stray.id}`,
      json({ action: "move" }, operator.auth),
    );
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ organisationId: t.council.id, role: "commissioner" });
    expect((await h.app.request("/api/contracts", { headers: stray.auth })).status).toBe(401);
    const [token] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, stray.id));
    expect(token!.revokedAt).not.toBeNull();
    // A provider's staff role does not fit a council: the operator must choose one.
    const noRole = await h.app.request(
      `/api/domain-claims/${id}/conflicts/${strayProvider.id}`,
      json({ action: "move" }, operator.auth),
    );
    expect(noRole.status).toBe(422);
    expect((await errorsOf(noRole))[0]!.path).toBe("role");
    // Deactivate instead.
    const off = await h.app.request(
      `/api/domain-claims/${id}/conflicts/${strayProvider.id}`,
      json({ action: "deactivate" }, operator.auth),
    );
    expect(off.status).toBe(200);
    const [row] = await h.db.select().from(users).where(eq(users.id, strayProvider.id));
    expect(row!.active).toBe(false);
    // The claimant's own people are not the operator's to move through the claim.
    expect(
      (
        await h.app.request(
          `/api/domain-claims/${id}/conflicts/${mine.id}`,
          json({ action: "deactivate" }, operator.auth),
        )
      ).status,
    ).toBe(404);
    // And an admin cannot reach the conflicts.
    expect(
      (
        await h.app.request(
          `/api/domain-claims/${id}/conflicts/${mine.id}`,
          json({ action: "deactivate" }, t.admin.auth),
        )
      ).status,
    ).toBe(404);
  });
});

describe("once a domain is claimed", () => {
  it("new accounts at it belong to the claimant or an allowed organisation; others are refused in words that name no one", async () => {
    const domain = fresh();
    await claimed(domain, [t.provider.id]);
    const add = (
      orgId: string,
      role: string,
      auth: Record<string, string>,
      email = `n${randomUUID().slice(0, 6)}@${domain}`,
    ) => h.app.request("/api/users", json({ email, name: "New Person", role, organisationId: orgId }, auth));
    expect((await add(t.council.id, "commissioner", t.admin.auth)).status).toBe(202);
    // The council's in-house provider is allowed.
    const inHouse = await makeUser(h.db, t.provider.id, "admin");
    expect((await add(t.provider.id, "provider", inHouse.auth)).status).toBe(202);
    // Another council is refused, at the field, naming neither the claimant nor whether the address exists.
    const refused = await add(other.council.id, "commissioner", other.admin.auth);
    expect(refused.status).toBe(422);
    const [error] = await errorsOf(refused);
    expect(error!.path).toBe("email");
    expect(error!.message).not.toContain(t.council.name);
    // The operator creating into another organisation is refused the same way.
    expect((await add(other.council.id, "commissioner", operator.auth)).status).toBe(422);
  });

  it("single sign-on cannot cover another organisation's claimed domain, nor a shared one (422 at the field)", async () => {
    const domain = fresh();
    await claimed(domain);
    const sso = (orgId: string, d: string, auth: Record<string, string>) =>
      h.app.request(
        `/api/organisations/${orgId}/sign-in`,
        json(
          {
            oidc: {
              issuer: "https://login.example.org/t",
              clientId: "withus",
              clientSecret: "s3cret-s3cret",
              emailDomains: [d],
            },
            passwordSignIn: true,
          },
          auth,
          "PUT",
        ),
      );
    const theirs = await sso(other.council.id, domain, other.admin.auth);
    expect(theirs.status).toBe(422);
    expect((await errorsOf(theirs))[0]!.path).toBe("oidc/emailDomains/0");
    const shared = await sso(other.council.id, "nhs.net", other.admin.auth);
    expect(shared.status).toBe(422);
    expect((await errorsOf(shared))[0]!.path).toBe("oidc/emailDomains/0");
    expect((await sso(t.council.id, domain, t.admin.auth)).status).toBe(200);
  });
});

describe("the pages", () => {
  const form = (s: { cookie: string; csrfToken: string }) => (path: string, fields: Record<string, string>) =>
    h.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
    });
  const get = (path: string, s: { cookie: string }) =>
    h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });

  it("the admin asks for a domain on their page; the operator approves it and moves a stray account on theirs", async () => {
    const admin = await signInSession(h.app, t.admin.email);
    const post = form(admin);
    const shared = await post("/admin/domains", { domain: "gmail.com" });
    expect(shared.status).toBe(422);
    const html = await shared.text();
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain("gmail.com is shared by many organisations or people");
    const domain = fresh();
    const stray = await makeUser(h.db, other.council.id, "reviewer", `stray@${domain}`);
    const asked = await post("/admin/domains", { domain });
    expect(asked.status).toBe(303);
    expect(await (await get("/admin/domains", admin)).text()).toContain(domain);
    // The admin cannot reach the operator's pages.
    expect((await get("/admin/domain-claims", admin)).status).toBe(404);

    const op = await signInSession(h.app, operator.email);
    const list = await (await get("/admin/domain-claims", op)).text();
    const id = list.match(
      new RegExp(`/admin/domain-claims/([0-9a-f-]{36})">\\s*${domain.replaceAll(".", "\\.")}`),
    )![1]!;
    const detail = await (await get(`/admin/domain-claims/${id}`, op)).text();
    expect(detail).toContain(stray.email);
    expect(detail).toContain("Approve");
    expect((await form(op)(`/admin/domain-claims/${id}/decision`, { decision: "approve" })).status).toBe(303);
    expect(
      (await form(op)(`/admin/domain-claims/${id}/conflicts/${stray.id}`, { action: "move" })).status,
    ).toBe(303);
    const [moved] = await h.db.select().from(users).where(eq(users.id, stray.id));
    expect(moved!.organisationId).toBe(t.council.id);
    expect(await (await get(`/admin/domain-claims/${id}`, op)).text()).toContain("There are none.");
  });

  it("who may not: a commissioner (403) and a representative (403) on the admin's page", async () => {
    for (const who of [t.commissioner, representative]) {
      const s = await signInSession(h.app, who.email);
      expect((await get("/admin/domains", s)).status).toBe(403);
      expect((await get("/admin/domain-claims", s)).status).toBe(404);
    }
  });
});
