// Performance assessments against a contract's KPIs: proposed from the figures, rated with reasons,
// confirmed once (Procurement Act 2023 s.71; the Provider Selection Regime's record of performance).

import { serviceCtx } from "../../middleware/access.js";
import { isoDate } from "../../model/dates.js";
import { RATINGS } from "../../model/performance.js";
import {
  confirmAssessment,
  getAssessment,
  listAssessments,
  proposeAssessment,
  setAssessmentRating,
} from "../../services/assessments/assessments.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const figureSchema = z
  .object({ period: z.string(), periodEnd: z.string(), value: z.number().nullable(), accepted: z.boolean() })
  .nullable();

const ratingSchema = z.object({
  kpiId: z.uuid(),
  clauseKey: z.string(),
  clauseTitle: z.string(),
  clauseVersion: z.number().int().nullable().describe("The clause's version the rating was judged against"),
  clauseRequirement: z
    .string()
    .nullable()
    .describe(
      "The clause's requirement as it read when proposed (null for assessments made before it was kept)",
    ),
  clauseThreshold: z.string().nullable().describe("The clause's threshold as it read when proposed"),
  metric: z.string(),
  metricLabel: z.string(),
  unit: z.string(),
  comparator: z.string(),
  frequency: z.string(),
  mostMaterial: z.boolean(),
  tolerancePercent: z.number(),
  annualTarget: z.number(),
  target: z.number().describe("The target for the figure's period: pro-rated year to date for counts"),
  proRated: z.boolean(),
  figure: figureSchema.describe("The latest figure reported by the period's end; null when none"),
  proposed: z.enum(RATINGS),
  rating: z.enum(RATINGS),
  reason: z.string().nullable(),
});

const assessmentSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    periodStart: z.string(),
    periodEnd: z.string(),
    status: z.enum(["draft", "confirmed"]),
    ratings: z.array(ratingSchema),
    confirmedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Assessment");

const params = z.object({ id: z.uuid(), assessmentId: z.uuid() });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

export const assessmentRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/assessments",
      tags: ["Contracts"],
      summary: "The contract's performance assessments, and when the next is due",
      description:
        "The provider reads confirmed assessments only. nextDue: 12 months after the start or the last confirmed assessment's period end, or the contract's end date if sooner.",
      access: "assessment.read",
      request: { params: idParam },
      responses: {
        200: jsonResponse(
          z.object({ assessments: z.array(assessmentSchema), nextDue: z.string().nullable() }),
          "Assessments",
        ),
      },
    }),
    async (c) =>
      c.json(
        await listAssessments({ ctx: serviceCtx(c), input: { contractId: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/assessments",
      tags: ["Contracts"],
      summary: "Start a draft assessment, each KPI's rating proposed from its figures",
      description:
        "Good: met; Approaching target: short by no more than the tolerance; Requires improvement: short by up to twice it; Inadequate: short by more, or no figure reported (a nil return is a figure). The latest figure reported by periodEnd counts, against its period's target (counts and numbers pro-rated year to date). periodEnd before the contract's start answers 422; a draft already in progress 409.",
      access: "assessment.write",
      request: { params: idParam, body: jsonBody(z.object({ periodEnd: isoDate }).strict()) },
      responses: { 201: jsonResponse(assessmentSchema, "The draft"), 409: problem("A draft is in progress") },
    }),
    async (c) =>
      c.json(
        await proposeAssessment({
          ctx: serviceCtx(c),
          input: { contractId: c.req.valid("param").id, periodEnd: c.req.valid("json").periodEnd },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/assessments/{assessmentId}",
      tags: ["Contracts"],
      summary: "One assessment (the provider: confirmed only, a draft answers 404)",
      access: "assessment.read",
      request: { params },
      responses: { 200: jsonResponse(assessmentSchema, "The assessment") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await getAssessment({
          ctx: serviceCtx(c),
          input: { contractId: p.id, assessmentId: p.assessmentId },
        }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/contracts/{id}/assessments/{assessmentId}/ratings/{kpiId}",
      tags: ["Contracts"],
      summary: "Change a KPI's rating in a draft assessment, with the reason",
      description:
        "A rating other than the proposed one needs a reason, and 'other' always does (422 at reason). A confirmed assessment answers 409.",
      access: "assessment.write",
      request: {
        params: params.extend({ kpiId: z.uuid() }),
        body: jsonBody(
          z
            .object({ rating: z.string().max(40), reason: z.string().max(4000).nullable().optional() })
            .strict(),
        ),
      },
      responses: { 200: jsonResponse(assessmentSchema, "Rated"), 409: problem("Already confirmed") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await setAssessmentRating({
          ctx: serviceCtx(c),
          input: { contractId: p.id, assessmentId: p.assessmentId, kpiId: p.kpiId, ...c.req.valid("json") },
        }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/assessments/{assessmentId}/confirmation",
      tags: ["Contracts"],
      summary:
        "Confirm an assessment: it and the contract's KPIs then stay as they are; the provider is told",
      access: "assessment.write",
      request: { params },
      responses: { 200: jsonResponse(assessmentSchema, "Confirmed"), 409: problem("Already confirmed") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await confirmAssessment({
          ctx: serviceCtx(c),
          input: { contractId: p.id, assessmentId: p.assessmentId },
        }),
        200,
      );
    },
  );
