// Organisations, users, sessions, API tokens and login throttling.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import type { OrganisationKind, Role } from "../../model/identity.js";

export { ORGANISATION_KINDS, type OrganisationKind, ROLES, type Role } from "../../model/identity.js";

export const organisations = pgTable(
  "organisations",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /**
     * The name as a reader sees it (organisationNameKey in src/model/organisation-name.ts): unique, so two
     * organisations never look the same in a list. Set with the name, by every insert and rename.
     */
    nameKey: text().notNull(),
    kind: text().$type<OrganisationKind>().notNull(),
    /** What a contract performance notice (UK9) names each party by: postal address, email, identifier. */
    postalAddress: text(),
    email: text(),
    /** An identifier such as a Companies House number or the Central Digital Platform's. */
    identifier: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organisations_name_key_unique").on(t.nameKey)],
);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull(),
    name: text().notNull(),
    role: text().$type<Role>().notNull(),
    /** Service operator: creates organisations, sees them all and the whole audit log. Granted on the server only. */
    operator: boolean().notNull().default(false),
    /** Null until the user chooses one (an invitation) or when they only use single sign-on. */
    passwordHash: text(),
    /** The authenticator app's secret, encrypted with the app's secret; in use once totpEnabledAt is set. */
    totpSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The last 30-second step whose code was accepted, so a code cannot be used twice. */
    totpLastStep: integer(),
    active: boolean().notNull().default(true),
    /**
     * When they last signed in, by any means. Someone invited has joined once they have a password or have
     * signed in (through single sign-on they may never have a password).
     */
    lastSignInAt: timestamp({ withTimezone: true }),
    /**
     * Who sent the invitation that made this account (null for accounts made with a password, or at
     * start-up): a commissioner who invites a user group's representative sees only the people they invited.
     */
    invitedBy: uuid().references((): AnyPgColumn => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`), index().on(t.organisationId)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value; the value itself is never stored. */
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text().notNull(),
    /**
     * How the person signed in: with a password, or through their organisation's single sign-on. Sessions
     * made with a password end when the organisation turns passwords off or starts requiring two-factor
     * sign-in. Sessions older than this column count as password sessions.
     */
    method: text().$type<SessionMethod>().notNull().default("password"),
    /** Whether a second factor (an authenticator code or a recovery code) was given. */
    secondFactor: boolean().notNull().default(false),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

export type SessionMethod = "password" | "sso";

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** SHA-256 of the token; the token is shown once, at creation. */
    tokenHash: text().notNull().unique(),
    /** First characters of the token, so a user can tell tokens apart. */
    prefix: text().notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    /** When the token stops working; null for no end date. */
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Failed sign-in counters, keyed "pair:<email> <address>" (one account from one address) or
 * "address:<ip>" (every account from one address). windowStart is the first failure still counted.
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});
