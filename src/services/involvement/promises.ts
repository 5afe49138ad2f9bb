// A service's promises in plain language, with how each is doing in words for its latest periods. Read by
// representatives (for their group's contracts) and by anyone on a published service page.
import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { contracts, obligations, specifications, type Verdict } from "../../db/schema/index.js";
import type { ObligationStatus } from "../../model/compliance.js";
import { obligationStatusSql } from "../contracts/obligation-status.js";
import { statusInWords } from "./status-words.js";
import { isUserLed } from "./user-led.js";

/** How many of a promise's most recent periods are shown. */
export const LATEST_PERIODS = 2;

export interface PromiseStatus {
  period: string;
  status: ObligationStatus;
  verdict: Verdict | null;
  words: string;
}

export interface ServicePromise {
  clauseKey: string;
  title: string;
  /** The clause's plain-language sentences (its title when it has none). */
  plainLanguage: string;
  /** People who use the service check this promise's evidence. */
  userLed: boolean;
  /** Newest first: the latest periods that have started, or the first one if none has. */
  latest: PromiseStatus[];
}

/** The promises of a contract. The caller has already checked that the contract may be shown. */
export async function promisesOf(db: DbOrTx, contractId: string, today: string): Promise<ServicePromise[]> {
  const [spec] = await db
    .select({ snapshot: specifications.snapshot })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, contractId));
  const clauses = spec?.snapshot?.clauses ?? [];
  const status = obligationStatusSql(today);
  const started = await db
    .select({
      clauseKey: obligations.clauseKey,
      period: obligations.period,
      status,
      verdict: obligations.verdict,
    })
    .from(obligations)
    .where(and(eq(obligations.contractId, contractId), lte(obligations.periodStart, today)))
    .orderBy(desc(obligations.periodStart));
  const first = await db
    .selectDistinctOn([obligations.clauseKey], {
      clauseKey: obligations.clauseKey,
      period: obligations.period,
      status,
      verdict: obligations.verdict,
    })
    .from(obligations)
    .where(eq(obligations.contractId, contractId))
    .orderBy(asc(obligations.clauseKey), asc(obligations.periodStart));
  const byClause = new Map<string, PromiseStatus[]>();
  for (const o of started) {
    const list = byClause.get(o.clauseKey) ?? [];
    if (list.length < LATEST_PERIODS) list.push({ ...o, words: statusInWords(o.status, o.verdict) });
    byClause.set(o.clauseKey, list);
  }
  for (const o of first) {
    if (!byClause.has(o.clauseKey))
      byClause.set(o.clauseKey, [{ ...o, words: statusInWords(o.status, o.verdict) }]);
  }
  return clauses.map((c) => ({
    clauseKey: c.key,
    title: c.title,
    plainLanguage: c.plainLanguage.trim() || c.title,
    userLed: isUserLed(c),
    latest: (byClause.get(c.key) ?? []).map(({ period, status: s, verdict, words }) => ({
      period,
      status: s,
      verdict,
      words,
    })),
  }));
}
