// The records made from a confirmed assessment (issue 21 item 4): the contract performance notice draft (UK9)
// as JSON and CSV with every regulation 39 field filled, each rating beside its Find a Tender code, and the
// Word "Contract performance assessment", which LibreOffice opens. A confirmed assessment's records are the
// same bytes after its KPI's target and tolerance, the figures, a rating and the parties' details change.
// Who may read them: the council's staff, the provider (confirmed only), a linked group's representatives.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractKpis, contracts, organisations } from "../../src/db/schema/index.js";
import { json, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import {
  call,
  evidenceFields,
  findObligation,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let rep: TestUser;
let strangerRep: TestUser;
let contractId: string;
let reference: string;

const KPIS = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "GRP-01", metric: "requests_answered_on_time_percent", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60, mostMaterial: true },
];

async function details(id: string, name: string) {
  await h.db
    .update(organisations)
    .set({
      postalAddress: `1 ${name} Street, Northshire NS1 1AA`,
      email: `contracts@${name.toLowerCase()}.example`,
      identifier: `GB-COH-${name.length}0000001`,
    })
    .where(eq(organisations.id, id));
}

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  await Promise.all([details(t.council.id, "Council"), details(t.provider.id, "Provider")]);
  const spec = await call(
    h,
    "/api/specifications",
    json(
      { title: "Assessed", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
      t.commissioner.auth,
    ),
  );
  const specId = spec.body.id;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  for (const [path, body] of [
    ["clauses", { clauses }],
    ["kpis", { kpis: KPIS }],
  ] as const)
    expect(
      (await call(h, `/api/specifications/${specId}/${path}`, json(body, t.commissioner.auth, "PUT"))).status,
    ).toBe(200);
  expect((await call(h, `/api/specifications/${specId}/issue`, json({}, t.commissioner.auth))).status).toBe(
    200,
  );
  const contract = await letContract(h, t, specId, {
    procurementRegime: "procurement_act",
    lightTouch: false,
    estimatedValuePence: 620_000_000,
    title: "Community drug and alcohol treatment",
    procurementIdentifier: "ocds-h6vhtk-0a1b2c",
  });
  contractId = contract.id;
  reference = contract.reference;
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
  const [forum, strangers] = await Promise.all([
    makeOrganisation(h.db, "user_group"),
    makeOrganisation(h.db, "user_group"),
  ]);
  [rep, strangerRep] = (await Promise.all([
    makeUser(h.db, forum.id, "representative"),
    makeUser(h.db, strangers.id, "representative"),
  ])) as [TestUser, TestUser];
  const linked = await call(
    h,
    `/api/contracts/${contractId}/user-groups`,
    json({ organisationId: forum.id }, t.commissioner.auth),
  );
  expect(linked.status).toBe(201);
});
afterAll(() => h.close());

const base = () => `/api/contracts/${contractId}/assessments`;
const bytesOf = async (path: string, auth: Record<string, string>) => {
  const res = await h.app.request(path, { headers: auth });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
};

describe("the records of a confirmed assessment", () => {
  it("drafts the notice and the Word assessment, unchanged by anything that happens afterwards", async () => {
    const draft = await call(h, base(), json({ periodEnd: "2027-03-31" }, t.reviewer.auth));
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const a = draft.body;
    const notice = `${base()}/${a.id}/notice`;
    const word = `${base()}/${a.id}/document`;
    // A draft has no records yet: the council is told to confirm it; the provider does not see it at all.
    expect((await call(h, notice, { headers: t.reviewer.auth })).status).toBe(409);
    expect((await call(h, word, { headers: t.commissioner.auth })).status).toBe(409);
    expect((await call(h, notice, { headers: t.providerUser.auth })).status).toBe(404);

    const responses = a.ratings[2];
    const reason = "The survey ran but its results were lost in a system change; the next one is booked.";
    const rated = await call(
      h,
      `${base()}/${a.id}/ratings/${responses.kpiId}`,
      json({ rating: "requires_improvement", reason }, t.reviewer.auth, "PUT"),
    );
    expect(rated.status).toBe(200);
    expect((await call(h, `${base()}/${a.id}/confirmation`, json({}, t.reviewer.auth))).status).toBe(200);

    const n = await call(h, notice, { headers: t.commissioner.auth });
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    expect(n.body.status).toBe("draft");
    expect(n.body.draftStatement).toMatch(/^Draft\. WithUs does not publish/);
    expect(n.body.applicability).toMatchObject({
      regime: "procurement_act",
      lightTouch: false,
      overFiveMillion: true,
      noticeRequired: true,
    });
    expect(n.body.applicability.text).toContain("Procurement Act 2023; not light touch");
    expect(n.body.applicability.text).toContain("£6,200,000.00 including VAT, over £5 million");
    // Every regulation 39 field has its value.
    expect(n.body.fields).toHaveLength(15);
    expect(n.body.missing).toEqual([]);
    for (const f of n.body.fields) expect(f.value, f.field).toBeTruthy();
    expect(n.body).toMatchObject({
      contractingAuthority: { name: t.council.name, email: "contracts@council.example" },
      procurement: { title: "Community drug and alcohol treatment", identifier: "ocds-h6vhtk-0a1b2c" },
      contract: { identifier: reference },
      suppliers: [{ name: t.provider.name, postalAddress: "1 Provider Street, Northshire NS1 1AA" }],
      period: { start: "2026-04-01", end: "2027-03-31" },
    });
    expect(
      n.body.kpis.map((k: { ratingWords: string; measureClassification: { code: string } }) => [
        k.ratingWords,
        k.measureClassification.code,
      ]),
    ).toEqual([
      ["Approaching target", "slightlyBelow"],
      ["Good", "met"],
      ["Requires improvement", "below"],
    ]);
    expect(n.body.kpis[2]).toMatchObject({ reason, measureClassification: { inferred: true } });
    expect(n.body.kpis[0].measureClassification.note).toMatch(/^Inferred mapping/);

    const csv = await h.app.request(`${notice}?format=csv`, { headers: t.reviewer.auth });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain(
      `performance-notice-draft-${reference}-2027-03-31.csv`,
    );
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("Find a Tender code (inferred mapping)");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain("Draft:");
    expect(lines[3]).toContain("Requires improvement,below,");
    expect(lines[3]).toContain(reason);

    const before = {
      json: await bytesOf(notice, t.commissioner.auth),
      csv: await bytesOf(`${notice}?format=csv`, t.commissioner.auth),
      word: await bytesOf(word, t.commissioner.auth),
    };
    expect(before.word.status).toBe(200);
    expect(before.word.type).toContain("wordprocessingml");

    // Everything that could move: the KPI's target and tolerance, the figures, a rating (refused on the
    // confirmed one, given on the next draft), the contract's title and the supplier's address.
    await h.db
      .update(contractKpis)
      .set({ target: 2, tolerancePercent: 40 })
      .where(eq(contractKpis.id, a.ratings[0].kpiId));
    const q4 = await findObligation(h, t.providerUser.auth, contractId, "GRP-01", "2026-27 Q4");
    const sentBack = await call(
      h,
      `/api/submissions/${q4.latestSubmissionId}/reviews`,
      json({ decision: "changes_requested", comment: "Check the meetings count." }, t.reviewer.auth),
    );
    expect([200, 201]).toContain(sentBack.status);
    const resubmitted = await upload(h, t.providerUser.auth, q4.id, [
      ...evidenceFields({
        coveredFrom: "2027-01-01",
        coveredTo: "2027-03-31",
        metrics: JSON.stringify({ meetings_held: 2, requests_answered_on_time_percent: 10 }),
      }),
      { name: "files", filename: "forum-2.pdf", contentType: "application/pdf", data: pdfBytes("Again") },
    ]);
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(201);
    expect(
      (
        await call(
          h,
          `${base()}/${a.id}/ratings/${a.ratings[1].kpiId}`,
          json({ rating: "other", reason: "Changed my mind" }, t.reviewer.auth, "PUT"),
        )
      ).status,
    ).toBe(409);
    const next = await call(h, base(), json({ periodEnd: "2027-06-30" }, t.reviewer.auth));
    expect(next.status).toBe(201);
    expect(next.body.ratings[0]).toMatchObject({ target: 2, tolerancePercent: 40, figure: { value: 2 } });
    expect(
      (
        await call(
          h,
          `${base()}/${next.body.id}/ratings/${a.ratings[1].kpiId}`,
          json({ rating: "other", reason: "A different year" }, t.reviewer.auth, "PUT"),
        )
      ).status,
    ).toBe(200);
    await h.db.update(contracts).set({ title: "Renamed" }).where(eq(contracts.id, contractId));
    await details(t.provider.id, "Elsewhere");

    const after = {
      json: await bytesOf(notice, t.commissioner.auth),
      csv: await bytesOf(`${notice}?format=csv`, t.commissioner.auth),
      word: await bytesOf(word, t.commissioner.auth),
    };
    expect(Buffer.from(after.json.bytes).equals(Buffer.from(before.json.bytes))).toBe(true);
    expect(Buffer.from(after.csv.bytes).equals(Buffer.from(before.csv.bytes))).toBe(true);
    expect(Buffer.from(after.word.bytes).equals(Buffer.from(before.word.bytes))).toBe(true);

    // Who may read them: the provider and a linked group's representative; another council and a group
    // not linked to the contract are told it does not exist.
    for (const who of [t.reviewer, t.providerUser, rep]) {
      expect((await bytesOf(notice, who.auth)).status, who.email).toBe(200);
      expect((await bytesOf(word, who.auth)).status, who.email).toBe(200);
    }
    for (const who of [other.commissioner, other.providerUser, strangerRep]) {
      expect((await bytesOf(notice, who.auth)).status, who.email).toBe(404);
      expect((await bytesOf(word, who.auth)).status, who.email).toBe(404);
    }

    // LibreOffice opens the Word assessment and reads what the meeting needs.
    const opened = await openInLibreOffice({ assessment: before.word.bytes });
    const text = opened.assessment!.pages.join(" ");
    expect(text).toContain("Contract performance assessment");
    expect(text).toContain("Ratings the council changed, and why");
    expect(text).toContain(reason);
    expect(text).toContain("Approaching target");
    expect(text).toContain("Procurement Act 2023; not light touch");
    expect(text).toContain("slightlyBelow");
  }, 240_000);
});
