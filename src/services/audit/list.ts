// Reading the audit log: newest first, a page at a time (the cursor is the id of the last event seen), and
// filtered by who acted, for which organisation, on what, which action and when. The API and the admin
// page both read it through here, so every filter and the tenant rule are written once.
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, organisations, users } from "../../db/schema/index.js";
import { addDays, isoDate } from "../../model/dates.js";
import type { ServiceCtx } from "../context.js";
import { scopeFilter } from "../scope.js";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 200;

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`).optional();

/** The filters, as the query string spells them; the page's form uses the same names. */
export const auditQuery = z
  .object({
    before: z.coerce
      .number({ error: "must be the id of an event" })
      .int("must be the id of an event")
      .positive("must be the id of an event")
      .optional(),
    limit: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(AUDIT_MAX_PAGE_SIZE, `must be at most ${AUDIT_MAX_PAGE_SIZE}`)
      .default(AUDIT_PAGE_SIZE),
    actor: z.uuid({ error: "must be a user's id" }).optional(),
    organisation: z.uuid({ error: "must be an organisation's id" }).optional(),
    entityType: text(100),
    entityId: text(200),
    action: text(100),
    /** Events on or after this day (UTC). */
    from: isoDate.optional(),
    /** Events on or before this day (UTC). */
    to: isoDate.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "must be the same as or after the 'from' date",
  });
export type AuditQuery = z.infer<typeof auditQuery>;

/** The conditions for a query's filters; asking for an entity also finds the events that name it as parent. */
function filters(q: AuditQuery): SQL[] {
  const conds: SQL[] = [];
  if (q.before !== undefined) conds.push(lt(auditEvents.id, q.before));
  if (q.actor) conds.push(eq(auditEvents.actorUserId, q.actor));
  if (q.organisation) conds.push(eq(auditEvents.organisationId, q.organisation));
  if (q.action) conds.push(eq(auditEvents.action, q.action));
  if (q.entityType && q.entityId) {
    conds.push(
      or(
        and(eq(auditEvents.entityType, q.entityType), eq(auditEvents.entityId, q.entityId)),
        and(eq(auditEvents.parentType, q.entityType), eq(auditEvents.parentId, q.entityId)),
      )!,
    );
  } else if (q.entityType) conds.push(eq(auditEvents.entityType, q.entityType));
  else if (q.entityId) conds.push(eq(auditEvents.entityId, q.entityId));
  if (q.from) conds.push(gte(auditEvents.at, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) conds.push(lt(auditEvents.at, new Date(`${addDays(q.to, 1)}T00:00:00Z`)));
  return conds;
}

/**
 * One page of events, newest first. `nextBefore` is the cursor for the next (older) page, or null when
 * this page holds the oldest matching event.
 */
export async function listAuditEvents({ ctx, input: q }: { ctx: ServiceCtx; input: AuditQuery }) {
  const { db, actor } = ctx;
  // The tenant rule: administrators read their organisation's events; the operator reads them all.
  const conds = [
    scopeFilter(actor, "audit_event", { organisationId: auditEvents.organisationId }),
    ...filters(q),
  ];
  const rows = await db
    .select({
      event: auditEvents,
      actorName: users.name,
      organisationName: organisations.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId))
    .where(and(...conds))
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((r) => ({ ...r.event, actorName: r.actorName, organisationName: r.organisationName })),
    nextBefore: rows.length > q.limit ? page.at(-1)!.event.id : null,
  };
}
