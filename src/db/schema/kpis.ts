// Key performance indicators: designated on a specification while it is a draft (frozen with it at issue),
// and the contract's own, carried from the specification when it is let and changed there afterwards.
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { KpiFrequency } from "../../model/kpis.js";
import type { Comparator, MetricUnit } from "../../model/performance.js";
import { contracts } from "./contracts.js";
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
