// A record a notification step cannot handle (an obligation whose contract is in no table, a contract
// whose messages cannot be written) is left out from then on: logged once with its ids (never names),
// and reported once to the service operators in the app. The step carries on with everything else, and
// does not meet the same record again every interval.
import { and, eq, inArray } from "drizzle-orm";
import { type Db, withTransaction } from "../../db/client.js";
import { remindersMade, users } from "../../db/schema/index.js";
import type { Logger } from "../../lib/log.js";
import { withoutAddresses } from "./deliver.js";
import { enqueueMessages } from "./enqueue.js";

export interface SkippedRecord {
  /** What the step was working out, in words ("overdue reminders"). */
  step: string;
  /**
   * The record's key for this step: once skipped it counts as made (in reminders_made), so the step's
   * own look-up of what is still to do leaves it out.
   */
  key: string;
  /** What was wrong, without names: "its contract is in no table", or the error's message. */
  problem: string;
  contractId?: string;
  obligationIds?: string[];
}

/** The message of whatever a step threw, short and without addresses. */
export const problemOf = (e: unknown) =>
  withoutAddresses(String((e as Error)?.message ?? e)).slice(0, 300) || "unknown error";

/** Of these keys, those already made or skipped. */
export async function doneKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .select({ key: remindersMade.key })
      .from(remindersMade)
      .where(inArray(remindersMade.key, keys.slice(i, i + 1000)));
    for (const r of rows) done.add(r.key);
  }
  return done;
}

/** Leaves the record out from now on; the first call for a key logs it and tells the operators. */
export async function skipRecord(db: Db, record: SkippedRecord, now: Date, log: Logger): Promise<boolean> {
  const records = [
    ...(record.contractId ? [`contract ${record.contractId}`] : []),
    ...(record.obligationIds ?? []).map((id) => `obligation ${id}`),
  ];
  const first = await withTransaction(db, async (tx) => {
    const [won] = await tx
      .insert(remindersMade)
      .values({ key: record.key, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: remindersMade.key });
    if (!won) return false;
    const operators = await tx
      .select({ id: users.id, organisationId: users.organisationId })
      .from(users)
      .where(and(eq(users.operator, true), eq(users.active, true)));
    await enqueueMessages(
      tx,
      operators.map((o) => ({
        userId: o.id,
        organisationId: o.organisationId,
        kind: "record-skipped" as const,
        params: {
          step: record.step,
          problem: record.problem,
          records: records.length ? records : [`record ${record.key}`],
        },
        link: "/notifications",
        dedupeKey: `skipped:${record.key}`,
      })),
      now,
    );
    return true;
  });
  if (first)
    log.error("notification step skipped a record", {
      step: record.step,
      key: record.key,
      contract: record.contractId,
      obligations: record.obligationIds,
      problem: record.problem,
    });
  return first;
}
