// The pages that used to judge their own fields now show what the service says (issue 19 item 2): the admin
// organisation forms (createOrganisation, renameOrganisation), the sign-in page's email step
// (signInMethodFor), the maturity review (recordInvolvementReview), the account's password form
// (changePassword) and the sign-in settings (putSignInSettings). Every field's problem at once, in the
// page's words, and nothing stored.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { involvementReviews, organisations } from "../../src/db/schema/index.js";
import { INPUT_LIMITS } from "../../src/model/limits.js";
import { signInMethodFor } from "../../src/services/auth/login.js";
import { issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import { makeOperator, makeTenant, makeUser, PASSWORD, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Tenant;
let operator: TestUser;
let contractId: string;
beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
  operator = await makeOperator(h.db);
  contractId = (await letContract(h, t, (await issuedSpecification(h, t, ["GOV-05"])).id)).id;
});
afterAll(() => h.close());

/** A form posted by a signed-in browser: its status and the error summary's links and words, in order. */
async function post(user: TestUser, path: string, fields: Record<string, string>) {
  const s = await signInSession(h.app, user.email);
  const res = await h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });
  const html = await res.text();
  const list = /<ul class="govuk-list govuk-error-summary__list">(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
  const summary = [...list.matchAll(/<li>(?:<a href="([^"]*)">)?([^<]*)/g)].map((m) => ({
    href: m[1] ?? "",
    text: m[2]!.replace(/&#39;/g, "'"),
  }));
  return { status: res.status, summary };
}

describe("the admin organisation forms", () => {
  it("a new organisation with no name and no kind: both errors at once, nothing added", async () => {
    const res = await post(operator, "/admin/organisations", { name: "", kind: "" });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#name", text: "Enter the name of the organisation" },
      { href: "#kind", text: "Choose what kind of organisation it is" },
    ]);
    // Nothing with the name it was given: counting every organisation raced the other files' tenants on a
    // shared PostgreSQL database (262 before, 264 after, in one CI run).
    expect(await h.db.select().from(organisations).where(eq(organisations.name, ""))).toEqual([]);
  });

  it("a name too long or too short is refused by the service in the page's words", async () => {
    const long = await post(operator, "/admin/organisations", { name: "N".repeat(201), kind: "provider" });
    expect(long.status).toBe(422);
    expect(long.summary).toEqual([{ href: "#name", text: "The name must be 200 characters or fewer" }]);
    const short = await post(operator, `/admin/organisations/${t.provider.id}/name`, { name: "N" });
    expect(short.status).toBe(422);
    expect(short.summary).toEqual([{ href: "#name", text: "The name must be 2 characters or more" }]);
    const empty = await post(operator, `/admin/organisations/${t.provider.id}/name`, { name: "" });
    expect(empty.summary).toEqual([{ href: "#name", text: "Enter the name of the organisation" }]);
    const [row] = await h.db.select().from(organisations).where(eq(organisations.id, t.provider.id));
    expect(row!.name).toBe(t.provider.name);
  });
});

describe("the sign-in page's email step", () => {
  it("is judged by the service, by the address alone: malformed and over-long alike", async () => {
    const overLong = `${"a".repeat(INPUT_LIMITS.emailLength)}@example.org`;
    for (const email of ["not-an-address", overLong]) {
      const refused = await signInMethodFor({ ctx: { db: h.db }, input: { email } }).then(
        () => expect.fail("the service accepted it"),
        (e: { code: string; errors: Array<{ path: string; message: string }> }) => e,
      );
      expect(refused.code).toBe("validation_failed");
      expect(refused.errors).toEqual([
        { path: "email", message: "enter an email address in the correct format, like name@example.org" },
      ]);
    }
    // An address with an account and one without are answered alike.
    expect(await signInMethodFor({ ctx: { db: h.db }, input: { email: t.admin.email } })).toBeNull();
    expect(await signInMethodFor({ ctx: { db: h.db }, input: { email: "nobody@example.org" } })).toBeNull();
  });

  it("shows the service's refusal in the error summary, linked to the field", async () => {
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({ email: `${"a".repeat(INPUT_LIMITS.emailLength)}@example.org` }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      '<a href="#email">Enter an email address in the correct format, like name@example.org</a>',
    );
  });
});

describe("the maturity review form", () => {
  it("submitted empty, the service names every field and the page says each in its words", async () => {
    const res = await post(t.providerUser, `/contracts/${contractId}/involvement-reviews/new`, {});
    expect(res.status).toBe(422);
    expect(res.summary.map((e) => e.text)).toEqual([
      "Enter the year the review is for, like 2026",
      "Enter the forum or organisation you completed it with",
      "Enter how many service users took part, like 6",
      ...["decisions", "governance", "budget", "changes"].flatMap(() => [
        expect.stringMatching(/^Choose the description that matches /),
        expect.stringMatching(/^Say where the evidence for .* is$/),
      ]),
    ]);
    expect(res.summary.map((e) => e.href)).toEqual([
      "#year",
      "#completedWith",
      "#participants",
      ...["decisions", "governance", "budget", "changes"].flatMap((k) => [`#${k}-score`, `#${k}-evidence`]),
    ]);
    const stored = await h.db
      .select()
      .from(involvementReviews)
      .where(eq(involvementReviews.contractId, contractId));
    expect(stored).toEqual([]);
  });

  it("a year out of range is the service's words at the field", async () => {
    const res = await post(t.providerUser, `/contracts/${contractId}/involvement-reviews/new`, {
      year: "1999",
      completedWith: "Forum",
      participants: "6",
    });
    expect(res.summary[0]).toEqual({ href: "#year", text: "Must be a whole number from 2000 to 2100" });
  });
});

describe("the account's password form", () => {
  it("with both boxes empty: both asked for at once, by the service, and no failed try counted", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    for (let i = 0; i < 6; i++) {
      const res = await post(u, "/account/password", { currentPassword: "", newPassword: "" });
      expect(res.status).toBe(422);
      expect(res.summary).toEqual([
        { href: "#currentPassword", text: "Enter your current password" },
        { href: "#newPassword", text: "Enter a new password" },
      ]);
    }
    // Six empty tries later the current password still works: none was counted against the throttle.
    const wrong = await post(u, "/account/password", { currentPassword: "not it at all", newPassword: "x" });
    expect(wrong.summary[0]).toEqual({
      href: "#currentPassword",
      text: "Your current password is not right",
    });
    const ok = await post(u, "/account/password", {
      currentPassword: PASSWORD,
      newPassword: "a long new passphrase for this test",
    });
    expect(ok.status).toBe(303);
  });
});

describe("the sign-in settings form", () => {
  it("an identity provider without a client id is refused by the service at the field", async () => {
    const res = await post(t.admin, "/admin/sign-in", {
      issuer: "http://login.example.org",
      clientId: "",
      emailDomains: "a.example.org",
      passwordSignIn: "yes",
      requireTwoFactor: "no",
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#issuer", text: "Must start with https://" },
      { href: "#clientId", text: "Enter the client id" },
    ]);
  });
});
