// The review queue: evidence waiting for a decision, oldest first, across the caller's organisation's
// contracts. It goes through the same tenant filter as every submission read.
import { and, asc, count, eq } from "drizzle-orm";
import {
  contracts,
  obligations,
  organisations,
  submissionFiles,
  submissions,
  users,
} from "../../db/schema/index.js";
import type { ServiceCtx } from "../context.js";
import { submissionScope } from "./queries.js";

export async function reviewQueue({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const { db, actor } = ctx;
  const files = db
    .select({ submissionId: submissionFiles.submissionId, n: count().as("n") })
    .from(submissionFiles)
    .groupBy(submissionFiles.submissionId)
    .as("files");
  return db
    .select({
      id: submissions.id,
      version: submissions.version,
      createdAt: submissions.createdAt,
      obligationId: obligations.id,
      clauseKey: obligations.clauseKey,
      clauseTitle: obligations.clauseTitle,
      period: obligations.period,
      dueDate: obligations.dueDate,
      contractId: contracts.id,
      reference: contracts.reference,
      providerName: organisations.name,
      submittedBy: users.name,
      files: files.n,
    })
    .from(submissions)
    .innerJoin(obligations, eq(obligations.id, submissions.obligationId))
    .innerJoin(contracts, eq(contracts.id, submissions.contractId))
    .innerJoin(organisations, eq(organisations.id, submissions.providerOrganisationId))
    .leftJoin(users, eq(users.id, submissions.submittedBy))
    .leftJoin(files, eq(files.submissionId, submissions.id))
    .where(and(eq(submissions.status, "submitted"), submissionScope(actor)))
    .orderBy(asc(submissions.createdAt), asc(submissions.id));
}
