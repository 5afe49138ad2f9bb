// Specifications: drafts, clause selection, issue, revisions, changes and documents.

import type { Context } from "hono";
import type { DocumentKind } from "../../db/schema/index.js";
import { toCsv } from "../../lib/csv.js";
import { longText, shortText } from "../../lib/text.js";
import { type Access, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { BUNDLE_KEYS } from "../../model/bundles.js";
import { FREQUENCIES } from "../../model/clause-schema.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { specificationChanges } from "../../services/specifications/changes.js";
import { setCoProduction } from "../../services/specifications/co-production.js";
import { getDocument, getLargePrintSummary } from "../../services/specifications/documents.js";
import { issueSpecification } from "../../services/specifications/issue.js";
import {
  findSpecification,
  getSpecification,
  listSpecifications,
  renderedClausesOf,
} from "../../services/specifications/queries.js";
import {
  createSpecification,
  revisionInput,
  setSpecificationClauses,
  startRevision,
  updateSpecification,
} from "../../services/specifications/write.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

const text = (limit: { max: number }) => shortText({ max: limit.max });
const paragraphs = (limit: { max: number }) => longText({ max: limit.max });
// In the service's words (services/specifications/write.ts), so the API and the page say the same.
const bounded = ({ min, max }: { min: number; max: number }) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

import { isoDate } from "../../model/dates.js";
import { DOCUMENT_SHAPES } from "../../model/document-input.js";

const sectionsSchema = z
  .object({
    introduction: paragraphs(TEXT_LIMITS.specificationSection).optional(),
    populationNeed: paragraphs(TEXT_LIMITS.specificationSection).optional(),
    outcomes: paragraphs(TEXT_LIMITS.specificationSection).optional(),
    scope: paragraphs(TEXT_LIMITS.specificationSection).optional(),
  })
  .strict();

// Shape only here; whether a number is a UK phone number is the service's rule (model/contacts.ts).
const contactsSchema = z
  .object({
    councilContactName: text(TEXT_LIMITS.contactName).nullable().optional(),
    councilContactPhone: text(TEXT_LIMITS.phoneNumber).nullable().optional(),
    complaintsPhone: text(TEXT_LIMITS.phoneNumber).nullable().optional(),
    healthwatchPhone: text(TEXT_LIMITS.phoneNumber).nullable().optional(),
    independentBodyName: text(TEXT_LIMITS.contactName).nullable().optional(),
    independentBodyPhone: text(TEXT_LIMITS.phoneNumber).nullable().optional(),
  })
  .strict()
  .openapi("SpecificationContacts", {
    description:
      "Who people can call that is not the provider. All are needed to issue (the independent body only with FBK-02); phone numbers must be UK numbers",
  });

// Shape only here; the service judges dates, groups and consent (services/specifications/co-production.ts).
const coProductionSchema = z
  .object({
    from: z.string().openapi({ description: "First day people worked on this version (YYYY-MM-DD)" }),
    to: z.string().openapi({ description: "Last day people worked on it (YYYY-MM-DD)" }),
    groups: z
      .array(
        z
          .object({
            name: text(TEXT_LIMITS.coProductionGroup),
            people: z
              .number()
              .int()
              // Described, not judged, here: the service refuses it at its field with the record's other errors.
              .openapi({
                minimum: NUMBER_LIMITS.coProductionPeople.min,
                maximum: NUMBER_LIMITS.coProductionPeople.max,
              }),
          })
          .strict(),
      )
      .max(50)
      .openapi({ description: "Where the contributors came from, and how many from each" }),
    credited: z
      .array(
        z
          .object({
            name: text(TEXT_LIMITS.coProductionCredit),
            group: text(TEXT_LIMITS.coProductionGroup),
            as: z.enum(["name", "pseudonym"]),
            consentRecordedOn: z.string(),
          })
          .strict(),
      )
      .max(500)
      .openapi({
        description:
          "Those who chose to be credited in document control, by name or pseudonym, with the day their consent was recorded; everyone else is counted by group",
      }),
  })
  .strict()
  .openapi("CoProductionRecord", {
    description:
      "COM-02: who helped the council write this version. Without it the documents do not say people who use services helped write them",
  });

const detailFields = {
  reference: text(TEXT_LIMITS.specificationReference)
    .nullable()
    .optional()
    .openapi({
      description: `The council's own reference for this specification, printed on its Word documents in place of its id: up to ${TEXT_LIMITS.specificationReference.max} characters, letters A to Z, numbers, spaces, hyphens, slashes and full stops, starting with a letter or number. One specification's within the council (its revisions keep it; 409 at reference when another has it, whatever the case); null or "" clears it`,
    }),
  contacts: contactsSchema.optional(),
  area: text(TEXT_LIMITS.specificationDetail).nullable().optional(),
  commissionerLead: text(TEXT_LIMITS.specificationDetail).nullable().optional(),
  providerName: text(TEXT_LIMITS.specificationDetail).nullable().optional(),
  periodStart: isoDate.nullable().optional(),
  periodEnd: isoDate.nullable().optional(),
  reviewDate: isoDate.nullable().optional(),
  sections: sectionsSchema.optional(),
  documentShape: z.enum(DOCUMENT_SHAPES).nullable().optional().openapi({
    description:
      'What it issues as: "schedule" (the involvement schedule alone, to attach to the council\'s own specification) or "full_specification" (with the four general sections, all of which must then be written to issue). Null returns to the default: a full specification only when all four sections are written',
  }),
  gracePeriodDays: bounded(NUMBER_LIMITS.gracePeriodDays).optional(),
  caseload: bounded(NUMBER_LIMITS.caseload)
    .nullable()
    .optional()
    .openapi({ description: "People on the active caseload; clause defaults that scale follow it" }),
  sites: bounded(NUMBER_LIMITS.sites).nullable().optional().openapi({ description: "Number of sites" }),
};

const createBody = z
  .object({
    title: shortText(TEXT_LIMITS.specificationTitle),
    serviceName: shortText(TEXT_LIMITS.serviceName),
    ...detailFields,
    bundle: z
      .enum(BUNDLE_KEYS)
      .optional()
      .openapi({ description: "Start with a named set of library clauses (core or enhanced)" }),
  })
  .strict();
const keyPromisesSchema = z.array(z.string().max(20)).nullable().openapi({
  description:
    "The plain-language summary's first page: the clause keys of at most ten promises, in order (each a clause of this specification). null: the core bundle's order",
});
const patchBody = z
  .object({
    title: shortText(TEXT_LIMITS.specificationTitle).optional(),
    serviceName: shortText(TEXT_LIMITS.serviceName).optional(),
    ...detailFields,
    keyPromises: keyPromisesSchema.optional(),
  })
  .strict();

const selectionSchema = z
  .object({
    key: z.string().min(1),
    version: z.number().int().min(1).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const specificationSchema = z
  .object({
    id: z.uuid(),
    lineageId: z.uuid(),
    version: z.number().int(),
    revisesId: z.uuid().nullable(),
    status: z.enum(["draft", "issued", "superseded"]),
    title: z.string(),
    reference: z.string().nullable().openapi({
      description: "The council's own reference, or null: the documents then print the id",
    }),
    serviceName: z.string(),
    area: z.string().nullable(),
    commissionerLead: z.string().nullable(),
    providerName: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    reviewDate: z.string().nullable(),
    sections: sectionsSchema,
    documentShape: z.enum(DOCUMENT_SHAPES).openapi({
      description: "What it issues as, chosen or by default; frozen once issued",
    }),
    contacts: contactsSchema,
    coProduction: coProductionSchema.nullable().optional(),
    keyPromises: keyPromisesSchema,
    gracePeriodDays: z.number().int(),
    caseload: z.number().int().nullable(),
    sites: z.number().int().nullable(),
    bundle: z.string().nullable(),
    revisionNote: z.string().nullable(),
    issuedAt: z.string().nullable(),
    contentHash: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    clauses: z
      .array(
        z.object({
          key: z.string(),
          version: z.number(),
          title: z.string(),
          parameters: z.record(z.string(), z.unknown()),
          parameterBasis: z.record(z.string(), z.string()).optional().openapi({
            description:
              'For values at the default computed from the service\'s size: "based on a caseload of 1,200"',
          }),
        }),
      )
      .optional(),
  })
  .openapi("Specification");

const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async function sendDocument(c: Context<AppEnv>, id: string, kind: DocumentKind) {
  const ctx = serviceCtx(c);
  const doc = await getDocument({ ctx, input: { id, kind } });
  return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": docx,
    "content-disposition": `attachment; filename="${doc.fileName}"`,
    ...(doc.sha256 ? { etag: `"${doc.sha256}"` } : {}),
    "cache-control": "private, no-cache",
  });
}

/** GET one of a specification's Word documents: the document routes differ in path, summary and access only. */
function documentRoute<P extends string>(path: P, summary: string, access: Access) {
  return defineRoute({
    method: "get",
    path,
    tags: ["Documents"],
    summary,
    access,
    request: { params: idParam },
    responses: {
      200: {
        description: "Word document",
        content: { [docx]: { schema: z.string().openapi({ format: "binary" }) } },
      },
    },
  });
}

export const specificationRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/specifications",
      tags: ["Specifications"],
      summary: "Start a draft specification",
      access: "specification.write",
      request: { body: jsonBody(createBody) },
      responses: {
        201: jsonResponse(specificationSchema, "Created"),
        409: jsonResponse(z.unknown(), "Another of your specifications has the reference (at reference)"),
      },
    }),
    async (c) => c.json(await createSpecification({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/specifications",
      tags: ["Specifications"],
      summary: "Specifications you may see, most recently changed first",
      access: "specification.read",
      request: { query: z.object({ status: z.enum(["draft", "issued", "superseded"]).optional() }) },
      responses: {
        200: jsonResponse(z.object({ specifications: z.array(specificationSchema) }), "Specifications"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        { specifications: await listSpecifications({ ctx, input: { status: c.req.valid("query").status } }) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/specifications/{id}",
      tags: ["Specifications"],
      summary: "A specification with its clause selections",
      access: "specification.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(specificationSchema, "The specification") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await getSpecification({ ctx, input: { id: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/specifications/{id}",
      tags: ["Specifications"],
      summary: "Change a draft's details (409 once issued)",
      access: "specification.write",
      request: { params: idParam, body: jsonBody(patchBody) },
      responses: {
        200: jsonResponse(specificationSchema, "Updated"),
        409: jsonResponse(
          z.unknown(),
          "Not a draft, or another specification has the reference (at reference)",
        ),
      },
    }),
    async (c) =>
      c.json(
        await updateSpecification({
          ctx: serviceCtx(c),
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/specifications/{id}/clauses",
      tags: ["Specifications"],
      summary: "Choose the clauses, in order, with their parameter values (409 once issued)",
      description:
        "Each selection names a clause key, optionally a published version (default: the latest), and parameter values (defaults from the clause fill the rest). Problems come back as 422 with paths such as clauses/3/parameters/response_rate.",
      access: "specification.write",
      request: {
        params: idParam,
        body: jsonBody(z.object({ clauses: z.array(selectionSchema).max(1000) }).strict()),
      },
      responses: {
        200: jsonResponse(specificationSchema, "Updated"),
        409: jsonResponse(z.unknown(), "Not a draft"),
      },
    }),
    async (c) =>
      c.json(
        await setSpecificationClauses({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, list: c.req.valid("json").clauses },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/specifications/{id}/issue",
      tags: ["Specifications"],
      summary: "Issue a draft: freeze it, hash it and keep its documents",
      access: "specification.write",
      request: { params: idParam },
      responses: {
        200: jsonResponse(specificationSchema, "Issued"),
        409: jsonResponse(z.unknown(), "Not a draft"),
      },
    }),
    async (c) =>
      c.json(await issueSpecification({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/specifications/{id}/co-production",
      tags: ["Specifications"],
      summary:
        "Record who helped write this draft (COM-02): how many, from which groups, when, and each credit choice; null clears it",
      access: "specification.write",
      request: { params: idParam, body: jsonBody(coProductionSchema.nullable()) },
      responses: {
        200: jsonResponse(specificationSchema, "Recorded"),
        409: jsonResponse(z.unknown(), "Not a draft"),
        422: jsonResponse(z.unknown(), "The record is not complete (each problem at its field)"),
      },
    }),
    async (c) =>
      c.json(
        await setCoProduction({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, record: c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/specifications/{id}/revisions",
      tags: ["Specifications"],
      summary: "Start the next version of an issued specification as a draft copy",
      access: "specification.write",
      request: {
        params: idParam,
        body: {
          required: false,
          content: {
            "application/json": { schema: revisionInput },
          },
        },
      },
      responses: {
        201: jsonResponse(specificationSchema, "The new draft"),
        409: jsonResponse(z.unknown(), "Not issued"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json") as { note?: string };
      return c.json(
        await startRevision({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, note: body.note } }),
        201,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/specifications/{id}/changes",
      tags: ["Specifications"],
      summary: "Clause-by-clause changes from the version this one revises",
      access: "specification.changes",
      request: { params: idParam },
      responses: {
        200: jsonResponse(
          z.object({
            specificationId: z.string(),
            revisesId: z.string().nullable(),
            changes: z.array(
              z.object({
                key: z.string(),
                title: z.string(),
                change: z.enum(["added", "removed", "changed", "unchanged"]),
                fromVersion: z.number().nullable(),
                toVersion: z.number().nullable(),
                fields: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
              }),
            ),
          }),
          "Changes",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await specificationChanges({ ctx, input: { id: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/specifications/{id}/obligations",
      tags: ["Specifications"],
      summary: "The evidence schedule: clause, evidence, frequency and threshold (JSON, or ?format=csv)",
      access: "specification.read",
      request: { params: idParam, query: z.object({ format: z.enum(["json", "csv"]).default("json") }) },
      responses: {
        200: {
          description: "The schedule",
          content: {
            "application/json": {
              schema: z.object({
                obligations: z.array(
                  z.object({
                    key: z.string(),
                    title: z.string(),
                    category: z.string(),
                    level: z.string(),
                    evidence: z.string(),
                    reviewerChecks: z.string(),
                    frequency: z.string(),
                    threshold: z.string().nullable(),
                  }),
                ),
              }),
            },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const spec = await findSpecification({ ctx, input: { id: c.req.valid("param").id } });
      const rows = (await renderedClausesOf({ ctx, input: spec })).map((r) => ({
        key: r.key,
        title: r.title,
        category: r.category,
        level: r.level,
        evidence: r.evidence.documents,
        reviewerChecks: r.evidence.reviewerChecks,
        frequency: r.frequency,
        threshold: r.threshold?.description ?? null,
      }));
      if (c.req.valid("query").format === "csv") {
        const csv = toCsv(
          [
            "Clause",
            "Title",
            "Evidence",
            "What the reviewer checks",
            "Frequency",
            "Threshold",
            "Minimum involvement level",
          ],
          rows.map((r) => [
            r.key,
            r.title,
            r.evidence,
            r.reviewerChecks,
            FREQUENCIES[r.frequency],
            r.threshold,
            r.level,
          ]),
        );
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="evidence-schedule-v${spec.version}.csv"`,
        });
      }
      return c.json({ obligations: rows }, 200);
    },
  )
  .openapi(
    documentRoute(
      "/specifications/{id}/document",
      "The service specification as a Word document",
      "specification.read",
    ),
    (c) => sendDocument(c, c.req.valid("param").id, "specification"),
  )
  .openapi(
    documentRoute(
      "/specifications/{id}/commitments-document",
      "The council's statement of commitments: the commissioning clauses, apart from the provider's specification (Word)",
      "specification.read",
    ),
    (c) => sendDocument(c, c.req.valid("param").id, "commitments"),
  )
  .openapi(
    documentRoute(
      "/specifications/{id}/summary-document",
      "The plain-language summary for people who use the service (Word)",
      "specification.read",
    ),
    (c) => sendDocument(c, c.req.valid("param").id, "summary"),
  )
  .openapi(
    documentRoute(
      "/specifications/{id}/summary-document/large-print",
      "The plain-language summary in large print: the same words at 18pt (Word)",
      "specification.read",
    ),
    async (c) => {
      const ctx = serviceCtx(c);
      const doc = await getLargePrintSummary({ ctx, input: { id: c.req.valid("param").id } });
      return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": docx,
        "content-disposition": `attachment; filename="${doc.fileName}"`,
        "cache-control": "private, no-cache",
      });
    },
  )
  .openapi(
    documentRoute(
      "/specifications/{id}/changes/document",
      "The revision as a tracked-changes Word document",
      "specification.changes",
    ),
    (c) => sendDocument(c, c.req.valid("param").id, "changes"),
  );
