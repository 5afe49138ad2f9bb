// Reminders worked out from the schedule, run with the delivery job:
// - due soon: to the provider's staff, N days before each due date of evidence not yet sent (the
//   contract's reminderDays, 14 and 3 by default);
// - overdue: to the provider's staff the day after the due date, then weekly while still overdue, at
//   most OVERDUE_CHASERS times;
// - a weekly summary of overdue evidence to each commissioning organisation's commissioners and reviewers;
// - a contract's rating (green/amber/red) changing, to its commissioners and reviewers;
// - a performance assessment falling due, to its reviewers (assessment-reminders.ts).
// Each event is recorded once in reminders_made (or contract_ratings) in the transaction that writes its
// messages; a run that loses the race to another process writes nothing. So running twice, after a
// restart, or in two processes at once sends nothing twice.
// Obligations are read through their contract (an inner join), so one whose contract is in no table is
// never reminded about; the grouping queries notice it and it is skipped and reported once (skipped.ts),
// as is any one event that cannot be written: the rest of the run goes on.
import { and, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import { type Db, type DbOrTx, withTransaction } from "../../db/client.js";
import {
  contractRatings,
  contracts,
  obligations,
  organisations,
  remindersMade,
} from "../../db/schema/index.js";
import { createLogger, type Logger } from "../../lib/log.js";
import { emptyTally, OVERDUE_RED_AFTER_DAYS, type RagStatus, ragOf } from "../../model/compliance.js";
import { addDays, daysBetween, formatDate, londonDate } from "../../model/dates.js";
import { assessmentReminders } from "./assessment-reminders.js";
import { activeUsers, enqueueMessages, type MessageInput } from "./enqueue.js";
import { contractNames, contractNamesOf } from "./events.js";
import { doneKeys, problemOf, skipRecord } from "./skipped.js";

/** The most days before a due date a contract may ask to be reminded. */
export const MAX_REMINDER_DAYS = 60;
export const DEFAULT_REMINDER_DAYS = [14, 3];
/** Overdue messages: the day after the due date, then every 7 days, this many in all. */
const OVERDUE_CHASERS = 4;
const CHASER_WINDOW_DAYS = 7 * (OVERDUE_CHASERS - 1) + 1;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** ISO week, e.g. 2026-W49: the weekly summary's key. */
function isoWeek(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the week's Thursday decides its year
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week =
    1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

interface Candidate {
  id: string;
  contractId: string;
  organisationId: string;
  providerOrganisationId: string;
  dueDate: string;
  clauseKey: string;
  clauseTitle: string;
  period: string;
  /** The threshold (days before) for due soon, the chaser number for overdue. */
  step: number;
  key: string;
}

/** Inserts the keys; returns those this call inserted (the claim: a key another run made is not ours). */
async function claimKeys(tx: DbOrTx, keys: string[], now: Date) {
  const won = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await tx
      .insert(remindersMade)
      .values(keys.slice(i, i + 1000).map((key) => ({ key, createdAt: now })))
      .onConflictDoNothing()
      .returning({ key: remindersMade.key });
    for (const r of rows) won.add(r.key);
  }
  return won;
}

/** Of these keys, those already made or skipped (looked up by primary key). */
const madeKeys = (db: DbOrTx, keys: string[]) => doneKeys(db as Db, keys);

const candidateColumns = {
  id: obligations.id,
  contractId: obligations.contractId,
  organisationId: obligations.organisationId,
  providerOrganisationId: obligations.providerOrganisationId,
  dueDate: sql<string>`${obligations.dueDate}::text`,
  clauseKey: obligations.clauseKey,
  clauseTitle: obligations.clauseTitle,
  period: obligations.period,
};

const dueSoonWindow = (today: string) =>
  and(
    eq(obligations.state, "pending"),
    gte(obligations.dueDate, today),
    lte(obligations.dueDate, addDays(today, MAX_REMINDER_DAYS)),
    lte(obligations.periodStart, today),
  )!;

const overdueWindow = (today: string) =>
  and(
    eq(obligations.state, "pending"),
    lt(obligations.dueDate, today),
    gte(obligations.dueDate, addDays(today, -CHASER_WINDOW_DAYS)),
  )!;

/**
 * Each contract's due dates with evidence pending within the longest reminder window, one row per
 * contract and date (on the pending-by-due-date index): a run reads a row a reminder, not a row a clause.
 */
export function dueSoonQuery(db: DbOrTx, today: string) {
  return db
    .select({
      contractId: obligations.contractId,
      dueDate: sql<string>`${obligations.dueDate}::text`,
      /** Null when the contract is in no table. */
      reminderDays: contracts.reminderDays,
    })
    .from(obligations)
    .leftJoin(contracts, eq(contracts.id, obligations.contractId))
    .where(dueSoonWindow(today))
    .groupBy(obligations.contractId, obligations.dueDate, contracts.reminderDays);
}

/** Each contract's due dates with evidence overdue within the chasers' window (same index). */
export function overdueQuery(db: DbOrTx, today: string) {
  return db
    .selectDistinct({
      contractId: obligations.contractId,
      dueDate: sql<string>`${obligations.dueDate}::text`,
      /** Null when the contract is in no table. */
      contractFound: contracts.id,
    })
    .from(obligations)
    .leftJoin(contracts, eq(contracts.id, obligations.contractId))
    .where(overdueWindow(today));
}

/** The clauses behind the reminders still to make: only for those, the obligations are read. */
async function obligationsOf(
  db: DbOrTx,
  window: SQL,
  groups: Array<{ contractId: string; dueDate: string; step: number; key: string }>,
): Promise<Candidate[]> {
  if (!groups.length) return [];
  const byGroup = new Map(groups.map((g) => [`${g.contractId}|${g.dueDate}`, g]));
  const rows = await db
    .select(candidateColumns)
    .from(obligations)
    .innerJoin(contracts, eq(contracts.id, obligations.contractId))
    .where(
      and(
        window,
        inArray(
          obligations.contractId,
          groups.map((g) => g.contractId),
        ),
      ),
    );
  const out: Candidate[] = [];
  for (const r of rows) {
    const g = byGroup.get(`${r.contractId}|${r.dueDate}`);
    if (g) out.push({ ...r, step: g.step, key: g.key });
  }
  return out;
}

/** The key under which an obligation whose contract is in no table is skipped: once per contract. */
const orphanKey = (contractId: string) => `no-contract:${contractId}`;

/**
 * Skips (once, reported to the operators) the contracts in these grouping rows that are in no table;
 * returns the ids of those contracts, which the caller leaves out.
 */
async function skipOrphans(
  db: Db,
  step: string,
  window: SQL,
  missing: string[],
  now: Date,
  log: Logger,
): Promise<Set<string>> {
  const ids = new Set(missing);
  if (!ids.size) return ids;
  const made = await madeKeys(db, [...ids].map(orphanKey));
  for (const contractId of ids) {
    if (made.has(orphanKey(contractId))) continue;
    const obligationIds = (
      await db
        .select({ id: obligations.id })
        .from(obligations)
        .where(and(window, eq(obligations.contractId, contractId)))
        .orderBy(obligations.id)
        .limit(20)
    ).map((o) => o.id);
    await skipRecord(
      db,
      {
        step,
        key: orphanKey(contractId),
        problem: "evidence is due under a contract that is in no table",
        contractId,
        obligationIds,
      },
      now,
      log,
    );
  }
  return ids;
}

/**
 * Each due date at the step it has reached (the smallest reminder day that covers it), keyed by contract,
 * due date and step: one reminder lists every clause due that day, so that is the event made once.
 */
async function dueSoonCandidates(db: Db, today: string, now: Date, log: Logger): Promise<Candidate[]> {
  const rows = await dueSoonQuery(db, today);
  const orphans = await skipOrphans(
    db,
    "due-soon reminders",
    dueSoonWindow(today),
    rows.filter((g) => !g.reminderDays).map((g) => g.contractId),
    now,
    log,
  );
  const groups = [];
  for (const g of rows) {
    if (!g.reminderDays || orphans.has(g.contractId)) continue;
    const left = daysBetween(today, g.dueDate);
    const step = Math.min(...g.reminderDays.filter((d) => d >= left));
    if (Number.isFinite(step))
      groups.push({ ...g, step, key: `due-soon:${g.contractId}:${g.dueDate}:${step}` });
  }
  const made = await madeKeys(
    db,
    groups.map((g) => g.key),
  );
  return obligationsOf(
    db,
    dueSoonWindow(today),
    groups.filter((g) => !made.has(g.key)),
  );
}

/** Each overdue due date at its chaser (0 the day after the due date, 1 a week later...), not yet made. */
async function overdueCandidates(db: Db, today: string, now: Date, log: Logger): Promise<Candidate[]> {
  const rows = await overdueQuery(db, today);
  const orphans = await skipOrphans(
    db,
    "overdue reminders",
    overdueWindow(today),
    rows.filter((g) => !g.contractFound).map((g) => g.contractId),
    now,
    log,
  );
  const groups = rows
    .filter((g) => !orphans.has(g.contractId))
    .map((g) => {
      const step = Math.floor((daysBetween(g.dueDate, today) - 1) / 7);
      return { ...g, step, key: `overdue:${g.contractId}:${g.dueDate}:${step}` };
    });
  const made = await madeKeys(
    db,
    groups.map((g) => g.key),
  );
  return obligationsOf(
    db,
    overdueWindow(today),
    groups.filter((g) => !made.has(g.key)),
  );
}

/**
 * One message per provider user for each contract, due date and step, listing its clauses. All in one
 * transaction; if that fails, each on its own, so one that cannot be written is skipped and reported and
 * the others go.
 */
async function remindProviders(
  db: Db,
  kind: "due-soon" | "overdue",
  found: Candidate[],
  today: string,
  now: Date,
  log: Logger,
) {
  if (!found.length) return 0;
  const groups = new Map<string, Candidate[]>();
  for (const c of found) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
  const make = async (tx: DbOrTx, entries: Array<[string, Candidate[]]>) => {
    const won = await claimKeys(
      tx,
      entries.map(([key]) => key),
      now,
    );
    const mine = entries.filter(([key]) => won.has(key)).map(([, items]) => items);
    const recipients = new Map<string, string[]>();
    const msgs: MessageInput[] = [];
    const names = await contractNamesOf(
      tx,
      mine.map((g) => g[0]!.contractId),
    );
    for (const items of mine) {
      const first = items[0]!;
      const contract = names.get(first.contractId);
      if (!contract) throw new Error("the contract or one of its organisations is in no table");
      let users = recipients.get(first.providerOrganisationId);
      if (!users) {
        users = await activeUsers(tx, first.providerOrganisationId, "evidence_due");
        recipients.set(first.providerOrganisationId, users);
      }
      items.sort((a, b) => a.clauseKey.localeCompare(b.clauseKey));
      const days = daysBetween(today, first.dueDate);
      const params = {
        contract: contract.reference,
        commissioner: contract.commissioner,
        dueDate: formatDate(first.dueDate),
        days: plural(days, "day"),
        clauses: items.map((i) => ({ text: `${i.clauseTitle} (${i.period})`, link: `/obligations/${i.id}` })),
      };
      for (const userId of users) {
        msgs.push({
          userId,
          organisationId: first.organisationId,
          kind,
          params,
          link: items.length === 1 ? `/obligations/${first.id}` : `/contracts/${first.contractId}`,
          dedupeKey: `${kind}:${first.contractId}:${first.dueDate}:${first.step}`,
        });
      }
    }
    return (await enqueueMessages(tx, msgs, now)).length;
  };
  try {
    return await withTransaction(db, (tx) => make(tx, [...groups]));
  } catch {
    let written = 0;
    for (const [key, items] of groups) {
      try {
        written += await withTransaction(db, (tx) => make(tx, [[key, items]]));
      } catch (e) {
        await skipRecord(
          db,
          {
            step: `${kind} reminders`,
            key,
            problem: problemOf(e),
            contractId: items[0]!.contractId,
            obligationIds: items.map((i) => i.id),
          },
          now,
          log,
        );
      }
    }
    return written;
  }
}

/** The weekly summary of overdue evidence for each commissioning organisation that has some. */
async function overdueSummaries(db: Db, today: string, now: Date, log: Logger) {
  const week = isoWeek(today);
  const keyOf = (org: string) => `overdue-summary:${org}:${week}`;
  // Only organisations whose summary has not gone this week are counted: most runs count nothing.
  const orgs = (await db.selectDistinct({ id: contracts.organisationId }).from(contracts)).map((o) => o.id);
  const made = await madeKeys(db, orgs.map(keyOf));
  const open = orgs.filter((o) => !made.has(keyOf(o)));
  if (!open.length) return 0;
  const rows = await db
    .select({
      organisationId: obligations.organisationId,
      contractId: obligations.contractId,
      overdue: sql<number>`count(*)::int`,
    })
    .from(obligations)
    .innerJoin(contracts, eq(contracts.id, obligations.contractId))
    .where(
      and(
        eq(obligations.state, "pending"),
        lt(obligations.dueDate, today),
        inArray(obligations.organisationId, open),
      ),
    )
    .groupBy(obligations.organisationId, obligations.contractId);
  const byOrg = new Map<string, Array<{ contractId: string; overdue: number }>>();
  for (const r of rows) byOrg.set(r.organisationId, [...(byOrg.get(r.organisationId) ?? []), r]);
  let written = 0;
  for (const [org, list] of byOrg) {
    const key = keyOf(org);
    try {
      written += await withTransaction(db, async (tx) => {
        if (!(await claimKeys(tx, [key], now)).has(key)) return 0;
        const refs = await tx
          .select({ id: contracts.id, reference: contracts.reference, provider: organisations.name })
          .from(contracts)
          .innerJoin(organisations, eq(organisations.id, contracts.providerOrganisationId))
          .where(
            inArray(
              contracts.id,
              list.map((l) => l.contractId),
            ),
          );
        const ref = new Map(refs.map((r) => [r.id, r]));
        const missing = list.find((l) => !ref.has(l.contractId));
        if (missing) throw new Error(`contract ${missing.contractId} has no provider organisation`);
        const total = list.reduce((n, l) => n + l.overdue, 0);
        const items = list
          .map((l) => ({ ...l, ...ref.get(l.contractId)! }))
          .sort((a, b) => b.overdue - a.overdue || a.reference.localeCompare(b.reference))
          .map((l) => ({
            text: `${l.reference} (${l.provider}): ${plural(l.overdue, "overdue item")}`,
            link: `/contracts/${l.contractId}/compliance`,
          }));
        const users = await activeUsers(tx, org, "overdue_summary");
        const msgs: MessageInput[] = users.map((userId) => ({
          userId,
          organisationId: org,
          kind: "overdue-summary",
          params: {
            count: plural(total, "item"),
            contractCount: plural(list.length, "contract"),
            contracts: items,
          },
          link: "/compliance",
          dedupeKey: `overdue-summary:${week}`,
        }));
        return (await enqueueMessages(tx, msgs, now)).length;
      });
    } catch (e) {
      await skipRecord(db, { step: "the weekly overdue summary", key, problem: problemOf(e) }, now, log);
    }
  }
  return written;
}

const RAG_WORDS: Record<RagStatus, string> = { green: "green", amber: "amber", red: "red" };

/** Every contract's rating now, from the same rule the compliance pages use (ragOf). */
export function ratingsQuery(db: DbOrTx, today: string, organisationId?: string) {
  const n = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;
  const overdue = sql`${obligations.state} = 'pending' and ${obligations.dueDate} < ${today}::date`;
  return db
    .select({
      contractId: obligations.contractId,
      organisationId: obligations.organisationId,
      nonCompliant: n(sql`${obligations.state} = 'accepted' and ${obligations.verdict} = 'non_compliant'`),
      partial: n(sql`${obligations.state} = 'accepted' and ${obligations.verdict} = 'partially_compliant'`),
      changesRequested: n(sql`${obligations.state} = 'changes_requested'`),
      overdue: n(overdue),
      longOverdue: n(
        sql`${overdue} and ${obligations.dueDate} < ${addDays(today, -OVERDUE_RED_AFTER_DAYS)}::date`,
      ),
    })
    .from(obligations)
    .innerJoin(contracts, eq(contracts.id, obligations.contractId))
    .where(organisationId ? eq(obligations.organisationId, organisationId) : undefined)
    .groupBy(obligations.contractId, obligations.organisationId);
}

/** A contract's rating from ratingsQuery's counts, by the rule the compliance pages use. */
export function ratingOf(r: {
  nonCompliant: number;
  partial: number;
  changesRequested: number;
  overdue: number;
  longOverdue: number;
}): RagStatus {
  const t = emptyTally();
  t.nonCompliant = r.nonCompliant;
  t.partiallyCompliant = r.partial;
  t.byStatus.changes_requested = r.changesRequested;
  t.byStatus.overdue = r.overdue;
  t.longOverdue = r.longOverdue;
  return ragOf(t);
}

async function ratingChanges(db: Db, today: string, now: Date, log: Logger) {
  const [rows, known] = await Promise.all([ratingsQuery(db, today), db.select().from(contractRatings)]);
  const last = new Map(known.map((k) => [k.contractId, k.rag]));
  const first: Array<typeof contractRatings.$inferInsert> = [];
  let written = 0;
  for (const r of rows) {
    const rag = ratingOf(r);
    const before = last.get(r.contractId);
    // A contract seen for the first time sets its starting rating; only changes are announced.
    if (!before) first.push({ contractId: r.contractId, rag, changedAt: now });
    if (!before || before === rag) continue;
    const key = `rating:${r.contractId}:${rag}:${now.toISOString()}`;
    try {
      written += await withTransaction(db, async (tx) => {
        const changed = await tx
          .update(contractRatings)
          .set({ rag, changedAt: now })
          .where(and(eq(contractRatings.contractId, r.contractId), eq(contractRatings.rag, before)))
          .returning({ contractId: contractRatings.contractId });
        if (!changed.length) return 0; // another process announced it
        const names = await contractNames(tx, r.contractId);
        const users = await activeUsers(tx, r.organisationId, "rating_changed");
        return (
          await enqueueMessages(
            tx,
            users.map((userId) => ({
              userId,
              organisationId: r.organisationId,
              kind: "rating-changed" as const,
              params: {
                contract: names.reference,
                provider: names.provider,
                before: RAG_WORDS[before],
                rating: RAG_WORDS[rag],
              },
              link: `/contracts/${r.contractId}/compliance`,
              dedupeKey: `rating:${r.contractId}:${now.toISOString()}:${rag}`,
            })),
            now,
          )
        ).length;
      });
    } catch (e) {
      // Not announced; the new rating is recorded so the same change is not tried every run.
      await db
        .update(contractRatings)
        .set({ rag, changedAt: now })
        .where(eq(contractRatings.contractId, r.contractId));
      await skipRecord(
        db,
        { step: "rating changes", key, problem: problemOf(e), contractId: r.contractId },
        now,
        log,
      );
    }
  }
  if (first.length) await db.insert(contractRatings).values(first).onConflictDoNothing();
  return written;
}

export interface ReminderResult {
  dueSoon: number;
  overdue: number;
  summaries: number;
  ratings: number;
  assessments: number;
}

const quiet = createLogger("silent");

/**
 * Each kind of reminder as a step of its own, so the notification jobs run (and report) them separately:
 * one that fails does not stop the others, or the email behind them.
 */
export function reminderSteps(db: Db, now: Date, log: Logger = quiet) {
  const today = londonDate(now);
  return {
    dueSoon: async () =>
      remindProviders(db, "due-soon", await dueSoonCandidates(db, today, now, log), today, now, log),
    overdue: async () =>
      remindProviders(db, "overdue", await overdueCandidates(db, today, now, log), today, now, log),
    summaries: () => overdueSummaries(db, today, now, log),
    ratings: () => ratingChanges(db, today, now, log),
    assessments: () => assessmentReminders(db, today, now, log),
  } satisfies Record<keyof ReminderResult, () => Promise<number>>;
}

/** One run of every reminder; returns how many messages each wrote. */
export async function runReminders(db: Db, now: Date, log: Logger = quiet): Promise<ReminderResult> {
  const steps = reminderSteps(db, now, log);
  return {
    dueSoon: await steps.dueSoon(),
    overdue: await steps.overdue(),
    summaries: await steps.summaries(),
    ratings: await steps.ratings(),
    assessments: await steps.assessments(),
  };
}
