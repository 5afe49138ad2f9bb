// The performance record a Provider Selection Regime direct award decision needs (Direct Award Process C:
// the existing provider satisfies its contract, judged against the regime's five key criteria; shared/FACTS.md).
// For each criterion, the evidence across the contract's life from the clauses tagged with it: figures against
// targets, confirmed ratings, compliance history, the views of people who use the service, and "you said, we
// did". Stored whole when made, so it reads the same however the contract changes afterwards.
import { PSR_CRITERIA, type PsrCriterion } from "./procurement.js";

const EVIDENCE_KINDS = [
  "KPI history",
  "Confirmed rating",
  "Compliance history",
  "Service users' views",
  "You said, we did",
] as const;
type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One piece of evidence: what it is, the period it covers (if one), and what it shows, in words. */
export interface EvidenceItem {
  kind: EvidenceKind;
  period: string | null;
  detail: string;
}

interface CriterionClause {
  clauseKey: string;
  clauseTitle: string;
  evidence: EvidenceItem[];
}

export interface DirectAwardRecord {
  contract: {
    reference: string;
    title: string | null;
    serviceName: string;
    providerName: string;
    commissionerName: string;
    startDate: string;
    endDate: string;
  };
  /** The day the record covers up to, and when and by whom it was made. */
  asOf: string;
  generatedAt: string;
  generatedByName: string;
  criteria: Array<{ key: PsrCriterion; name: string; clauses: CriterionClause[] }>;
}

/** The record's criteria in the regime's order, each with the clauses tagged with it. */
export function criteriaOf(
  clauses: Array<{
    clauseKey: string;
    clauseTitle: string;
    psrCriteria: readonly string[];
    evidence: EvidenceItem[];
  }>,
): DirectAwardRecord["criteria"] {
  return (Object.keys(PSR_CRITERIA) as PsrCriterion[]).map((key) => ({
    key,
    name: PSR_CRITERIA[key],
    clauses: clauses
      .filter((c) => c.psrCriteria.includes(key))
      .map(({ clauseKey, clauseTitle, evidence }) => ({ clauseKey, clauseTitle, evidence })),
  }));
}

export const DIRECT_AWARD_CSV_HEADER = [
  "Contract",
  "Provider",
  "Record made",
  "Covers up to",
  "Key criterion",
  "Clause",
  "Clause title",
  "Evidence",
  "Period",
  "What it shows",
];

/** One row per criterion, clause and piece of evidence; a criterion with no evidence still has its row. */
export function directAwardCsvRows(r: DirectAwardRecord): Array<Array<string | null>> {
  const head = [r.contract.reference, r.contract.providerName, r.generatedAt.slice(0, 10), r.asOf];
  return r.criteria.flatMap((c) =>
    c.clauses.length === 0
      ? [
          [
            ...head,
            c.name,
            null,
            null,
            null,
            null,
            "No clause of this contract is tagged with this criterion",
          ],
        ]
      : c.clauses.flatMap((cl) =>
          (cl.evidence.length === 0
            ? [{ kind: null, period: null, detail: "No evidence yet" }]
            : cl.evidence
          ).map((e) => [...head, c.name, cl.clauseKey, cl.clauseTitle, e.kind, e.period, e.detail]),
        ),
  );
}
