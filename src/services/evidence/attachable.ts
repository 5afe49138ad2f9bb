// Files a new submission can use again without uploading them (evidence serving several clauses): files
// already sent for the same contract by the caller's own organisation, that have not been removed (a
// commissioner evidencing the council's own commitments does not hand in the provider's files as theirs).
// The upload page lists them by this rule, and submitEvidence checks the ids it is given by the same one.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { obligations, submissionFiles, submissions, users } from "../../db/schema/index.js";
import { type FieldError, validation } from "../../lib/errors.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../context.js";
import { submissionScope } from "./queries.js";

/** The files of this contract the caller's organisation sent: the rule both the list and the check read. */
const ofContract = (actor: Actor, contractId: string) =>
  and(
    eq(submissions.contractId, contractId),
    submissionScope(actor),
    eq(users.organisationId, actor.organisationId),
  );

export interface AttachableFile {
  id: string;
  name: string;
  size: number;
  /** When it was first sent, and for which obligation. */
  sentAt: Date;
  clauseKey: string;
  clauseTitle: string;
  period: string;
}

/**
 * The files a submission on this contract can attach, newest first. A file already attached again
 * appears once, as it was first sent.
 */
export async function listAttachableFiles({
  ctx,
  input: { contractId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}): Promise<AttachableFile[]> {
  const { db, actor } = ctx;
  const rows = await db
    .select({
      id: submissionFiles.id,
      name: submissionFiles.name,
      size: submissionFiles.size,
      storageKey: submissionFiles.storageKey,
      sentAt: submissionFiles.createdAt,
      clauseKey: obligations.clauseKey,
      clauseTitle: obligations.clauseTitle,
      period: obligations.period,
    })
    .from(submissionFiles)
    .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
    .innerJoin(users, eq(users.id, submissions.submittedBy))
    .innerJoin(obligations, eq(obligations.id, submissions.obligationId))
    .where(and(ofContract(actor, contractId), isNull(submissionFiles.redactedAt)))
    .orderBy(asc(submissionFiles.createdAt), asc(submissionFiles.id));
  const first = new Map<string, AttachableFile>();
  for (const { storageKey, ...f } of rows) if (!first.has(storageKey)) first.set(storageKey, f);
  return [...first.values()].reverse();
}

/**
 * The rows of the files a submission attaches again. Anything else is refused at the field, with the same
 * words for a file that does not exist and one of another contract or organisation, so nothing is given
 * away.
 */
export async function attachableFiles(tx: DbOrTx, actor: Actor, contractId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await tx
    .select({ f: submissionFiles })
    .from(submissionFiles)
    .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
    .innerJoin(users, eq(users.id, submissions.submittedBy))
    .where(and(inArray(submissionFiles.id, ids), ofContract(actor, contractId)));
  const byId = new Map(rows.map((r) => [r.f.id, r.f]));
  const errors: FieldError[] = [];
  for (const id of ids) {
    const f = byId.get(id);
    if (!f) errors.push({ path: "attachFileIds", message: `${id} is not a file sent for this contract` });
    else if (f.redactedAt)
      errors.push({ path: "attachFileIds", message: `${id} was removed and cannot be used` });
  }
  if (errors.length) throw validation(errors, "A file to attach cannot be used.");
  return ids.map((id) => byId.get(id)!);
}
