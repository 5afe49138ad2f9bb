// Figures against targets (issue 21 item 1): each clause's metrics, period by period, against the clause's
// threshold: counts compared year to date against the pro-rated target, percentages as reported, at_most
// the other way; the latest submission counts; figures not yet accepted read "reported, not yet checked";
// the commissioner's own commitments apart; the same as CSV; and nobody else's contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawText } from "../documents/helpers.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
  webPage,
  webSession,
} from "./fixtures.js";

const clock = makeClock("2026-10-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;
beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await issuedSpecification(h, t, ["ACC-04", "FBK-01", "COM-04"]);
  contractId = (await letContract(h, t, spec.id)).id;
});
afterAll(() => h.close());

async function submit(
  clause: string,
  period: string,
  metrics: Record<string, number>,
  covered: [string, string],
) {
  const ob = await findObligation(h, t.providerUser.auth, contractId, clause, period);
  const res = await upload(h, t.providerUser.auth, ob.id, [
    ...evidenceFields({ coveredFrom: covered[0], coveredTo: covered[1], metrics: JSON.stringify(metrics) }),
    { name: "files", filename: "evidence.pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const decide = async (submissionId: string, body: unknown) => {
  const res = await call(h, `/api/submissions/${submissionId}/reviews`, json(body, t.reviewer.auth));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field, as a test reads them.
type Json = any;
const metricOf = (body: Json, clause: string, metric: string) =>
  [...body.clauses, ...body.commissionerClauses]
    .find((c: Json) => c.clauseKey === clause)
    .metrics.find((m: Json) => m.metric === metric);
const periodOf = (body: Json, clause: string, metric: string, period: string) =>
  metricOf(body, clause, metric).periods.find((p: Json) => p.period === period);

describe("figures against targets", () => {
  it("reads each period's figure against its target, year to date for counts, with its state", async () => {
    const q1 = await submit("ACC-04", "2026-27 Q1", { routes_active: 1 }, ["2026-04-01", "2026-06-30"]);
    await submit("ACC-04", "2026-27 Q2", { routes_active: 0 }, ["2026-07-01", "2026-09-30"]);
    await decide(q1, { decision: "accepted", verdict: "compliant" });

    const res = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.commissioner.auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const routes = metricOf(res.body, "ACC-04", "routes_active");
    expect(routes).toMatchObject({ unit: "count", comparator: "at_least", annualTarget: 3, proRated: true });
    // Q1: 1 against 3 x 3/12 = 0.75, accepted.
    expect(periodOf(res.body, "ACC-04", "routes_active", "2026-27 Q1")).toMatchObject({
      value: 1,
      yearToDate: 1,
      target: 0.75,
      proRated: true,
      months: 3,
      state: "met",
      checked: true,
      note: null,
    });
    // Q2: a nil return is a figure; 1 so far this year against 1.5; not yet accepted.
    expect(periodOf(res.body, "ACC-04", "routes_active", "2026-27 Q2")).toMatchObject({
      value: 0,
      yearToDate: 1,
      target: 1.5,
      state: "below",
      checked: false,
      note: "reported, not yet checked",
    });
    // Q3: nothing yet.
    expect(periodOf(res.body, "ACC-04", "routes_active", "2026-27 Q3")).toMatchObject({
      value: null,
      yearToDate: null,
      target: 2.25,
      state: "not_reported",
      note: null,
    });
    // Periods yet to begin are not listed: nothing can be read against their targets yet.
    expect(routes.periods.map((p: Json) => p.period)).toEqual(["2026-27 Q1", "2026-27 Q2", "2026-27 Q3"]);
    // Once begun, the second contract year starts from nothing again.
    clock.set("2027-04-15T12:00:00Z");
    try {
      const later = await call(h, `/api/contracts/${contractId}/performance`, {
        headers: t.commissioner.auth,
      });
      expect(periodOf(later.body, "ACC-04", "routes_active", "2026-27 Q4")).toMatchObject({
        yearToDate: null,
        target: 3,
        state: "not_reported",
      });
      expect(periodOf(later.body, "ACC-04", "routes_active", "2027-28 Q1")).toMatchObject({
        target: 0.75,
        months: 3,
      });
    } finally {
      clock.set("2026-10-15T12:00:00Z");
    }
  });

  it("never pro-rates percentages or weeks, reads at_most the other way, and counts the latest submission", async () => {
    const first = await submit("FBK-01", "2026-27 H1", { responses_percent: 12, weeks_to_publish: 9 }, [
      "2026-04-01",
      "2026-09-30",
    ]);
    let res = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.providerUser.auth });
    expect(res.status).toBe(200);
    expect(periodOf(res.body, "FBK-01", "responses_percent", "2026-27 H1")).toMatchObject({
      value: 12,
      yearToDate: null,
      target: 10,
      proRated: false,
      state: "met",
    });
    // At most 8 weeks from survey close to publication, in every period (a time taken is never added up
    // over the year or pro-rated): 9 is over.
    expect(metricOf(res.body, "FBK-01", "weeks_to_publish")).toMatchObject({
      comparator: "at_most",
      unit: "weeks",
    });
    expect(periodOf(res.body, "FBK-01", "weeks_to_publish", "2026-27 H1")).toMatchObject({
      value: 9,
      yearToDate: null,
      target: 8,
      proRated: false,
      state: "below",
    });

    await decide(first, {
      decision: "changes_requested",
      comment: "The weeks are counted from the wrong date.",
    });
    await submit("FBK-01", "2026-27 H1", { responses_percent: 9, weeks_to_publish: 3 }, [
      "2026-04-01",
      "2026-09-30",
    ]);
    res = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.reviewer.auth });
    expect(periodOf(res.body, "FBK-01", "weeks_to_publish", "2026-27 H1")).toMatchObject({
      value: 3,
      state: "met",
      note: "reported, not yet checked",
    });
    expect(periodOf(res.body, "FBK-01", "responses_percent", "2026-27 H1")).toMatchObject({
      value: 9,
      state: "below",
    });
  });

  it("keeps the commissioner's own commitments apart", async () => {
    const res = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.commissioner.auth });
    expect(res.body.clauses.map((c: Json) => c.clauseKey).sort()).toEqual(["ACC-04", "FBK-01"]);
    expect(res.body.commissionerClauses.map((c: Json) => [c.clauseKey, c.party])).toEqual([
      ["COM-04", "commissioner"],
    ]);
  });

  it("gives the same as CSV with a party column", async () => {
    const res = await h.app.request(`/api/contracts/${contractId}/performance?format=csv`, {
      headers: t.commissioner.auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="performance-/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "Party,Clause,Clause title,Metric,Metric label,Unit,Comparator,Period,Period end,Figure,Year to date,Target,Pro-rated,State,Note",
    );
    const q2 = lines.find((l) => l.includes("routes_active") && l.includes("2026-27 Q2"))!;
    expect(q2).toMatch(/^provider,ACC-04,/);
    expect(q2).toMatch(/,2026-09-30,0,1,1\.5,yes,below,"reported, not yet checked"$/);
    expect(lines.some((l) => l.startsWith("commissioner,COM-04,"))).toBe(true);
  });

  it("is nobody else's: another council, another provider and nobody signed in read 404", async () => {
    for (const who of [other.commissioner, other.reviewer, other.providerUser]) {
      for (const q of ["", "?format=csv"]) {
        const res = await call(h, `/api/contracts/${contractId}/performance${q}`, { headers: who.auth });
        expect(res.status).toBe(404);
      }
    }
    const anonymous = await call(h, `/api/contracts/${contractId}/performance`);
    expect(anonymous.status).toBe(404);
  });

  it("shows a table per clause and metric on the compliance page, the council's own apart", async () => {
    const s = await webSession(h, t.commissioner.email);
    const page = await webPage(h, s, `/contracts/${contractId}/compliance`);
    expect(page.status).toBe(200);
    const text = pageText(page.html);
    expect(text).toContain("Figures against targets");
    expect(text).toMatch(
      /ACC-04 [^:]+: Involvement routes with at least one participant in the quarter \(at least the target, year to date\) Period Figure Year to date Target Met, below or not reported 2026-27 Q1 1 1 at least 0\.75 Met 2026-27 Q2 0 1 at least 1\.5 Below target \(reported, not yet checked\) 2026-27 Q3 – – at least 2\.25 Not reported/,
    );
    // Periods not begun are left out.
    expect(text).not.toMatch(/ACC-04 [^:]+: Involvement routes[\s\S]*2027-28 Q1 – – at least/);
    expect(text).toContain("The commissioner's figures against targets");
    expect(page.html).toMatch(
      /<th scope="col" class="govuk-table__header[^"]*">Met, below or not reported<\/th>/,
    );
  });

  it("leads the Word compliance report, which lists the periods due so far and the next, not every future one", async () => {
    const res = await h.app.request(`/api/contracts/${contractId}/compliance-report`, {
      headers: t.reviewer.auth,
    });
    expect(res.status).toBe(200);
    const text = await rawText(new Uint8Array(await res.arrayBuffer()));
    const lead = text.indexOf("Figures against targets");
    expect(lead).toBeGreaterThan(text.indexOf("Contract details"));
    expect(lead).toBeLessThan(text.indexOf("Summary"));
    expect(text).toMatch(
      /ACC-04 [^:]+: Involvement routes[\s\S]*at least 3 a year, compared year to date[\s\S]*2026-27 Q1\s*1\s*at least 0\.75\s*Met[\s\S]*2026-27 Q2\s*0 \(1 so far this year\), reported, not yet checked\s*at least 1\.5\s*Below target/,
    );
    // Today is in Q3 (15 October 2026): Q3 is the next period due; Q4 and later years are not listed.
    expect(text).toMatch(/2026-27 Q3: [^\n]*due/);
    expect(text).not.toContain("2026-27 Q4");
    expect(text).not.toContain("2027-28");
  });
});
