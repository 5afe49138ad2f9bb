// A reviewer's decision on a submission: accepted with a verdict, or changes requested with a comment.
// One decision per submission: two reviewers deciding at once are serialised on the obligation row (and
// the unique constraint on reviews.submission_id backs that up); the second is told who decided first.

import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { obligations, reviews, submissions, users } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict, validation } from "../../lib/errors.js";
import { longText, normaliseText } from "../../lib/text.js";
import { VERDICT_WORDS, VERDICTS } from "../../model/compliance.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findObligation, obligationParty } from "../contracts/queries.js";
import { parseInput } from "../input.js";
import { tellGroupsOfDecision } from "../involvement/announce.js";
import { viewsGiven, viewsNeedingResponse } from "../involvement/validations.js";
import { announceReview } from "../notifications/events.js";
import { stateFromSubmissions } from "./obligation-state.js";
import { findSubmission, getSubmission } from "./queries.js";

const responseToViews = longText({ max: TEXT_LIMITS.reviewComment.max })
  .optional()
  .describe(
    "Your answer to the people who use the service who disagreed or partly agreed with this evidence (see GET /submissions/{id}/validations). Required when there are any.",
  );

/**
 * A decision as it may be asked for: the one statement of the rule, read by reviewSubmission and used by
 * POST /api/submissions/:id/reviews to describe its body. Whether an answer to people's views is needed
 * depends on the views given, so reviewSubmission checks that once it has the submission.
 */
export const reviewInput = z.discriminatedUnion(
  "decision",
  [
    z
      .object({
        decision: z.literal("accepted"),
        verdict: z.enum(VERDICTS, { error: `must be one of ${VERDICTS.join(", ")}` }),
        comment: longText({ max: TEXT_LIMITS.reviewComment.max }).optional(),
        responseToViews,
      })
      .strict(),
    z
      .object({
        decision: z.literal("changes_requested"),
        // Left empty: say what needs to change; typed but too short: the length (labelled on a page).
        comment: z
          .string({ error: "say what needs to change" })
          .refine((v) => normaliseText(v) !== "", "say what needs to change")
          .pipe(longText(TEXT_LIMITS.reviewComment)),
        responseToViews,
      })
      .strict(),
  ],
  { error: "must be accepted or changes_requested" },
);

export type ReviewInput = z.infer<typeof reviewInput>;

async function alreadyDecided(db: DbOrTx, submissionId: string) {
  const [r] = await db
    .select({ decision: reviews.decision, verdict: reviews.verdict, at: reviews.createdAt, by: users.name })
    .from(reviews)
    .leftJoin(users, eq(users.id, reviews.reviewerId))
    .where(eq(reviews.submissionId, submissionId));
  if (!r) return conflict("This submission has already been decided.");
  const what =
    r.decision === "accepted"
      ? `accepted as ${VERDICT_WORDS[r.verdict!].toLowerCase()}`
      : "returned with changes requested";
  return conflict(
    `This submission was already ${what} by ${r.by ?? "another reviewer"} at ${r.at.toISOString()}. Reload to see the decision.`,
  );
}

export async function reviewSubmission({
  ctx,
  input: { submissionId, decision: raw },
}: {
  ctx: ServiceCtx;
  /** decision: as sent, judged here against reviewInput (422 with each field's problem). */
  input: { submissionId: string; decision: unknown };
}) {
  const input = parseInput(reviewInput, raw, "The decision has values that are not valid.");
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const visible = await findSubmission(tx, ctx.actor, submissionId);
      // Lock the obligation first: every change to it and its submissions queues behind this.
      const ob = await findObligation({
        ctx: { ...ctx, db: tx },
        input: { id: visible.obligationId, lock: true },
      });
      const sub = await findSubmission(tx, ctx.actor, submissionId);
      if (sub.status !== "submitted") throw await alreadyDecided(tx, sub.id);
      if (ob.frequency !== "per_event" && ob.latestSubmissionId !== sub.id) {
        throw conflict("A newer version of this evidence has been submitted; review that one instead.");
      }
      if (ob.state === "not_applicable") {
        throw conflict(
          "This obligation was marked not applicable; reinstate it before deciding on evidence.",
        );
      }
      // The council's own commitments are checked by people who use services, not by the council alone:
      // no decision on the commissioner's evidence until a linked group has given its view.
      if ((await obligationParty(tx, ob)) === "commissioner" && (await viewsGiven(tx, sub.id)) === 0) {
        throw validation(
          [
            {
              path: "views",
              message:
                "people who use services have not given their view on this evidence yet. It is the council's own commitment, so their view comes before the decision: ask the forum, Healthwatch or the lived-experience lead linked to the contract to give it (the commissioner shares the evidence with them when handing it in)",
            },
          ],
          "Wait for the view of people who use services before deciding on the council's own commitment.",
        );
      }
      const comment = input.comment?.trim() || null;
      const responseToViews = input.responseToViews?.trim() || null;
      if (!responseToViews && (await viewsNeedingResponse(tx, sub.id)) > 0) {
        throw validation(
          [
            {
              path: "responseToViews",
              message:
                "people who use the service disagreed with this evidence: say how you weighed their view",
            },
          ],
          "Respond to the people who disagreed before deciding.",
        );
      }
      const [review] = await tx
        .insert(reviews)
        .values({
          submissionId: sub.id,
          decision: input.decision,
          verdict: input.decision === "accepted" ? input.verdict : null,
          comment,
          responseToViews,
          reviewerId: ctx.actor.userId,
          createdAt: ctx.now,
        })
        .returning();
      await tx.update(submissions).set({ status: input.decision }).where(eq(submissions.id, sub.id));
      const next =
        ob.frequency === "per_event"
          ? await stateFromSubmissions(tx, ob)
          : { state: input.decision, verdict: input.decision === "accepted" ? input.verdict : null };
      await tx
        .update(obligations)
        .set({
          state: next.state,
          verdict: next.verdict,
          stateReason: input.decision === "changes_requested" ? comment : null,
          revision: sql`${obligations.revision} + 1`,
          updatedAt: ctx.now,
        })
        .where(eq(obligations.id, ob.id));
      await announceReview(
        tx,
        ob,
        sub.id,
        input.decision === "accepted"
          ? { decision: "accepted", verdict: input.verdict }
          : { decision: "changes_requested" },
        ctx.now,
      );
      // The people who gave a view on it hear what the council decided (and can read its answer to them).
      await tellGroupsOfDecision(
        tx,
        sub,
        ob,
        input.decision === "accepted"
          ? { decision: "accepted", verdict: input.verdict }
          : { decision: "changes_requested" },
        ctx.now,
      );
      await recordAudit(tx, ctx, {
        action: "review.create",
        entityType: "review",
        entityId: review!.id,
        organisationId: ob.organisationId,
        parentType: "submission",
        parentId: sub.id,
        before: { submissionStatus: sub.status, obligationState: ob.state, obligationVerdict: ob.verdict },
        after: {
          decision: review!.decision,
          verdict: review!.verdict,
          comment: review!.comment,
          responseToViews: review!.responseToViews,
          obligationId: ob.id,
          obligationState: next.state,
          obligationVerdict: next.verdict,
        },
      });
      return getSubmission({ ctx: { ...ctx, db: tx }, input: { id: sub.id } });
    });
  } catch (e) {
    // The constraint catches a decision that raced past the lock (it cannot on one database, but
    // the rule should not depend on it).
    if (isUniqueViolation(e)) throw await alreadyDecided(ctx.db, submissionId);
    throw e;
  }
}
