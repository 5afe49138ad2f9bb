// The free-text rule (lib/text.ts) is the service's alone (issue 19 item 2): each page that used to judge a
// control character itself now shows what its service says. A NUL typed into a field gives an error summary
// linking to the field, with every other error of the form at once, a 422 and not a 500, and nothing stored.
// And a contract's change judges its own dates when called directly.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractAssessments,
  contractKpis,
  contracts,
  organisations,
  specificationKpis,
  specifications,
} from "../../src/db/schema/index.js";
import type { Actor } from "../../src/model/identity.js";
import { updateContract } from "../../src/services/contracts/update.js";
import { updateSpecification } from "../../src/services/specifications/write.js";
import { call, makeClock, type Tenant } from "../contracts/fixtures.js";
import { json, makeTenant, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const NUL = "\u0000";
const SAYS_NUL = "must not contain U+0000 (a control character)";
const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let issuedId: string;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const spec = await call(
    h,
    "/api/specifications",
    json({ title: "Rated", serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  issuedId = spec.body.id;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  await call(h, `/api/specifications/${issuedId}/clauses`, json({ clauses }, t.commissioner.auth, "PUT"));
  const kpis = [
    { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
    { clauseKey: "FBK-01", metric: "responses_percent", target: 60, mostMaterial: true },
  ];
  await call(h, `/api/specifications/${issuedId}/kpis`, json({ kpis }, t.commissioner.auth, "PUT"));
  expect((await call(h, `/api/specifications/${issuedId}/issue`, json({}, t.commissioner.auth))).status).toBe(
    200,
  );
  const let_ = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId: issuedId,
        providerOrganisationId: t.provider.id,
        reference: `P-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
      },
      t.commissioner.auth,
    ),
  );
  expect(let_.status, JSON.stringify(let_.body)).toBe(201);
  contractId = let_.body.id;
});
afterAll(() => h.close());

/** A draft with the KPI clauses, made through the API. */
async function draft(title = "Text rule draft") {
  const res = await call(
    h,
    "/api/specifications",
    json({ title, serviceName: "Recovery" }, t.commissioner.auth),
  );
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  await call(h, `/api/specifications/${id}/clauses`, json({ clauses }, t.commissioner.auth, "PUT"));
  return id;
}

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
  return { status: res.status, summary, html };
}

describe("a control character in a field is refused by the service and shown at the field", () => {
  it("the new specification: the title's, the scope's and an unreadable date's errors at once, nothing made", async () => {
    const before = (await h.db.select().from(specifications)).length;
    const res = await post(t.commissioner, "/specifications", {
      bundle: "none",
      title: `Recovery${NUL} service`,
      serviceName: "Recovery",
      area: `North${NUL}`,
      "periodStart-day": "31",
      "periodStart-month": "2",
      "periodStart-year": "2027",
      gracePeriodDays: "28",
      scope: `All adults${NUL}`,
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#title", text: `The title ${SAYS_NUL}` },
      { href: "#area", text: `The area ${SAYS_NUL}` },
      { href: "#periodStart-day", text: "The date the service starts must be a real date" },
      { href: "#scope", text: `The scope ${SAYS_NUL}` },
    ]);
    expect(res.html).toMatch(/id="title-error"/);
    expect((await h.db.select().from(specifications)).length).toBe(before);
  });

  it("a draft's details: the reference at its field, and the draft unchanged", async () => {
    const id = await draft();
    const res = await post(t.commissioner, `/specifications/${id}/details`, {
      title: "Changed",
      serviceName: "Recovery",
      reference: `REF-1${NUL}`,
      gracePeriodDays: "28",
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([{ href: "#reference", text: `The reference ${SAYS_NUL}` }]);
    const [row] = await h.db.select().from(specifications).where(eq(specifications.id, id));
    expect(row).toMatchObject({ title: "Text rule draft", reference: null });
  });

  it("the co-production record: a group's name, with the other errors, and nothing kept", async () => {
    const id = await draft();
    const res = await post(t.commissioner, `/specifications/${id}/co-production`, {
      "from-day": "1",
      "from-month": "3",
      "from-year": "2027",
      "to-day": "",
      "to-month": "",
      "to-year": "",
      "groups-0-name": `Peer${NUL} group`,
      "groups-0-people": "4",
      "credited-0-name": "",
      "credited-0-group": "",
    });
    expect(res.status).toBe(422);
    expect(res.summary).toContainEqual({ href: "#groups-0-name", text: `Must ${SAYS_NUL.slice(5)}` });
    expect(res.summary.map((e) => e.href)).toContain("#to-day");
    const [row] = await h.db.select().from(specifications).where(eq(specifications.id, id));
    expect(row!.coProduction).toBeNull();
  });

  it("the organisation's details: the email address and the identifier at once, nothing stored", async () => {
    const res = await post(t.admin, "/admin/organisation", {
      postalAddress: "1 High Street",
      email: `a${NUL}b@example.org`,
      identifier: `GB-COH-1${NUL}`,
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#email", text: `The email address ${SAYS_NUL}` },
      { href: "#identifier", text: `The identifier ${SAYS_NUL}` },
    ]);
    const [row] = await h.db.select().from(organisations).where(eq(organisations.id, t.council.id));
    expect(row).toMatchObject({ postalAddress: null, email: null, identifier: null });
  });

  it("a specification's KPIs: a target with a NUL is not a number, at its field, and none saved", async () => {
    const id = await draft();
    const res = await post(t.commissioner, `/specifications/${id}/kpis`, {
      "kpi-0-use": "yes",
      "kpi-0-target": `8${NUL}`,
      "kpi-0-frequency": "quarterly",
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([{ href: "#kpi-0-target", text: "The target must be a number, 0 or more" }]);
    expect(
      await h.db.select().from(specificationKpis).where(eq(specificationKpis.specificationId, id)),
    ).toEqual([]);
  });

  it("a contract's KPIs: a tolerance with a NUL, at its field, and the KPIs as they were", async () => {
    const before = await h.db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId));
    const res = await post(t.commissioner, `/contracts/${contractId}/kpis`, {
      "kpi-0-use": "yes",
      "kpi-0-target": "10",
      "kpi-0-frequency": "quarterly",
      "kpi-0-tolerance": `10${NUL}`,
      "kpi-0-material": "yes",
    });
    expect(res.status).toBe(422);
    expect(res.summary.map((e) => e.href)).toContain("#kpi-0-tolerance");
    expect(await h.db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId))).toEqual(
      before,
    );
  });

  it("the procurement details: the title and the exemption reason at once, nothing stored", async () => {
    const res = await post(t.commissioner, `/contracts/${contractId}/procurement`, {
      procurementRegime: "provider_selection_regime",
      title: `Recovery${NUL}`,
      kpiExemptionReason: `Because${NUL}`,
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#title", text: `Must ${SAYS_NUL.slice(5)}` },
      { href: "#kpiExemptionReason", text: `Must ${SAYS_NUL.slice(5)}` },
    ]);
    const [row] = await h.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row).toMatchObject({ title: null, kpiExemptionReason: null });
  });

  it("an assessment's rating: the reason at its field, and the rating as it was", async () => {
    const started = await post(t.reviewer, `/contracts/${contractId}/assessments/new`, {
      "periodEnd-day": "31",
      "periodEnd-month": "3",
      "periodEnd-year": "2027",
    });
    expect(started.status).toBe(303);
    const [a] = await h.db
      .select()
      .from(contractAssessments)
      .where(eq(contractAssessments.contractId, contractId));
    const kpiId = a!.ratings[0]!.kpiId;
    const res = await post(t.reviewer, `/contracts/${contractId}/assessments/${a!.id}/ratings/${kpiId}`, {
      rating: "other",
      reason: `Lost in a system change${NUL}`,
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([{ href: "#reason", text: `Must ${SAYS_NUL.slice(5)}` }]);
    const [after] = await h.db.select().from(contractAssessments).where(eq(contractAssessments.id, a!.id));
    expect(after!.ratings).toEqual(a!.ratings);
  });
});

describe("the services judge their own dates when called directly", () => {
  const ctxOf = (user: TestUser) => ({
    db: h.db,
    now: clock.now(),
    actor: {
      userId: user.id,
      organisationId: user.organisationId,
      organisationKind: "commissioner",
      organisationName: "Test organisation",
      role: user.role,
      name: "Test user",
      email: user.email,
      via: "session",
    } satisfies Actor,
  });
  async function refused(p: Promise<unknown>) {
    const e = await p.then(
      () => expect.fail("the service accepted it"),
      (e: unknown) => e as { code: string; errors: Array<{ path: string; message: string }> },
    );
    expect(e.code).toBe("validation_failed");
    return e.errors;
  }

  it("a contract's change with a malformed date is refused at the field, and the term kept", async () => {
    const ctx = ctxOf(t.commissioner);
    expect(await refused(updateContract({ ctx, input: { id: contractId, endDate: "2029-02-30" } }))).toEqual([
      { path: "endDate", message: "must be a real date" },
    ]);
    expect(
      await refused(updateContract({ ctx, input: { id: contractId, startDate: "1 April", endDate: "" } })),
    ).toEqual([
      { path: "startDate", message: "must be a date as YYYY-MM-DD" },
      { path: "endDate", message: "must be a date as YYYY-MM-DD" },
    ]);
    const [row] = await h.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row).toMatchObject({ startDate: "2026-04-01", endDate: "2029-03-31" });
  });

  it("a specification's change with a malformed date or a NUL is refused at each field at once", async () => {
    const id = await draft();
    const errors = await refused(
      updateSpecification({
        ctx: ctxOf(t.commissioner),
        input: { id, title: `T${NUL}`, periodStart: "2027-13-01", reviewDate: "" },
      }),
    );
    expect(errors).toEqual([
      { path: "title", message: SAYS_NUL },
      { path: "periodStart", message: "must be a real date" },
      { path: "reviewDate", message: "must be a date as YYYY-MM-DD" },
    ]);
  });
});
