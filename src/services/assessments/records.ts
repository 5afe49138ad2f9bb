// The records a council files or publishes from a confirmed assessment: the contract performance notice
// draft (UK9) as JSON or CSV, and the Word "Contract performance assessment" for the review meeting. Each
// is made from the assessment's stored ratings and record alone, so it reads the same however often it is
// asked for and whatever has changed since.
import { and, eq, isNull } from "drizzle-orm";
import { contractAssessments } from "../../db/schema/index.js";
import { toCsv } from "../../lib/csv.js";
import { conflict } from "../../lib/errors.js";
import type { AssessmentDocumentInput } from "../../model/document-input.js";
import {
  missingNoticeDetails,
  NOTICE_CSV_HEADER,
  noticeCsvRows,
  noticeDraft,
} from "../../model/performance-notice.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { findAssessment } from "./assessments.js";
import { assessmentRecordOf } from "./record.js";

type Input = { contractId: string; assessmentId: string };

/** The confirmed assessment and its record (one confirmed before records were kept gets its record now, once). */
async function confirmedSource(ctx: ServiceCtx, input: Input) {
  const { contract, row } = await findAssessment(ctx, input.contractId, input.assessmentId);
  if (row.status !== "confirmed")
    throw conflict("Confirm the assessment first: its records are made from the confirmed ratings.");
  let record = row.record;
  if (!record) {
    record = await assessmentRecordOf(ctx.db, contract.id, row.confirmedBy, row.confirmedAt ?? ctx.now);
    await ctx.db
      .update(contractAssessments)
      .set({ record })
      .where(and(eq(contractAssessments.id, row.id), isNull(contractAssessments.record)));
  }
  return {
    reference: record.contract.reference,
    source: {
      assessment: {
        id: row.id,
        periodStart: row.periodStart,
        periodEnd: row.periodEnd,
        ratings: row.ratings,
      },
      record,
    },
  };
}

/** GET .../assessments/:assessmentId/notice: the draft notice, every regulation 39 field with its value. */
export async function assessmentNotice({ ctx, input }: { ctx: ServiceCtx; input: Input }) {
  const { source } = await confirmedSource(ctx, input);
  return noticeDraft(source);
}

/** The same draft as CSV: one row per KPI, each carrying the whole notice. */
export async function assessmentNoticeCsv({ ctx, input }: { ctx: ServiceCtx; input: Input }) {
  const { reference, source } = await confirmedSource(ctx, input);
  const notice = noticeDraft(source);
  return { reference, periodEnd: notice.period.end, csv: toCsv(NOTICE_CSV_HEADER, noticeCsvRows(notice)) };
}

/** The Word "Contract performance assessment", dated by its confirmation. */
export async function assessmentDocx({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: Input;
}) {
  const { reference, source } = await confirmedSource(ctx, input);
  const doc: AssessmentDocumentInput = { ...source, notice: noticeDraft(source) };
  return { reference, periodEnd: source.assessment.periodEnd, bytes: await ctx.renderer.assessment(doc) };
}

/**
 * The details the assessment's notice draft lacks (an organisation's postal address, email address or
 * identifier; the contract's title or procurement identifier), so its fields would be empty. A draft's
 * notice takes the details as they stand when it is confirmed, so they are read as they stand now and
 * can still be entered (`kept` false); a confirmed assessment's are those kept with it (`kept` true),
 * unless it was confirmed before records were kept, when they are read at its first download.
 */
export async function noticeGaps({ ctx, input }: { ctx: ServiceCtx; input: Input }) {
  const { contract, row } = await findAssessment(ctx, input.contractId, input.assessmentId);
  const record =
    row.record ??
    (await assessmentRecordOf(ctx.db, contract.id, row.confirmedBy, row.confirmedAt ?? ctx.now));
  const notice = noticeDraft({
    assessment: { id: row.id, periodStart: row.periodStart, periodEnd: row.periodEnd, ratings: row.ratings },
    record,
  });
  return { kept: row.record !== null, missing: missingNoticeDetails(notice) };
}
