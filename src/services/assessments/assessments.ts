// Performance assessments against a contract's KPIs: a draft in which WithUs proposes each rating from the
// figures, ratings changed by the council's staff with a reason, and confirmation, after which nothing in
// it changes (it carries its KPIs, targets and figures) and the contract's KPIs are fixed.
import { and, asc, desc, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { contractAssessments } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict, notFound, validation } from "../../lib/errors.js";
import { textProblem } from "../../lib/text.js";
import { assessmentScope } from "../../model/access-policy.js";
import {
  type AssessedFigure,
  type AssessmentRating,
  nextAssessmentDue,
  proposeKpiRating,
} from "../../model/assessment.js";
import { addDays, formatDate, isoDateProblem } from "../../model/dates.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { RATING_WORDS, RATINGS, type Rating } from "../../model/performance.js";
import { recordAudit } from "../audit/record.js";
import { libraryUnitJudge } from "../clauses/library-units.js";
import type { ServiceCtx } from "../context.js";
import { contractKpiRows } from "../contracts/kpis.js";
import { findContract, getContract } from "../contracts/queries.js";
import { latestFigures } from "../evidence/figures.js";
import { activeUsers, enqueueMessages } from "../notifications/enqueue.js";
import { findSpecification, renderedClausesOf } from "../specifications/queries.js";
import { assessmentRecordOf } from "./record.js";

type AssessmentRow = typeof contractAssessments.$inferSelect;

function assessmentView(a: AssessmentRow) {
  return {
    id: a.id,
    contractId: a.contractId,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    status: a.status,
    // The clause's text is kept from when it was proposed; older assessments say null.
    ratings: a.ratings.map((r) => ({
      ...r,
      clauseVersion: r.clauseVersion ?? null,
      clauseRequirement: r.clauseRequirement ?? null,
      clauseThreshold: r.clauseThreshold ?? null,
    })),
    confirmedAt: a.confirmedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

async function lastConfirmed(db: ServiceCtx["db"], contractId: string) {
  const [row] = await db
    .select()
    .from(contractAssessments)
    .where(and(eq(contractAssessments.contractId, contractId), eq(contractAssessments.status, "confirmed")))
    .orderBy(desc(contractAssessments.periodEnd))
    .limit(1);
  return row ?? null;
}

/** GET /api/contracts/:id/assessments: those the caller may read, and when the next is due. */
export async function listAssessments({ ctx, input }: { ctx: ServiceCtx; input: { contractId: string } }) {
  const contract = await findContract({ ctx, input: { id: input.contractId } });
  const rows = await ctx.db
    .select()
    .from(contractAssessments)
    .where(
      and(
        eq(contractAssessments.contractId, contract.id),
        assessmentScope(ctx.actor) === "all" ? undefined : eq(contractAssessments.status, "confirmed"),
      ),
    )
    .orderBy(asc(contractAssessments.periodEnd), asc(contractAssessments.createdAt));
  const last = await lastConfirmed(ctx.db, contract.id);
  return {
    assessments: rows.map(assessmentView),
    nextDue: nextAssessmentDue(contract, last?.periodEnd ?? null),
  };
}

export async function findAssessment(
  ctx: ServiceCtx,
  contractId: string,
  assessmentId: string,
  lock = false,
) {
  const contract = await findContract({ ctx, input: { id: contractId } });
  const q = ctx.db
    .select()
    .from(contractAssessments)
    .where(and(eq(contractAssessments.id, assessmentId), eq(contractAssessments.contractId, contract.id)));
  const [row] = lock ? await q.for("update") : await q;
  // A provider never sees a draft: answered as for one that does not exist.
  if (!row || (row.status !== "confirmed" && assessmentScope(ctx.actor) !== "all"))
    throw notFound("assessment");
  return { contract, row };
}

export async function getAssessment({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string; assessmentId: string };
}) {
  return assessmentView((await findAssessment(ctx, input.contractId, input.assessmentId)).row);
}

/** POST /api/contracts/:id/assessments: a draft with each KPI's rating proposed from its latest figure. */
export async function proposeAssessment({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string; periodEnd: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const c = { ...ctx, db: tx };
    const contract = await findContract({ ctx: c, input: { id: input.contractId, lock: true } });
    const problem = isoDateProblem(input.periodEnd);
    if (problem) throw validation([{ path: "periodEnd", message: problem }]);
    if (input.periodEnd < contract.startDate)
      throw validation([
        { path: "periodEnd", message: "the period must end on or after the contract's start" },
      ]);
    const last = await lastConfirmed(tx, contract.id);
    if (last && input.periodEnd <= last.periodEnd)
      throw validation([
        {
          path: "periodEnd",
          message: `the period must end after the last confirmed assessment's (${last.periodEnd})`,
        },
      ]);
    const stored = await contractKpiRows(tx, contract.id);
    // A KPI carried from an older clause version may hold a time taken as a number.
    const unitOf = await libraryUnitJudge(
      tx,
      stored.map((k) => k.clauseKey),
    );
    const kpis = stored.map((k) => ({ ...k, unit: unitOf(k.clauseKey, k.metric, k.unit) }));
    if (!kpis.length) throw validation([{ path: "kpis", message: "the contract has no KPIs to assess" }]);
    // Each KPI's figure: from the latest period ending by periodEnd whose latest submission reports it.
    const reported = await latestFigures(tx, {
      contractId: contract.id,
      clauseKeys: [...new Set(kpis.map((k) => k.clauseKey))],
      periodEndBy: input.periodEnd,
    });
    // The clauses as the contract's specification words them, kept in the assessment with the figures.
    const spec = await findSpecification({ ctx: c, input: { id: contract.specificationId } });
    const clauses = new Map((await renderedClausesOf({ ctx: c, input: spec })).map((r) => [r.key, r]));
    const ratings: AssessmentRating[] = kpis.map((k) => {
      const r = reported.find((o) => o.clauseKey === k.clauseKey && o.figures.has(k.metric));
      const figure: AssessedFigure | null = r
        ? {
            period: r.period,
            periodEnd: r.periodEnd!,
            value: r.figures.get(k.metric)!,
            accepted: r.status === "accepted",
          }
        : null;
      const p = proposeKpiRating(k, figure, contract.startDate, input.periodEnd);
      return {
        kpiId: k.id,
        clauseKey: k.clauseKey,
        clauseTitle: k.clauseTitle,
        clauseVersion: clauses.get(k.clauseKey)?.version ?? null,
        clauseRequirement: clauses.get(k.clauseKey)?.requirement ?? null,
        clauseThreshold: clauses.get(k.clauseKey)?.threshold?.description ?? null,
        metric: k.metric,
        metricLabel: k.metricLabel,
        unit: k.unit,
        comparator: k.comparator,
        frequency: k.frequency,
        mostMaterial: k.mostMaterial,
        tolerancePercent: k.tolerancePercent,
        annualTarget: p.annualTarget,
        target: p.target,
        proRated: p.proRated,
        figure,
        proposed: p.proposed,
        rating: p.proposed,
        reason: null,
      };
    });
    let row: AssessmentRow;
    try {
      [row] = (await tx
        .insert(contractAssessments)
        .values({
          contractId: contract.id,
          periodStart: last ? addDays(last.periodEnd, 1) : contract.startDate,
          periodEnd: input.periodEnd,
          ratings,
          createdBy: ctx.actor.userId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning()) as [AssessmentRow];
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict("An assessment of this contract is already in draft: confirm or change that one.");
      throw e;
    }
    const view = assessmentView(row);
    await recordAudit(tx, ctx, {
      action: "assessment.propose",
      entityType: "assessment",
      entityId: row.id,
      parentType: "contract",
      parentId: contract.id,
      after: view,
    });
    return view;
  });
}

export const REASON_TOO_LONG = `must be ${TEXT_LIMITS.assessmentReason.max.toLocaleString("en-GB")} characters or fewer`;

/** PUT .../assessments/:assessmentId/ratings/:kpiId: a person's rating, with the reason for it. */
export async function setAssessmentRating({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string; assessmentId: string; kpiId: string; rating: string; reason?: string | null };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const { row } = await findAssessment({ ...ctx, db: tx }, input.contractId, input.assessmentId, true);
    if (row.status !== "draft") throw conflict("This assessment is confirmed and can no longer change.");
    const at = row.ratings.findIndex((r) => r.kpiId === input.kpiId);
    if (at < 0) throw notFound("KPI in this assessment");
    const reason = input.reason?.trim() || null;
    const errors = [];
    if (!(RATINGS as readonly string[]).includes(input.rating))
      errors.push({ path: "rating", message: `must be one of: ${RATINGS.join(", ")}` });
    else if (input.rating === "other" && !reason)
      errors.push({ path: "reason", message: "say why none of the other four ratings fits" });
    else if (input.rating !== row.ratings[at]!.proposed && !reason)
      errors.push({ path: "reason", message: "say why the rating differs from the one the figures propose" });
    const reasonProblem = reason ? textProblem(reason, "long") : undefined;
    if (reasonProblem) errors.push({ path: "reason", message: reasonProblem });
    else if (reason && reason.length > TEXT_LIMITS.assessmentReason.max)
      errors.push({ path: "reason", message: REASON_TOO_LONG });
    if (errors.length) throw validation(errors);
    const before = row.ratings[at]!;
    const ratings = row.ratings.map((r, i) =>
      i === at ? { ...r, rating: input.rating as Rating, reason } : r,
    );
    const [after] = await tx
      .update(contractAssessments)
      .set({ ratings, updatedAt: ctx.now })
      .where(eq(contractAssessments.id, row.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "assessment.rate",
      entityType: "assessment",
      entityId: row.id,
      parentType: "contract",
      parentId: row.contractId,
      before: { kpiId: before.kpiId, rating: before.rating, reason: before.reason },
      after: { kpiId: before.kpiId, rating: input.rating, reason },
    });
    return assessmentView(after!);
  });
}

/** POST .../assessments/:assessmentId/confirmation: fixes it for good, and tells the provider. */
export async function confirmAssessment({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string; assessmentId: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const c = { ...ctx, db: tx };
    const { contract, row } = await findAssessment(c, input.contractId, input.assessmentId, true);
    if (row.status !== "draft") throw conflict("This assessment is already confirmed.");
    const record = await assessmentRecordOf(tx, contract.id, ctx.actor.userId, ctx.now);
    const [after] = await tx
      .update(contractAssessments)
      .set({
        status: "confirmed",
        confirmedAt: ctx.now,
        confirmedBy: ctx.actor.userId,
        updatedAt: ctx.now,
        record,
      })
      .where(eq(contractAssessments.id, row.id))
      .returning();
    const view = assessmentView(after!);
    const names = await getContract({ ctx: c, input: { id: contract.id } });
    const counts = new Map<Rating, number>();
    for (const r of row.ratings) counts.set(r.rating, (counts.get(r.rating) ?? 0) + 1);
    const summary = RATINGS.filter((r) => counts.has(r))
      .map((r) => `${RATING_WORDS[r]}: ${counts.get(r)}`)
      .join(", ");
    const recipients = await activeUsers(tx, contract.providerOrganisationId, "assessment_confirmed");
    await enqueueMessages(
      tx,
      recipients.map((userId) => ({
        userId,
        organisationId: contract.organisationId,
        kind: "assessment-confirmed" as const,
        params: {
          contract: contract.reference,
          council: names.commissionerName,
          periodEnd: formatDate(row.periodEnd),
          summary,
        },
        link: `/contracts/${contract.id}/assessments/${row.id}`,
        dedupeKey: `assessment-confirmed:${row.id}`,
      })),
      ctx.now,
    );
    await recordAudit(tx, ctx, {
      action: "assessment.confirm",
      entityType: "assessment",
      entityId: row.id,
      parentType: "contract",
      parentId: contract.id,
      after: view,
    });
    return view;
  });
}
