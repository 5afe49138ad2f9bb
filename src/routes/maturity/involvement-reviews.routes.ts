// The involvement-maturity review of a contract (clause GOV-05): the provider records it with its forum,
// the reviewer confirms or changes each rating with a reason; everyone on the contract sees the trend.
import { longText, shortText } from "../../lib/text.js";
import { serviceCtx } from "../../middleware/access.js";
import { NUMBER_LIMITS } from "../../model/limits.js";
import { APPROACH_KEYS, APPROACH_NOTE, INDICATOR_KEYS, scoreSchema } from "../../model/maturity.js";
import {
  confirmInvolvementReview,
  listInvolvementReviews,
  recordInvolvementReview,
} from "../../services/maturity/reviews.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

const perIndicator = <T extends z.ZodType>(item: T) =>
  z
    .object(
      Object.fromEntries(INDICATOR_KEYS.map((k) => [k, item])) as Record<(typeof INDICATOR_KEYS)[number], T>,
    )
    .strict();

const providerBody = z
  .object({
    year: z
      .number()
      .int()
      .min(NUMBER_LIMITS.involvementReviewYear.min)
      .max(NUMBER_LIMITS.involvementReviewYear.max),
    completedWith: shortText({ min: 1, max: 200 }).describe("The forum or lived experience organisation"),
    participants: z
      .number()
      .int()
      .min(NUMBER_LIMITS.involvementParticipants.min)
      .max(NUMBER_LIMITS.involvementParticipants.max)
      .describe("Service users who took part"),
    disagreement: longText({ max: 5000 }).nullable().optional(),
    ratings: perIndicator(
      z.object({ score: scoreSchema, evidence: longText({ min: 1, max: 2000 }) }).strict(),
    ),
  })
  .strict();

const reviewerBody = z
  .object({
    ratings: perIndicator(
      z.object({ score: scoreSchema, reason: longText({ max: 2000 }).nullable().optional() }).strict(),
    ),
  })
  .strict();

const reviewSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    year: z.number().int(),
    completedWith: z.string(),
    participants: z.number().int(),
    disagreement: z.string().nullable(),
    ratings: z.record(z.string(), z.object({ score: z.number(), evidence: z.string() })),
    approach: z.enum(APPROACH_KEYS),
    level: z.string(),
    submittedAt: z.string(),
    reviewerRatings: z
      .record(z.string(), z.object({ score: z.number(), reason: z.string().nullable() }))
      .nullable(),
    confirmedApproach: z.enum(APPROACH_KEYS).nullable(),
    confirmedLevel: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    current: z.object({ approach: z.enum(APPROACH_KEYS), level: z.string(), confirmed: z.boolean() }),
  })
  .openapi("InvolvementReview");

const reviewParams = z.object({ id: z.uuid(), reviewId: z.uuid() });

export const involvementReviewRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/involvement-reviews",
      tags: ["Involvement reviews"],
      summary: "The contract's involvement-maturity reviews, oldest first, and the trend",
      description: APPROACH_NOTE,
      access: "maturity.read",
      request: { params: idParam },
      responses: {
        200: jsonResponse(z.object({ reviews: z.array(reviewSchema), trend: z.string() }), "Reviews"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        await listInvolvementReviews({ ctx, input: { contractId: c.req.valid("param").id } }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/involvement-reviews",
      tags: ["Involvement reviews"],
      summary:
        "Record (or, until the reviewer confirms it, replace) the year's review, completed with the forum",
      description: `Each indicator is scored 0-4 against the published descriptors, with its evidence; the approach and the IAP2 level follow from the scores. ${APPROACH_NOTE}`,
      access: "maturity.assess",
      request: { params: idParam, body: jsonBody(providerBody) },
      responses: {
        201: jsonResponse(reviewSchema, "Recorded"),
        200: jsonResponse(reviewSchema, "Replaced"),
      },
    }),
    async (c) => {
      const { view, created } = await recordInvolvementReview({
        ctx: serviceCtx(c),
        input: { ...c.req.valid("json"), contractId: c.req.valid("param").id },
      });
      return c.json(view, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/involvement-reviews/{reviewId}/confirmation",
      tags: ["Involvement reviews"],
      summary: "Confirm or change each of the provider's ratings; a changed rating needs a reason",
      access: "maturity.confirm",
      request: { params: reviewParams, body: jsonBody(reviewerBody) },
      responses: { 200: jsonResponse(reviewSchema, "Confirmed") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await confirmInvolvementReview({
          ctx: serviceCtx(c),
          input: { ...c.req.valid("json"), contractId: p.id, reviewId: p.reviewId },
        }),
        200,
      );
    },
  );
