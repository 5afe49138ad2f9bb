// Compliance: the numbers and the RAG rating move as evidence comes in and is judged; the matrix and the
// reports say the same thing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../csv.js";
import { rawText } from "../documents/helpers.js";
import { json, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  specId = (await issuedSpecification(h, t, ["GOV-02", "FBK-02", "FBK-01"])).id;
});
afterAll(() => h.close());

const compliance = async (contractId: string, who = t.reviewer) => {
  const res = await call(h, `/api/contracts/${contractId}/compliance`, { headers: who.auth });
  expect(res.status).toBe(200);
  return res.body;
};

async function submit(contractId: string, clause: string, period: string) {
  const ob = await findObligation(h, t.providerUser.auth, contractId, clause, period);
  const res = await upload(h, t.providerUser.auth, ob.id, [
    ...evidenceFields(),
    { name: "files", filename: "evidence.pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const decide = async (submissionId: string, body: unknown) => {
  const res = await call(h, `/api/submissions/${submissionId}/reviews`, json(body, t.reviewer.auth));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};

describe("a contract's compliance", () => {
  it("moves with each submission and decision, as the RAG rules say", async () => {
    const { id } = await letContract(h, t, specId, { reference: "RAG-1" });
    let c = await compliance(id);
    // GOV-02 mobilisation was due 1 July: 45 days late, past the red threshold (its first yearly return,
    // from July, is open). FBK-02 Q1: 18 days late.
    expect(c.summary).toMatchObject({
      counts: { overdue: 2, open: 3, not_due: 17, submitted: 0, accepted: 0, not_applicable: 0 },
      assessed: 0,
      percentCompliant: null,
      overdue: 2,
      rag: "red",
    });
    expect(c.clauses.map((x: { clauseKey: string; rag: string }) => [x.clauseKey, x.rag])).toEqual([
      ["GOV-02", "red"],
      ["FBK-02", "amber"],
      ["FBK-01", "green"],
    ]);

    const mob = await submit(id, "GOV-02", "Mobilisation");
    c = await compliance(id);
    expect(c.summary).toMatchObject({ overdue: 1, rag: "amber", counts: { submitted: 1 } });

    await decide(mob, { decision: "accepted", verdict: "compliant" });
    c = await compliance(id);
    expect(c.summary).toMatchObject({
      percentCompliant: 100,
      assessed: 1,
      rag: "amber",
      counts: { compliant: 1 },
    });

    const q1 = await submit(id, "FBK-02", "2026-27 Q1");
    c = await compliance(id);
    expect(c.summary).toMatchObject({ overdue: 0, rag: "green" });

    await decide(q1, { decision: "changes_requested", comment: "Show the themes." });
    c = await compliance(id);
    expect(c.summary).toMatchObject({ rag: "amber", counts: { changes_requested: 1 } });

    const q1b = await submit(id, "FBK-02", "2026-27 Q1");
    await decide(q1b, { decision: "accepted", verdict: "partially_compliant" });
    c = await compliance(id);
    expect(c.summary).toMatchObject({ percentCompliant: 75, assessed: 2, rag: "amber" });
    const fbk = c.clauses.find((x: { clauseKey: string }) => x.clauseKey === "FBK-02");
    expect(fbk).toMatchObject({ rag: "amber", percentCompliant: 50 });
    expect(fbk.periods[0]).toMatchObject({
      period: "2026-27 Q1",
      status: "accepted",
      verdict: "partially_compliant",
    });

    // Waived obligations count neither way.
    const h1 = await findObligation(h, t.reviewer.auth, id, "FBK-01", "2026-27 H1");
    await call(h, `/api/obligations/${h1.id}/waive`, json({ reason: "Survey moved to H2" }, t.reviewer.auth));
    c = await compliance(id);
    expect(c.summary).toMatchObject({ percentCompliant: 75, counts: { not_applicable: 1 } });

    // Three months on: Q2 was due 28 October, now 33 days late.
    try {
      clock.set("2026-11-30T12:00:00Z");
      c = await compliance(id);
      expect(c.summary).toMatchObject({ overdue: 1, rag: "red" });
      clock.set("2026-11-20T12:00:00Z");
      expect((await compliance(id)).summary.rag).toBe("amber");
    } finally {
      clock.set("2026-08-15T12:00:00Z");
    }
  });

  it("anything non-compliant is red", async () => {
    const { id } = await letContract(h, t, specId);
    const mob = await submit(id, "GOV-02", "Mobilisation");
    await decide(mob, { decision: "accepted", verdict: "non_compliant" });
    const q1 = await submit(id, "FBK-02", "2026-27 Q1");
    await decide(q1, { decision: "accepted", verdict: "compliant" });
    const c = await compliance(id);
    expect(c.summary).toMatchObject({ percentCompliant: 50, rag: "red" });
  });

  it("the provider sees its own contract's compliance; others get 404", async () => {
    const { id } = await letContract(h, t, specId);
    expect((await compliance(id, t.providerUser)).contract.id).toBe(id);
    for (const who of [other.providerUser, other.reviewer]) {
      expect((await call(h, `/api/contracts/${id}/compliance`, { headers: who.auth })).status).toBe(404);
    }
  });
});

describe("the compliance matrix", () => {
  let second: { provider: { id: string }; user: TestUser };
  let a: string;
  let b: string;

  beforeAll(async () => {
    const provider = await makeOrganisation(h.db, "provider", "Second Provider CIC");
    second = { provider, user: await makeUser(h.db, provider.id, "provider") };
    a = (await letContract(h, t, specId, { reference: "MX-A" })).id;
    b = (await letContract(h, t, specId, { reference: "MX-B", providerOrganisationId: provider.id })).id;
    const q1 = await submit(a, "FBK-02", "2026-27 Q1");
    await decide(q1, { decision: "accepted", verdict: "compliant" });
  });

  it("shows every contract against every clause for the last quarter to have ended, with a trend", async () => {
    const res = await call(h, "/api/compliance", { headers: t.commissioner.auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      period: "2026-27 Q1",
      asOf: "2026-08-15",
      periods: ["2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1"],
      clauses: [{ key: "FBK-02", title: "Safe ways to speak up, with a no-reprisal pledge" }],
    });
    const rows = res.body.contracts.filter((c: { id: string }) => c.id === a || c.id === b);
    expect(
      rows.map((r: { reference: string; providerName: string }) => [r.reference, r.providerName]),
    ).toEqual([
      ["MX-A", t.provider.name],
      ["MX-B", "Second Provider CIC"],
    ]);
    const [ra, rb] = rows;
    expect(ra.cells).toMatchObject([{ clauseKey: "FBK-02", status: "accepted", verdict: "compliant" }]);
    expect(rb.cells).toMatchObject([
      { clauseKey: "FBK-02", status: "overdue", verdict: null, dueDate: "2026-07-28" },
    ]);
    expect(ra.summary).toMatchObject({ percentCompliant: 100, rag: "green" });
    expect(rb.summary).toMatchObject({ percentCompliant: null, overdue: 1, rag: "amber" });
    expect(ra.trend.at(-1)).toEqual({
      period: "2026-27 Q1",
      assessed: 1,
      percentCompliant: 100,
      overdue: 0,
      rag: "green",
    });
    expect(ra.trend[0]).toEqual({
      period: "2025-26 Q2",
      assessed: 0,
      percentCompliant: null,
      overdue: 0,
      rag: null,
    });
  });

  it("filters by period, provider and clause, and is for commissioning staff only", async () => {
    const byProvider = await call(h, `/api/compliance?provider=${second.provider.id}`, {
      headers: t.reviewer.auth,
    });
    expect(byProvider.body.contracts.map((c: { reference: string }) => c.reference)).toEqual(["MX-B"]);
    const h1 = await call(h, `/api/compliance?period=${encodeURIComponent("2026-27 H1")}`, {
      headers: t.reviewer.auth,
    });
    expect(h1.body.clauses.map((c: { key: string }) => c.key)).toEqual(["FBK-01"]);
    expect(h1.body.periods).toEqual(["2024-25 H2", "2025-26 H1", "2025-26 H2", "2026-27 H1"]);
    const none = await call(h, "/api/compliance?clause=GOV-02", { headers: t.reviewer.auth });
    expect(none.body.contracts).toEqual([]);
    const mob = await call(h, "/api/compliance?period=Mobilisation&clause=GOV-02", {
      headers: t.reviewer.auth,
    });
    expect(mob.body.clauses).toEqual([{ key: "GOV-02", title: expect.any(String) }]);
    expect(mob.body.periods).toEqual(["Mobilisation"]);
    expect((await call(h, "/api/compliance", { headers: t.providerUser.auth })).status).toBe(403);
    expect((await call(h, "/api/compliance", { headers: second.user.auth })).status).toBe(403);
    const theirs = await call(h, "/api/compliance", { headers: other.commissioner.auth });
    expect(theirs.body.contracts).toEqual([]);
  });
});

describe("the compliance report", () => {
  it("downloads as Word by default, and as CSV with format=csv", async () => {
    const { id } = await letContract(h, t, specId, { reference: "REP/2026/7" });
    const q1 = await submit(id, "FBK-02", "2026-27 Q1");
    await decide(q1, { decision: "changes_requested", comment: "Add the route counts." });

    const docx = await h.app.request(`/api/contracts/${id}/compliance-report`, {
      headers: t.providerUser.auth,
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(docx.headers.get("content-disposition")).toBe(
      'attachment; filename="compliance-REP-2026-7-2026-08-15.docx"',
    );
    const text = await rawText(new Uint8Array(await docx.arrayBuffer()));
    expect(text).toContain("REP/2026/7");
    expect(text).toContain("Overall rating: Red");
    expect(text).toContain("GOV-02");
    expect(text).toContain("2026-27 Q1: Changes requested, due 28 July 2026");
    expect(text).toContain("Outstanding actions");

    const csv = await h.app.request(`/api/contracts/${id}/compliance-report?format=csv`, {
      headers: t.reviewer.auth,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "Contract,Party,Clause,Title,Frequency,Period,Period start,Period end,Due date,Status,Verdict,Reason or comment,Views: agree,Views: partly,Views: disagree,Clause RAG",
    );
    expect(lines).toHaveLength(1 + 22);
    expect(lines).toContain(
      'REP/2026/7,provider,FBK-02,"Safe ways to speak up, with a no-reprisal pledge",Quarterly,2026-27 Q1,2026-04-01,2026-06-30,2026-07-28,changes_requested,,Add the route counts.,0,0,0,amber',
    );
    const bad = await call(h, `/api/contracts/${id}/compliance-report?format=pdf`, {
      headers: t.reviewer.auth,
    });
    expect(bad.status).toBe(422);
  });
});

describe("whose promise it is", () => {
  // The same provider clause on two contracts, one of which also carries a commissioner clause (COM-04,
  // quarterly) whose Q1 evidence is overdue: the council's lateness must not move the provider's figures.
  let withCom: string;
  let without: string;
  beforeAll(async () => {
    const both = (await issuedSpecification(h, t, ["FBK-02", "COM-04"])).id;
    const alone = (await issuedSpecification(h, t, ["FBK-02"])).id;
    withCom = (await letContract(h, t, both, { reference: "PARTY/1" })).id;
    without = (await letContract(h, t, alone, { reference: "PARTY/2" })).id;
    for (const id of [withCom, without]) {
      await decide(await submit(id, "FBK-02", "2026-27 Q1"), { decision: "accepted", verdict: "compliant" });
    }
  });

  it("the commissioner's overdue commitment is out of the provider's percentage and RAG, and in its own figures", async () => {
    const c = await compliance(withCom);
    const control = await compliance(without);
    expect(c.summary).toEqual(control.summary);
    expect(c.summary).toMatchObject({ percentCompliant: 100, overdue: 0, rag: "green" });
    expect(c.commissionerSummary).toMatchObject({ overdue: 1, rag: "amber", counts: { overdue: 1 } });
    expect(control.commissionerSummary).toMatchObject({ overdue: 0, assessed: 0 });
    const party = Object.fromEntries(
      c.clauses.map((cl: { clauseKey: string; party: string }) => [cl.clauseKey, cl.party]),
    );
    expect(party).toEqual({ "FBK-02": "provider", "COM-04": "commissioner" });
    const com = c.clauses.find((cl: { clauseKey: string }) => cl.clauseKey === "COM-04");
    expect(com.periods[0]).toMatchObject({ party: "commissioner", period: "2026-27 Q1", status: "overdue" });
    // The provider reads the same split.
    expect((await compliance(withCom, t.providerUser)).summary).toEqual(c.summary);
  });

  it("the Word report keeps the council's commitments in a section of their own", async () => {
    const res = await h.app.request(`/api/contracts/${withCom}/compliance-report`, {
      headers: t.reviewer.auth,
    });
    expect(res.status).toBe(200);
    const text = await rawText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain("Overall rating: Green");
    expect(text).toContain("No evidence is overdue.");
    const own = text.indexOf("The commissioner's own commitments");
    expect(own).toBeGreaterThan(text.indexOf("Outstanding actions"));
    // COM-04 appears only in the commissioner's section, where its overdue evidence is listed.
    expect(text.indexOf("COM-04")).toBeGreaterThan(own);
    expect(text.slice(own)).toContain("1 item of the commissioner's evidence is overdue.");
    expect(text.slice(own)).toContain("2026-27 Q1: Overdue, due 28 July 2026");
    expect(text.slice(0, own)).toContain("Nothing is outstanding.");
    // A contract without commissioner clauses has no such section.
    const plain = await h.app.request(`/api/contracts/${without}/compliance-report`, {
      headers: t.reviewer.auth,
    });
    expect(await rawText(new Uint8Array(await plain.arrayBuffer()))).not.toContain(
      "The commissioner's own commitments",
    );
  });

  it("the CSV says whose each row is", async () => {
    const res = await h.app.request(`/api/contracts/${withCom}/compliance-report?format=csv`, {
      headers: t.providerUser.auth,
    });
    expect(res.status).toBe(200);
    const [head, ...rows] = parseCsv(await res.text());
    const col = head!.indexOf("Party");
    expect(col).toBe(1);
    const byClause = new Map(rows.map((r) => [r[2], r[col]]));
    expect(Object.fromEntries(byClause)).toEqual({ "FBK-02": "provider", "COM-04": "commissioner" });
    expect(rows.find((r) => r[2] === "COM-04" && r[5] === "2026-27 Q1")?.[9]).toBe("overdue");
  });
});
