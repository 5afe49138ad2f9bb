// Registering an organisation that is not on WithUs yet, with its first user invited: a council letting a
// contract to a new provider (whose first user becomes its administrator), or involving a new group of
// people who use the service (first user: its representative). Organisations are shared, so a second
// council is told the provider exists and chooses it; registering a provider shows the council none of
// its users, nor its contracts with other councils.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, notifications, organisations, users } from "../../src/db/schema/index.js";
import { json, makeTenant, makeUser, PASSWORD, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { issuedSpecification, letContract } from "./fixtures.js";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
let h: Harness;
let a: Tenant;
let b: Tenant;
const tag = crypto.randomUUID().slice(0, 8);
const FORM = {
  "content-type": "application/x-www-form-urlencoded",
  accept: "text/html",
  origin: "http://localhost",
};

beforeAll(async () => {
  h = await createHarness();
  [a, b] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

const register = (body: unknown, who: TestUser) =>
  h.app.request("/api/organisations/register", json(body, who.auth));

/** The path of the newest account email's link for a user, as the outbox holds it until it is sent. */
async function invitationLink(userId: string) {
  const rows = await h.db.select().from(notifications).where(eq(notifications.userId, userId));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function signedInForm(user: TestUser) {
  const s = await signInSession(h.app, user.email);
  return (path: string, fields: Record<string, string>) =>
    h.app.request(path, {
      method: "POST",
      headers: { ...FORM, cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
    });
}

describe("a council registers a provider that is not on WithUs yet", () => {
  const providerName = `Renew Recovery ${tag}`;
  let providerId: string;
  let firstUserId: string;

  it("creates the provider and invites its first user, who becomes its administrator; both are audited", async () => {
    const email = `lead-${tag}@renew.example`;
    const res = await register(
      { name: providerName, kind: "provider", firstUser: { email, name: "Rowan Lead" } },
      a.commissioner,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as {
      organisation: { id: string; name: string; kind: string };
      firstUser: { id: string; role: string; organisationId: string; passwordSet: boolean };
    };
    providerId = body.organisation.id;
    firstUserId = body.firstUser.id;
    expect(body.organisation).toMatchObject({ name: providerName, kind: "provider" });
    expect(body.firstUser).toMatchObject({ role: "admin", organisationId: providerId, passwordSet: false });

    const message = await invitationLink(firstUserId);
    expect(message.kind).toBe("invitation");
    expect(message.link).toMatch(/^\/invitations\//);
    expect(message.params).toMatchObject({
      organisation: providerName,
      inviter: expect.stringContaining(a.council.name),
    });

    const events = await h.db.select().from(auditEvents).where(eq(auditEvents.entityId, providerId));
    expect(events.map((e) => [e.action, e.organisationId, e.actorUserId])).toEqual([
      ["organisation.register", a.council.id, a.commissioner.id],
    ]);
    const invite = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, firstUserId), eq(auditEvents.action, "user.invite")));
    expect(invite.map((e) => e.organisationId)).toEqual([providerId]);

    // The invitation works as any other: the person chooses a password and administers their organisation.
    const accept = await h.app.request(message.link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
    });
    expect(accept.status).toBe(303);
    const s = await signInSession(h.app, email);
    const mine = await h.app.request("/api/users", { headers: { cookie: s.cookie } });
    expect(((await mine.json()) as { users: Array<{ id: string }> }).users.map((u) => u.id)).toEqual([
      firstUserId,
    ]);
  });

  it("a second council is told the provider is there and chooses it: never a duplicate", async () => {
    const again = await register(
      {
        name: `  renew  RECOVERY ${tag}`,
        kind: "provider",
        firstUser: { email: `other-${tag}@renew.example`, name: "Someone Else" },
      },
      b.commissioner,
    );
    expect(again.status).toBe(409);
    const problem = (await again.json()) as {
      detail: string;
      errors: Array<{ path: string; message: string }>;
    };
    expect(problem.errors).toEqual([{ path: "name", message: `${providerName} is already on WithUs` }]);
    expect(problem.detail).toContain(providerId);
    const named = await h.db.select().from(organisations).where(eq(organisations.kind, "provider"));
    expect(named.filter((r) => r.name.toLowerCase().includes(`renew recovery ${tag}`))).toHaveLength(1);
    expect(
      await h.db
        .select()
        .from(users)
        .where(eq(users.email, `other-${tag}@renew.example`)),
    ).toHaveLength(0);

    // The page says the same, and offers the contract form with the provider chosen.
    const spec = await issuedSpecification(h, b, ["FBK-01"]);
    const post = await signedInForm(b.commissioner);
    const page = await post("/organisations/register", {
      kind: "provider",
      specification: spec.id,
      name: providerName.toUpperCase(),
      personName: "Someone Else",
      email: `other-${tag}@renew.example`,
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain(
      `${providerName} is already on WithUs: choose it from the list of providers instead`,
    );
    const chosen = `/contracts/new?specification=${spec.id}&amp;provider=${providerId}`;
    expect(html).toContain(`href="${chosen}"`);
    const form = await h.app.request(chosen.replace("&amp;", "&"), {
      headers: { ...b.commissioner.auth, accept: "text/html" },
    });
    expect(await form.text()).toMatch(new RegExp(`<option value="${providerId}" selected="">`));

    // And the second council lets its contract to the one provider.
    const contract = await h.app.request(
      "/api/contracts",
      json(
        {
          specificationId: spec.id,
          providerOrganisationId: providerId,
          reference: `B-${tag}`,
          startDate: "2026-04-01",
          endDate: "2027-03-31",
        },
        b.commissioner.auth,
      ),
    );
    expect(contract.status, await contract.clone().text()).toBe(201);
    const contractId = ((await contract.json()) as { id: string }).id;

    // Council A registered the provider, but sees neither its users nor council B's contract with it.
    expect(
      (await h.app.request(`/api/contracts/${contractId}`, { headers: a.commissioner.auth })).status,
    ).toBe(404);
    const aUsers = await h.app.request(`/api/users?organisationId=${providerId}`, { headers: a.admin.auth });
    expect(((await aUsers.json()) as { users: unknown[] }).users).toEqual([]);
    expect(
      (await h.app.request(`/api/users/${firstUserId}`, json({ active: false }, a.admin.auth, "PATCH")))
        .status,
    ).toBe(404);
    expect(
      (
        await h.app.request(`/admin/organisations/${providerId}`, {
          headers: { ...a.admin.auth, accept: "text/html" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("who may register, and what", () => {
  it("commissioners and commissioning admins may; reviewers, provider staff and provider admins may not", async () => {
    const providerAdmin = await makeUser(h.db, a.provider.id, "admin");
    for (const who of [a.reviewer, a.providerUser, providerAdmin]) {
      const res = await register(
        {
          name: `Nope ${tag} ${who.role}`,
          kind: "provider",
          firstUser: { email: `n-${crypto.randomUUID()}@x.example`, name: "N" },
        },
        who,
      );
      expect(res.status, who.role).toBe(403);
    }
    const byAdmin = await register(
      {
        name: `Admin Registered ${tag}`,
        kind: "provider",
        firstUser: { email: `ar-${tag}@x.example`, name: "Ari Admin" },
      },
      a.admin,
    );
    expect(byAdmin.status).toBe(201);
  });

  it("the same mechanism registers a group of people who use the service, inviting its representative", async () => {
    const res = await register(
      {
        name: `Recovery Voices ${tag}`,
        kind: "user_group",
        firstUser: { email: `voice-${tag}@forum.example`, name: "Vic Voice" },
      },
      a.commissioner,
    );
    expect(res.status).toBe(201);
    const { firstUser } = (await res.json()) as { firstUser: { id: string; role: string } };
    expect(firstUser.role).toBe("representative");
    expect((await invitationLink(firstUser.id)).kind).toBe("invitation-representative");
  });

  it("refuses bad input with the field named, and leaves nothing behind", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: "X", kind: "provider", firstUser: { email: "a@b.example", name: "A" } }, 422, "name"],
      [
        { name: `Bad Kind ${tag}`, kind: "commissioner", firstUser: { email: "a@b.example", name: "A" } },
        422,
        "kind",
      ],
      [
        { name: `Bad Email ${tag}`, kind: "provider", firstUser: { email: "not an email", name: "A" } },
        422,
        "firstUser/email",
      ],
      [
        {
          name: `Bad Role ${tag}`,
          kind: "provider",
          firstUser: { email: `r-${tag}@x.example`, name: "A", role: "reviewer" },
        },
        422,
        "firstUser/role",
      ],
    ];
    for (const [body, status, path] of cases) {
      const res = await register(body, a.commissioner);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const problem = (await res.json()) as { errors: Array<{ path: string }> };
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
    for (const name of [`Bad Role ${tag}`])
      expect(await h.db.select().from(organisations).where(eq(organisations.name, name))).toHaveLength(0);
  });
});

describe("the pages", () => {
  it("the contract form offers the path; the registration form says what is wrong in an error summary", async () => {
    // The form (and its link) needs an issued specification to let.
    await issuedSpecification(h, a, ["FBK-01"]);
    const again = await (
      await h.app.request("/contracts/new", { headers: { ...a.commissioner.auth, accept: "text/html" } })
    ).text();
    expect(again).toContain("Is the provider not on WithUs yet?");
    expect(again).toContain('href="/organisations/register?kind=provider"');

    const post = await signedInForm(a.commissioner);
    const empty = await post("/organisations/register", {
      kind: "provider",
      name: "",
      personName: "",
      email: "nope",
    });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain("govuk-error-summary");
    for (const text of [
      "Enter the name of the organisation",
      "Enter the full name of the person to invite",
      "Enter an email address in the correct format",
    ])
      expect(html).toContain(text);

    // An address with an account elsewhere is answered as a fresh one (its owner is emailed instead).
    const taken = await post("/organisations/register", {
      kind: "provider",
      name: `Taken Page Provider ${tag}`,
      personName: "Pat Page",
      email: a.reviewer.email,
    });
    expect(taken.status).toBe(303);

    const ok = await post("/organisations/register", {
      kind: "provider",
      name: `Page Provider ${tag}`,
      personName: "Pat Page",
      email: `pat-${tag}@page.example`,
    });
    expect(ok.status).toBe(303);
    const [row] = await h.db
      .select()
      .from(organisations)
      .where(eq(organisations.name, `Page Provider ${tag}`));
    expect(ok.headers.get("location")).toBe(`/contracts/new?provider=${row!.id}`);
  });

  it("a commissioning admin registers from their users page and returns there", async () => {
    const list = await h.app.request("/admin/users", { headers: { ...a.admin.auth, accept: "text/html" } });
    expect(await list.text()).toContain('href="/organisations/register?kind=provider"');
    const post = await signedInForm(a.admin);
    const ok = await post("/organisations/register", {
      kind: "provider",
      name: `Admin Page Provider ${tag}`,
      personName: "Ada Page",
      email: `ada-${tag}@page.example`,
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/admin/users");
    const providerAdmin = await makeUser(h.db, a.provider.id, "admin");
    const refused = await h.app.request("/organisations/register", {
      headers: { ...providerAdmin.auth, accept: "text/html" },
    });
    expect(refused.status).toBe(403);
  });

  it("the contract page offers to register a group not on WithUs yet, and comes back to link it", async () => {
    const spec = await issuedSpecification(h, a, ["COP-04"]);
    const contract = await letContract(h, a, spec.id);
    const contractPage = async (who: TestUser, query = "") =>
      (
        await h.app.request(`/contracts/${contract.id}${query}`, {
          headers: { ...who.auth, accept: "text/html" },
        })
      ).text();
    const registerHref = `/organisations/register?kind=user_group&amp;contract=${contract.id}`;
    const mine = await contractPage(a.commissioner);
    expect(mine).toContain("Is the group not on WithUs yet?");
    expect(mine).toContain(`href="${registerHref}"`);
    // Only those who link groups (commissioners) are offered it.
    for (const who of [a.reviewer, a.providerUser])
      expect(await contractPage(who)).not.toContain("Is the group not on WithUs yet?");

    const form = await (
      await h.app.request(`/organisations/register?kind=user_group&contract=${contract.id}`, {
        headers: { ...a.commissioner.auth, accept: "text/html" },
      })
    ).text();
    expect(form).toContain("Register a group of people who use the service");
    expect(form).toContain(`name="contract" value="${contract.id}"`);
    expect(form).toContain(`href="/contracts/${contract.id}#people-heading"`);

    const post = await signedInForm(a.commissioner);
    const groupName = `Contract Page Forum ${tag}`;
    const ok = await post("/organisations/register", {
      kind: "user_group",
      name: groupName,
      personName: "Gale Group",
      email: `gale-${tag}@forum.example`,
      contract: contract.id,
    });
    expect(ok.status).toBe(303);
    const [group] = await h.db.select().from(organisations).where(eq(organisations.name, groupName));
    expect(group?.kind).toBe("user_group");
    expect(ok.headers.get("location")).toBe(`/contracts/${contract.id}?group=${group!.id}#people-heading`);
    // Back on the contract page, the new group is the one chosen in the linking form.
    const back = await contractPage(a.commissioner, `?group=${group!.id}`);
    expect(back).toMatch(new RegExp(`<option value="${group!.id}" selected="">`));
    const linked = await post(`/contracts/${contract.id}/user-groups`, { organisationId: group!.id });
    expect(linked.status).toBe(303);
    expect(await contractPage(a.commissioner)).toContain(`${groupName}<a`);

    // Registered again from the contract, the group is named and the way back to link it offered.
    const again = await post("/organisations/register", {
      kind: "user_group",
      name: groupName,
      personName: "Gale Group",
      email: `gale-again-${tag}@forum.example`,
      contract: contract.id,
    });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(
      `href="/contracts/${contract.id}?group=${group!.id}#people-heading"`,
    );
  });
});
