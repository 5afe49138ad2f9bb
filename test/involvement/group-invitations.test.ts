// Inviting a user group's representatives: a commissioner of the council whose contract the group is linked
// to invites them and follows only the invitations they sent; the group's representatives invite fellow
// representatives and see who is in the group. Everyone else gets 404, whatever they ask.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, contractUserGroups, notifications, users } from "../../src/db/schema/index.js";
import { call, issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import {
  json,
  makeOperator,
  makeOrganisation,
  makeTenant,
  makeUser,
  signInSession,
  type TestUser,
} from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
let h: Harness;
let t: Tenant;
let other: Tenant;
let forum: { id: string; name: string };
let unlinked: { id: string };
let rep: TestUser;
let contract: { id: string; reference: string };
let secondContract: { id: string };
let otherContract: { id: string };

const path = (contractId = contract.id, groupId = forum.id) =>
  `/api/contracts/${contractId}/user-groups/${groupId}/invitations`;
const email = (who: string) => `${who}-${crypto.randomUUID().slice(0, 8)}@forum.example`;

async function invite(auth: Record<string, string>, name: string, address = email("rep")) {
  return call(h, path(), json({ name, email: address }, auth));
}

async function latestInvitation(userId: string) {
  const [row] = await h.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt));
  return row!;
}

beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  forum = await makeOrganisation(
    h.db,
    "user_group",
    `Riverside Recovery Forum ${crypto.randomUUID().slice(0, 6)}`,
  );
  unlinked = await makeOrganisation(h.db, "user_group");
  rep = await makeUser(h.db, forum.id, "representative");
  const spec = await issuedSpecification(h, t, ["FBK-01", "GOV-02"]);
  [contract, secondContract] = [await letContract(h, t, spec.id), await letContract(h, t, spec.id)];
  otherContract = await letContract(h, other, (await issuedSpecification(h, other, ["FBK-01"])).id);
  await h.db.insert(contractUserGroups).values([
    { contractId: contract.id, userGroupId: forum.id },
    // The forum is linked to another council's contract too: that council is no way into this one.
    { contractId: otherContract.id, userGroupId: forum.id },
    // A group linked to the council's other contract only.
    { contractId: secondContract.id, userGroupId: unlinked.id },
  ]);
});
afterAll(() => h.close());

describe("a commissioner invites a representative", () => {
  let invitedId: string;

  it("makes a representative's account in the group and emails the plain invitation", async () => {
    const res = await invite(t.commissioner.auth, "Rae Jones", "rae@forum.example");
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({
      name: "Rae Jones",
      email: "rae@forum.example",
      status: "invited",
      sentByMe: true,
    });
    invitedId = res.body.id;
    const [user] = await h.db.select().from(users).where(eq(users.id, invitedId));
    expect(user).toMatchObject({
      role: "representative",
      organisationId: forum.id,
      passwordHash: null,
      invitedBy: t.commissioner.id,
      active: true,
    });
    const message = await latestInvitation(invitedId);
    expect(message.kind).toBe("invitation-representative");
    expect(message.subject).toBe(`You are invited to WithUs by ${forum.name}`);
    expect(message.link).toMatch(/^\/invitations\/[A-Za-z0-9_-]+$/);
    // The person invited is told who asked them, and from where.
    expect(JSON.stringify(message.params)).toContain(`Test commissioner from ${t.council.name}`);
    // The council's record, under the contract.
    const [audit] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.invite"), eq(auditEvents.entityId, invitedId)));
    expect(audit).toMatchObject({
      organisationId: t.council.id,
      actorUserId: t.commissioner.id,
      parentType: "contract",
      parentId: contract.id,
    });
  });

  it("lets the person follow the link, choose a password and see the contract, and nothing else", async () => {
    const message = await latestInvitation(invitedId);
    const page = await h.app.request(message.link, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Welcome to WithUs");
    const set = await h.app.request(message.link, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ password: "rae picks four long words" }).toString(),
    });
    expect(set.status).toBe(303);
    const { cookie } = await signInSession(h.app, "rae@forum.example", "rae picks four long words");
    const list = await call(h, "/api/contracts", { headers: { cookie } });
    expect(list.body.contracts.map((c: { id: string }) => c.id).sort()).toEqual(
      [contract.id, otherContract.id].sort(),
    );
    const mine = await call(h, path(), { headers: t.commissioner.auth });
    expect(mine.body.members).toEqual([expect.objectContaining({ id: invitedId, status: "joined" })]);
  });

  it("shows the commissioner only the people they invited", async () => {
    const byRep = await invite(rep.auth, "Sam Peer");
    expect(byRep.status, JSON.stringify(byRep.body)).toBe(202);
    const seen = await call(h, path(), { headers: t.commissioner.auth });
    expect(seen.status).toBe(200);
    expect(seen.body.name).toBe(forum.name);
    const names = seen.body.members.map((m: { name: string }) => m.name);
    expect(names).toEqual(["Rae Jones"]);
    expect(JSON.stringify(seen.body)).not.toContain(rep.email);
    // Another council's commissioner, on their own contract with the same forum, sees none of them.
    const theirs = await call(h, path(otherContract.id), { headers: other.commissioner.auth });
    expect(theirs.status).toBe(200);
    expect(theirs.body.members).toEqual([]);
  });

  it("shows the group's representatives everyone in it, with email addresses only of those they invited", async () => {
    const seen = await call(h, path(), { headers: rep.auth });
    expect(seen.status).toBe(200);
    const byName = Object.fromEntries(
      seen.body.members.map((m: { name: string; email: string | null }) => [m.name, m.email]),
    );
    expect(Object.keys(byName).sort()).toEqual(["Rae Jones", "Sam Peer", "Test representative"]);
    expect(byName["Rae Jones"]).toBeNull();
    expect(byName["Sam Peer"]).toMatch(/@forum\.example$/);
  });

  it("resends and cancels the invitations the caller may manage, and says when it is too late", async () => {
    const pending = await invite(t.commissioner.auth, "Kit Lane");
    expect(pending.status).toBe(202);
    const first = await latestInvitation(pending.body.id);
    const again = await call(h, `${path()}/${pending.body.id}`, {
      method: "POST",
      headers: t.commissioner.auth,
    });
    expect(again.status).toBe(202);
    const second = await latestInvitation(pending.body.id);
    expect(second.link).not.toBe(first.link);
    expect((await h.app.request(first.link, { headers: { accept: "text/html" } })).status).toBe(404);
    // The group's representatives may resend any of its invitations; a commissioner only their own.
    expect(
      (await call(h, `${path()}/${pending.body.id}`, { method: "POST", headers: rep.auth })).status,
    ).toBe(202);
    const samId = (await call(h, path(), { headers: rep.auth })).body.members.find(
      (m: { name: string }) => m.name === "Sam Peer",
    ).id;
    for (const method of ["POST", "DELETE"]) {
      const res = await call(h, `${path()}/${samId}`, { method, headers: t.commissioner.auth });
      expect(res.status, method).toBe(404);
    }
    const cancel = await call(h, `${path()}/${pending.body.id}`, {
      method: "DELETE",
      headers: t.commissioner.auth,
    });
    expect(cancel.status).toBe(204);
    const [row] = await h.db.select().from(users).where(eq(users.id, pending.body.id));
    expect(row!.active).toBe(false);
    const latest = await latestInvitation(pending.body.id);
    expect((await h.app.request(latest.link, { headers: { accept: "text/html" } })).status).toBe(404);
    const twice = await call(h, `${path()}/${pending.body.id}`, {
      method: "DELETE",
      headers: t.commissioner.auth,
    });
    expect(twice.status).toBe(409);
    const accepted = await call(h, `${path()}/${invitedId}`, {
      method: "POST",
      headers: t.commissioner.auth,
    });
    expect(accepted.status).toBe(409);
  });

  it("refuses an address that already has an account, and a body that is not valid", async () => {
    const taken = await invite(t.commissioner.auth, "Rae Again", "rae@forum.example");
    expect(taken.status).toBe(409);
    const bad = await call(h, path(), json({ name: "", email: "not an address" }, t.commissioner.auth));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "name"]);
  });
});

describe("who may not invite", () => {
  it("answers 404 to everyone else, before looking at what they sent", async () => {
    const body = { name: "Nobody", email: email("nobody") };
    const cases: Array<[string, string, Record<string, string>]> = [
      ["another council's commissioner", path(), other.commissioner.auth],
      [
        "a commissioner, for a group not linked to any of their contracts",
        path(contract.id, (await makeOrganisation(h.db, "user_group")).id),
        t.commissioner.auth,
      ],
      [
        "a commissioner, for a group linked to another of their contracts",
        path(contract.id, unlinked.id),
        t.commissioner.auth,
      ],
      ["the provider", path(), t.providerUser.auth],
      ["a reviewer", path(), t.reviewer.auth],
      ["the council's administrator", path(), t.admin.auth],
      [
        "a representative of another group",
        path(),
        (await makeUser(h.db, unlinked.id, "representative")).auth,
      ],
      ["a representative, for another group", path(secondContract.id, unlinked.id), rep.auth],
      ["the operator", path(), (await makeOperator(h.db)).auth],
    ];
    for (const [who, p, auth] of cases) {
      const post = await call(h, p, json(body, auth));
      expect(post.status, `${who}: POST`).toBe(404);
      const get = await call(h, p, { headers: auth });
      expect(get.status, `${who}: GET`).toBe(404);
    }
    const [nobody] = await h.db.select().from(users).where(eq(users.email, body.email));
    expect(nobody).toBeUndefined();
  });
});

describe("the pages", () => {
  it("lets a commissioner invite from the contract page, with errors at the fields", async () => {
    const s = await signInSession(h.app, t.commissioner.email);
    const contractPage = await (
      await h.app.request(`/contracts/${contract.id}`, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    const href = `/contracts/${contract.id}/user-groups/${forum.id}/invitations`;
    expect(contractPage).toContain(`href="${href}"`);
    const form = await h.app.request(href, { headers: { cookie: s.cookie, accept: "text/html" } });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`Invite a representative of ${forum.name}`);
    expect(html).toContain("Rae Jones");
    expect(html).not.toContain("Sam Peer");
    const post = (fields: Record<string, string>) =>
      h.app.request(href, {
        method: "POST",
        headers: { ...FORM, cookie: s.cookie },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    const wrong = await post({ name: "", email: "nope" });
    expect(wrong.status).toBe(422);
    const text = await wrong.text();
    expect(text).toContain("Enter their full name");
    expect(text).toContain("Enter an email address like name@example.org");
    const ok = await post({ name: "Lee Page", email: email("lee") });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(href);
    const [lee] = await h.db.select().from(users).where(eq(users.name, "Lee Page"));
    expect(lee).toMatchObject({
      organisationId: forum.id,
      role: "representative",
      invitedBy: t.commissioner.id,
    });
    const cancel = await h.app.request(`${href}/${lee!.id}/cancel`, {
      method: "POST",
      headers: { ...FORM, cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
    });
    expect(cancel.status).toBe(303);
    const [after] = await h.db.select().from(users).where(eq(users.id, lee!.id));
    expect(after!.active).toBe(false);
  });

  it("shows a representative who is in their group, from their home page", async () => {
    const s = await signInSession(h.app, rep.email);
    const home = await (
      await h.app.request("/involvement", { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    const href = /href="(\/contracts\/[^"]+\/invitations)"/.exec(home)?.[1];
    expect(href).toBeDefined();
    const res = await h.app.request(href!, { headers: { cookie: s.cookie, accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`People in ${forum.name}`);
    for (const name of ["Rae Jones", "Sam Peer", "Lee Page"]) expect(html).toContain(name);
    expect(html).not.toContain("rae@forum.example");
  });

  it("answers 404 pages to a provider and a reviewer", async () => {
    for (const who of [t.providerUser, t.reviewer]) {
      const s = await signInSession(h.app, who.email);
      const res = await h.app.request(`/contracts/${contract.id}/user-groups/${forum.id}/invitations`, {
        headers: { cookie: s.cookie, accept: "text/html" },
      });
      expect(res.status, who.role).toBe(404);
    }
  });
});
