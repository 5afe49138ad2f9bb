// The stored state an obligation's submissions add up to, for when it has to be worked out again
// (a decision on one event of a per-event log, or a waiver being withdrawn).
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type ObligationState, reviews, submissions, type Verdict } from "../../db/schema/index.js";
import type { ObligationRow } from "../contracts/queries.js";

export async function stateFromSubmissions(
  db: DbOrTx,
  ob: Pick<ObligationRow, "id" | "frequency" | "latestSubmissionId">,
): Promise<{ state: ObligationState; verdict: Verdict | null }> {
  const rows = await db
    .select({ id: submissions.id, status: submissions.status, verdict: reviews.verdict })
    .from(submissions)
    .leftJoin(reviews, eq(reviews.submissionId, submissions.id))
    .where(eq(submissions.obligationId, ob.id))
    .orderBy(desc(submissions.version));
  if (rows.length === 0) return { state: "pending", verdict: null };
  // A per-event log is awaiting review while any event is; otherwise the latest decision stands.
  // Other obligations follow their latest submission.
  const relevant =
    ob.frequency === "per_event"
      ? (rows.find((r) => r.status === "submitted") ?? rows[0]!)
      : (rows.find((r) => r.id === ob.latestSubmissionId) ?? rows[0]!);
  return { state: relevant.status, verdict: relevant.status === "accepted" ? relevant.verdict : null };
}
