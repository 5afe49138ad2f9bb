// Key performance indicators: a provider clause's metric with its target, how often it is measured, and
// whether it is one of the three most material (Procurement Act 2023 s.52). Designated on a specification
// while it is a draft and carried to the contract when it is let, where a tolerance for "approaching
// target" is added. The one rule that checks a list of them against the clauses lives here.
import type { FieldError } from "../lib/errors.js";
import { type Category, FREQUENCIES, type Frequency, type MetricDef, partyOf } from "./clause-schema.js";
import { DEFAULT_TOLERANCE_PERCENT, inUnit } from "./performance.js";

/** How often a KPI is measured. */
export const KPI_FREQUENCIES = ["monthly", "quarterly", "six_monthly", "annually"] as const;
export type KpiFrequency = (typeof KPI_FREQUENCIES)[number];
export const KPI_FREQUENCY_WORDS: Record<KpiFrequency, string> = {
  monthly: FREQUENCIES.monthly,
  quarterly: FREQUENCIES.quarterly,
  six_monthly: FREQUENCIES.six_monthly,
  annually: FREQUENCIES.annually,
};

/** How many KPIs s.52 asks the contract details notice to name as the most material. */
export const MOST_MATERIAL = 3;
/** A contract or specification has at most this many KPIs. */
export const MAX_KPIS = 50;

/** The measurement a clause's own frequency suggests; a KPI may say otherwise. */
export function defaultKpiFrequency(f: Frequency): KpiFrequency {
  if (f === "monthly" || f === "quarterly" || f === "six_monthly") return f;
  if (f === "per_event") return "quarterly";
  return "annually";
}

/** A KPI as a caller designates it; what is left out takes the clause's own value. */
export interface KpiInput {
  clauseKey: string;
  metric: string;
  target?: number;
  frequency?: KpiFrequency;
  mostMaterial?: boolean;
  /** Contracts only: how far short, as a percentage of the target, still reads "approaching target". */
  tolerancePercent?: number;
}

/** What the check needs to know of a clause: rendered, so a metric's target is a number where set. */
export interface KpiClause {
  key: string;
  title: string;
  category: Category | string;
  frequency: Frequency;
  threshold: { metrics: Array<MetricDef & { target?: number | string }> } | null;
}

/** A KPI as it reads: the designation with the metric's label, unit and direction. */
export interface Kpi {
  clauseKey: string;
  clauseTitle: string;
  metric: string;
  metricLabel: string;
  unit: MetricDef["unit"];
  comparator: MetricDef["comparator"];
  target: number;
  frequency: KpiFrequency;
  mostMaterial: boolean;
}

export type ContractKpiFields = Kpi & { tolerancePercent: number };

/** "at least 85%", "at least 12", "at most 8 weeks". */
export function formatTarget(k: Pick<Kpi, "target" | "unit" | "comparator">): string {
  return `${k.comparator === "at_most" ? "at most" : "at least"} ${inUnit(k.target, k.unit)}`;
}

/** The tolerance's width in the metric's units: 10% of a target of 80% is 8 percentage points. */
export function toleranceWidth(k: { target: number; tolerancePercent: number }): number {
  return (Math.abs(k.target) * k.tolerancePercent) / 100;
}

function numericTarget(m: { target?: number | string }): number | undefined {
  const t = typeof m.target === "string" && m.target.trim() !== "" ? Number(m.target) : m.target;
  return typeof t === "number" && Number.isFinite(t) ? t : undefined;
}

/**
 * Checks a list of KPIs against the clauses they measure and fills in what was left out. Each problem is
 * placed at its field (kpis/<i>/<field>). `contract` adds the tolerance and asks for exactly min(3, count)
 * most material; a specification's draft may mark up to three.
 */
export function resolveKpis<C extends boolean>(
  list: KpiInput[],
  clauses: KpiClause[],
  opts: { contract: C },
): { kpis: Array<C extends true ? ContractKpiFields : Kpi>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: ContractKpiFields[] = [];
  const byKey = new Map(clauses.map((c) => [c.key, c]));
  const seen = new Map<string, number>();
  if (list.length > MAX_KPIS) errors.push({ path: "kpis", message: `at most ${MAX_KPIS} KPIs` });
  for (const [i, k] of list.entries()) {
    const at = (field: string) => `kpis/${i}/${field}`;
    const clause = byKey.get(k.clauseKey);
    if (!clause) {
      errors.push({ path: at("clauseKey"), message: `${k.clauseKey} is not one of the clauses` });
      continue;
    }
    if (partyOf({ category: clause.category }) !== "provider") {
      errors.push({
        path: at("clauseKey"),
        message: `${k.clauseKey} is the council's own commitment: a KPI measures the provider`,
      });
      continue;
    }
    const metrics = clause.threshold?.metrics ?? [];
    const metric = metrics.find((m) => m.name === k.metric);
    if (!metric) {
      errors.push({
        path: at("metric"),
        message: metrics.length
          ? `${k.clauseKey} has no metric "${k.metric}" (its metrics: ${metrics.map((m) => m.name).join(", ")})`
          : `${k.clauseKey} has no figures to measure`,
      });
      continue;
    }
    const pair = `${k.clauseKey}/${k.metric}`;
    const first = seen.get(pair);
    if (first !== undefined) {
      errors.push({ path: at("metric"), message: `${pair} is already KPI ${first + 1}` });
      continue;
    }
    seen.set(pair, i);
    const target = k.target ?? numericTarget(metric);
    let bad = false;
    if (target === undefined) {
      errors.push({ path: at("target"), message: `enter a target for ${metric.label.toLowerCase()}` });
      bad = true;
    } else if (!Number.isFinite(target) || target < 0) {
      errors.push({ path: at("target"), message: "the target must be a number, 0 or more" });
      bad = true;
    } else if (metric.unit === "percent" && target > 100) {
      errors.push({ path: at("target"), message: "a percentage target must be 100 or less" });
      bad = true;
    }
    const tolerancePercent = k.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT;
    if (opts.contract && (!Number.isFinite(tolerancePercent) || tolerancePercent < 0)) {
      errors.push({ path: at("tolerancePercent"), message: "the tolerance must be 0 or more" });
      bad = true;
    } else if (opts.contract && tolerancePercent > 100) {
      errors.push({
        path: at("tolerancePercent"),
        message: "the tolerance must be 100% of the target or less",
      });
      bad = true;
    }
    if (bad) continue;
    out.push({
      clauseKey: clause.key,
      clauseTitle: clause.title,
      metric: metric.name,
      metricLabel: metric.label,
      unit: metric.unit,
      comparator: metric.comparator,
      target: target!,
      frequency: k.frequency ?? defaultKpiFrequency(clause.frequency),
      mostMaterial: k.mostMaterial === true,
      tolerancePercent,
    });
  }
  const marked = list.filter((k) => k.mostMaterial === true).length;
  if (opts.contract) {
    const wanted = Math.min(MOST_MATERIAL, list.length);
    if (marked !== wanted && list.length > 0) {
      errors.push({
        path: "kpis",
        message: `mark ${wanted} of the KPIs as most material (three, or all of them when there are fewer); ${marked} ${marked === 1 ? "is" : "are"} marked`,
      });
    }
  } else if (marked > MOST_MATERIAL) {
    errors.push({ path: "kpis", message: `mark at most three KPIs as most material; ${marked} are marked` });
  }
  const kpis = opts.contract ? out : out.map(({ tolerancePercent: _t, ...k }) => k);
  return { kpis: kpis as Array<C extends true ? ContractKpiFields : Kpi>, errors };
}

/**
 * Marks the first KPIs in order as most material until min(3, count) are, keeping those already marked:
 * what a contract starts with when the specification marked fewer.
 */
export function withMostMaterial<K extends { mostMaterial: boolean }>(kpis: K[]): K[] {
  let missing = Math.min(MOST_MATERIAL, kpis.length) - kpis.filter((k) => k.mostMaterial).length;
  return kpis.map((k) => {
    if (k.mostMaterial || missing <= 0) return k;
    missing--;
    return { ...k, mostMaterial: true };
  });
}
