// The audit log, for admins: newest first, a page at a time, with filters (services/audit/list.ts).
// Asking for an entity also returns the events that name it as their parent (a submission's reviews and
// files), so one query tells its whole story.
import { serviceCtx } from "../../middleware/access.js";
import {
  AUDIT_MAX_PAGE_SIZE,
  AUDIT_PAGE_SIZE,
  auditQuery,
  listAuditEvents,
} from "../../services/audit/list.js";
import { createRouter, defineRoute, jsonResponse, z } from "../openapi.js";

const eventSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    actorName: z.string().nullable(),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
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
    summary: `Audit events, newest first, ${AUDIT_PAGE_SIZE} a page (up to ${AUDIT_MAX_PAGE_SIZE}); pass nextBefore as before for the next page`,
    access: "audit.read",
    request: { query: auditQuery },
    responses: {
      200: jsonResponse(
        z.object({
          events: z.array(eventSchema),
          /** The `before` for the next, older page; null on the last page. */
          nextBefore: z.number().nullable(),
        }),
        "Events",
      ),
    },
  }),
  async (c) => {
    const ctx = serviceCtx(c);
    const { events, nextBefore } = await listAuditEvents({ ctx, input: c.req.valid("query") });
    return c.json({ events: events.map((e) => ({ ...e, at: e.at.toISOString() })), nextBefore }, 200);
  },
);
