// Involvement-maturity reviews: the provider records one a year with its forum; the reviewer confirms or
// changes each rating, with a reason for every change. Reads go through the contract's tenant filter.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { involvementReviews, type ProviderRatings, type ReviewerRatings } from "../../db/schema/index.js";
import { conflict, notFound, validation } from "../../lib/errors.js";
import { longText, shortText } from "../../lib/text.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import {
  APPROACHES,
  approachFor,
  INDICATOR_KEYS,
  type Indicator,
  levelFor,
  type Ratings,
  scoreSchema,
} from "../../model/maturity.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findContract } from "../contracts/queries.js";
import { parseInput } from "../input.js";

export type InvolvementReviewRow = typeof involvementReviews.$inferSelect;

export interface ProviderReviewInput {
  year: number;
  completedWith: string;
  participants: number;
  disagreement?: string | null;
  ratings: ProviderRatings;
}

export interface ReviewerInput {
  ratings: Record<string, { score: number; reason?: string | null }>;
}

const perIndicator = <T extends z.ZodType>(item: T) =>
  z.object(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, item])) as Record<Indicator, T>).strict();

const wholeNumber = ({ min, max }: { min: number; max: number }) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

/**
 * The provider's review as the service judges it (limits from model/limits.ts); POST
 * /api/contracts/:id/involvement-reviews describes its body with it.
 */
export const providerReviewInput = z
  .object({
    year: wholeNumber(NUMBER_LIMITS.involvementReviewYear),
    completedWith: shortText(TEXT_LIMITS.maturityCompletedWith).describe(
      "The forum or lived experience organisation",
    ),
    participants: wholeNumber(NUMBER_LIMITS.involvementParticipants).describe("Service users who took part"),
    disagreement: longText(TEXT_LIMITS.maturityDisagreement).nullable().optional(),
    ratings: perIndicator(
      z.object({ score: scoreSchema, evidence: longText(TEXT_LIMITS.maturityEvidence) }).strict(),
    ),
  })
  .strict() satisfies z.ZodType<ProviderReviewInput>;

/** The reviewer's confirmation as the service judges it; the confirmation route describes its body with it. */
export const reviewerReviewInput = z
  .object({
    ratings: perIndicator(
      z
        .object({ score: scoreSchema, reason: longText(TEXT_LIMITS.maturityReason).nullable().optional() })
        .strict(),
    ),
  })
  .strict() satisfies z.ZodType<ReviewerInput>;

const scoresOf = (r: Record<string, { score: number }>) =>
  Object.fromEntries(INDICATOR_KEYS.map((k) => [k, r[k]!.score])) as Ratings;

function reviewView(r: InvolvementReviewRow) {
  return {
    id: r.id,
    contractId: r.contractId,
    year: r.year,
    completedWith: r.completedWith,
    participants: r.participants,
    disagreement: r.disagreement,
    ratings: r.ratings,
    approach: r.approach,
    level: r.level,
    submittedAt: r.submittedAt.toISOString(),
    reviewerRatings: r.reviewerRatings,
    confirmedApproach: r.confirmedApproach,
    confirmedLevel: r.confirmedLevel,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    /** What the trend shows: the reviewer's rating once confirmed, the provider's until then. */
    current: {
      approach: r.confirmedApproach ?? r.approach,
      level: r.confirmedLevel ?? r.level,
      confirmed: r.reviewedAt !== null,
    },
  };
}
export type InvolvementReviewView = ReturnType<typeof reviewView>;

/** The contract's reviews, oldest first, with the trend in words ("pragmatist in 2026, protagonist in 2027"). */
export async function listInvolvementReviews({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const contract = await findContract({ ctx, input: { id: input.contractId } });
  const rows = await ctx.db
    .select()
    .from(involvementReviews)
    .where(eq(involvementReviews.contractId, contract.id))
    .orderBy(asc(involvementReviews.year));
  const reviews = rows.map(reviewView);
  return { reviews, trend: trendText(reviews) };
}

function trendText(reviews: InvolvementReviewView[]): string {
  return reviews
    .map((r) => `${r.current.approach} in ${r.year}${r.current.confirmed ? "" : " (not yet confirmed)"}`)
    .join(", ");
}

export async function recordInvolvementReview({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: ProviderReviewInput & { contractId: string };
}) {
  const { contractId, ...given } = input;
  input = { ...parseInput(providerReviewInput, given), contractId };
  return withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({
      ctx: { ...ctx, db: tx },
      input: { id: input.contractId, lock: true },
    });
    const scores = scoresOf(input.ratings);
    const values = {
      completedWith: input.completedWith,
      participants: input.participants,
      disagreement: input.disagreement || null,
      ratings: input.ratings,
      approach: approachFor(scores),
      level: levelFor(scores),
      submittedBy: ctx.actor.userId,
      submittedAt: ctx.now,
    };
    const [existing] = await tx
      .select()
      .from(involvementReviews)
      .where(and(eq(involvementReviews.contractId, contract.id), eq(involvementReviews.year, input.year)))
      .for("update");
    if (existing?.reviewedAt) {
      throw conflict(`The ${input.year} review has been confirmed by the reviewer and can no longer change.`);
    }
    const [row] = existing
      ? await tx
          .update(involvementReviews)
          .set(values)
          .where(eq(involvementReviews.id, existing.id))
          .returning()
      : await tx
          .insert(involvementReviews)
          .values({
            ...values,
            contractId: contract.id,
            organisationId: contract.organisationId,
            providerOrganisationId: contract.providerOrganisationId,
            year: input.year,
          })
          .returning();
    const view = reviewView(row!);
    await recordAudit(tx, ctx, {
      action: existing ? "involvement_review.update" : "involvement_review.record",
      entityType: "involvement_review",
      entityId: row!.id,
      organisationId: contract.organisationId,
      parentType: "contract",
      parentId: contract.id,
      before: existing ? reviewView(existing) : undefined,
      after: view,
    });
    return { view, created: !existing };
  });
}

export async function confirmInvolvementReview({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: ReviewerInput & { contractId: string; reviewId: string };
}) {
  const { contractId, reviewId, ...given } = input;
  input = { ...parseInput(reviewerReviewInput, given), contractId, reviewId };
  return withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({
      ctx: { ...ctx, db: tx },
      input: { id: input.contractId, lock: true },
    });
    const [review] = await tx
      .select()
      .from(involvementReviews)
      .where(and(eq(involvementReviews.id, input.reviewId), eq(involvementReviews.contractId, contract.id)))
      .for("update");
    if (!review) throw notFound("involvement review");
    if (review.reviewedAt) throw conflict("This review has already been confirmed.");
    const errors = [];
    const reviewer = {} as ReviewerRatings;
    for (const k of INDICATOR_KEYS) {
      const given = input.ratings[k]!;
      const changed = given.score !== review.ratings[k].score;
      const reason = given.reason?.trim() || null;
      if (changed && !reason) {
        errors.push({
          path: `ratings/${k}/reason`,
          message: "give a reason for changing the provider's rating",
        });
      }
      reviewer[k] = { score: given.score, reason };
    }
    if (errors.length) throw validation(errors, "Every changed rating needs a reason.");
    const scores = scoresOf(reviewer);
    const [row] = await tx
      .update(involvementReviews)
      .set({
        reviewerRatings: reviewer,
        confirmedApproach: approachFor(scores),
        confirmedLevel: levelFor(scores),
        reviewedBy: ctx.actor.userId,
        reviewedAt: ctx.now,
      })
      .where(eq(involvementReviews.id, review.id))
      .returning();
    const view = reviewView(row!);
    await recordAudit(tx, ctx, {
      action: "involvement_review.confirm",
      entityType: "involvement_review",
      entityId: review.id,
      parentType: "contract",
      parentId: contract.id,
      before: reviewView(review),
      after: view,
    });
    return view;
  });
}

export const approachLabel = (a: string) => APPROACHES[a as keyof typeof APPROACHES]?.split(":")[0] ?? a;
