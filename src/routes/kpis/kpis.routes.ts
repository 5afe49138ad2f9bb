// Key performance indicators: a specification's, designated while it is a draft, and a contract's,
// carried from its specification when it is let.
import { serviceCtx } from "../../middleware/access.js";
import { KPI_FREQUENCIES, MAX_KPIS, MOST_MATERIAL } from "../../model/kpis.js";
import { DEFAULT_TOLERANCE_PERCENT, METRIC_UNITS } from "../../model/performance.js";
import { listContractKpis, setContractKpis } from "../../services/contracts/kpis.js";
import { listSpecificationKpis, setSpecificationKpis } from "../../services/specifications/kpis.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const designation = {
  clauseKey: z.string().min(1).max(20).describe("A provider clause of the specification"),
  metric: z.string().min(1).max(60).describe("One of the clause's metrics (its threshold's figures)"),
  target: z.number().optional().describe("The target; the clause's own when left out"),
  frequency: z
    .enum(KPI_FREQUENCIES)
    .optional()
    .describe("How often it is measured; from the clause's frequency when left out"),
  mostMaterial: z
    .boolean()
    .optional()
    .describe(`One of the ${MOST_MATERIAL} most material (Procurement Act 2023 s.52)`),
};

const specificationKpiSchema = z
  .object({
    clauseKey: z.string(),
    clauseTitle: z.string(),
    metric: z.string(),
    metricLabel: z.string(),
    unit: z.enum(METRIC_UNITS),
    comparator: z.enum(["at_least", "at_most"]),
    target: z.number(),
    frequency: z.enum(KPI_FREQUENCIES),
    mostMaterial: z.boolean(),
  })
  .openapi("SpecificationKpi");

const contractKpiSchema = specificationKpiSchema
  .extend({
    id: z.uuid(),
    tolerancePercent: z
      .number()
      .describe("How far short, as a percentage of the target, is 'approaching target'"),
  })
  .openapi("ContractKpi");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

export const kpiRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/specifications/{id}/kpis",
      tags: ["Specifications"],
      summary: "The specification's key performance indicators, in order",
      access: "specification.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ kpis: z.array(specificationKpiSchema) }), "KPIs") },
    }),
    async (c) => {
      const kpis = await listSpecificationKpis({
        ctx: serviceCtx(c),
        input: { specificationId: c.req.valid("param").id },
      });
      return c.json({ kpis }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/specifications/{id}/kpis",
      tags: ["Specifications"],
      summary: "Designate a draft's key performance indicators (replaces the list; 409 once issued)",
      description: `Each KPI is a metric of one of the draft's provider clauses (a council's own commitment, or a metric the clause does not report, is refused at the field), with its target (the clause's own when left out; 0 or more, a percentage at most 100), how often it is measured and whether it is one of the ${MOST_MATERIAL} most material (at most ${MOST_MATERIAL} marked). A revision starts with the KPIs of the version it revises; issuing freezes them; letting a contract carries them to it. At most ${MAX_KPIS}.`,
      access: "specification.write",
      request: {
        params: idParam,
        body: jsonBody(z.object({ kpis: z.array(z.object(designation).strict()).max(MAX_KPIS) }).strict()),
      },
      responses: {
        200: jsonResponse(z.object({ kpis: z.array(specificationKpiSchema) }), "KPIs saved"),
        409: problem("Not a draft"),
      },
    }),
    async (c) => {
      const kpis = await setSpecificationKpis({
        ctx: serviceCtx(c),
        input: { specificationId: c.req.valid("param").id, kpis: c.req.valid("json").kpis },
      });
      return c.json({ kpis }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/kpis",
      tags: ["Contracts"],
      summary: "The contract's key performance indicators, in order",
      description: `Carried from the specification when the contract was let, each with a tolerance for 'approaching target' (default ${DEFAULT_TOLERANCE_PERCENT}% of the target).`,
      access: "kpi.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ kpis: z.array(contractKpiSchema) }), "KPIs") },
    }),
    async (c) => {
      const kpis = await listContractKpis({
        ctx: serviceCtx(c),
        input: { contractId: c.req.valid("param").id },
      });
      return c.json({ kpis }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/contracts/{id}/kpis",
      tags: ["Contracts"],
      summary: "Change the contract's key performance indicators (replaces the list)",
      description: `Each KPI is a metric of one of the provider clauses of the contract's specification (a council's own commitment, or a metric the clause does not report, is refused at the field), with its target, how often it is measured, a tolerance for 'approaching target' (a percentage of the target, default ${DEFAULT_TOLERANCE_PERCENT}; 0 or more), and exactly min(${MOST_MATERIAL}, count) marked most material. Under the Procurement Act 2023, not light touch and over £5 million, fewer than three answers 422 naming s.52 unless the contract records why performance cannot be assessed by KPIs (kpiExemptionReason, PATCH /api/contracts/{id}). A KPI kept (same clause and metric) keeps its id. At most ${MAX_KPIS}.`,
      access: "kpi.write",
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
              kpis: z
                .array(
                  z
                    .object({
                      ...designation,
                      tolerancePercent: z
                        .number()
                        .optional()
                        .describe(`A percentage of the target; ${DEFAULT_TOLERANCE_PERCENT} when left out`),
                    })
                    .strict(),
                )
                .max(MAX_KPIS),
            })
            .strict(),
        ),
      },
      responses: { 200: jsonResponse(z.object({ kpis: z.array(contractKpiSchema) }), "KPIs saved") },
    }),
    async (c) => {
      const kpis = await setContractKpis({
        ctx: serviceCtx(c),
        input: { contractId: c.req.valid("param").id, kpis: c.req.valid("json").kpis },
      });
      return c.json({ kpis }, 200);
    },
  );
