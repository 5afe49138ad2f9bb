// Invitations sent, one row each, whether or not an account was made: an address that already has an
// account in another organisation gets a note instead of an account, and the inviter's answer is the same.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Role } from "../../model/identity.js";
import { organisations, users } from "./identity.js";

export const pendingInvitations = pgTable(
  "pending_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull(),
    role: text().$type<Role>().notNull(),
    invitedBy: uuid().references(() => users.id),
    /** The account made for the invitation; null when the address already had one elsewhere. */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organisationId), index().on(t.userId)],
);
