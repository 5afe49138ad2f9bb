// Reading submissions, their files and reviews, through the tenant filter: a provider sees its own
// submissions, commissioning staff those made against their organisation's contracts.

import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { obligations, reviews, submissionFiles, submissions, users } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { evidenceScope, staffNamesShownTo } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../context.js";
import { findObligation } from "../contracts/queries.js";
import { userLedSql } from "../involvement/user-led.js";
import { scopeFilter } from "../scope.js";

export type SubmissionRow = typeof submissions.$inferSelect;
export type FileRow = typeof submissionFiles.$inferSelect;

/**
 * Representatives see only what the provider shared with their group, and only for the clauses people who
 * use the service check.
 */
export const submissionScope = (actor: Actor) => {
  const tenant = scopeFilter(actor, "submission", {
    organisationId: submissions.organisationId,
    providerOrganisationId: submissions.providerOrganisationId,
    contractId: submissions.contractId,
  });
  if (evidenceScope(actor) === "all") return tenant;
  return and(
    tenant,
    eq(submissions.shareable, true),
    userLedSql(
      submissions.contractId,
      sql`(select ob.clause_key from obligations ob where ob.id = ${submissions.obligationId})`,
    ),
  )!;
};

export function fileView(f: FileRow) {
  return {
    id: f.id,
    name: f.name,
    size: f.size,
    sha256: f.sha256,
    contentType: f.contentType,
    redactedAt: f.redactedAt?.toISOString() ?? null,
    redactionReason: f.redactionReason,
  };
}

type ReviewJoined = typeof reviews.$inferSelect & { reviewerName: string | null };

function reviewView(r: ReviewJoined) {
  return {
    id: r.id,
    decision: r.decision,
    verdict: r.verdict,
    comment: r.comment,
    responseToViews: r.responseToViews,
    reviewerId: r.reviewerId,
    reviewerName: r.reviewerName,
    createdAt: r.createdAt.toISOString(),
  };
}

function submissionView(
  s: SubmissionRow,
  files: FileRow[],
  reviewRows: ReviewJoined[],
  latestSubmissionId: string | null,
  submittedByName: string | null,
) {
  return {
    id: s.id,
    obligationId: s.obligationId,
    contractId: s.contractId,
    version: s.version,
    status: s.status,
    latest: s.id === latestSubmissionId,
    narrative: s.narrative,
    coveredFrom: s.coveredFrom,
    coveredTo: s.coveredTo,
    metrics: s.metrics,
    shareable: s.shareable,
    submittedBy: s.submittedBy,
    submittedByName,
    createdAt: s.createdAt.toISOString(),
    files: files.map(fileView),
    reviews: reviewRows.map(reviewView),
  };
}
export type SubmissionView = ReturnType<typeof submissionView>;

/** Representatives never learn who at the provider or the council did what: names are left out. */
function forViewer(actor: Actor, v: SubmissionView): SubmissionView {
  if (staffNamesShownTo(actor)) return v;
  return {
    ...v,
    submittedBy: null,
    submittedByName: null,
    reviews: v.reviews.map((r) => ({ ...r, reviewerName: null })),
  };
}

/** Submissions with their files, reviews and submitter, in the order given. */
async function withDetails(
  db: DbOrTx,
  rows: Array<{ s: SubmissionRow; latest: string | null; by: string | null }>,
) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.s.id);
  const [files, reviewRows] = await Promise.all([
    db
      .select()
      .from(submissionFiles)
      .where(inArray(submissionFiles.submissionId, ids))
      .orderBy(asc(submissionFiles.createdAt), asc(submissionFiles.name)),
    db
      .select({ review: reviews, reviewerName: users.name })
      .from(reviews)
      .leftJoin(users, eq(users.id, reviews.reviewerId))
      .where(inArray(reviews.submissionId, ids))
      .orderBy(asc(reviews.createdAt)),
  ]);
  return rows.map(({ s, latest, by }) =>
    submissionView(
      s,
      files.filter((f) => f.submissionId === s.id),
      reviewRows
        .filter((r) => r.review.submissionId === s.id)
        .map((r) => ({ ...r.review, reviewerName: r.reviewerName })),
      latest,
      by,
    ),
  );
}

/** An obligation's submissions, newest first. */
export async function listSubmissions({ ctx, input }: { ctx: ServiceCtx; input: { obligationId: string } }) {
  const { db, actor } = ctx;
  const ob = await findObligation({ ctx, input: { id: input.obligationId } });
  const rows = await db
    .select({ s: submissions, by: users.name })
    .from(submissions)
    .leftJoin(users, eq(users.id, submissions.submittedBy))
    .where(and(eq(submissions.obligationId, ob.id), submissionScope(actor)))
    .orderBy(desc(submissions.version));
  const views = await withDetails(
    db,
    rows.map((r) => ({ s: r.s, latest: ob.latestSubmissionId, by: r.by })),
  );
  return views.map((v) => forViewer(actor, v));
}

/** The stored submission row the caller may see, optionally locked, or 404. */
export async function findSubmission(
  db: DbOrTx,
  actor: Actor,
  id: string,
  lock = false,
): Promise<SubmissionRow> {
  const q = db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, id), submissionScope(actor)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("submission");
  return row;
}

export async function getSubmission({
  ctx,
  input: { id },
}: {
  ctx: ServiceCtx;
  input: { id: string };
}): Promise<SubmissionView> {
  const { db, actor } = ctx;
  const [row] = await db
    .select({ s: submissions, latest: obligations.latestSubmissionId, by: users.name })
    .from(submissions)
    .innerJoin(obligations, eq(obligations.id, submissions.obligationId))
    .leftJoin(users, eq(users.id, submissions.submittedBy))
    .where(and(eq(submissions.id, id), submissionScope(actor)));
  if (!row) throw notFound("submission");
  const [view] = await withDetails(db, [row]);
  return forViewer(actor, view!);
}

/** A stored file the caller may download, or 404: its submission must be visible to them. */
export async function findFile({
  ctx,
  input: { id },
}: {
  ctx: ServiceCtx;
  input: { id: string };
}): Promise<FileRow> {
  const { db, actor } = ctx;
  const [row] = await db
    .select({ f: submissionFiles })
    .from(submissionFiles)
    .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
    .where(and(eq(submissionFiles.id, id), submissionScope(actor)));
  if (!row) throw notFound("file");
  return row.f;
}
