// Turns an issued specification and a contract's terms into obligation rows ready to insert.
import type { DbOrTx } from "../../db/client.js";
import type { obligations } from "../../db/schema/index.js";
import { conflict, type FieldError, validation } from "../../lib/errors.js";
import { daysBetween, isoDateProblem } from "../../model/dates.js";
import { type SpecificationRow, selectionsOf } from "../specifications/queries.js";
import { type PlannedObligation, planObligations, type ScheduleTerms } from "./schedule.js";

/** Longest contract term accepted: keeps a monthly schedule to a few hundred rows per clause. */
export const MAX_TERM_YEARS = 10;

export type PlannedRow = PlannedObligation & { clauseVersionId: string };

export function assertIssued(spec: SpecificationRow) {
  if (spec.status !== "issued" || !spec.snapshot) {
    throw conflict(
      spec.status === "draft"
        ? "Only an issued specification can be contracted: issue this draft first."
        : "This version of the specification has been superseded: contract the latest issued version.",
    );
  }
}

/** What is wrong with a term, at its end date; nothing when either date is not a real date (judged apart). */
export function termProblem(startDate: unknown, endDate: unknown): FieldError | null {
  if (typeof startDate !== "string" || typeof endDate !== "string") return null;
  if (isoDateProblem(startDate) || isoDateProblem(endDate)) return null;
  if (endDate < startDate) return { path: "endDate", message: "must be on or after the start date" };
  if (daysBetween(startDate, endDate) > MAX_TERM_YEARS * 366)
    return { path: "endDate", message: `a contract term is at most ${MAX_TERM_YEARS} years` };
  return null;
}

/**
 * A contract's change judges its own dates, whoever calls: each that is not a real date at its field, then
 * the term they make (termProblem), all at once.
 */
export function checkTerm(startDate: string, endDate: string) {
  const errors: FieldError[] = [];
  for (const [path, value] of [
    ["startDate", startDate],
    ["endDate", endDate],
  ] as const) {
    const problem = isoDateProblem(value);
    if (problem) errors.push({ path, message: problem });
  }
  const term = termProblem(startDate, endDate);
  if (term) errors.push(term);
  if (errors.length) throw validation(errors);
}

/** The obligations an issued specification yields over the terms, each tied to its clause version. */
export async function planFor(
  db: DbOrTx,
  spec: SpecificationRow,
  terms: Omit<ScheduleTerms, "gracePeriodDays">,
): Promise<PlannedRow[]> {
  assertIssued(spec);
  const clauses = spec.snapshot!.clauses;
  const versionIds = new Map(
    (await selectionsOf({ ctx: { db }, input: { specificationId: spec.id } })).map((s) => [
      s.key,
      s.clauseVersionId,
    ]),
  );
  const plan = planObligations(
    { ...terms, gracePeriodDays: spec.gracePeriodDays },
    clauses.map((c) => ({ key: c.key, title: c.title, frequency: c.frequency })),
  );
  return plan.map((p) => {
    const clauseVersionId = versionIds.get(p.clauseKey);
    if (!clauseVersionId) throw new Error(`specification ${spec.id} has no selection for ${p.clauseKey}`);
    return { ...p, clauseVersionId };
  });
}

export function obligationValues(
  contract: { id: string; organisationId: string; providerOrganisationId: string },
  p: PlannedRow,
): typeof obligations.$inferInsert {
  return {
    contractId: contract.id,
    organisationId: contract.organisationId,
    providerOrganisationId: contract.providerOrganisationId,
    clauseVersionId: p.clauseVersionId,
    clauseKey: p.clauseKey,
    clauseTitle: p.clauseTitle,
    frequency: p.frequency,
    period: p.label,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    dueDate: p.dueDate,
  };
}

/** Inserts in batches that stay well under the driver's parameter limit. */
export async function insertInBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}
