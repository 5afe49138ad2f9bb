// Representatives read their contract's performance (issue 21 item 6): the figures against targets and the
// ratings the council confirmed, never a draft; on their pages in plain words; another group's
// representative is answered 404, as if the contract did not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  evidenceFields,
  findObligation,
  makeClock,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
  webPage,
  webSession,
} from "../contracts/fixtures.js";
import { json, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const clock = makeClock("2027-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let rep: TestUser;
let otherRep: TestUser;
let contractId: string;
let confirmedId: string;
let draftId: string;
const CONFIRMED_REASON =
  "The survey ran but its results were lost in a system change; the next one is booked.";
const DRAFT_REASON = "Still weighing the forum's account of the spring meetings.";

const KPIS = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "GRP-01", metric: "requests_answered_on_time_percent", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60, mostMaterial: true },
];

const base = () => `/api/contracts/${contractId}/assessments`;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const [forum, otherForum] = await Promise.all([
    makeOrganisation(h.db, "user_group"),
    makeOrganisation(h.db, "user_group"),
  ]);
  [rep, otherRep] = await Promise.all([
    makeUser(h.db, forum.id, "representative"),
    makeUser(h.db, otherForum.id, "representative"),
  ]);
  const spec = await call(
    h,
    "/api/specifications",
    json({ title: "Rated", serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  const id = spec.body.id;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  for (const [path, body, method] of [
    [`/api/specifications/${id}/clauses`, { clauses }, "PUT"],
    [`/api/specifications/${id}/kpis`, { kpis: KPIS }, "PUT"],
    [`/api/specifications/${id}/issue`, {}, "POST"],
  ] as const)
    expect((await call(h, path, json(body, t.commissioner.auth, method))).status, path).toBe(200);
  const let_ = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId: id,
        providerOrganisationId: t.provider.id,
        reference: `R-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
      },
      t.commissioner.auth,
    ),
  );
  expect(let_.status, JSON.stringify(let_.body)).toBe(201);
  contractId = let_.body.id;
  // Only this forum is linked to the contract; the other is a group of its own, linked to nothing here.
  const linked = await call(
    h,
    `/api/contracts/${contractId}/user-groups`,
    json({ organisationId: forum.id }, t.commissioner.auth),
  );
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);

  // The fourth quarter's forum figures, accepted: 9 meetings of 10 a year, every request on time.
  const q4 = await findObligation(h, t.providerUser.auth, contractId, "GRP-01", "2026-27 Q4");
  const sent = await upload(h, t.providerUser.auth, q4.id, [
    ...evidenceFields({
      coveredFrom: "2027-01-01",
      coveredTo: "2027-03-31",
      metrics: JSON.stringify({ meetings_held: 9, requests_answered_on_time_percent: 100 }),
    }),
    { name: "files", filename: "forum.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const accepted = await call(
    h,
    `/api/submissions/${sent.body.id}/reviews`,
    json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
  );
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);

  // The next quarter's figures, handed in and not yet checked.
  const q1 = await findObligation(h, t.providerUser.auth, contractId, "GRP-01", "2027-28 Q1");
  const pending = await upload(h, t.providerUser.auth, q1.id, [
    ...evidenceFields({
      coveredFrom: "2027-04-01",
      coveredTo: "2027-06-30",
      metrics: JSON.stringify({ meetings_held: 2, requests_answered_on_time_percent: 90 }),
    }),
    { name: "files", filename: "forum-q1.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(pending.status, JSON.stringify(pending.body)).toBe(201);
  // The council sees it as handed in.
  const staff = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.reviewer.auth });
  const staffQ1 = staff.body.clauses
    .find((c: { clauseKey: string }) => c.clauseKey === "GRP-01")
    .metrics.find((m: { metric: string }) => m.metric === "meetings_held")
    .periods.find((p: { period: string }) => p.period === "2027-28 Q1");
  expect(staffQ1).toMatchObject({ value: 2, checked: false, note: "reported, not yet checked" });

  // A confirmed assessment of the first year, one rating changed with its reason ...
  const first = await call(h, base(), json({ periodEnd: "2027-03-31" }, t.reviewer.auth));
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  confirmedId = first.body.id;
  const survey = first.body.ratings[2].kpiId;
  const changed = await call(
    h,
    `${base()}/${confirmedId}/ratings/${survey}`,
    json({ rating: "requires_improvement", reason: CONFIRMED_REASON }, t.reviewer.auth, "PUT"),
  );
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  expect((await call(h, `${base()}/${confirmedId}/confirmation`, json({}, t.reviewer.auth))).status).toBe(
    200,
  );
  // ... and a draft of the next quarter, rated 'other' with a reason nobody outside the council reads yet.
  const next = await call(h, base(), json({ periodEnd: "2027-06-30" }, t.reviewer.auth));
  expect(next.status, JSON.stringify(next.body)).toBe(201);
  draftId = next.body.id;
  const drafted = await call(
    h,
    `${base()}/${draftId}/ratings/${next.body.ratings[0].kpiId}`,
    json({ rating: "other", reason: DRAFT_REASON }, t.reviewer.auth, "PUT"),
  );
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
});
afterAll(() => h.close());

describe("a representative reads their contract's performance", () => {
  it("reads the figures against targets and the confirmed ratings, never the draft", async () => {
    const perf = await call(h, `/api/contracts/${contractId}/performance`, { headers: rep.auth });
    expect(perf.status, JSON.stringify(perf.body)).toBe(200);
    const meetings = perf.body.clauses
      .find((c: { clauseKey: string }) => c.clauseKey === "GRP-01")
      .metrics.find((m: { metric: string }) => m.metric === "meetings_held");
    expect(meetings.periods.find((p: { period: string }) => p.period === "2026-27 Q4")).toMatchObject({
      value: 9,
      checked: true,
    });
    // A figure the council has not accepted yet is withheld from them: the note says one is in.
    expect(meetings.periods.find((p: { period: string }) => p.period === "2027-28 Q1")).toMatchObject({
      value: null,
      state: "not_reported",
      note: "reported, not yet checked",
    });

    const list = await call(h, base(), { headers: rep.auth });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.assessments.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [confirmedId, "confirmed"],
    ]);
    expect(list.body.assessments[0].ratings[2]).toMatchObject({
      proposed: "inadequate",
      rating: "requires_improvement",
      reason: CONFIRMED_REASON,
    });
    expect(JSON.stringify(list.body)).not.toContain(DRAFT_REASON);
    expect((await call(h, `${base()}/${confirmedId}`, { headers: rep.auth })).status).toBe(200);
    // The draft is answered as one that does not exist.
    expect((await call(h, `${base()}/${draftId}`, { headers: rep.auth })).status).toBe(404);
    // Reading is all: they neither propose, rate nor confirm.
    expect((await call(h, base(), json({ periodEnd: "2027-09-30" }, rep.auth))).status).toBe(403);
    expect((await call(h, `${base()}/${draftId}/confirmation`, json({}, rep.auth))).status).toBe(403);
  });

  it("answers another group's representative 404, as for a contract that does not exist", async () => {
    for (const path of [
      `/api/contracts/${contractId}/performance`,
      `/api/contracts/${contractId}/performance?format=csv`,
      base(),
      `${base()}/${confirmedId}`,
    ])
      expect((await call(h, path, { headers: otherRep.auth })).status, path).toBe(404);
  });

  it("shows the representative the confirmed ratings in plain words on their page, not the draft's", async () => {
    const s = await webSession(h, rep.email);
    const res = await webPage(h, s, `/involvement/contracts/${contractId}`);
    expect(res.status).toBe(200);
    const text = pageText(res.html);
    expect(text).toContain("How the council rated the service");
    expect(text).toContain("from 1 April 2026 to 31 March 2027");
    expect(text).toMatch(
      /Responses as a percentage of the active caseload \([^)]*\): Requires improvement The service was short of the target and must do better\./,
    );
    expect(text).toContain(`The council's reason: ${CONFIRMED_REASON}`);
    expect(text).toContain("Approaching target The service was a little short of the target.");
    expect(text).not.toContain(DRAFT_REASON);
    // The draft's period (to 30 June 2027) is nowhere in the ratings.
    expect(text.slice(text.indexOf("How the council rated the service"))).not.toContain("30 June 2027");
    // The promises in the public page's words, never "late".
    expect(text).toMatch(/\d+ promises? (is|are) on target\./);
    expect(text).not.toMatch(/\blate\b/);

    const other = await webSession(h, otherRep.email);
    expect((await webPage(h, other, `/involvement/contracts/${contractId}`)).status).toBe(404);
  });
});
