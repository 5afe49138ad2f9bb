// Append-only audit log; written in the same transaction as the change it records.
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    /** The organisation whose data the event concerns (null for platform-wide events). */
    organisationId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** The larger thing this event belongs to, e.g. the submission of a review or a file. */
    parentType: text(),
    parentId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
  },
  (t) => [index().on(t.entityType, t.entityId), index().on(t.parentType, t.parentId)],
);
