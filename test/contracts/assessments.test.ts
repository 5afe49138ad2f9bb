// Performance assessments against the contract's KPIs (issue 21 item 3): a draft with each rating proposed
// from the latest figures, ratings changed with reasons, confirmation once (409 after), the provider told by
// email and in the app, and a confirmed assessment that changes with nothing; who may and may not.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractKpis, contracts, notifications, specifications } from "../../src/db/schema/index.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import {
  call,
  evidenceFields,
  findObligation,
  makeClock,
  obligationsOf,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;

const KPIS = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "GRP-01", metric: "requests_answered_on_time_percent", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60, mostMaterial: true },
];

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await call(
    h,
    "/api/specifications",
    json(
      { title: "Assessed", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
      t.commissioner.auth,
    ),
  );
  const id = spec.body.id;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  expect(
    (await call(h, `/api/specifications/${id}/clauses`, json({ clauses }, t.commissioner.auth, "PUT")))
      .status,
  ).toBe(200);
  expect(
    (await call(h, `/api/specifications/${id}/kpis`, json({ kpis: KPIS }, t.commissioner.auth, "PUT")))
      .status,
  ).toBe(200);
  expect((await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth))).status).toBe(200);
  const let_ = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId: id,
        providerOrganisationId: t.provider.id,
        reference: `A-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
      },
      t.commissioner.auth,
    ),
  );
  expect(let_.status, JSON.stringify(let_.body)).toBe(201);
  contractId = let_.body.id;
  // The fourth quarter's forum figures: 9 meetings of the 10 a year (short by exactly the 10% tolerance),
  // every request answered on time. Nothing for FBK-01.
  const q4 = await findObligation(h, t.providerUser.auth, contractId, "GRP-01", "2026-27 Q4");
  const res = await upload(h, t.providerUser.auth, q4.id, [
    ...evidenceFields({
      coveredFrom: "2027-01-01",
      coveredTo: "2027-03-31",
      metrics: JSON.stringify({ meetings_held: 9, requests_answered_on_time_percent: 100 }),
    }),
    { name: "files", filename: "forum.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => h.close());

const base = () => `/api/contracts/${contractId}/assessments`;
const propose = (periodEnd: string, auth = t.reviewer.auth) => call(h, base(), json({ periodEnd }, auth));
const rate = (aid: string, kpiId: string, body: unknown, auth = t.reviewer.auth) =>
  call(h, `${base()}/${aid}/ratings/${kpiId}`, json(body, auth, "PUT"));
const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path);

describe("an assessment from draft to confirmed", () => {
  it("proposes, is rated with reasons, is confirmed once, tells the provider, and never changes after", async () => {
    expect((await propose("2026-03-31")).status).toBe(422);
    expect(paths((await propose("2026-03-31")).body)).toEqual(["periodEnd"]);
    expect((await propose("2027-03-31", t.providerUser.auth)).status).toBe(403);
    expect((await propose("2027-03-31", other.reviewer.auth)).status).toBe(404);

    const draft = await propose("2027-03-31");
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const a = draft.body;
    expect(a).toMatchObject({ status: "draft", periodStart: "2026-04-01", periodEnd: "2027-03-31" });
    const [meetings, requests, responses] = a.ratings;
    expect(meetings).toMatchObject({
      clauseKey: "GRP-01",
      metric: "meetings_held",
      target: 10,
      proRated: true,
      figure: { period: "2026-27 Q4", value: 9, accepted: false },
      proposed: "approaching_target",
    });
    expect(requests).toMatchObject({ figure: { value: 100 }, proposed: "good" });
    expect(responses).toMatchObject({ figure: null, proposed: "inadequate", rating: "inadequate" });
    expect((await propose("2027-03-31")).status).toBe(409);

    // The provider never sees a draft; another council not at all.
    const providerList = await call(h, base(), { headers: t.providerUser.auth });
    expect(providerList.status).toBe(200);
    expect(providerList.body.assessments).toEqual([]);
    expect((await call(h, `${base()}/${a.id}`, { headers: t.providerUser.auth })).status).toBe(404);
    expect((await call(h, base(), { headers: other.commissioner.auth })).status).toBe(404);

    // Ratings: one of the five, a reason for 'other' and for any change from the proposal.
    const cases: Array<[unknown, string]> = [
      [{ rating: "excellent", reason: "x" }, "rating"],
      [{ rating: "other" }, "reason"],
      [{ rating: "requires_improvement" }, "reason"],
    ];
    for (const [body, path] of cases) {
      const res = await rate(a.id, responses.kpiId, body);
      expect(res.status, path).toBe(422);
      expect(paths(res.body)).toEqual([path]);
    }
    expect(
      (await rate(a.id, responses.kpiId, { rating: "other", reason: "x" }, t.providerUser.auth)).status,
    ).toBe(403);
    const changed = await rate(a.id, responses.kpiId, {
      rating: "requires_improvement",
      reason: "The survey ran but its results were lost in a system change; the next one is booked.",
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.ratings[2]).toMatchObject({ proposed: "inadequate", rating: "requires_improvement" });

    const confirmed = await call(h, `${base()}/${a.id}/confirmation`, json({}, t.reviewer.auth));
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe("confirmed");
    expect((await call(h, `${base()}/${a.id}/confirmation`, json({}, t.commissioner.auth))).status).toBe(409);
    expect((await rate(a.id, requests.kpiId, { rating: "good" })).status).toBe(409);

    // The provider is told, in the app and by email, once.
    const told = await h.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, t.providerUser.id), eq(notifications.kind, "assessment-confirmed")),
      );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ inApp: true, emailStatus: "pending" });
    expect(told[0]!.subject).toContain("confirmed");

    // The provider reads it now; the next is due a year on.
    const list = await call(h, base(), { headers: t.providerUser.auth });
    expect(list.body.assessments.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(list.body.nextDue).toBe("2028-03-31");

    // Nothing changes it: the KPIs are fixed, and a decision on the figures' evidence leaves it as it was.
    const before = await (await h.app.request(`${base()}/${a.id}`, { headers: t.commissioner.auth })).text();
    const kpiChange = await call(
      h,
      `/api/contracts/${contractId}/kpis`,
      json({ kpis: KPIS.map((k) => ({ ...k, target: 1 })) }, t.commissioner.auth, "PUT"),
    );
    expect(kpiChange.status).toBe(409);
    const q4 = await findObligation(h, t.reviewer.auth, contractId, "GRP-01", "2026-27 Q4");
    const review = await call(
      h,
      `/api/submissions/${q4.latestSubmissionId}/reviews`,
      json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
    );
    expect([200, 201]).toContain(review.status);
    const after = await (await h.app.request(`${base()}/${a.id}`, { headers: t.commissioner.auth })).text();
    expect(after).toBe(before);
    // A later draft reads the figure as accepted now, and starts after the confirmed period.
    const next = await propose("2027-06-30");
    expect(next.status).toBe(201);
    expect(next.body.periodStart).toBe("2027-04-01");
    expect(next.body.ratings[0].figure).toMatchObject({ accepted: true });
  });
});

describe("a confirmed assessment is a snapshot", () => {
  it("keeps the clause's text, the targets, tolerances and figures, and reads the same after each changes", async () => {
    const list = await call(h, base(), { headers: t.commissioner.auth });
    const confirmed = list.body.assessments.find((x: { status: string }) => x.status === "confirmed");
    expect(confirmed).toBeDefined();
    const url = `${base()}/${confirmed.id}`;
    const read = async () => (await h.app.request(url, { headers: t.commissioner.auth })).text();
    const before = await read();
    const [meetings] = JSON.parse(before).ratings;
    // What the rating was judged against is in it: the clause as it read, the target, the tolerance.
    expect(meetings).toMatchObject({
      clauseKey: "GRP-01",
      clauseVersion: expect.any(Number),
      clauseRequirement: expect.stringContaining("The forum must meet at least 10 times a year"),
      clauseThreshold: expect.stringContaining("at least 10 meetings are held each year"),
      annualTarget: 10,
      tolerancePercent: 10,
    });

    // The KPI's target and tolerance change underneath (the API refuses it; the table is changed as a
    // migration or a mistake might change it).
    await h.db
      .update(contractKpis)
      .set({ target: 4, tolerancePercent: 50 })
      .where(eq(contractKpis.contractId, contractId));
    // The clause's words change in the contract's specification.
    const [spec] = await h.db
      .select({ id: specifications.id, snapshot: specifications.snapshot })
      .from(specifications)
      .innerJoin(contracts, eq(contracts.specificationId, specifications.id))
      .where(eq(contracts.id, contractId));
    const snapshot = structuredClone(spec!.snapshot!);
    for (const cl of snapshot.clauses) cl.requirement = "Rewritten after the assessment was confirmed.";
    await h.db.update(specifications).set({ snapshot }).where(eq(specifications.id, spec!.id));
    // A figure arrives for the KPI that had none.
    const fbk = (await obligationsOf(h, t.providerUser.auth, contractId, "?clause=FBK-01")).find(
      (o) => o.periodEnd && o.periodEnd <= "2027-03-31",
    );
    expect(fbk).toBeDefined();
    const sent = await upload(h, t.providerUser.auth, fbk!.id, [
      ...evidenceFields({
        coveredFrom: fbk!.periodStart,
        coveredTo: fbk!.periodEnd!,
        metrics: JSON.stringify({ responses_percent: 75 }),
      }),
      { name: "files", filename: "survey.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    expect(await read()).toBe(before);
    // And a rating cannot change.
    expect((await rate(confirmed.id, meetings.kpiId, { rating: "good", reason: "x" })).status).toBe(409);
    expect(await read()).toBe(before);
  });
});
