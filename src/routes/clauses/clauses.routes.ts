// The clause library and organisations' own clauses.
import { serviceCtx } from "../../middleware/access.js";
import {
  CATEGORY_KEYS,
  clauseContentSchema,
  clauseKey,
  evidenceSchema,
  FREQUENCY_KEYS,
  LEVELS,
  newClauseSchema,
  parameterSchema,
  sourceSchema,
  thresholdSchema,
  VERIFICATION_KEYS,
} from "../../model/clause-schema.js";
import { clauseView, getClause, getClauseVersion, listClauses } from "../../services/clauses/queries.js";
import { clauseUsage } from "../../services/clauses/usage.js";
import { addClauseVersion, createClause, publishClauseVersion } from "../../services/clauses/write.js";
import { createRouter, defineRoute, jsonBody, jsonResponse, z } from "../openapi.js";

const clauseSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published"]),
    owner: z.enum(["library", "organisation"]),
    title: z.string(),
    category: z.enum(CATEGORY_KEYS),
    level: z.enum(LEVELS),
    requirement: z.string(),
    evidence: evidenceSchema,
    frequency: z.enum(FREQUENCY_KEYS),
    threshold: thresholdSchema.nullable(),
    plainLanguage: z.string(),
    guidance: z.string(),
    sources: z.array(sourceSchema),
    challenges: z.array(z.string()),
    psrCriteria: z
      .array(z.string())
      .optional()
      .describe("The Provider Selection Regime's key criteria the clause's evidence speaks to"),
    verification: z.array(z.enum(VERIFICATION_KEYS)),
    parameters: z.array(parameterSchema),
    publishedAt: z.string().nullable(),
  })
  .openapi("Clause");

const keyParam = z.object({ key: clauseKey });
const versionParam = z.object({ key: clauseKey, version: z.coerce.number().int().min(1).max(100_000) });

export const clauseRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/clauses",
      tags: ["Clauses"],
      summary: "List clauses (latest published version of each), filtered",
      access: "clause.read",
      request: {
        query: z.object({
          category: z.enum(CATEGORY_KEYS).optional(),
          level: z.enum(LEVELS).optional(),
          frequency: z.enum(FREQUENCY_KEYS).optional(),
          q: z
            .string()
            .max(200)
            .optional()
            .openapi({ description: "Free text over title, requirement and evidence" }),
        }),
      },
      responses: { 200: jsonResponse(z.object({ clauses: z.array(clauseSchema) }), "Clauses") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json({ clauses: await listClauses({ ctx, input: c.req.valid("query") }) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/clauses/{key}",
      tags: ["Clauses"],
      summary: "A clause: its current version and the list of versions",
      access: "clause.read",
      request: { params: keyParam },
      responses: {
        200: jsonResponse(
          clauseSchema.extend({
            versions: z.array(
              z.object({ version: z.number(), status: z.string(), publishedAt: z.string().nullable() }),
            ),
          }),
          "The clause",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await getClause({ ctx, input: { key: c.req.valid("param").key } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/clauses/{key}/versions/{version}",
      tags: ["Clauses"],
      summary: "One version of a clause",
      access: "clause.read",
      request: { params: versionParam },
      responses: { 200: jsonResponse(clauseSchema, "The version") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const { key, version } = c.req.valid("param");
      const found = await getClauseVersion({ ctx, input: { key, version } });
      return c.json(clauseView(found.clause, found.version), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/clauses",
      tags: ["Clauses"],
      summary: "Write your organisation's own clause (starts as draft version 1)",
      access: "clause.write",
      request: { body: jsonBody(newClauseSchema) },
      responses: { 201: jsonResponse(clauseSchema, "Created"), 409: jsonResponse(z.unknown(), "Key taken") },
    }),
    async (c) => {
      const { key, ...content } = c.req.valid("json");
      return c.json(await createClause({ ctx: serviceCtx(c), input: { key, content } }), 201);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/clauses/{key}/versions",
      tags: ["Clauses"],
      summary: "Add a new draft version of your own clause",
      access: "clause.write",
      request: { params: keyParam, body: jsonBody(clauseContentSchema) },
      responses: { 201: jsonResponse(clauseSchema, "Created") },
    }),
    async (c) =>
      c.json(
        await addClauseVersion({
          ctx: serviceCtx(c),
          input: { key: c.req.valid("param").key, content: c.req.valid("json") },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/clauses/{key}/versions/{version}/publish",
      tags: ["Clauses"],
      summary: "Publish a draft version; published versions never change",
      access: "clause.write",
      request: { params: versionParam },
      responses: {
        200: jsonResponse(clauseSchema, "Published"),
        409: jsonResponse(z.unknown(), "Already published"),
      },
    }),
    async (c) => c.json(await publishClauseVersion({ ctx: serviceCtx(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/clauses/{key}/usage",
      tags: ["Clauses"],
      summary: "Which of your specifications use which version of this clause",
      access: "clause.usage",
      request: { params: keyParam },
      responses: {
        200: jsonResponse(
          z.object({
            key: z.string(),
            latestVersion: z.number().nullable(),
            usage: z.array(
              z.object({
                specificationId: z.string(),
                title: z.string(),
                specificationVersion: z.number(),
                status: z.string(),
                clauseVersion: z.number(),
                superseded: z
                  .boolean()
                  .openapi({ description: "A newer published version of the clause exists" }),
              }),
            ),
          }),
          "Usage",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await clauseUsage({ ctx, input: { key: c.req.valid("param").key } }), 200);
    },
  );
