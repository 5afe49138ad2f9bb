// The demo's performance story, checked through the API after seeding (issue 21's demo acceptance): a contract
// with figures over four quarters, at least one below target, KPIs, and one confirmed assessment with a changed
// rating and its reason; its notice draft with every regulation 39 field filled; the Word assessment and the
// Word direct award record open in LibreOffice, and the record's CSV has every key criterion. Who may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type DemoSeed, seedDemo } from "../../src/demo/seed.js";
import { inProcessRenderer } from "../../src/documents/renderer.js";
import { signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";
import { call, makeClock } from "./fixtures.js";

const clock = makeClock("2026-12-07T10:00:00Z");
let h: Harness;
let seed: DemoSeed;
const as: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  seed = await seedDemo(h.db, {
    renderer: inProcessRenderer,
    files: h.deps.files,
    now: clock.now(),
    tag: crypto.randomUUID().slice(0, 6),
  });
  for (const a of seed.accounts) {
    const key = a.organisation.startsWith("Harbour Lane") ? `${a.role}-other` : a.role;
    as[key] = (await signInSession(h.app, a.email, DEMO_PASSWORD)).headers;
  }
}, 600_000);
afterAll(() => h.close());

const get = (path: string, who: string) => call(h, path, { headers: as[who]! });
const bytes = async (path: string, who: string) => {
  const res = await h.app.request(path, { headers: as[who]! });
  expect(res.status, path).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
};

describe("the demo's performance story", () => {
  it("has a year of figures, KPIs, a confirmed assessment with a changed rating, and records that open", async () => {
    const list = await get("/api/contracts", "reviewer");
    expect(list.status).toBe(200);
    const contract = list.body.contracts.find(
      (c: { reference: string }) => c.reference === "NCC-DAT-2025-03",
    );
    expect(
      contract,
      JSON.stringify(list.body.contracts.map((c: { reference: string }) => c.reference)),
    ).toBeTruthy();
    const base = `/api/contracts/${contract.id}`;

    const kpis = await get(`${base}/kpis`, "reviewer");
    expect(kpis.status).toBe(200);
    expect(kpis.body.kpis.length).toBeGreaterThanOrEqual(3);

    // Figures over four quarters, at least one below its target.
    const perf = await get(`${base}/performance`, "reviewer");
    expect(perf.status).toBe(200);
    const periods = perf.body.clauses.flatMap((c: { metrics: Array<{ periods: unknown[] }> }) =>
      c.metrics.flatMap((m) => m.periods),
    ) as Array<{ period: string; value: number | null; state: string }>;
    const reported = new Set(periods.filter((p) => p.value !== null).map((p) => p.period));
    for (const q of ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4"]) expect(reported).toContain(q);
    expect(periods.some((p) => p.state === "below")).toBe(true);

    // One confirmed assessment, one rating changed with its reason.
    const assessments = await get(`${base}/assessments`, "reviewer");
    const confirmed = assessments.body.assessments.filter(
      (a: { status: string }) => a.status === "confirmed",
    );
    expect(confirmed).toHaveLength(1);
    const changed = confirmed[0].ratings.filter(
      (r: { rating: string; proposed: string; reason: string | null }) => r.rating !== r.proposed && r.reason,
    );
    expect(changed).toHaveLength(1);
    const aBase = `${base}/assessments/${confirmed[0].id}`;

    // The notice draft: every regulation 39 field has a value.
    const notice = await get(`${aBase}/notice`, "reviewer");
    expect(notice.status).toBe(200);
    expect(notice.body.status).toBe("draft");
    expect(notice.body.missing).toEqual([]);
    for (const f of notice.body.fields) expect(f.value?.trim(), f.field).toBeTruthy();
    expect(notice.body.applicability.text).toMatch(/^Provider Selection Regime/);

    // The direct award record the demo made, its CSV with every criterion, and who may not read it.
    const records = await get(`${base}/direct-award-records`, "reviewer");
    expect(records.status).toBe(200);
    expect(records.body.records).toHaveLength(1);
    const record = records.body.records[0];
    expect(record.record.criteria).toHaveLength(5);
    for (const c of record.record.criteria) {
      expect(c.clauses.length, c.name).toBeGreaterThan(0);
      expect(
        c.clauses.some((cl: { evidence: unknown[] }) => cl.evidence.length > 0),
        c.name,
      ).toBe(true);
    }
    const kinds = new Set(
      record.record.criteria.flatMap((c: { clauses: Array<{ evidence: Array<{ kind: string }> }> }) =>
        c.clauses.flatMap((cl) => cl.evidence.map((e) => e.kind)),
      ),
    );
    for (const k of ["KPI history", "Confirmed rating", "Compliance history", "You said, we did"])
      expect(kinds).toContain(k);
    const rBase = `${base}/direct-award-records/${record.id}`;
    const csv = new TextDecoder().decode(await bytes(`${rBase}?format=csv`, "reviewer"));
    for (const name of ["Quality and innovation", "Value", "Social value"]) expect(csv).toContain(name);
    expect((await get(rBase, "provider")).status).toBe(200);
    expect((await get(rBase, "provider-other")).status).toBe(404);
    expect((await get(rBase, "representative")).status).toBe(404);
    expect(
      (await call(h, `${base}/direct-award-records`, { method: "POST", headers: as.provider! })).status,
    ).toBe(403);
    // A record is kept as made: a new one is a new row, the first reads as before.
    const before = await bytes(`${rBase}?format=docx`, "reviewer");
    const again = await call(h, `${base}/direct-award-records`, {
      method: "POST",
      headers: as.commissioner!,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const after = await bytes(`${rBase}?format=docx`, "reviewer");
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);

    // Both Word files open in LibreOffice and say what they are.
    const opened = await openInLibreOffice({
      assessment: await bytes(`${aBase}/document`, "reviewer"),
      record: before,
    });
    const assessmentText = opened.assessment!.pages.join(" ");
    expect(assessmentText).toContain("Contract performance assessment");
    expect(assessmentText).toContain(changed[0].reason.slice(0, 40));
    const recordText = opened.record!.pages.join(" ");
    expect(recordText).toContain("Performance record for a direct award decision");
    expect(recordText).toContain("Improving access, reducing health inequalities and facilitating choice");
    expect(recordText).toContain("Evening appointments");
  }, 600_000);
});
