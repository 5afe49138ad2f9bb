// The involvement-maturity review of a contract (clause GOV-05): the provider records it with its forum,
// the reviewer confirms or changes each rating with a reason; everyone on the contract sees the trend.
import { serviceCtx } from "../../middleware/access.js";
import { APPROACH_KEYS, APPROACH_NOTE } from "../../model/maturity.js";
import {
  confirmInvolvementReview,
  listInvolvementReviews,
  providerReviewInput,
  recordInvolvementReview,
  reviewerReviewInput,
} from "../../services/maturity/reviews.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

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
      request: { params: idParam, body: jsonBody(providerReviewInput) },
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
      request: { params: reviewParams, body: jsonBody(reviewerReviewInput) },
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
