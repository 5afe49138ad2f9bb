// The figures a submission reports (the clause's metrics), one row per submission and metric, typed: what
// performance, the compliance page and report, and assessments read. Written in the same transaction as
// the submission; a submission's figures never change after (a new submission brings its own).
import { date, index, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { MetricUnit } from "../../model/performance.js";
import { obligations, submissions } from "./contracts.js";

export const submissionFigures = pgTable(
  "submission_figures",
  {
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    obligationId: uuid()
      .notNull()
      .references(() => obligations.id),
    /** The obligation's contract, clause and period, copied so a contract's figures are read by index. */
    contractId: uuid().notNull(),
    clauseKey: text().notNull(),
    period: text().notNull(),
    /** Null for an obligation with no period end (per event). */
    periodEnd: date({ mode: "string" }),
    /** The metric's name in the clause. */
    metric: text().notNull(),
    /** The metric's unit when reported (METRIC_UNITS): count, number, percent, days, weeks or months. */
    kind: text().$type<MetricUnit>().notNull(),
    /** The figure; a nil return is the figure 0. */
    value: numeric({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.metric] }),
    // Covers the performance table's read (an obligation's latest submission's figures, by its id): answered
    // from the index alone, without visiting figure rows that lie where their submissions arrived.
    index().on(t.submissionId, t.metric, t.value),
    index().on(t.contractId, t.clauseKey, t.periodEnd),
    index().on(t.obligationId),
  ],
);
