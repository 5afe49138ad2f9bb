// Removing evidence that should not be kept: a file that names people who use the service, or evidence
// whose retention period has ended. The bytes are destroyed in the store; the row keeps its name, size,
// hash, who uploaded it and when, and gains who removed it, when and why, so the submission's history
// still reads. Downloads then answer 410 Gone with the reason.

import { and, eq, isNull, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, withTransaction } from "../../db/client.js";
import { contracts, submissionFiles, submissions } from "../../db/schema/index.js";
import { AppError, conflict, forbidden } from "../../lib/errors.js";
import type { FileStore } from "../../lib/file-store.js";
import type { Logger } from "../../lib/log.js";
import { longText } from "../../lib/text.js";
import { canOnRow } from "../../model/access-policy.js";
import { addMonths, formatDate, londonDate } from "../../model/dates.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { type AuditCtx, recordAudit } from "../audit/record.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { parseInput } from "../input.js";
import { type FileRow, fileView, findFile } from "./queries.js";

const RETENTION_REASON = "retention period ended";

/** A reviewer or commissioner of the commissioning organisation; the provider while the evidence awaits review. */
function assertMayRedact(ctx: ServiceCtx, s: typeof submissions.$inferSelect) {
  const a = ctx.actor;
  if (canOnRow(a, "file.redact", { ...s, reviewed: s.status !== "submitted" })) return;
  if (canOnRow(a, "file.redact", { ...s, reviewed: false })) {
    throw forbidden("The evidence has been reviewed: ask the commissioning organisation to remove the file.");
  }
  throw forbidden("Only the commissioning organisation's reviewers and commissioners can remove a file.");
}

/**
 * Redacting destroys the bytes everywhere they are attached, so the provider's "before review" holds for
 * every submission that carries them: a file also attached to reviewed evidence is the commissioner's to remove.
 */
async function assertNoneReviewed(db: ServiceCtx["db"], storageKey: string) {
  const reviewed = await db
    .select({ id: submissions.id })
    .from(submissionFiles)
    .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
    .where(and(eq(submissionFiles.storageKey, storageKey), ne(submissions.status, "submitted")))
    .limit(1);
  if (reviewed.length > 0)
    throw forbidden(
      "This file is also part of evidence that has been reviewed: ask the commissioning organisation to remove it.",
    );
}

/** Destroys one file's bytes and marks its row, with an audit event, in one transaction. */
async function destroy(
  db: ServiceCtx["db"],
  ctx: AuditCtx,
  file: FileRow,
  s: typeof submissions.$inferSelect,
  reason: string,
  now: Date,
  store: FileStore,
) {
  return withTransaction(db, async (tx) => {
    // Every row that shares the bytes (the file attached to other submissions) is marked with them.
    const marked = await tx
      .update(submissionFiles)
      .set({ redactedAt: now, redactedBy: ctx.actor?.userId ?? null, redactionReason: reason })
      .where(and(eq(submissionFiles.storageKey, file.storageKey), isNull(submissionFiles.redactedAt)))
      .returning();
    const row = marked.find((m) => m.id === file.id);
    if (!row) throw conflict("This file has already been removed.");
    await recordAudit(tx, ctx, {
      organisationId: s.organisationId,
      action: "file.redact",
      entityType: "file",
      entityId: file.id,
      parentType: "submission",
      parentId: s.id,
      before: { name: file.name, size: file.size, sha256: file.sha256, storageKey: file.storageKey },
      after: {
        redactedAt: now.toISOString(),
        reason,
        alsoRemovedFrom: marked.filter((m) => m.id !== file.id).map((m) => m.submissionId),
      },
    });
    // Last, so a failure to delete rolls the marking back and the file can be removed again.
    await store.delete(file.storageKey);
    return row;
  });
}

/** Why a file is removed: the one statement of the rule (POST /api/files/:id/redact's body). */
export const redactInput = z
  .object({ reason: z.string({ error: "is required" }).pipe(longText(TEXT_LIMITS.redactionReason)) })
  .strict();

export async function redactFile({
  ctx,
  input: { id, reason: given },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "files">;
  /** reason: why, judged here against redactInput (422 at reason). */
  input: { id: string; reason: unknown };
}) {
  const { reason } = parseInput(redactInput, { reason: given }, "The removal has values that are not valid.");
  const file = await findFile({ ctx, input: { id } });
  const [s] = await ctx.db.select().from(submissions).where(eq(submissions.id, file.submissionId));
  assertMayRedact(ctx, s!);
  // Those who may remove reviewed evidence need not ask whether other evidence carrying the file was reviewed.
  if (!canOnRow(ctx.actor, "file.redact", { ...s!, reviewed: true }))
    await assertNoneReviewed(ctx.db, file.storageKey);
  if (file.redactedAt) throw conflict("This file has already been removed.");
  return fileView(await destroy(ctx.db, ctx, file, s!, reason, ctx.now, ctx.files));
}

/** The 410 for a removed file: when, and why. */
export function goneError(file: FileRow): AppError {
  return new AppError(
    "gone",
    `This file was removed on ${formatDate(londonDate(file.redactedAt!))}: ${file.redactionReason ?? "no reason given"}.`,
  );
}

/**
 * The hourly retention job: files of contracts that ended more than `years` ago are destroyed the same
 * way as a redaction. Returns how many.
 */
export async function destroyExpiredEvidence(deps: {
  db: Db;
  files: FileStore;
  now: Date;
  years: number;
  log: Logger;
}): Promise<number> {
  const cutoff = addMonths(londonDate(deps.now), -12 * deps.years);
  const due = await deps.db
    .select({ f: submissionFiles, s: submissions })
    .from(submissionFiles)
    .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
    .innerJoin(contracts, eq(contracts.id, submissions.contractId))
    .where(and(isNull(submissionFiles.redactedAt), lt(contracts.endDate, sql`${cutoff}::date`)))
    .limit(500);
  let n = 0;
  const gone = new Set<string>();
  for (const { f, s } of due) {
    // A file attached to several submissions is destroyed once, with all its rows.
    if (gone.has(f.storageKey)) continue;
    gone.add(f.storageKey);
    try {
      await destroy(deps.db, { actor: null }, f, s, RETENTION_REASON, deps.now, deps.files);
      n++;
    } catch (e) {
      deps.log.error("retention: a file could not be destroyed", { fileId: f.id, error: String(e) });
    }
  }
  return n;
}
