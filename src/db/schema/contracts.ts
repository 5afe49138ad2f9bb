// Contracts, the obligations (evidence due per clause per period), submissions, files and reviews.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
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
import type { Verdict } from "../../model/compliance.js";
import type { ProcurementRegime } from "../../model/procurement.js";
import { clauseVersions } from "./clauses.js";
import { organisations, users } from "./identity.js";
import { specifications } from "./specifications.js";

export const contracts = pgTable(
  "contracts",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The commissioning organisation. */
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    providerOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    specificationId: uuid()
      .notNull()
      .references(() => specifications.id),
    reference: text().notNull(),
    startDate: date({ mode: "string" }).notNull(),
    endDate: date({ mode: "string" }).notNull(),
    /** Month (1-12) the reporting year starts; April by default. */
    reportingYearStart: integer().notNull().default(4),
    /** Days before each due date to remind the provider of evidence not yet submitted. */
    reminderDays: integer().array().notNull().default(sql`'{14,3}'::integer[]`),
    /** Whether the service's page at /services/<slug> is published (anyone may read it). */
    public: boolean().notNull().default(false),
    /** The public page's address; set when the page is first published, kept after. */
    slug: text(),
    /** How people can get involved, shown on the public page. */
    involvementContact: text(),
    /** The provider's involvement contact (a person or team); with contactPhone, needed to publish. */
    involvementContactName: text(),
    contactEmail: text(),
    contactPhone: text(),
    /** Days the linked user groups have to give their view on a submission. */
    validationDays: integer().notNull().default(14),
    /** The procurement law the contract was let under (model/procurement.ts); the PSR by default. */
    procurementRegime: text().$type<ProcurementRegime>().notNull().default("provider_selection_regime"),
    /** A light touch contract (Procurement Act 2023): s.52's KPI rule does not apply. */
    lightTouch: boolean().notNull().default(false),
    /** The estimated value including VAT, in pence. */
    estimatedValuePence: bigint({ mode: "number" }),
    /** The procurement's title and identifier, as its notices name them (reg 39 of the 2024 Regulations). */
    title: text(),
    procurementIdentifier: text(),
    /** Why performance cannot be assessed by KPIs, where s.52 would otherwise ask for three. */
    kpiExemptionReason: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.organisationId),
    index().on(t.providerOrganisationId),
    unique().on(t.organisationId, t.reference),
    uniqueIndex("contracts_slug_unique").on(t.slug).where(sql`${t.slug} is not null`),
  ],
);

/** Stored review state of an obligation; the shown status adds dates (not_due, open, overdue). */
export const OBLIGATION_STATES = [
  "pending",
  "submitted",
  "changes_requested",
  "accepted",
  "not_applicable",
] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];
export { VERDICTS, type Verdict } from "../../model/compliance.js";

export const obligations = pgTable(
  "obligations",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    organisationId: uuid().notNull(),
    providerOrganisationId: uuid().notNull(),
    clauseVersionId: uuid()
      .notNull()
      .references(() => clauseVersions.id),
    clauseKey: text().notNull(),
    clauseTitle: text().notNull(),
    frequency: text().notNull(),
    /** Period label such as "2026-27 Q1", for filtering and display. */
    period: text().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    /** Null for open-ended obligations (per event). */
    periodEnd: date({ mode: "string" }),
    dueDate: date({ mode: "string" }),
    state: text().$type<ObligationState>().notNull().default("pending"),
    verdict: text().$type<Verdict>(),
    stateReason: text(),
    latestSubmissionId: uuid(),
    /** Bumped on every change, for optimistic concurrency. */
    revision: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.contractId, t.periodStart),
    index().on(t.organisationId, t.period),
    index().on(t.providerOrganisationId),
    uniqueIndex("obligations_contract_clause_period_unique").on(t.contractId, t.clauseKey, t.periodStart),
    // Reminders read only what is still awaited, by due date.
    index("obligations_pending_due_idx").on(t.dueDate).where(sql`${t.state} = 'pending'`),
  ],
);

export const SUBMISSION_STATUSES = ["submitted", "changes_requested", "accepted"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const submissions = pgTable(
  "submissions",
  {
    id: uuid().primaryKey().defaultRandom(),
    obligationId: uuid()
      .notNull()
      .references(() => obligations.id),
    contractId: uuid().notNull(),
    organisationId: uuid().notNull(),
    providerOrganisationId: uuid().notNull(),
    /** 1 for the first submission against an obligation, then 2, 3... */
    version: integer().notNull(),
    status: text().$type<SubmissionStatus>().notNull().default("submitted"),
    narrative: text().notNull(),
    coveredFrom: date({ mode: "string" }).notNull(),
    coveredTo: date({ mode: "string" }).notNull(),
    metrics: jsonb().$type<Record<string, number | string>>().notNull().default({}),
    /** The provider agreed that linked user groups' representatives may see it and its files. */
    shareable: boolean().notNull().default(false),
    submittedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.obligationId, t.version),
    index().on(t.organisationId, t.status, t.createdAt),
    index().on(t.contractId),
  ],
);

export const submissionFiles = pgTable(
  "submission_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    name: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    contentType: text().notNull(),
    /** Shared by the rows of one file attached to several submissions of a contract (by file id). */
    storageKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set when the file's bytes were destroyed (redacted, or its retention period ended); the row stays. */
    redactedAt: timestamp({ withTimezone: true }),
    /** Who redacted it; null when the retention job did. */
    redactedBy: uuid().references(() => users.id),
    redactionReason: text(),
  },
  (t) => [index().on(t.submissionId), index().on(t.storageKey)],
);

/** Every download of an evidence file: who, when, which file. */
export const fileDownloads = pgTable(
  "file_downloads",
  {
    id: uuid().primaryKey().defaultRandom(),
    fileId: uuid()
      .notNull()
      .references(() => submissionFiles.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.fileId, t.at)],
);

export const REVIEW_DECISIONS = ["accepted", "changes_requested"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviews = pgTable(
  "reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id)
      // One decision per submission: a second, concurrent decision fails on this constraint.
      .unique(),
    decision: text().$type<ReviewDecision>().notNull(),
    verdict: text().$type<Verdict>(),
    comment: text(),
    /** The reviewer's answer to representatives who disagreed or partly agreed with the evidence. */
    responseToViews: text(),
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reviewerId)],
);
