// How people sign in beyond a password: organisations' single sign-on, two-factor recovery codes,
// sign-ins half done (a second factor or an identity provider still to answer), and single-use links.
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity.js";

/** An organisation's sign-in rules: OpenID Connect, whether passwords are allowed, whether 2FA is required. */
export const organisationSignIn = pgTable("organisation_sign_in", {
  organisationId: uuid()
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  oidcIssuer: text(),
  oidcClientId: text(),
  /** Encrypted with the app's secret (AES-GCM); never returned by the API. */
  oidcClientSecret: text(),
  passwordSignIn: boolean().notNull().default(true),
  requireTwoFactor: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Email domains whose people sign in through their organisation's identity provider: one organisation each. */
export const signInDomains = pgTable(
  "sign_in_domains",
  {
    domain: text().primaryKey(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [index().on(t.organisationId)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Keyed hash of the code; the codes are shown once. */
    codeHash: text().notNull().unique(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

export const SIGN_IN_FLOW_KINDS = ["two_factor", "two_factor_setup", "oidc"] as const;

/** A sign-in under way, found by the keyed hash of a short-lived cookie; used once. */
export const signInFlows = pgTable("sign_in_flows", {
  idHash: text().primaryKey(),
  kind: text().$type<(typeof SIGN_IN_FLOW_KINDS)[number]>().notNull(),
  userId: uuid().references(() => users.id, { onDelete: "cascade" }),
  organisationId: uuid().references(() => organisations.id, { onDelete: "cascade" }),
  /** For OpenID Connect: state, nonce, PKCE verifier; for setting up 2FA: the encrypted new secret. */
  data: jsonb().$type<Record<string, string>>().notNull().default({}),
  attempts: integer().notNull().default(0),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

export const USER_LINK_KINDS = ["invitation", "password_reset"] as const;
export type UserLinkKind = (typeof USER_LINK_KINDS)[number];

/** Single-use links sent by email: invitations (7 days) and password resets (1 hour). */
export const userLinks = pgTable(
  "user_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().$type<UserLinkKind>().notNull(),
    /** Keyed hash of the token in the link; the token itself is only in the email. */
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
