// Figures stored typed (issue 21 item 1): each submission's figures are rows of submission_figures, one per
// metric with its kind and the obligation's contract, clause and period, written with the submission; a
// re-submission's figures are the ones that count; and migration 0024's backfill from the metrics JSON
// gives the same rows as the submit service wrote, figures typed as people type them included.
import { readFileSync } from "node:fs";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissionFigures, submissions } from "../../src/db/schema/index.js";
import { latestFigures } from "../../src/services/evidence/figures.js";
import { json, makeTenant } from "../factories.js";
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

const clock = makeClock("2026-10-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let contractId: string;
beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const spec = await issuedSpecification(h, t, ["ACC-04", "FBK-01"]);
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
  return { submissionId: res.body.id as string, obligationId: ob.id as string };
}

const rowsOf = (submissionId: string) =>
  h.db
    .select()
    .from(submissionFigures)
    .where(eq(submissionFigures.submissionId, submissionId))
    .orderBy(asc(submissionFigures.metric));

const allRows = () =>
  h.db
    .select()
    .from(submissionFigures)
    .where(eq(submissionFigures.contractId, contractId))
    .orderBy(asc(submissionFigures.submissionId), asc(submissionFigures.metric));

describe("figures stored typed", () => {
  let first: { submissionId: string; obligationId: string };
  let second: { submissionId: string; obligationId: string };

  it("stores a row per metric with its kind, value and the obligation's keys, with the submission", async () => {
    const q1 = await submit("ACC-04", "2026-27 Q1", { routes_active: 4 }, ["2026-04-01", "2026-06-30"]);
    expect(await rowsOf(q1.submissionId)).toEqual([
      {
        submissionId: q1.submissionId,
        obligationId: q1.obligationId,
        contractId,
        clauseKey: "ACC-04",
        period: "2026-27 Q1",
        periodEnd: "2026-06-30",
        metric: "routes_active",
        kind: "count",
        value: 4,
      },
    ]);
    first = await submit("FBK-01", "2026-27 H1", { responses_percent: 12.5, weeks_to_publish: 5 }, [
      "2026-04-01",
      "2026-09-30",
    ]);
    const rows = await rowsOf(first.submissionId);
    expect(rows.map((r) => [r.metric, r.kind, r.value, r.period, r.periodEnd])).toEqual([
      ["responses_percent", "percent", 12.5, "2026-27 H1", "2026-09-30"],
      ["weeks_to_publish", "weeks", 5, "2026-27 H1", "2026-09-30"],
    ]);
  });

  it("counts a re-submission's figures, a nil return among them, and keeps the earlier ones", async () => {
    const d = await call(
      h,
      `/api/submissions/${first.submissionId}/reviews`,
      json(
        { decision: "changes_requested", comment: "The weeks are counted from the wrong date." },
        t.reviewer.auth,
      ),
    );
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    second = await submit("FBK-01", "2026-27 H1", { responses_percent: 9, weeks_to_publish: 0 }, [
      "2026-04-01",
      "2026-09-30",
    ]);
    expect((await rowsOf(second.submissionId)).map((r) => [r.metric, r.value])).toEqual([
      ["responses_percent", 9],
      ["weeks_to_publish", 0],
    ]);
    expect((await rowsOf(first.submissionId)).map((r) => r.value)).toEqual([12.5, 5]);

    const latest = await latestFigures(h.db, { contractId, clauseKeys: ["FBK-01"] });
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ submissionId: second.submissionId, status: "submitted" });
    expect(Object.fromEntries(latest[0]!.figures)).toEqual({ responses_percent: 9, weeks_to_publish: 0 });

    // What the performance API shows: the re-submission's figures, the nil return as 0.
    const res = await call(h, `/api/contracts/${contractId}/performance`, { headers: t.reviewer.auth });
    expect(res.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field.
    const fbk = res.body.clauses.find((c: any) => c.clauseKey === "FBK-01");
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const value = (metric: string) => fbk.metrics.find((m: any) => m.metric === metric).periods[0].value;
    expect([value("responses_percent"), value("weeks_to_publish")]).toEqual([9, 0]);
  });

  it("is what migration 0024's backfill makes from the metrics JSON, figures as people type them too", async () => {
    const migration = readFileSync(
      new URL("../../drizzle/0024_submission_figures.sql", import.meta.url),
      "utf8",
    );
    const statement = migration.split("--> statement-breakpoint").find((s) => s.includes("INSERT INTO"));
    expect(statement).toContain(`WHERE f."value" IS NOT NULL;`);
    // Only this contract's: other tests' rows may share the database.
    const backfill = statement!.replace(
      `WHERE f."value" IS NOT NULL;`,
      `WHERE f."value" IS NOT NULL AND o."contract_id" = '${contractId}';`,
    );
    const written = await allRows();
    expect(written).toHaveLength(5);

    await h.db.delete(submissionFigures).where(eq(submissionFigures.contractId, contractId));
    await h.db.execute(sql.raw(backfill));
    expect(await allRows()).toEqual(written);

    // Stored as typed: '1,250' and '85%' are figures, 'n/a' and '' are not.
    await h.db.delete(submissionFigures).where(eq(submissionFigures.contractId, contractId));
    await h.db
      .update(submissions)
      .set({ metrics: { responses_percent: "85%", weeks_to_publish: "1,250", other: "n/a", empty: "" } })
      .where(eq(submissions.id, second.submissionId));
    await h.db.execute(sql.raw(backfill));
    expect((await rowsOf(second.submissionId)).map((r) => [r.metric, r.value])).toEqual([
      ["responses_percent", 85],
      ["weeks_to_publish", 1250],
    ]);
  });
});
