// The procurement law a contract was let under, and the one rule it brings for KPIs: Procurement Act 2023
// s.52 asks for at least three KPIs before a public contract over £5 million is entered into (not light
// touch contracts), unless the authority considers performance cannot appropriately be assessed by KPIs.
// Drug and alcohol treatment is bought under the Provider Selection Regime (shared/FACTS.md).
import type { FieldError } from "../lib/errors.js";

export const PROCUREMENT_REGIMES = ["provider_selection_regime", "procurement_act", "other"] as const;
export type ProcurementRegime = (typeof PROCUREMENT_REGIMES)[number];

export const PROCUREMENT_REGIME_WORDS: Record<ProcurementRegime, string> = {
  provider_selection_regime:
    "Provider Selection Regime (Health Care Services (Provider Selection Regime) Regulations 2023)",
  procurement_act: "Procurement Act 2023",
  other: "Other",
};

/**
 * The Provider Selection Regime's key criteria for judging providers (shared/FACTS.md): a Direct Award C
 * needs a record that the existing provider satisfies its contract judged against them. Clauses of the
 * library say which of these their evidence speaks to (psrCriteria); none speaks to all five.
 */
export const PSR_CRITERIA = {
  quality_innovation: "Quality and innovation",
  value: "Value",
  integration_collaboration_sustainability: "Integration, collaboration and service sustainability",
  access_inequalities_choice: "Improving access, reducing health inequalities and facilitating choice",
  social_value: "Social value",
} as const;
export type PsrCriterion = keyof typeof PSR_CRITERIA;
export const PSR_CRITERION_KEYS = Object.keys(PSR_CRITERIA) as [PsrCriterion, ...PsrCriterion[]];

/** £5 million, in pence: s.52 applies to contracts whose estimated value is over it. */
const KPI_RULE_THRESHOLD_PENCE = 500_000_000;
const KPI_RULE_MINIMUM = 3;

export interface KpiRuleFacts {
  procurementRegime: ProcurementRegime;
  lightTouch: boolean;
  estimatedValuePence: number | null;
  kpiExemptionReason: string | null;
}

/** Whether s.52's rule applies: the Procurement Act, not light touch, over £5 million. */
export function kpiRuleApplies(c: Omit<KpiRuleFacts, "kpiExemptionReason">): boolean {
  return (
    c.procurementRegime === "procurement_act" &&
    !c.lightTouch &&
    c.estimatedValuePence !== null &&
    c.estimatedValuePence > KPI_RULE_THRESHOLD_PENCE
  );
}

/** The rule's refusal, when a contract it applies to has fewer than three KPIs and no reason recorded. */
export function kpiRuleProblem(c: KpiRuleFacts, kpiCount: number): FieldError | null {
  if (!kpiRuleApplies(c) || kpiCount >= KPI_RULE_MINIMUM || c.kpiExemptionReason?.trim()) return null;
  return {
    path: "kpis",
    message: `Procurement Act 2023 s.52: a contract over £5 million that is not light touch needs at least ${KPI_RULE_MINIMUM} KPIs (it would have ${kpiCount}), unless you record why its performance cannot be assessed by KPIs (kpiExemptionReason)`,
  };
}

/** "£5,250,000.00" from pence. */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
