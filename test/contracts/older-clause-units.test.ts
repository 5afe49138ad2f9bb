// A contract whose specification was issued before the library said weeks and months (374fb32) holds FBK-01's
// weeks from survey close to publication as unit number, in the specification's clauses and in its KPI: a
// time taken all the same, so the figures against targets, a proposed assessment and the promises people
// who use the service read (accepted figures) take the library's current unit for the same clause metric
// and never pro-rate it.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractKpis, specifications } from "../../src/db/schema/index.js";
import type { RenderedClause } from "../../src/model/clause-schema.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import {
  call,
  evidenceFields,
  findObligation,
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
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const created = await call(
    h,
    "/api/specifications",
    json({ title: "Older", serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  const specId = created.body.id as string;
  const put = (path: string, body: unknown) =>
    call(h, `/api/specifications/${specId}/${path}`, json(body, t.commissioner.auth, "PUT"));
  expect((await put("clauses", { clauses: [{ key: "FBK-01" }] })).status).toBe(200);
  const kpis = [{ clauseKey: "FBK-01", metric: "weeks_to_publish", mostMaterial: true }];
  expect((await put("kpis", { kpis })).status).toBe(200);
  expect((await call(h, `/api/specifications/${specId}/issue`, json({}, t.commissioner.auth))).status).toBe(
    200,
  );
  contractId = (await letContract(h, t, specId)).id;

  // As a specification issued before 374fb32 holds it: the metric's unit is number.
  const [spec] = await h.db.select().from(specifications).where(eq(specifications.id, specId));
  const snapshot = structuredClone(spec!.snapshot!);
  const fbk = snapshot.clauses.find((c: RenderedClause) => c.key === "FBK-01")!;
  const weeks = fbk.threshold!.metrics.find((m) => m.name === "weeks_to_publish")!;
  expect(weeks.unit).toBe("weeks");
  weeks.unit = "number";
  await h.db.update(specifications).set({ snapshot }).where(eq(specifications.id, specId));
  const older = await h.db
    .update(contractKpis)
    .set({ unit: "number" })
    .where(and(eq(contractKpis.contractId, contractId), eq(contractKpis.metric, "weeks_to_publish")))
    .returning();
  expect(older).toHaveLength(1);
});
afterAll(() => h.close());

describe("a duration held as a number by an older clause version", () => {
  it("reads as the time taken it is in the contract's KPIs, on the API and on the contract page", async () => {
    const kpis = await call(h, `/api/contracts/${contractId}/kpis`, { headers: t.reviewer.auth });
    expect(kpis.status).toBe(200);
    expect(kpis.body.kpis.find((k: { metric: string }) => k.metric === "weeks_to_publish")).toMatchObject({
      unit: "weeks",
      target: 8,
    });
    const page = await webPage(h, await webSession(h, t.reviewer.email), `/contracts/${contractId}`);
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain("at most 8 weeks");
  });

  it("is compared as reported in every period and rated against the whole target", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contractId, "FBK-01", "2026-27 H1");
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({
        coveredFrom: "2026-04-01",
        coveredTo: "2026-09-30",
        metrics: JSON.stringify({ responses_percent: 60, weeks_to_publish: 6 }),
      }),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);

    // At most 8 weeks: 6 weeks meets it. Pro-rated as a number it would read against 4 by six months.
    const perf = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.reviewer.auth });
    expect(perf.status).toBe(200);
    const metric = perf.body.clauses
      .find((c: { clauseKey: string }) => c.clauseKey === "FBK-01")
      .metrics.find((m: { metric: string }) => m.metric === "weeks_to_publish");
    expect(metric).toMatchObject({ unit: "weeks", proRated: false });
    expect(metric.periods.find((p: { period: string }) => p.period === "2026-27 H1")).toMatchObject({
      value: 6,
      yearToDate: null,
      target: 8,
      proRated: false,
      state: "met",
    });

    const draft = await call(
      h,
      `/api/contracts/${contractId}/assessments`,
      json({ periodEnd: "2026-09-30" }, t.reviewer.auth),
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.ratings[0]).toMatchObject({
      metric: "weeks_to_publish",
      unit: "weeks",
      target: 8,
      proRated: false,
      proposed: "good",
    });

    // The promises in plain words (representatives, the public page) read the accepted figure the same way.
    const accepted = await call(
      h,
      `/api/submissions/${res.body.id}/reviews`,
      json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const promises = await call(h, `/api/contracts/${contractId}/promises`, { headers: t.reviewer.auth });
    expect(promises.status).toBe(200);
    const fbk = promises.body.promises.find((p: { clauseKey: string }) => p.clauseKey === "FBK-01");
    const weeks = fbk.figures.find((f: { label: string }) => f.label.startsWith("Weeks"));
    expect(weeks).toMatchObject({
      value: "6 weeks",
      target: "8 weeks",
      proRated: false,
      standing: "on_target",
    });
  });

  it("is asked for in whole weeks, with the word weeks, on the evidence form, by the API and on the KPI form", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contractId, "FBK-01", "2026-27 H2");
    const fractional = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({
        coveredFrom: "2026-10-01",
        coveredTo: "2027-03-31",
        metrics: JSON.stringify({ responses_percent: 60, weeks_to_publish: 6.5 }),
      }),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(fractional.status).toBe(422);
    expect(fractional.body.errors).toContainEqual({
      path: "metrics/weeks_to_publish",
      message: "must be a whole number",
    });
    const submissions = await call(h, `/api/obligations/${ob.id}/submissions`, {
      headers: t.providerUser.auth,
    });
    expect(submissions.body).toEqual({ submissions: [] });

    // The provider's form says weeks after the box; the KPI form offers the clause's target in weeks.
    const form = await webPage(h, await webSession(h, t.providerUser.email), `/obligations/${ob.id}`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(
      /id="metric-weeks_to_publish"[\s\S]{0,400}govuk-input__suffix" aria-hidden="true">\s*weeks/,
    );
    const kpiForm = await webPage(
      h,
      await webSession(h, t.commissioner.email),
      `/contracts/${contractId}/kpis`,
    );
    expect(kpiForm.status).toBe(200);
    expect(pageText(kpiForm.html)).toContain("The clause's own target is 8 weeks");
  });
});
