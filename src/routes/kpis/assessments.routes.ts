// Performance assessments against a contract's KPIs: proposed from the figures, rated with reasons,
// confirmed once (Procurement Act 2023 s.71; the Provider Selection Regime's record of performance).

import { serviceCtx } from "../../middleware/access.js";
import { isoDate } from "../../model/dates.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { RATINGS } from "../../model/performance.js";
import {
  confirmAssessment,
  getAssessment,
  listAssessments,
  proposeAssessment,
  REASON_TOO_LONG,
  setAssessmentRating,
} from "../../services/assessments/assessments.js";
import { assessmentDocx, assessmentNotice, assessmentNoticeCsv } from "../../services/assessments/records.js";
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
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "contract";
const party = z.object({
  name: z.string(),
  postalAddress: z.string().nullable(),
  email: z.string().nullable(),
  identifier: z.string().nullable(),
});
const noticeSchema = z
  .object({
    status: z.literal("draft"),
    notice: z.string(),
    draftStatement: z.string(),
    applicability: z.object({
      regime: z.string(),
      regimeWords: z.string(),
      lightTouch: z.boolean(),
      estimatedValuePence: z.number().nullable(),
      overFiveMillion: z.boolean(),
      noticeRequired: z.boolean(),
      text: z.string(),
    }),
    contractingAuthority: party,
    procurement: z.object({ title: z.string().nullable(), identifier: z.string().nullable() }),
    contract: z.object({
      identifier: z.string(),
      service: z.string(),
      startDate: z.string(),
      endDate: z.string(),
    }),
    suppliers: z.array(party),
    assessmentStatement: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    kpis: z.array(
      z.object({
        kpiId: z.string(),
        name: z.string(),
        target: z.string(),
        mostMaterial: z.boolean(),
        figure: z.object({ period: z.string(), value: z.number().nullable() }).nullable(),
        rating: z.enum(RATINGS),
        ratingWords: z.string(),
        measureClassification: z.object({ code: z.string(), inferred: z.literal(true), note: z.string() }),
        reason: z.string().nullable(),
      }),
    ),
    fields: z.array(z.object({ field: z.string(), value: z.string().nullable() })),
    missing: z.array(z.string()).describe("Regulation 39 fields WithUs holds no value for"),
    assessment: z.object({ id: z.string(), confirmedAt: z.string(), confirmedBy: z.string() }),
  })
  .openapi("ContractPerformanceNoticeDraft");
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
            .object({
              rating: z.string().max(40),
              reason: z.string().max(TEXT_LIMITS.assessmentReason.max, REASON_TOO_LONG).nullable().optional(),
            })
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
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/assessments/{assessmentId}/notice",
      tags: ["Contracts", "Documents"],
      summary:
        "The contract performance notice (UK9) drafted from a confirmed assessment: JSON, or ?format=csv",
      description:
        "Every field regulation 39 of the Procurement Regulations 2024 asks for, filled from WithUs's records as they stood at confirmation (missing lists any WithUs holds no value for), with an applicability line (regime, light touch, over £5 million) and each KPI's rating beside its Find a Tender code (measureClassification, an inferred mapping). A draft: WithUs does not publish; the council publishes through its e-tendering system. A draft assessment answers 409 to the council's staff (404 to anyone else). format=csv: one row per KPI, each row carrying the whole notice.",
      access: "assessment.records",
      request: { params, query: z.object({ format: z.enum(["json", "csv"]).default("json") }) },
      responses: {
        200: {
          description: "The draft notice",
          content: {
            "application/json": { schema: noticeSchema },
            "text/csv": { schema: z.string() },
          },
        },
        409: problem("The assessment is not confirmed"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const p = c.req.valid("param");
      const input = { contractId: p.id, assessmentId: p.assessmentId };
      if (c.req.valid("query").format === "csv") {
        const { reference, periodEnd, csv } = await assessmentNoticeCsv({ ctx, input });
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="performance-notice-draft-${fileSafe(reference)}-${periodEnd}.csv"`,
          "cache-control": "private, no-store",
        });
      }
      return c.json(await assessmentNotice({ ctx, input }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/assessments/{assessmentId}/document",
      tags: ["Contracts", "Documents"],
      summary: "The Word 'Contract performance assessment' of a confirmed assessment, for the review meeting",
      description:
        "Made from the confirmed assessment alone and dated by its confirmation: the same assessment always gives the same bytes. A draft answers 409 to the council's staff (404 to anyone else).",
      access: "assessment.records",
      request: { params },
      responses: {
        200: {
          description: "The document",
          content: { [DOCX]: { schema: z.string().openapi({ format: "binary" }) } },
        },
        409: problem("The assessment is not confirmed"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const p = c.req.valid("param");
      const { reference, periodEnd, bytes } = await assessmentDocx({
        ctx: { ...ctx, renderer: c.get("deps").renderer },
        input: { contractId: p.id, assessmentId: p.assessmentId },
      });
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": DOCX,
        "content-disposition": `attachment; filename="performance-assessment-${fileSafe(reference)}-${periodEnd}.docx"`,
        "cache-control": "private, no-store",
      });
    },
  );
