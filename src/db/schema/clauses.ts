// Involvement clauses and their immutable published versions.
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ClauseContent } from "../../model/clause-schema.js";
import { organisations, users } from "./identity.js";

export const clauses = pgTable(
  "clauses",
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    /** Null for the shared library; set for a commissioner's own clause. */
    organisationId: uuid().references(() => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("clauses_library_key_unique").on(t.key).where(sql`${t.organisationId} is null`),
    uniqueIndex("clauses_org_key_unique")
      .on(t.organisationId, t.key)
      .where(sql`${t.organisationId} is not null`),
  ],
);

export const CLAUSE_VERSION_STATUSES = ["draft", "published"] as const;
export type ClauseVersionStatus = (typeof CLAUSE_VERSION_STATUSES)[number];

export const clauseVersions = pgTable(
  "clause_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    clauseId: uuid()
      .notNull()
      .references(() => clauses.id),
    version: integer().notNull(),
    status: text().$type<ClauseVersionStatus>().notNull(),
    /** Everything a clause says, validated by the clause schema. */
    content: jsonb().$type<ClauseContent>().notNull(),
    /** Denormalised from content, for filtering. */
    title: text().notNull(),
    category: text().notNull(),
    level: text().notNull(),
    frequency: text().notNull(),
    /** SHA-256 of the canonical content; the library loader compares it to decide on a new version. */
    contentHash: text().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.clauseId, t.version), index().on(t.category)],
);
