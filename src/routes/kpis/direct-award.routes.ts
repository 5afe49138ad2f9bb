// Performance records for a Provider Selection Regime direct award decision: made by the council's staff,
// kept as made, read as JSON, CSV or Word.

import { serviceCtx } from "../../middleware/access.js";
import {
  createDirectAwardRecord,
  directAwardRecordCsv,
  directAwardRecordDocx,
  getDirectAwardRecord,
  listDirectAwardRecords,
} from "../../services/assessments/direct-award.js";
import { createRouter, defineRoute, idParam, jsonResponse, problemSchema, z } from "../openapi.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "contract";
const evidence = z.object({ kind: z.string(), period: z.string().nullable(), detail: z.string() });
const recordSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    createdAt: z.string(),
    record: z.object({
      contract: z.object({
        reference: z.string(),
        title: z.string().nullable(),
        serviceName: z.string(),
        providerName: z.string(),
        commissionerName: z.string(),
        startDate: z.string(),
        endDate: z.string(),
      }),
      asOf: z.string(),
      generatedAt: z.string(),
      generatedByName: z.string(),
      criteria: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          clauses: z.array(
            z.object({ clauseKey: z.string(), clauseTitle: z.string(), evidence: z.array(evidence) }),
          ),
        }),
      ),
    }),
  })
  .openapi("DirectAwardRecord");
const params = z.object({ id: z.uuid(), recordId: z.uuid() });

export const directAwardRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/direct-award-records",
      tags: ["Contracts"],
      summary: "Make a performance record for a direct award decision, kept as made",
      description:
        "For a Provider Selection Regime contract: for each of the regime's five key criteria, the evidence from the clauses tagged with it (figures against targets, confirmed ratings, compliance history, the views of people who use the service, you said / we did), as the contract stands today. Stored whole: later changes never alter it. A contract under another regime answers 409.",
      access: "direct_award.write",
      request: { params: idParam },
      responses: {
        201: jsonResponse(recordSchema, "The record"),
        409: {
          description: "Not a Provider Selection Regime contract",
          content: { "application/problem+json": { schema: problemSchema } },
        },
      },
    }),
    async (c) =>
      c.json(
        await createDirectAwardRecord({ ctx: serviceCtx(c), input: { contractId: c.req.valid("param").id } }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/direct-award-records",
      tags: ["Contracts"],
      summary: "The contract's direct award records, newest first",
      access: "direct_award.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ records: z.array(recordSchema) }), "Records") },
    }),
    async (c) =>
      c.json(
        await listDirectAwardRecords({ ctx: serviceCtx(c), input: { contractId: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/direct-award-records/{recordId}",
      tags: ["Contracts", "Documents"],
      summary: "One direct award record: JSON, ?format=csv or ?format=docx",
      description:
        "format=csv: one row per criterion, clause and piece of evidence. format=docx: the Word 'Performance record for a direct award decision', dated by the record, so its bytes never change.",
      access: "direct_award.read",
      request: { params, query: z.object({ format: z.enum(["json", "csv", "docx"]).default("json") }) },
      responses: {
        200: {
          description: "The record",
          content: {
            "application/json": { schema: recordSchema },
            "text/csv": { schema: z.string() },
            [DOCX]: { schema: z.string().openapi({ format: "binary" }) },
          },
        },
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const p = c.req.valid("param");
      const input = { contractId: p.id, recordId: p.recordId };
      const format = c.req.valid("query").format;
      if (format === "csv") {
        const { reference, asOf, csv } = await directAwardRecordCsv({ ctx, input });
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="direct-award-record-${fileSafe(reference)}-${asOf}.csv"`,
          "cache-control": "private, no-store",
        });
      }
      if (format === "docx") {
        const { reference, asOf, bytes } = await directAwardRecordDocx({
          ctx: { ...ctx, renderer: c.get("deps").renderer },
          input,
        });
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          "content-type": DOCX,
          "content-disposition": `attachment; filename="direct-award-record-${fileSafe(reference)}-${asOf}.docx"`,
          "cache-control": "private, no-store",
        });
      }
      return c.json(await getDirectAwardRecord({ ctx, input }), 200);
    },
  );
