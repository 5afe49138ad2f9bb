// Submitting evidence against an obligation: the one intake path the API and the web form share. The
// caller's right to submit and the text fields are checked first (the fields come before the files in the
// body); then each file streams through the type checks and the virus scanner into the store, and the
// submission, its files and the obligation's new state are written in one transaction with their audit
// events. If anything fails after a file was stored, it is deleted: no row, no stray file. (A crash
// between the two is what the orphan sweep is for.)

import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import {
  contracts,
  obligations,
  specifications,
  submissionFiles,
  submissions,
} from "../../db/schema/index.js";
import type { MalwareScanner } from "../../lib/clamd.js";
import { AppError, conflict, type FieldError, issuePath, validation } from "../../lib/errors.js";
import { type IncomingFile, tooLargeUpload } from "../../lib/multipart.js";
import { longText } from "../../lib/text.js";
import { type Party, partyOf, type RenderedClause } from "../../model/clause-schema.js";
import { isoDate, isoDateProblem, londonDate } from "../../model/dates.js";
import { isWholeUnit } from "../../model/performance.js";
import {
  type CoveredWindow,
  coveredDatesProblems,
  type SubmissionFacts,
  type SubmissionRefusal,
  submissionRefusal,
} from "../../model/submission-window.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import {
  clauseOfObligation,
  type MetricDefinition,
  metricDefinitions,
} from "../contracts/obligation-clause.js";
import { findObligation, type ObligationRow } from "../contracts/queries.js";
import { askGroupsForViews } from "../involvement/announce.js";
import { announceSubmission } from "../notifications/events.js";
import { attachableFiles } from "./attachable.js";
import { writeFigures } from "./figures.js";
import { getSubmission } from "./queries.js";
import { InfectedFileError, storeFiles, type UploadLimits } from "./receive-upload.js";

/** Malware found: nothing is kept, but the attempt is on the record (in a transaction of its own). */
async function recordInfected(ctx: ServiceCtx, ob: ObligationRow, e: InfectedFileError) {
  await recordAudit(ctx.db, ctx, {
    organisationId: ob.organisationId,
    action: "file.malware_refused",
    entityType: "obligation",
    entityId: ob.id,
    after: { name: e.fileName, finding: e.finding, size: e.size, sha256: e.sha256 },
  });
}

export const MAX_NARRATIVE_LENGTH = 20_000;

/** The contract's last day and the days after it that evidence may still be handed in. */
async function contractTerms(db: DbOrTx, ob: ObligationRow) {
  const [row] = await db
    .select({
      contractStart: contracts.startDate,
      contractEnd: contracts.endDate,
      gracePeriodDays: specifications.gracePeriodDays,
    })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, ob.contractId));
  if (!row) throw new Error(`contract ${ob.contractId} of obligation ${ob.id} is missing`);
  return row;
}

type Terms = Awaited<ReturnType<typeof contractTerms>>;

const factsOf = (ctx: ServiceCtx, ob: ObligationRow, party: Party, terms: Terms): SubmissionFacts => ({
  role: ctx.actor.role,
  party,
  state: ob.state,
  frequency: ob.frequency,
  periodStart: ob.periodStart,
  contractEnd: terms.contractEnd,
  gracePeriodDays: terms.gracePeriodDays,
});

/** The dates this obligation's evidence may cover (see coveredDatesProblems). */
const coveredWindowOf = (ob: ObligationRow, terms: Terms): CoveredWindow => ({
  periodStart: ob.periodStart,
  periodEnd: ob.periodEnd ?? terms.contractEnd,
  dueDate: ob.dueDate,
  contractStart: terms.contractStart,
  contractEnd: terms.contractEnd,
});

function assertNoRefusal(refusal: SubmissionRefusal | null) {
  if (!refusal) return;
  throw refusal.kind === "forbidden" ? new AppError("forbidden", refusal.message) : conflict(refusal.message);
}

/**
 * Whether the caller may hand in evidence for this obligation today, and if not why (submissionRefusal):
 * what submitEvidence enforces, and what the obligation page shows instead of its form.
 */
export async function submissionRefusalFor({
  ctx,
  input: { obligation: ob, clause },
}: {
  ctx: ServiceCtx;
  input: { obligation: ObligationRow; clause: RenderedClause };
}) {
  const terms = await contractTerms(ctx.db, ob);
  return submissionRefusal(factsOf(ctx, ob, partyOf(clause), terms), londonDate(ctx.now));
}

/**
 * The scanner evidence must pass: the entry's when CLAMAV_URL is set; with CLAMAV_URL set and no scanner
 * (an entry that cannot reach clamd), one that always fails, so nothing is kept unscanned.
 */
export function scannerOf(deps: { env: { CLAMAV_URL?: string }; scanner?: MalwareScanner }) {
  if (deps.scanner || !deps.env.CLAMAV_URL) return deps.scanner;
  const missing = () =>
    new AppError("unavailable", "The virus scanner is not available here. Nothing was saved.");
  return {
    start: () => ({
      write: async () => {
        throw missing();
      },
      finish: async () => {
        throw missing();
      },
      abort: () => {},
    }),
    ping: async () => {
      throw missing();
    },
  } satisfies MalwareScanner;
}

const fieldsSchema = z
  .object({
    narrative: z.string({ error: "is required" }).pipe(longText({ min: 1, max: MAX_NARRATIVE_LENGTH })),
    coveredFrom: isoDate,
    coveredTo: isoDate,
    metrics: z.string().optional(),
    shareable: z.enum(["true", "false", "yes", "no"], { error: "must be yes or no" }).optional(),
    attachFileIds: z.string().optional(),
    noPersonalData: z.literal("true", {
      error: "confirm that the evidence does not identify anyone who uses the service",
    }),
    // The CSRF token of a browser form travels as a field too.
    _csrf: z.string().optional(),
  })
  .strict();

export interface SubmissionFields {
  narrative: string;
  coveredFrom: string;
  coveredTo: string;
  metrics: Record<string, number>;
  shareable: boolean;
  /** Earlier files of the same contract this submission uses again, by id (their bytes are not copied). */
  attachFileIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseFileIds(raw: string | undefined, errors: FieldError[]): string[] {
  const ids = [
    ...new Set(
      (raw ?? "")
        .split(",")
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (ids.some((id) => !UUID.test(id))) {
    errors.push({ path: "attachFileIds", message: "must be ids of files you have already sent" });
  }
  return ids;
}

/**
 * What is wrong with a figure reported for a metric ("must not be negative"), or null when it may be kept:
 * the one rule the API and the upload form both apply.
 */
function metricValueProblem(def: Pick<MetricDefinition, "unit">, n: unknown): string | null {
  if (typeof n !== "number" || !Number.isFinite(n)) return "must be a number";
  if (n < 0) return "must not be negative";
  if (def.unit === "percent" && n > 100) return "is a percentage, so at most 100";
  if (isWholeUnit(def.unit) && !Number.isInteger(n)) return "must be a whole number";
  return null;
}

/** The figures reported (a JSON object of metric name to number, or to a number as people type it). */
function parseMetrics(raw: unknown, defs: MetricDefinition[], errors: FieldError[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (typeof raw !== "string" || raw.trim() === "") return metrics;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    errors.push({ path: "metrics", message: "must be a JSON object" });
    return metrics;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    errors.push({ path: "metrics", message: "must be a JSON object" });
    return metrics;
  }
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const def = byName.get(name);
    const at = `metrics/${name}`;
    if (!def) {
      const known = defs.map((d) => d.name).join(", ");
      errors.push({
        path: at,
        message: known
          ? `is not asked for; this clause asks for: ${known}`
          : "this clause asks for no metrics",
      });
      continue;
    }
    // As people type figures ("1,250", "85%").
    const typed = typeof v === "string" ? v.trim().replace(/,/g, "").replace(/%$/, "") : null;
    const n = typed !== null && typed !== "" ? Number(typed) : v;
    const problem = metricValueProblem(def, n);
    if (problem) errors.push({ path: at, message: problem });
    else metrics[name] = n as number;
  }
  return metrics;
}

/** Checks the text fields of an upload; every problem is reported with its field name. */
function parseSubmissionFields(
  raw: Record<string, string>,
  defs: MetricDefinition[],
  /** The obligation's period, contract and due date: the dates covered must fall within them. */
  window?: CoveredWindow,
): SubmissionFields {
  const parsed = fieldsSchema.safeParse(raw);
  const errors: FieldError[] = [];
  if (!parsed.success) {
    const unknown = parsed.error.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : []));
    // A field that is not one of ours is a client's mistake: said alone, before anything else.
    if (unknown.length)
      throw validation(
        unknown.map((k) => ({ path: k, message: "is not a field of a submission" })),
        "The submission has values that are not valid.",
      );
    for (const i of parsed.error.issues) errors.push({ path: issuePath(i.path), message: i.message });
  }
  const f = parsed.data;
  const from =
    typeof raw.coveredFrom === "string" && !isoDateProblem(raw.coveredFrom) ? raw.coveredFrom : null;
  const to = typeof raw.coveredTo === "string" && !isoDateProblem(raw.coveredTo) ? raw.coveredTo : null;
  if (from && to) {
    const covered = { coveredFrom: from, coveredTo: to };
    if (window) errors.push(...coveredDatesProblems(covered, window));
    else if (to < from) errors.push({ path: "coveredTo", message: "must be on or after coveredFrom" });
  }
  // Every problem at once, the figures too, whatever else is wrong.
  const attachFileIds = parseFileIds(typeof raw.attachFileIds === "string" ? raw.attachFileIds : "", errors);
  const metrics = parseMetrics(raw.metrics, defs, errors);
  if (errors.length) throw validation(errors, "The submission has values that are not valid.");
  if (!f) throw new Error("unreachable: a failed parse reports errors");
  return {
    narrative: f.narrative,
    coveredFrom: f.coveredFrom,
    coveredTo: f.coveredTo,
    metrics,
    shareable: f.shareable === "true" || f.shareable === "yes",
    attachFileIds,
  };
}

export interface SubmitInput {
  obligationId: string;
  /**
   * The text fields as sent (see parseSubmissionFields), asked for only once the caller may submit: the
   * upload is not read before that (lib/multipart.ts reads lazily).
   */
  fields: () => Promise<Record<string, string>>;
  /** The files as they stream in, after the fields. */
  files: AsyncIterable<IncomingFile>;
  /** The declared Content-Length: over the most a submission may carry is 413, once the fields are judged. */
  contentLength?: string;
}

export async function submitEvidence({
  ctx,
  input,
}: {
  /** The store the files go to, the upload limits and, with CLAMAV_URL set, the scanner every file passes. */
  ctx: ServiceCtx & Pick<ServiceDeps, "files"> & { limits: UploadLimits; scanner?: MalwareScanner };
  input: SubmitInput;
}) {
  const { files, limits, scanner } = ctx;
  const today = londonDate(ctx.now);
  // Checked before a byte is read: someone else's obligation is a 404, another party's a 403, a closed
  // one a 409.
  const ob = await findObligation({ ctx, input: { id: input.obligationId } });
  const clause = await clauseOfObligation({ ctx, input: ob });
  const terms = await contractTerms(ctx.db, ob);
  assertNoRefusal(submissionRefusal(factsOf(ctx, ob, partyOf(clause), terms), today));
  const window = coveredWindowOf(ob, terms);
  const defs = metricDefinitions(clause);

  // The fields come before the files: a refused submission stores nothing.
  const checked = parseSubmissionFields(await input.fields(), defs, window);
  if (input.contentLength && Number(input.contentLength) > limits.maxRequestBytes)
    throw tooLargeUpload(limits.maxRequestBytes);
  let upload: { files: Awaited<ReturnType<typeof storeFiles>> };
  try {
    upload = { files: await storeFiles({ files: input.files, limits, store: files, scanner }) };
  } catch (e) {
    if (e instanceof InfectedFileError) await recordInfected(ctx, ob, e);
    throw e;
  }
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const locked = await findObligation({
        ctx: { ...ctx, db: tx },
        input: { id: input.obligationId, lock: true },
      });
      // Another submission may have landed while the files streamed in.
      assertNoRefusal(submissionRefusal(factsOf(ctx, locked, partyOf(clause), terms), today));
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${submissions.version}), 0) + 1` })
        .from(submissions)
        .where(eq(submissions.obligationId, locked.id))) as [{ next: number }];
      const [row] = await tx
        .insert(submissions)
        .values({
          obligationId: locked.id,
          contractId: locked.contractId,
          organisationId: locked.organisationId,
          providerOrganisationId: locked.providerOrganisationId,
          version: Number(next),
          status: "submitted",
          narrative: checked.narrative,
          coveredFrom: checked.coveredFrom,
          coveredTo: checked.coveredTo,
          metrics: checked.metrics,
          shareable: checked.shareable,
          submittedBy: ctx.actor.userId,
          createdAt: ctx.now,
        })
        .returning();
      await writeFigures(tx, row!, locked, checked.metrics, new Map(defs.map((d) => [d.name, d.unit])));
      const attached = await attachableFiles(tx, ctx.actor, locked.contractId, checked.attachFileIds);
      const values = [
        ...upload.files.map((f) => ({ ...f, storageKey: f.key })),
        ...attached.map(({ name, size, sha256, contentType, storageKey }) => ({
          name,
          size,
          sha256,
          contentType,
          storageKey,
        })),
      ];
      const fileRows = values.length
        ? await tx
            .insert(submissionFiles)
            .values(
              values.map((f) => ({
                submissionId: row!.id,
                name: f.name,
                size: f.size,
                sha256: f.sha256,
                contentType: f.contentType,
                storageKey: f.storageKey,
                createdAt: ctx.now,
              })),
            )
            .returning()
        : [];
      await tx
        .update(obligations)
        .set({
          state: "submitted",
          verdict: null,
          stateReason: null,
          latestSubmissionId: row!.id,
          revision: sql`${obligations.revision} + 1`,
          updatedAt: ctx.now,
        })
        .where(eq(obligations.id, locked.id));
      await announceSubmission(tx, locked, row!.id, ctx.now);
      await askGroupsForViews(tx, row!, locked, ctx.now);
      const view = await getSubmission({ ctx: { ...ctx, db: tx }, input: { id: row!.id } });
      const audit = { organisationId: locked.organisationId };
      await recordAudit(tx, ctx, {
        ...audit,
        action: "submission.create",
        entityType: "submission",
        entityId: row!.id,
        parentType: "obligation",
        parentId: locked.id,
        before: { obligationState: locked.state, latestSubmissionId: locked.latestSubmissionId },
        after: view,
      });
      for (const f of fileRows) {
        await recordAudit(tx, ctx, {
          ...audit,
          action: "file.store",
          entityType: "file",
          entityId: f.id,
          parentType: "submission",
          parentId: row!.id,
          after: {
            name: f.name,
            size: f.size,
            sha256: f.sha256,
            contentType: f.contentType,
            storageKey: f.storageKey,
          },
        });
      }
      return view;
    });
  } catch (e) {
    await Promise.allSettled(upload.files.map((f) => files.delete(f.key)));
    throw e;
  }
}
