// The limits of model/limits.ts moved out of the route files (issue 19 item 2): each is refused at its field
// by the service called directly, by the API with a 422 naming the field, and by the page in the same place,
// and nothing is stored. The auth services refuse over-long input themselves, in the answer a wrong one gets.
import { eq } from "drizzle-orm";
import { TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiTokens,
  contracts,
  involvementReviews,
  organisations,
  specifications,
  users,
} from "../../src/db/schema/index.js";
import type { Actor } from "../../src/model/identity.js";
import { INPUT_LIMITS } from "../../src/model/limits.js";
import { checkPassword } from "../../src/services/auth/login.js";
import { confirmOwnPassword } from "../../src/services/auth/password.js";
import { requestPasswordReset } from "../../src/services/auth/password-reset.js";
import {
  beginTwoFactorSetup,
  confirmTwoFactor,
  verifySecondFactor,
} from "../../src/services/auth/two-factor.js";
import { createClause } from "../../src/services/clauses/write.js";
import { updateContract } from "../../src/services/contracts/update.js";
import { confirmInvolvementReview, recordInvolvementReview } from "../../src/services/maturity/reviews.js";
import { setOrganisationDetails } from "../../src/services/organisations/organisations.js";
import { updateSpecification } from "../../src/services/specifications/write.js";
import { createToken } from "../../src/services/tokens/tokens.js";
import { updateUser } from "../../src/services/users/users.js";
import { call, issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import { json, makeTenant, makeUser, PASSWORD, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness, TEST_SECRET } from "../harness.js";

let h: Harness;
let t: Tenant;
let contractId: string;
beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
  const spec = await issuedSpecification(h, t, ["GOV-05"]);
  contractId = (await letContract(h, t, spec.id)).id;
});
afterAll(() => h.close());

const ctxOf = (user: TestUser, kind: Actor["organisationKind"]) => ({
  db: h.db,
  now: new Date(),
  actor: {
    userId: user.id,
    organisationId: user.organisationId,
    organisationKind: kind,
    organisationName: "Test organisation",
    role: user.role,
    name: "Test user",
    email: user.email,
    via: "session",
  } satisfies Actor,
});

type FieldErrors = Array<{ path: string; message: string }>;
/** The field errors of what the service threw (fails the test when it did not throw a validation error). */
async function refused(p: Promise<unknown>): Promise<FieldErrors> {
  const e = await p.then(
    () => expect.fail("the service accepted it"),
    (e: unknown) => e as { code: string; errors: FieldErrors },
  );
  expect(e.code).toBe("validation_failed");
  return e.errors;
}
const paths = (errors: FieldErrors) => errors.map((e) => e.path).sort();

/** The API's answer: its status and field errors. */
async function api(path: string, body: unknown, auth: Record<string, string>, method = "POST") {
  const res = await call(h, path, json(body, auth, method));
  return { status: res.status, errors: ((res.body as { errors?: FieldErrors }).errors ?? []) as FieldErrors };
}

/** A form posted as a signed-in browser: its status, and the error summary's fields and words. */
async function page(user: TestUser, path: string, fields: Record<string, string>) {
  const s = await signInSession(h.app, user.email);
  const res = await h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });
  const html = await res.text();
  const summary = [...html.matchAll(/<li><a href="#([\w-]+)">([^<]*)<\/a><\/li>/g)];
  return {
    status: res.status,
    fields: summary.map((m) => m[1]!).sort(),
    says: Object.fromEntries(summary.map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'")])),
  };
}

describe("an organisation's details", () => {
  const bad = {
    postalAddress: "A".repeat(501),
    email: `${"a".repeat(243)}@example.org`,
    identifier: "I".repeat(101),
  };
  it("are refused at each field by the service, the API and the page alike, and nothing is stored", async () => {
    const direct = await refused(
      setOrganisationDetails({
        ctx: ctxOf(t.admin, "commissioner"),
        input: { organisationId: t.council.id, ...bad },
      }),
    );
    expect(direct).toEqual([
      { path: "postalAddress", message: "must be at most 500 characters" },
      { path: "email", message: "must be at most 254 characters" },
      { path: "identifier", message: "must be at most 100 characters" },
    ]);
    const viaApi = await api(`/api/organisations/${t.council.id}/details`, bad, t.admin.auth, "PUT");
    expect(viaApi.status).toBe(422);
    expect(viaApi.errors).toEqual(direct);
    const viaPage = await page(t.admin, "/admin/organisation", bad);
    expect(viaPage.status).toBe(422);
    expect(viaPage.fields).toEqual(paths(direct));
    expect(viaPage.says.identifier).toBe("The identifier must be 100 characters or fewer");
    expect(viaPage.says.email).toBe("The email address must be 254 characters or fewer");
    const [row] = await h.db.select().from(organisations).where(eq(organisations.id, t.council.id));
    expect(row).toMatchObject({ postalAddress: null, email: null, identifier: null });
  });
});

describe("a maturity review", () => {
  const indicators = ["decisions", "governance", "budget", "changes"] as const;
  const ratings = (evidence: string) =>
    Object.fromEntries(indicators.map((k) => [k, { score: 2, evidence }])) as Record<
      (typeof indicators)[number],
      { score: number; evidence: string }
    >;

  it("is refused at the forum, the disagreement and each rating's evidence by service, API and page", async () => {
    const review = {
      year: 2026,
      completedWith: "F".repeat(201),
      participants: 6,
      disagreement: "D".repeat(5001),
      ratings: { ...ratings("Register of decisions"), budget: { score: 1, evidence: "E".repeat(2001) } },
    };
    const direct = await refused(
      recordInvolvementReview({ ctx: ctxOf(t.providerUser, "provider"), input: { ...review, contractId } }),
    );
    expect(paths(direct)).toEqual(["completedWith", "disagreement", "ratings/budget/evidence"]);
    const viaApi = await api(`/api/contracts/${contractId}/involvement-reviews`, review, t.providerUser.auth);
    expect(viaApi.status).toBe(422);
    expect(viaApi.errors.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      direct.sort((a, b) => a.path.localeCompare(b.path)),
    );
    const form: Record<string, string> = {
      year: "2026",
      completedWith: review.completedWith,
      participants: "6",
      disagreement: review.disagreement,
    };
    for (const k of indicators) {
      form[`${k}-score`] = "2";
      form[`${k}-evidence`] = review.ratings[k].evidence;
    }
    const viaPage = await page(t.providerUser, `/contracts/${contractId}/involvement-reviews/new`, form);
    expect(viaPage.status).toBe(422);
    expect(viaPage.fields).toEqual(["budget-evidence", "completedWith", "disagreement"]);
    expect(viaPage.says["budget-evidence"]).toBe("Must be 2,000 characters or fewer");
    // An empty forum or evidence is refused by the service too, whoever calls.
    const empty = await refused(
      recordInvolvementReview({
        ctx: ctxOf(t.providerUser, "provider"),
        input: { ...review, contractId, completedWith: "", disagreement: null, ratings: ratings("") },
      }),
    );
    expect(paths(empty)).toEqual(["completedWith", ...indicators.map((k) => `ratings/${k}/evidence`)].sort());
    expect(
      await h.db.select().from(involvementReviews).where(eq(involvementReviews.contractId, contractId)),
    ).toEqual([]);
  });

  it("a reviewer's reason over 2,000 characters is refused at its field by the service and the API", async () => {
    const reviewer = {
      ratings: Object.fromEntries(
        indicators.map((k) => [k, { score: 2, reason: k === "governance" ? "R".repeat(2001) : null }]),
      ) as never,
    };
    const direct = await refused(
      confirmInvolvementReview({
        ctx: ctxOf(t.reviewer, "commissioner"),
        input: { ...reviewer, contractId, reviewId: crypto.randomUUID() },
      }),
    );
    expect(direct).toEqual([
      { path: "ratings/governance/reason", message: "must be at most 2000 characters" },
    ]);
    const viaApi = await api(
      `/api/contracts/${contractId}/involvement-reviews/${crypto.randomUUID()}/confirmation`,
      reviewer,
      t.reviewer.auth,
    );
    expect(viaApi).toEqual({ status: 422, errors: direct });
  });
});

describe("a contract's procurement details", () => {
  const bad = {
    title: "T".repeat(301),
    procurementIdentifier: "P".repeat(101),
    kpiExemptionReason: "K".repeat(2001),
  };
  it("are refused at each field by the service, the API and the page alike, and nothing is stored", async () => {
    const direct = await refused(
      updateContract({ ctx: ctxOf(t.commissioner, "commissioner"), input: { id: contractId, ...bad } }),
    );
    expect(direct).toEqual([
      { path: "title", message: "must be at most 300 characters" },
      { path: "procurementIdentifier", message: "must be at most 100 characters" },
      { path: "kpiExemptionReason", message: "must be at most 2000 characters" },
    ]);
    const viaApi = await api(`/api/contracts/${contractId}`, bad, t.commissioner.auth, "PATCH");
    expect(viaApi.status).toBe(422);
    expect(viaApi.errors).toEqual(direct);
    const viaPage = await page(t.commissioner, `/contracts/${contractId}/procurement`, {
      procurementRegime: "provider_selection_regime",
      ...bad,
    });
    expect(viaPage.status).toBe(422);
    expect(viaPage.fields).toEqual(paths(direct));
    expect(viaPage.says.title).toBe("Must be 300 characters or fewer");
    const [row] = await h.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row).toMatchObject({ title: null, procurementIdentifier: null, kpiExemptionReason: null });
  });
});

describe("a user's and a clause's name", () => {
  it("a user's name over 200 characters is refused by updateUser and the API, and the name is kept", async () => {
    const direct = await refused(
      updateUser({
        ctx: ctxOf(t.admin, "commissioner"),
        input: { id: t.reviewer.id, name: "N".repeat(201) },
      }),
    );
    expect(direct).toEqual([{ path: "name", message: "must be at most 200 characters" }]);
    const viaApi = await api(`/api/users/${t.reviewer.id}`, { name: "N".repeat(201) }, t.admin.auth, "PATCH");
    expect(viaApi).toEqual({ status: 422, errors: direct });
    const [row] = await h.db.select().from(users).where(eq(users.id, t.reviewer.id));
    expect(row!.name).not.toBe("N".repeat(201));
  });

  it("a clause's title over 200 characters is refused by createClause and the API, and no clause is made", async () => {
    const content = {
      title: "T".repeat(201),
      category: "governance",
      level: "inform",
      requirement: "The provider must do a thing that is described here.",
      evidence: { documents: "A note.", reviewerChecks: "The note exists." },
      frequency: "annually",
    };
    const direct = await refused(
      createClause({
        ctx: ctxOf(t.commissioner, "commissioner"),
        input: { key: "LIM-01", content } as never,
      }),
    );
    expect(paths(direct)).toEqual(["title"]);
    const viaApi = await api("/api/clauses", { key: "LIM-01", ...content }, t.commissioner.auth);
    expect(viaApi).toEqual({ status: 422, errors: direct });
    expect((await call(h, "/api/clauses/LIM-01", { headers: t.commissioner.auth })).status).toBe(404);
  });
});

describe("an API token's name", () => {
  it("over 100 characters is refused by createToken and the API, and no token is made", async () => {
    const direct = await refused(
      createToken({
        ctx: { ...ctxOf(t.reviewer, "commissioner"), secret: TEST_SECRET },
        input: { name: "N".repeat(101) },
      }),
    );
    expect(direct).toEqual([{ path: "name", message: "must be at most 100 characters" }]);
    const s = await signInSession(h.app, t.reviewer.email);
    const viaApi = await api("/api/tokens", { name: "N".repeat(101) }, s.headers);
    expect(viaApi).toEqual({ status: 422, errors: direct });
    const rows = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, t.reviewer.id));
    expect(rows.map((r) => r.name)).not.toContain("N".repeat(101));
  });
});

describe("the specification details page", () => {
  it("shows the service's errors at the fields, as the API gives them, and stores nothing", async () => {
    const created = await call(
      h,
      "/api/specifications",
      json({ title: "Limits test specification", serviceName: "Recovery" }, t.commissioner.auth),
    );
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const bad = { title: "T".repeat(201), area: "A".repeat(201), caseload: 1_000_001 };
    const direct = await refused(
      updateSpecification({ ctx: ctxOf(t.commissioner, "commissioner"), input: { id, ...bad } }),
    );
    expect(paths(direct)).toEqual(["area", "caseload", "title"]);
    const viaApi = await api(`/api/specifications/${id}`, bad, t.commissioner.auth, "PATCH");
    expect(viaApi.status).toBe(422);
    expect(paths(viaApi.errors)).toEqual(paths(direct));
    expect(viaApi.errors.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      direct.sort((a, b) => a.path.localeCompare(b.path)),
    );
    const viaPage = await page(t.commissioner, `/specifications/${id}/details`, {
      title: bad.title,
      serviceName: "Recovery",
      area: bad.area,
      caseload: String(bad.caseload),
      gracePeriodDays: "28",
    });
    expect(viaPage.status).toBe(422);
    expect(viaPage.fields).toEqual(["area", "caseload", "title"]);
    expect(viaPage.says.title).toBe("The title must be 200 characters or fewer");
    expect(viaPage.says.caseload).toBe("The active caseload must be a whole number from 1 to 1000000");
    // A title left empty and an end before the start are the service's refusals too, shown together in the
    // page's own words.
    const empty = await page(t.commissioner, `/specifications/${id}/details`, {
      title: "",
      serviceName: "Recovery",
      gracePeriodDays: "28",
      "periodStart-day": "1",
      "periodStart-month": "4",
      "periodStart-year": "2027",
      "periodEnd-day": "31",
      "periodEnd-month": "3",
      "periodEnd-year": "2026",
    });
    expect(empty.says).toEqual({
      title: "Enter a title for the specification",
      "periodEnd-day": "The end date must be on or after the start date",
    });
    const [row] = await h.db.select().from(specifications).where(eq(specifications.id, id));
    expect(row).toMatchObject({ title: "Limits test specification", area: null, caseload: null });
  });
});

describe("the auth services refuse over-long input themselves", () => {
  const signIn = { ctx: () => ({ db: h.db, now: new Date(), secret: TEST_SECRET }) };

  it("a password or email longer than any can be is a failed sign-in in the usual words", async () => {
    const wrong = await checkPassword({
      ctx: signIn.ctx(),
      input: { email: t.reviewer.email, password: "not the password at all", address: "198.51.100.1" },
    }).catch((e) => e);
    for (const input of [
      { email: t.reviewer.email, password: PASSWORD + "x".repeat(1024) },
      { email: `${"a".repeat(321)}@example.test`, password: PASSWORD },
    ]) {
      const e = await checkPassword({
        ctx: signIn.ctx(),
        input: { ...input, address: "198.51.100.2" },
      }).catch((e) => e);
      expect({ code: e.code, message: e.message }).toEqual({ code: wrong.code, message: wrong.message });
    }
    // The API answers as it does a wrong password: 401, the same body.
    const wrongApi = await call(
      h,
      "/api/auth/login",
      json(
        { email: t.commissioner.email, password: "not the password" },
        { "x-forwarded-for": "198.51.100.3" },
      ),
    );
    const longApi = await call(
      h,
      "/api/auth/login",
      json(
        { email: t.commissioner.email, password: "p".repeat(1025) },
        { "x-forwarded-for": "198.51.100.4" },
      ),
    );
    expect(longApi.status).toBe(401);
    expect({ ...(longApi.body as object), instance: null, requestId: null }).toEqual({
      ...(wrongApi.body as object),
      instance: null,
      requestId: null,
    });
  });

  it("a code with room for no more than a code's length is not right, though it holds the right code", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const row = async () => (await h.db.select().from(users).where(eq(users.id, u.id)))[0]!;
    const { secret } = await beginTwoFactorSetup({ ctx: signIn.ctx(), input: { user: await row() } });
    const codeAt = (steps: number) =>
      new TOTP({ secret }).generate({ timestamp: Date.now() + steps * 30_000 });
    // Spaces are allowed in a code (a recovery code is read aloud in two groups), but not past the limit.
    const padded = (code: string) => `${code}${" ".repeat(INPUT_LIMITS.codeLength)}`;
    await expect(
      confirmTwoFactor({ ctx: signIn.ctx(), input: { user: await row(), code: padded(codeAt(0)) } }),
    ).rejects.toMatchObject({ code: "validation_failed", errors: [{ path: "code" }] });
    await confirmTwoFactor({ ctx: signIn.ctx(), input: { user: await row(), code: codeAt(0) } });
    const at = new Date(Date.now() + 30_000);
    expect(await verifySecondFactor(h.db, TEST_SECRET, await row(), padded(codeAt(1)), at)).toBe(false);
    expect(await verifySecondFactor(h.db, TEST_SECRET, await row(), codeAt(1), at)).toBe(true);
  });

  it("a current password too long to be anyone's is not theirs, and a reset for too long an address sends nothing", async () => {
    const [user] = await h.db.select().from(users).where(eq(users.id, t.reviewer.id));
    await expect(
      confirmOwnPassword(
        ctxOf(t.reviewer, "commissioner"),
        user!,
        PASSWORD + "x".repeat(1024),
        "198.51.100.5",
      ),
    ).rejects.toMatchObject({ code: "validation_failed", errors: [{ path: "password" }] });
    await expect(
      requestPasswordReset({ ctx: signIn.ctx(), input: { email: `${"a".repeat(321)}@example.test` } }),
    ).resolves.toBeUndefined();
  });
});
