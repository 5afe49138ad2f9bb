// Key performance indicators: designated on a specification while it is a draft (frozen with it at issue),
// and the contract's own, carried from the specification when it is let and changed there afterwards.
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
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
import type { AssessmentRating } from "../../model/assessment.js";
import type { DirectAwardRecord } from "../../model/direct-award.js";
import type { KpiFrequency } from "../../model/kpis.js";
import type { Comparator, MetricUnit } from "../../model/performance.js";
import type { AssessmentRecord } from "../../model/performance-notice.js";
import { contracts } from "./contracts.js";
import { users } from "./identity.js";
import { specifications } from "./specifications.js";

/** A specification's KPIs: the designation only; labels and units are read from its clauses. */
export const specificationKpis = pgTable(
  "specification_kpis",
  {
    specificationId: uuid()
      .notNull()
      .references(() => specifications.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    clauseKey: text().notNull(),
    metric: text().notNull(),
    target: doublePrecision().notNull(),
    frequency: text().$type<KpiFrequency>().notNull(),
    mostMaterial: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.specificationId, t.position] })],
);

/** A contract's KPIs, whole: a rating reads its metric, unit, direction and tolerance from the row. */
export const contractKpis = pgTable(
  "contract_kpis",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    position: integer().notNull(),
    clauseKey: text().notNull(),
    clauseTitle: text().notNull(),
    metric: text().notNull(),
    metricLabel: text().notNull(),
    unit: text().$type<MetricUnit>().notNull(),
    comparator: text().$type<Comparator>().notNull(),
    target: doublePrecision().notNull(),
    frequency: text().$type<KpiFrequency>().notNull(),
    /** How far short, as a percentage of the target, still reads "approaching target". */
    tolerancePercent: doublePrecision().notNull().default(10),
    mostMaterial: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.contractId, t.position),
    uniqueIndex("contract_kpis_contract_metric_unique").on(t.contractId, t.clauseKey, t.metric),
  ],
);

export const ASSESSMENT_STATUSES = ["draft", "confirmed"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/**
 * A contract's performance assessment against its KPIs (Procurement Act 2023 s.71): a draft in which WithUs
 * proposes each rating from the figures, changed by the council's staff with reasons, then confirmed. The
 * ratings carry everything they were judged from (the KPI, its target, the figures), so a confirmed
 * assessment never changes when KPIs, targets, figures or clauses do.
 */
export const contractAssessments = pgTable(
  "contract_assessments",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    status: text().$type<AssessmentStatus>().notNull().default("draft"),
    ratings: jsonb().$type<AssessmentRating[]>().notNull().default([]),
    /**
     * The contract's and the parties' details as they stood at confirmation (title, identifiers, addresses),
     * so the notice draft and the Word assessment made from it never change afterwards.
     */
    record: jsonb().$type<AssessmentRecord>(),
    createdBy: uuid().references(() => users.id),
    confirmedBy: uuid().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.contractId, t.periodEnd),
    // One draft at a time per contract.
    uniqueIndex("contract_assessments_one_draft").on(t.contractId).where(sql`${t.status} = 'draft'`),
  ],
);

/**
 * A performance record for a Provider Selection Regime direct award decision, stored whole when it is made
 * (model/direct-award.ts): later changes to the contract, its figures or its clauses never change it.
 */
export const directAwardRecords = pgTable(
  "direct_award_records",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    record: jsonb().$type<DirectAwardRecord>().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.contractId, t.createdAt)],
);
