// Compliance: where a contract stands, the organisation-wide matrix, and the reports for review meetings.

import { serviceCtx } from "../../middleware/access.js";
import { OVERDUE_RED_AFTER_DAYS } from "../../model/compliance.js";
import { londonDate } from "../../model/dates.js";
import { contractCompliance } from "../../services/compliance/contract-compliance.js";
import { complianceMatrix, TREND_PERIODS } from "../../services/compliance/matrix.js";
import { contractPerformance, contractPerformanceCsv } from "../../services/compliance/performance.js";
import { complianceReportCsv, complianceReportDocx } from "../../services/compliance/report.js";
import { contractComplianceSchema, contractPerformanceSchema, matrixSchema } from "../contracts/schemas.js";
import { createRouter, defineRoute, idParam, jsonResponse, z } from "../openapi.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const RAG_RULES = `RAG: red if anything is non-compliant or overdue by more than ${OVERDUE_RED_AFTER_DAYS} days; amber if anything is partially compliant, returned for changes, or overdue within that; green otherwise. percentCompliant = (compliant + half of partially compliant) / assessed (accepted with a verdict), not applicable excluded.`;

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "contract";

export const complianceRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/compliance",
      tags: ["Compliance"],
      summary: "Where a contract stands: counts, compliance percentage, RAG, and each clause's periods",
      description: `summary is the provider's: the commissioner's own commitments (clauses of the commissioning category, party commissioner) are counted apart, in commissionerSummary, and never in the provider's percentage or RAG. Each clause and period says its party. ${RAG_RULES}`,
      access: "compliance.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(contractComplianceSchema, "Compliance") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await contractCompliance({ ctx, input: { contractId: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/performance",
      tags: ["Compliance"],
      summary: "Figures against targets: per clause and metric, each period's target, figure and state",
      description:
        "Per clause and metric, for each period begun by asOf (evidence is handed in from a period's start): the period's target (the clause's threshold; counts and numbers compared year to date against the annual target pro-rated to the months of the contract year gone, percentages and times taken (days, weeks, months) never pro-rated; in the direction of the metric's comparator), the figure from the obligation's latest submission, and its state: met, below, not_reported (or no_target for a metric reported for information). A figure the reviewer has not yet accepted carries the note 'reported, not yet checked'; a user group's representatives read accepted figures only (one not yet accepted has no value for them, and the note). The commissioner's own commitments are in commissionerClauses. format=csv: one row per clause, metric and period, with a Party column.",
      access: "compliance.read",
      request: { params: idParam, query: z.object({ format: z.enum(["json", "csv"]).default("json") }) },
      responses: {
        200: {
          description: "Figures against targets",
          content: {
            "application/json": { schema: contractPerformanceSchema },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const contractId = c.req.valid("param").id;
      if (c.req.valid("query").format === "csv") {
        const { contract, csv } = await contractPerformanceCsv({ ctx, input: { contractId } });
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="performance-${fileSafe(contract.reference)}-${londonDate(ctx.now)}.csv"`,
          "cache-control": "private, no-store",
        });
      }
      return c.json(await contractPerformance({ ctx, input: { contractId } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/compliance-report",
      tags: ["Compliance", "Documents"],
      summary: "The compliance report: Word by default, or ?format=csv",
      description: `format=docx (the default): a Word document for contract review meetings with the summary, RAG, a table per clause and the outstanding actions. format=csv: one row per obligation, with a Party column (provider or commissioner). The commissioner's own commitments are in a section of their own and out of the provider's figures. ${RAG_RULES}`,
      access: "compliance.report",
      request: { params: idParam, query: z.object({ format: z.enum(["docx", "csv"]).default("docx") }) },
      responses: {
        200: {
          description: "The report",
          content: {
            [DOCX]: { schema: z.string().openapi({ format: "binary" }) },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const id = c.req.valid("param").id;
      const day = londonDate(ctx.now);
      if (c.req.valid("query").format === "csv") {
        const { contract, csv } = await complianceReportCsv({ ctx, input: { contractId: id } });
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="compliance-${fileSafe(contract.reference)}-${day}.csv"`,
          "cache-control": "private, no-store",
        });
      }
      const { contract, bytes } = await complianceReportDocx({
        ctx: { ...ctx, renderer: c.get("deps").renderer },
        input: { contractId: id },
      });
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": DOCX,
        "content-disposition": `attachment; filename="compliance-${fileSafe(contract.reference)}-${day}.docx"`,
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/compliance",
      tags: ["Compliance"],
      summary: "Your organisation's contracts x clauses for one period, with each contract's trend",
      description: `period is a period label as obligations show it (2026-27 Q1, 2026-27 H1, 2026-27, Apr 2026); by default the last quarter to have ended (April reporting year). Each cell is the obligation of that contract and clause for the period. The trend covers the ${TREND_PERIODS} periods of the same kind up to and including it. Filter by provider (organisation id) and clause (key). ${RAG_RULES}`,
      access: "compliance.matrix",
      request: {
        query: z.object({
          period: z.string().trim().min(1).max(40).optional(),
          provider: z.uuid().optional(),
          clause: z.string().max(20).optional(),
        }),
      },
      responses: { 200: jsonResponse(matrixSchema, "The matrix") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const q = c.req.valid("query");
      return c.json(
        await complianceMatrix({
          ctx,
          input: { period: q.period, providerOrganisationId: q.provider, clauseKey: q.clause },
        }),
        200,
      );
    },
  );
