// The evidence a representative may see for one of their group's contracts: what the provider shared, for
// the clauses people who use the service check, newest first, with whether their group has given a view.
import { and, desc, eq, inArray } from "drizzle-orm";
import { obligations, submissionFiles, submissions, validations } from "../../db/schema/index.js";
import type { ServiceCtx } from "../context.js";
import { findContract } from "../contracts/queries.js";
import { fileView, submissionScope } from "../evidence/queries.js";

export async function sharedEvidence({
  ctx,
  input: { contractId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const { db, actor } = ctx;
  await findContract({ ctx, input: { id: contractId } });
  const rows = await db
    .select({
      id: submissions.id,
      obligationId: submissions.obligationId,
      clauseKey: obligations.clauseKey,
      clauseTitle: obligations.clauseTitle,
      period: obligations.period,
      version: submissions.version,
      status: submissions.status,
      narrative: submissions.narrative,
      coveredFrom: submissions.coveredFrom,
      coveredTo: submissions.coveredTo,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(obligations, eq(obligations.id, submissions.obligationId))
    .where(
      and(eq(submissions.contractId, contractId), eq(submissions.shareable, true), submissionScope(actor)),
    )
    .orderBy(desc(submissions.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [files, views] = await Promise.all([
    db.select().from(submissionFiles).where(inArray(submissionFiles.submissionId, ids)),
    db
      .select({ submissionId: validations.submissionId, view: validations.view, userId: validations.userId })
      .from(validations)
      .where(and(inArray(validations.submissionId, ids), eq(validations.userGroupId, actor.organisationId))),
  ]);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    files: files.filter((f) => f.submissionId === r.id).map(fileView),
    groupViews: views.filter((v) => v.submissionId === r.id).length,
    myView: views.find((v) => v.submissionId === r.id && v.userId === actor.userId)?.view ?? null,
  }));
}
