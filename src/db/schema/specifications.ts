// Service specifications: drafts, issued (frozen) versions and their rendered documents.
import { sql } from "drizzle-orm";
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CoProductionRecord } from "../../model/co-production.js";
import type { SpecificationContacts } from "../../model/contacts.js";
import type { DocumentShape, IssuedSnapshot, SpecificationSections } from "../../model/document-input.js";
import { clauseVersions } from "./clauses.js";
import { organisations, users } from "./identity.js";

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

export const SPECIFICATION_STATUSES = ["draft", "issued", "superseded"] as const;
export type SpecificationStatus = (typeof SPECIFICATION_STATUSES)[number];

export const specifications = pgTable(
  "specifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** Shared by every version of one specification. */
    lineageId: uuid().notNull(),
    version: integer().notNull().default(1),
    revisesId: uuid(),
    status: text().$type<SpecificationStatus>().notNull().default("draft"),
    title: text().notNull(),
    /**
     * The council's own reference, printed on the documents instead of the id; one specification's (shared by
     * its versions) within the council, which services/specifications/write.ts checks.
     */
    reference: text(),
    serviceName: text().notNull(),
    area: text(),
    commissionerLead: text(),
    providerName: text(),
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    reviewDate: date({ mode: "string" }),
    sections: jsonb().$type<SpecificationSections>().notNull().default({}),
    /** What it issues as; null until chosen, when the default follows the sections (model/document-input.ts). */
    documentShape: text().$type<DocumentShape>(),
    /** Who people can call that is not the provider; all required at issue (model/contacts.ts). */
    contacts: jsonb().$type<SpecificationContacts>().notNull().default({}),
    /** COM-02's record of who helped write this version (model/co-production.ts); null until given. */
    coProduction: jsonb().$type<CoProductionRecord>(),
    /** Days after a period ends before its evidence is overdue. */
    gracePeriodDays: integer().notNull().default(28),
    /** The service's size: people on the active caseload, and sites. Scaled parameter defaults follow them. */
    caseload: integer(),
    sites: integer(),
    /**
     * The commissioner's choice of the plain-language summary's first-page promises (clause keys, at most
     * ten, in order); null: the core bundle's order (model/plain-summary.ts keyPromiseClauses).
     */
    keyPromises: jsonb().$type<string[]>(),
    /** The bundle the specification was started from, if any (a record only; clauses change freely). */
    bundle: text(),
    revisionNote: text(),
    issuedAt: timestamp({ withTimezone: true }),
    issuedBy: uuid().references(() => users.id),
    contentHash: text(),
    snapshot: jsonb().$type<IssuedSnapshot>(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.organisationId),
    uniqueIndex("specifications_lineage_version_unique").on(t.lineageId, t.version),
    // At most one draft per lineage: a second revision of the same version cannot start.
    uniqueIndex("specifications_one_draft_per_lineage").on(t.lineageId).where(sql`${t.status} = 'draft'`),
  ],
);

export const specificationClauses = pgTable(
  "specification_clauses",
  {
    specificationId: uuid()
      .notNull()
      .references(() => specifications.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    clauseVersionId: uuid()
      .notNull()
      .references(() => clauseVersions.id),
    parameters: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.specificationId, t.position] }), index().on(t.clauseVersionId)],
);

export const DOCUMENT_KINDS = ["specification", "changes", "summary", "commitments"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The documents of an issued version, rendered once at issue and served byte for byte after. */
export const specificationDocuments = pgTable(
  "specification_documents",
  {
    specificationId: uuid()
      .notNull()
      .references(() => specifications.id),
    kind: text().$type<DocumentKind>().notNull(),
    bytes: bytea().notNull(),
    sha256: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.specificationId, t.kind] })],
);
