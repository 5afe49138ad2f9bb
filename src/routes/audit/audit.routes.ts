// The audit log, for admins. Asking for an entity also returns the events that name it as their parent
// (a submission's reviews and files), so one query tells its whole story.
import { and, asc, eq, or, type SQL } from "drizzle-orm";
import { auditEvents } from "../../db/schema/index.js";
import { createRouter, defineRoute, jsonResponse, z } from "../openapi.js";

const eventSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    organisationId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    parentType: z.string().nullable(),
    parentId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
  })
  .openapi("AuditEvent");

export const auditRoutes = createRouter().openapi(
  defineRoute({
    method: "get",
    path: "/audit",
    tags: ["Audit"],
    summary: "Audit events, oldest first",
    access: ["admin"],
    request: {
      query: z.object({
        entityType: z.string().optional(),
        entityId: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
    },
    responses: { 200: jsonResponse(z.object({ events: z.array(eventSchema) }), "Events") },
  }),
  async (c) => {
    const { entityType, entityId, limit } = c.req.valid("query");
    const conds: SQL[] = [];
    if (entityType && entityId) {
      conds.push(
        or(
          and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)),
          and(eq(auditEvents.parentType, entityType), eq(auditEvents.parentId, entityId)),
        )!,
      );
    } else if (entityType) conds.push(eq(auditEvents.entityType, entityType));
    else if (entityId) conds.push(eq(auditEvents.entityId, entityId));
    const rows = await c
      .get("db")
      .select()
      .from(auditEvents)
      .where(and(...conds))
      .orderBy(asc(auditEvents.id))
      .limit(limit);
    return c.json({ events: rows.map((r) => ({ ...r, at: r.at.toISOString() })) }, 200);
  },
);
