// The performance record for a Provider Selection Regime direct award decision (model/direct-award.ts):
// made from the contract's figures, confirmed ratings, compliance history, the views of people who use the
// service and "you said, we did", gathered under the key criteria each clause is tagged with, and stored
// whole so it never changes afterwards.
import { and, asc, desc, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import {
  clauseVersions,
  contractAssessments,
  directAwardRecords,
  obligations,
  users,
} from "../../db/schema/index.js";
import { toCsv } from "../../lib/csv.js";
import { conflict, notFound } from "../../lib/errors.js";
import type { ClauseContent } from "../../model/clause-schema.js";
import { OBLIGATION_STATUS_WORDS, VERDICT_WORDS } from "../../model/compliance.js";
import { formatDate } from "../../model/dates.js";
import {
  criteriaOf,
  DIRECT_AWARD_CSV_HEADER,
  type DirectAwardRecord,
  directAwardCsvRows,
  type EvidenceItem,
} from "../../model/direct-award.js";
import { RATING_WORDS } from "../../model/performance.js";
import { recordAudit } from "../audit/record.js";
import { contractCompliance } from "../compliance/contract-compliance.js";
import { contractPerformance } from "../compliance/performance.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { getContract } from "../contracts/queries.js";
import { approvedYouSaid } from "../involvement/you-said-we-did.js";

type Row = typeof directAwardRecords.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  contractId: r.contractId,
  createdAt: r.createdAt.toISOString(),
  record: r.record,
});

const STATE_WORDS = {
  met: "met",
  below: "below target",
  not_reported: "not reported",
  no_target: "no target",
};
const num = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 2 });

/** What each clause of the contract says it evidences, and its category, from the versions its obligations use. */
async function clauseTags(db: ServiceCtx["db"], contractId: string) {
  const rows = await db
    .selectDistinct({ key: obligations.clauseKey, content: clauseVersions.content })
    .from(obligations)
    .innerJoin(clauseVersions, eq(clauseVersions.id, obligations.clauseVersionId))
    .where(eq(obligations.contractId, contractId));
  const tags = new Map<string, { criteria: Set<string>; category: string }>();
  for (const r of rows) {
    const content = r.content as ClauseContent;
    const t = tags.get(r.key) ?? { criteria: new Set<string>(), category: content.category };
    for (const c of content.psrCriteria ?? []) t.criteria.add(c);
    tags.set(r.key, t);
  }
  return tags;
}

/** POST /api/contracts/:id/direct-award-records: make the record as the contract stands today, and keep it. */
export async function createDirectAwardRecord({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const contract = await getContract({ ctx, input: { id: input.contractId } });
  if (contract.procurementRegime !== "provider_selection_regime")
    throw conflict(
      "A direct award record is for contracts let under the Provider Selection Regime; this contract is not.",
    );
  const [compliance, performance, tags, assessed, youSaid, [who]] = await Promise.all([
    contractCompliance({ ctx, input }),
    contractPerformance({ ctx, input }),
    clauseTags(ctx.db, contract.id),
    ctx.db
      .select()
      .from(contractAssessments)
      .where(
        and(eq(contractAssessments.contractId, contract.id), eq(contractAssessments.status, "confirmed")),
      )
      .orderBy(asc(contractAssessments.periodEnd)),
    approvedYouSaid(ctx.db, contract.id),
    ctx.db.select({ name: users.name }).from(users).where(eq(users.id, ctx.actor.userId)),
  ]);
  const clauses = compliance.clauses
    .filter((cl) => cl.party === "provider")
    .map((cl) => {
      const evidence: EvidenceItem[] = [];
      for (const m of performance.clauses.find((p) => p.clauseKey === cl.clauseKey)?.metrics ?? [])
        for (const p of m.periods)
          evidence.push({
            kind: "KPI history",
            period: p.period,
            detail: `${m.label}: ${p.value === null ? "no figure" : num(p.value)}${
              p.proRated && p.yearToDate !== null ? ` (year to date ${num(p.yearToDate)})` : ""
            }${
              p.target === null
                ? ""
                : `, target ${m.comparator === "at_most" ? "at most" : "at least"} ${num(p.target)}`
            }: ${STATE_WORDS[p.state]}${p.note ? `, ${p.note}` : ""}`,
          });
      for (const a of assessed)
        for (const r of a.ratings.filter((x) => x.clauseKey === cl.clauseKey))
          evidence.push({
            kind: "Confirmed rating",
            period: `${formatDate(a.periodStart)} to ${formatDate(a.periodEnd)}`,
            detail: `${r.metricLabel}: ${RATING_WORDS[r.rating]}${r.reason ? `. Reason: ${r.reason}` : ""}`,
          });
      for (const p of cl.periods.filter((x) => x.status !== "not_due"))
        evidence.push({
          kind: "Compliance history",
          period: p.period,
          detail: `${OBLIGATION_STATUS_WORDS[p.status]}${p.verdict ? `: ${VERDICT_WORDS[p.verdict]}` : ""}${p.reason ? `. ${p.reason}` : ""}`,
        });
      const v = cl.views;
      if (v.agree + v.partly + v.disagree > 0)
        evidence.push({
          kind: "Service users' views",
          period: null,
          detail: `People who use the service checked the evidence: ${v.agree} agreed, ${v.partly} partly agreed, ${v.disagree} disagreed`,
        });
      if (tags.get(cl.clauseKey)?.category === "you_said_we_did")
        for (const y of youSaid)
          evidence.push({
            kind: "You said, we did",
            period: y.decidedAt ? formatDate(y.decidedAt.slice(0, 10)) : null,
            detail: `You said: ${y.youSaid} We did: ${y.weDid}`,
          });
      return {
        clauseKey: cl.clauseKey,
        clauseTitle: cl.clauseTitle,
        psrCriteria: [...(tags.get(cl.clauseKey)?.criteria ?? [])],
        evidence,
      };
    });
  const record: DirectAwardRecord = {
    contract: {
      reference: contract.reference,
      title: contract.title,
      serviceName: contract.serviceName,
      providerName: contract.providerName,
      commissionerName: contract.commissionerName,
      startDate: contract.startDate,
      endDate: contract.endDate,
    },
    asOf: compliance.asOf,
    generatedAt: ctx.now.toISOString(),
    generatedByName: who?.name ?? "",
    criteria: criteriaOf(clauses),
  };
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(directAwardRecords)
      .values({ contractId: contract.id, record, createdBy: ctx.actor.userId, createdAt: ctx.now })
      .returning();
    await recordAudit(tx, ctx, {
      action: "direct_award_record.create",
      entityType: "direct_award_record",
      entityId: row!.id,
      parentType: "contract",
      parentId: contract.id,
      after: { id: row!.id, asOf: record.asOf },
    });
    return view(row!);
  });
}

/** GET /api/contracts/:id/direct-award-records: every record made, newest first. */
export async function listDirectAwardRecords({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const contract = await getContract({ ctx, input: { id: input.contractId } });
  const rows = await ctx.db
    .select()
    .from(directAwardRecords)
    .where(eq(directAwardRecords.contractId, contract.id))
    .orderBy(desc(directAwardRecords.createdAt));
  return { records: rows.map(view) };
}

async function findRecord(ctx: ServiceCtx, input: { contractId: string; recordId: string }) {
  const contract = await getContract({ ctx, input: { id: input.contractId } });
  const [row] = await ctx.db
    .select()
    .from(directAwardRecords)
    .where(and(eq(directAwardRecords.id, input.recordId), eq(directAwardRecords.contractId, contract.id)));
  if (!row) throw notFound("direct award record");
  return row;
}

type RecordInput = { contractId: string; recordId: string };

export async function getDirectAwardRecord({ ctx, input }: { ctx: ServiceCtx; input: RecordInput }) {
  return view(await findRecord(ctx, input));
}

export async function directAwardRecordCsv({ ctx, input }: { ctx: ServiceCtx; input: RecordInput }) {
  const row = await findRecord(ctx, input);
  return {
    reference: row.record.contract.reference,
    asOf: row.record.asOf,
    csv: toCsv(DIRECT_AWARD_CSV_HEADER, directAwardCsvRows(row.record)),
  };
}

export async function directAwardRecordDocx({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: RecordInput;
}) {
  const row = await findRecord(ctx, input);
  return {
    reference: row.record.contract.reference,
    asOf: row.record.asOf,
    bytes: await ctx.renderer.directAwardRecord(row.record),
  };
}
