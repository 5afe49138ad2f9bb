// A service's promises in plain language, with how each stands against its targets (from accepted evidence
// only: on target, below target, not reported yet) and how each is doing in words for its latest periods.
// Read by representatives (for their group's contracts) and by anyone on a published service page.
import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import { contracts, obligations, specifications, submissions, type Verdict } from "../../db/schema/index.js";
import type { Category } from "../../model/clause-schema.js";
import { type ObligationStatus, statusInWords } from "../../model/compliance.js";
import {
  figureInWords,
  figureStanding,
  promiseStanding,
  STANDING_WORDS,
  type Standing,
  storedFigure,
} from "../../model/performance.js";
import { promiseSentence } from "../../model/plain-summary.js";
import { libraryUnitJudge, withJudgedUnits } from "../clauses/library-units.js";
import type { PublicCtx } from "../context.js";
import { metricDefinitions } from "../contracts/obligation-clause.js";
import { obligationStatusSql } from "../contracts/obligation-status.js";
import { isUserLed } from "./user-led.js";

/** How many of a promise's most recent periods are shown. */
const LATEST_PERIODS = 2;

interface PromiseStatus {
  period: string;
  periodStart: string;
  periodEnd: string | null;
  status: ObligationStatus;
  verdict: Verdict | null;
  words: string;
}

export interface ServicePromise {
  clauseKey: string;
  title: string;
  category: Category;
  /** The clause's plain-language sentences (its title when it has none). */
  plainLanguage: string;
  /** People who use the service check this promise's evidence. */
  userLed: boolean;
  /** Newest first: the latest periods due or decided; else the current period; else the first. */
  latest: PromiseStatus[];
  /** The promise in one plain sentence. */
  sentence: string;
  /** From accepted evidence only (model/performance.ts promiseStanding). */
  standing: Standing;
  standingWords: string;
  /** The figures of the latest accepted evidence against their targets for its period. */
  figures: Array<{
    label: string;
    value: string;
    target: string;
    proRated: boolean;
    periodStart: string;
    periodEnd: string | null;
    standing: Standing;
  }>;
}

function withWords(o: Omit<PromiseStatus, "words"> & { clauseKey: string }): PromiseStatus {
  return {
    period: o.period,
    periodStart: o.periodStart,
    periodEnd: o.periodEnd,
    status: o.status,
    verdict: o.verdict,
    words: statusInWords(o.status, o.verdict),
  };
}

/** The promises of a contract. The caller has already checked that the contract may be shown. */
export async function promisesOf({
  ctx,
  input: { contractId, today },
}: {
  ctx: PublicCtx;
  input: { contractId: string; today: string };
}): Promise<ServicePromise[]> {
  const { db } = ctx;
  const [spec] = await db
    .select({ snapshot: specifications.snapshot, startDate: contracts.startDate })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, contractId));
  const clauses = spec?.snapshot?.clauses ?? [];
  const status = obligationStatusSql(today);
  const started = await db
    .select({
      clauseKey: obligations.clauseKey,
      period: obligations.period,
      periodStart: obligations.periodStart,
      periodEnd: obligations.periodEnd,
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
      periodStart: obligations.periodStart,
      periodEnd: obligations.periodEnd,
      status,
      verdict: obligations.verdict,
    })
    .from(obligations)
    .where(eq(obligations.contractId, contractId))
    .orderBy(asc(obligations.clauseKey), asc(obligations.periodStart));
  // Per clause: the latest periods that are due or decided (what people can judge), newest first; if none
  // is yet, the current period ("not due yet"), or the first one when none has started.
  const byClause = new Map<string, PromiseStatus[]>();
  const current = new Map<string, PromiseStatus>();
  for (const o of started) {
    if (!current.has(o.clauseKey)) current.set(o.clauseKey, withWords(o));
    if (o.status === "open" || o.status === "not_due") continue;
    const list = byClause.get(o.clauseKey) ?? [];
    if (list.length < LATEST_PERIODS) list.push(withWords(o));
    byClause.set(o.clauseKey, list);
  }
  for (const [key, o] of current) if (!byClause.has(key)) byClause.set(key, [o]);
  for (const o of first) {
    if (!byClause.has(o.clauseKey)) byClause.set(o.clauseKey, [withWords(o)]);
  }
  const [accepted, unitOf] = await Promise.all([
    latestAccepted(ctx, contractId),
    libraryUnitJudge(
      db,
      clauses.map((c) => c.key),
    ),
  ]);
  return clauses.map((c) => {
    const a = accepted.get(c.key);
    const figures = metricDefinitions(withJudgedUnits(c, unitOf)).flatMap((m) => {
      if (m.target === null) return [];
      const known = storedFigure(a?.metrics[m.name]);
      if (!a?.periodEnd) return [{ standing: "not_reported" as const, shown: null }];
      const judged = figureStanding({
        value: known,
        target: m.target,
        unit: m.unit,
        comparator: m.comparator,
        contractStart: spec!.startDate,
        periodEnd: a.periodEnd,
      });
      return [
        {
          standing: judged.standing,
          shown:
            known === null
              ? null
              : {
                  label: m.label,
                  value: figureInWords(known, m.unit),
                  target: figureInWords(judged.target.target, m.unit === "count" ? "number" : m.unit),
                  proRated: judged.target.proRated,
                  periodStart: a.periodStart,
                  periodEnd: a.periodEnd,
                  standing: judged.standing,
                },
        },
      ];
    });
    const standing = promiseStanding(
      figures.map((f) => f.standing),
      a?.verdict ?? null,
    );
    return {
      clauseKey: c.key,
      title: c.title,
      plainLanguage: c.plainLanguage.trim() || c.title,
      userLed: isUserLed(c),
      category: c.category,
      latest: byClause.get(c.key) ?? [],
      sentence: promiseSentence(c),
      standing,
      standingWords: STANDING_WORDS[standing],
      figures: figures.flatMap((f) => (f.shown ? [f.shown] : [])),
    };
  });
}

/**
 * Per clause, the latest period whose evidence the council accepted, with its verdict and the figures of
 * the obligation's latest submission (the accepted one). Drafts and evidence not yet accepted never count.
 */
async function latestAccepted(ctx: PublicCtx, contractId: string) {
  const obs = await ctx.db
    .selectDistinctOn([obligations.clauseKey], {
      id: obligations.id,
      clauseKey: obligations.clauseKey,
      periodStart: obligations.periodStart,
      periodEnd: obligations.periodEnd,
      verdict: obligations.verdict,
    })
    .from(obligations)
    .where(and(eq(obligations.contractId, contractId), eq(obligations.state, "accepted")))
    .orderBy(asc(obligations.clauseKey), desc(obligations.periodStart));
  const subs = obs.length
    ? await ctx.db
        .selectDistinctOn([submissions.obligationId], {
          obligationId: submissions.obligationId,
          metrics: submissions.metrics,
        })
        .from(submissions)
        .where(
          and(
            inArray(
              submissions.obligationId,
              obs.map((o) => o.id),
            ),
            eq(submissions.status, "accepted"),
          ),
        )
        .orderBy(asc(submissions.obligationId), desc(submissions.version))
    : [];
  const metricsOf = new Map(subs.map((x) => [x.obligationId, x.metrics]));
  return new Map(obs.map((o) => [o.clauseKey, { ...o, metrics: metricsOf.get(o.id) ?? {} }]));
}
