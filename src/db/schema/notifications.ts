// Notifications: each row is both what a user sees in the app and the outbox entry for its email,
// written in the same transaction as the change that causes it. Plus preferences, calendar feeds,
// the log of reminders already made, and each contract's last announced rating.

import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { EmailPreference } from "../../model/notifications.js";
import { contracts } from "./contracts.js";
import { organisations, users } from "./identity.js";

/**
 * What happens to a notification's email:
 * - pending: waiting to be sent (or to be retried, when attempts > 0);
 * - sent: the transport took it (transportMessageId);
 * - failed: given up after the last retry (lastError);
 * - not_sent: email is off (no transport configured);
 * - digest: held for the recipient's daily digest; digested: sent in one (digestId);
 * - off: the recipient turned email off; they see it in the app only;
 * - none: nothing to email (the recipient left or the message is in-app only).
 */
export const EMAIL_STATUSES = [
  "pending",
  "sent",
  "failed",
  "not_sent",
  "digest",
  "digested",
  "off",
  "none",
] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The organisation whose administrators see this message if it is not delivered. */
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    kind: text().notNull(),
    subject: text().notNull(),
    /** A path in WithUs ("/contracts/…"); messages carry PUBLIC_URL + this. */
    link: text().notNull(),
    /** The template's values; the email body is rendered from them when it is sent. */
    params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Never two messages with the same key to the same user. */
    dedupeKey: text().notNull(),
    /** Shown in the app's list (digests and account messages are email only). */
    inApp: boolean().notNull().default(true),
    readAt: timestamp({ withTimezone: true }),
    emailStatus: text().$type<EmailStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A delivery job's claim: others leave the row alone until then. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    transportMessageId: text(),
    sentAt: timestamp({ withTimezone: true }),
    /** The digest message that carried this one. */
    digestId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("notifications_user_dedupe_unique").on(t.userId, t.dedupeKey),
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`${t.emailStatus} = 'pending'`),
    index("notifications_held_idx").on(t.userId).where(sql`${t.emailStatus} = 'digest'`),
    index("notifications_undelivered_idx")
      .on(t.organisationId, t.createdAt)
      .where(
        sql`${t.emailStatus} in ('failed', 'not_sent') or (${t.emailStatus} = 'pending' and ${t.attempts} > 0)`,
      ),
  ],
);

export { EMAIL_PREFERENCES, type EmailPreference } from "../../model/notifications.js";

export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  email: text().$type<EmailPreference>().notNull().default("immediately"),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One private calendar address per user; only the keyed hash of its secret is kept. */
export const calendarFeeds = pgTable("calendar_feeds", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretHash: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Reminders already made, one row per event ("due-soon:<contract>:<due date>:<days>",
 * "overdue:<contract>:<due date>:<n>", "overdue-summary:<organisation>:<week>"): the job inserts the key
 * first and only the process whose insert succeeds sends, so no run, restart or second process repeats one.
 */
export const remindersMade = pgTable("reminders_made", {
  key: text().primaryKey(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The rating last announced for each contract, so a change is announced once. */
export const contractRatings = pgTable("contract_ratings", {
  contractId: uuid()
    .primaryKey()
    .references(() => contracts.id, { onDelete: "cascade" }),
  rag: text().$type<"green" | "amber" | "red">().notNull(),
  changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
