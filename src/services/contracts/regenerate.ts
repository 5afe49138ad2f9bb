// Regenerating a contract's schedule after its dates, reporting year or specification change. Only the
// present and future move: obligations that hold evidence or a decision (any submission, or a waiver) and
// obligations whose period has already ended are history and are never touched; planned periods that have
// already ended are not created (a revision cannot owe evidence backdated). The rest are brought in line
// with the new plan, keeping their ids where the same clause period still exists.
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { obligations } from "../../db/schema/index.js";
import { londonDate } from "../../model/dates.js";
import { insertInBatches, obligationValues, type PlannedRow } from "./plan.js";
import type { ContractRow, ObligationRow } from "./queries.js";

export interface RegenerationSummary {
  /** Obligations left as they were: they hold evidence or a decision, or their period has ended. */
  kept: number;
  unchanged: number;
  updated: number;
  added: number;
  removed: number;
  /** Planned periods not created because a kept obligation of the same clause already covers them. */
  coveredByKept: number;
  /** Planned periods not created because they had already ended. */
  alreadyEnded: number;
}

type Existing = Pick<
  ObligationRow,
  "id" | "clauseKey" | "periodStart" | "periodEnd" | "dueDate" | "period" | "clauseTitle" | "frequency"
> & { clauseVersionId: string; state: string; latestSubmissionId: string | null };

function holdsEvidence(o: { state: string; latestSubmissionId: string | null }): boolean {
  return o.state !== "pending" || o.latestSubmissionId !== null;
}

const ended = (o: { periodEnd: string | null }, today: string) => o.periodEnd !== null && o.periodEnd < today;

/** History that regeneration leaves alone. */
function isKept(o: Existing, today: string): boolean {
  return holdsEvidence(o) || ended(o, today);
}

function overlaps(
  a: { periodStart: string; periodEnd: string | null },
  b: { periodStart: string; periodEnd: string | null },
) {
  return (
    (a.periodEnd === null || b.periodStart <= a.periodEnd) &&
    (b.periodEnd === null || a.periodStart <= b.periodEnd)
  );
}

export interface ScheduleDiff {
  keep: Existing[];
  unchanged: Existing[];
  update: Array<{ id: string; plan: PlannedRow }>;
  add: PlannedRow[];
  remove: Existing[];
  coveredByKept: PlannedRow[];
  alreadyEnded: PlannedRow[];
}

/** What to do to turn the existing obligations into the plan as of `today`, leaving history alone. Pure. */
export function diffSchedule(plan: PlannedRow[], existing: Existing[], today: string): ScheduleDiff {
  const keep = existing.filter((o) => isKept(o, today));
  const free = new Map(
    existing.filter((o) => !isKept(o, today)).map((o) => [`${o.clauseKey}|${o.periodStart}`, o]),
  );
  const diff: ScheduleDiff = {
    keep,
    unchanged: [],
    update: [],
    add: [],
    remove: [],
    coveredByKept: [],
    alreadyEnded: [],
  };
  for (const p of plan) {
    if (ended(p, today)) {
      diff.alreadyEnded.push(p);
      continue;
    }
    if (keep.some((k) => k.clauseKey === p.clauseKey && overlaps(k, p))) {
      diff.coveredByKept.push(p);
      continue;
    }
    const key = `${p.clauseKey}|${p.periodStart}`;
    const match = free.get(key);
    if (!match) {
      diff.add.push(p);
      continue;
    }
    free.delete(key);
    const same =
      match.periodEnd === p.periodEnd &&
      match.dueDate === p.dueDate &&
      match.period === p.label &&
      match.clauseTitle === p.clauseTitle &&
      match.frequency === p.frequency &&
      match.clauseVersionId === p.clauseVersionId;
    if (same) diff.unchanged.push(match);
    else diff.update.push({ id: match.id, plan: p });
  }
  diff.remove = [...free.values()];
  return diff;
}

export async function regenerateObligations(
  tx: Tx,
  contract: ContractRow,
  plan: PlannedRow[],
  now: Date,
): Promise<RegenerationSummary> {
  const today = londonDate(now);
  // Locked, so an upload or a review cannot slip in between reading and rewriting the schedule.
  const existing = await tx
    .select()
    .from(obligations)
    .where(eq(obligations.contractId, contract.id))
    .for("update");
  const diff = diffSchedule(plan, existing, today);
  const ids = diff.remove.map((o) => o.id);
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.delete(obligations).where(inArray(obligations.id, ids.slice(i, i + 1000)));
  }
  for (const u of diff.update) {
    const v = obligationValues(contract, u.plan);
    await tx
      .update(obligations)
      .set({
        clauseVersionId: v.clauseVersionId,
        clauseTitle: v.clauseTitle,
        frequency: v.frequency,
        period: v.period,
        periodEnd: v.periodEnd,
        dueDate: v.dueDate,
        updatedAt: now,
      })
      .where(eq(obligations.id, u.id));
  }
  await insertInBatches(diff.add, 1000, (batch) =>
    tx.insert(obligations).values(batch.map((p) => obligationValues(contract, p))),
  );
  return {
    kept: diff.keep.length,
    unchanged: diff.unchanged.length,
    updated: diff.update.length,
    added: diff.add.length,
    removed: diff.remove.length,
    coveredByKept: diff.coveredByKept.length,
    alreadyEnded: diff.alreadyEnded.length,
  };
}
