// Reminders that a contract's performance assessment is due: to the council's reviewers, from 30 days
// before the due date (12 months after the contract's start or the last confirmed assessment's period end,
// and the contract's end date: model/assessment.ts nextAssessmentDue), then weekly until one is confirmed,
// for at most 4 weeks after the date. Only contracts with KPIs are assessed. As with the evidence
// reminders, each reminder is one key in reminders_made ("assessment-due:<contract>:<due date>:<week>"),
// claimed in the transaction that writes its messages, so a run twice or in two processes sends nothing
// twice; one contract that cannot be handled is skipped and reported, and the rest go.
import { eq, inArray, max } from "drizzle-orm";
import { type Db, type DbOrTx, withTransaction } from "../../db/client.js";
import { contractAssessments, contractKpis, contracts, remindersMade } from "../../db/schema/index.js";
import type { Logger } from "../../lib/log.js";
import { nextAssessmentDue } from "../../model/assessment.js";
import { addDays, daysBetween, formatDate } from "../../model/dates.js";
import { activeUsers, enqueueMessages } from "./enqueue.js";
import { contractNames } from "./events.js";
import { doneKeys, problemOf, skipRecord } from "./skipped.js";

/** Reminders start this many days before the due date. */
const ASSESSMENT_REMINDER_DAYS = 30;
/** And stop this many days after it, if none has been confirmed by then. */
const AFTER_DUE_DAYS = 28;

/** Each contract with KPIs, its term and its last confirmed assessment's period end. */
async function assessable(db: DbOrTx) {
  const withKpis = db.selectDistinct({ id: contractKpis.contractId }).from(contractKpis);
  const rows = await db
    .select({
      id: contracts.id,
      organisationId: contracts.organisationId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
    })
    .from(contracts)
    .where(inArray(contracts.id, withKpis));
  if (!rows.length) return [];
  const confirmed = await db
    .select({ contractId: contractAssessments.contractId, last: max(contractAssessments.periodEnd) })
    .from(contractAssessments)
    .where(eq(contractAssessments.status, "confirmed"))
    .groupBy(contractAssessments.contractId);
  const last = new Map(confirmed.map((r) => [r.contractId, r.last]));
  return rows.map((r) => ({ ...r, lastConfirmedEnd: last.get(r.id) ?? null }));
}

/** Which reminder (0, 1, 2...: one a week from 30 days before) falls on today, or null for none. */
export function assessmentReminderStep(dueDate: string, today: string): number | null {
  const from = addDays(dueDate, -ASSESSMENT_REMINDER_DAYS);
  if (today < from || today > addDays(dueDate, AFTER_DUE_DAYS)) return null;
  return Math.floor(daysBetween(from, today) / 7);
}

/** One run: the reminders due today and not yet made. Returns how many messages it wrote. */
export async function assessmentReminders(db: Db, today: string, now: Date, log: Logger) {
  const due = [];
  for (const c of await assessable(db)) {
    const dueDate = nextAssessmentDue(c, c.lastConfirmedEnd);
    if (!dueDate) continue;
    const step = assessmentReminderStep(dueDate, today);
    if (step === null) continue;
    due.push({ ...c, dueDate, key: `assessment-due:${c.id}:${dueDate}:${step}` });
  }
  const made = await doneKeys(
    db,
    due.map((d) => d.key),
  );
  let written = 0;
  for (const d of due.filter((x) => !made.has(x.key))) {
    try {
      written += await withTransaction(db, async (tx) => {
        const claimed = await tx
          .insert(remindersMade)
          .values({ key: d.key, createdAt: now })
          .onConflictDoNothing()
          .returning({ key: remindersMade.key });
        if (!claimed.length) return 0; // another run made it
        const names = await contractNames(tx, d.id);
        const days = daysBetween(today, d.dueDate);
        const when =
          days > 0
            ? `in ${days} ${days === 1 ? "day" : "days"}`
            : days === 0
              ? "today"
              : `${-days} ${days === -1 ? "day" : "days"} ago`;
        const users = await activeUsers(tx, d.organisationId, "assessment_due");
        return (
          await enqueueMessages(
            tx,
            users.map((userId) => ({
              userId,
              organisationId: d.organisationId,
              kind: "assessment-due" as const,
              params: {
                contract: names.reference,
                provider: names.provider,
                dueDate: formatDate(d.dueDate),
                when,
              },
              link: `/contracts/${d.id}/assessments`,
              dedupeKey: d.key,
            })),
            now,
          )
        ).length;
      });
    } catch (e) {
      await skipRecord(
        db,
        { step: "assessment reminders", key: d.key, problem: problemOf(e), contractId: d.id },
        now,
        log,
      );
    }
  }
  return written;
}
