// A contract performance notice (UK9) drafted from a confirmed assessment: the fields regulation 39 of the
// Procurement Regulations 2024 asks for, each filled from WithUs's own records, with every KPI's rating
// beside the code Find a Tender's OCDS data would carry for it (shared/FACTS.md). WithUs drafts; the council
// checks the draft and publishes it itself through its e-tendering system.
import type { AssessmentRating } from "./assessment.js";
import { formatDate } from "./dates.js";
import { formatTarget } from "./kpis.js";
import { RATING_WORDS, type Rating } from "./performance.js";
import {
  formatPence,
  kpiRuleApplies,
  PROCUREMENT_REGIME_WORDS,
  type ProcurementRegime,
} from "./procurement.js";

/** A party as a notice names it. */
export interface NoticeParty {
  name: string;
  postalAddress: string | null;
  email: string | null;
  identifier: string | null;
}

/**
 * What an assessment's records need besides its ratings, captured when it is confirmed so that a later
 * change of the contract's title or an organisation's address never changes a record already made.
 */
export interface AssessmentRecord {
  contract: {
    reference: string;
    title: string | null;
    procurementIdentifier: string | null;
    procurementRegime: ProcurementRegime;
    lightTouch: boolean;
    estimatedValuePence: number | null;
    serviceName: string;
    specificationTitle: string;
    startDate: string;
    endDate: string;
  };
  authority: NoticeParty;
  supplier: NoticeParty;
  /** Who confirmed the assessment, by name, and when. */
  confirmedByName: string;
  confirmedAt: string;
}

/**
 * The code Find a Tender's OCDS data keeps a KPI rating under
 * (contracts[].implementation.metrics[].observations[].measureClassification). The pairing of these codes
 * with the five descriptors is our inference from the two lists' order and meaning; no published table
 * pairs them (shared/FACTS.md).
 */
export const MEASURE_CLASSIFICATION: Record<Rating, string> = {
  good: "met",
  approaching_target: "slightlyBelow",
  requires_improvement: "below",
  inadequate: "significantlyBelow",
  other: "other",
};
export const MEASURE_CLASSIFICATION_NOTE =
  "Inferred mapping: Find a Tender publishes these codes and the Act the five descriptors, but no published table pairs them. Check before publishing.";

const DRAFT_STATEMENT =
  "Draft. WithUs does not publish notices: the contracting authority checks this draft and publishes the contract performance notice itself, through its e-tendering system.";

/** Which law the contract falls under, and so whether a notice is required of it. */
function applicabilityOf(c: AssessmentRecord["contract"]) {
  const overFiveMillion = c.estimatedValuePence !== null && c.estimatedValuePence > 500_000_000;
  const required = kpiRuleApplies(c);
  const value =
    c.estimatedValuePence === null
      ? "estimated value not recorded"
      : `estimated value ${formatPence(c.estimatedValuePence)} including VAT, ${overFiveMillion ? "over" : "not over"} £5 million`;
  const regime = PROCUREMENT_REGIME_WORDS[c.procurementRegime];
  const text = `${regime}; ${c.lightTouch ? "light touch" : "not light touch"}; ${value}. ${
    required
      ? "Procurement Act 2023 s.71 applies: a contract performance notice is required at least every 12 months and at the end of the contract."
      : c.procurementRegime === "procurement_act"
        ? "Procurement Act 2023 s.71's duty to assess and publish does not apply to this contract (light touch, or not over £5 million); the council may publish a notice if it chooses."
        : "The Procurement Act 2023's performance notices do not apply to this contract; the draft is the same record in the notice's form, for the council's file."
  }`;
  return {
    regime: c.procurementRegime,
    regimeWords: regime,
    lightTouch: c.lightTouch,
    estimatedValuePence: c.estimatedValuePence,
    overFiveMillion,
    noticeRequired: required,
    text,
  };
}

/** A KPI's rating as the notice states it. */
function noticeKpi(r: AssessmentRating) {
  return {
    kpiId: r.kpiId,
    name: `${r.clauseKey} ${r.clauseTitle}: ${r.metricLabel}`,
    target: formatTarget({ target: r.annualTarget, unit: r.unit, comparator: r.comparator }),
    mostMaterial: r.mostMaterial,
    figure: r.figure ? { period: r.figure.period, value: r.figure.value } : null,
    rating: r.rating,
    ratingWords: RATING_WORDS[r.rating],
    measureClassification: {
      code: MEASURE_CLASSIFICATION[r.rating],
      inferred: true as const,
      note: MEASURE_CLASSIFICATION_NOTE,
    },
    reason: r.reason,
  };
}

export interface NoticeSource {
  assessment: { id: string; periodStart: string; periodEnd: string; ratings: AssessmentRating[] };
  record: AssessmentRecord;
}

const partyText = (p: NoticeParty) => p.name;

/** The draft notice: the applicability line, each regulation 39 field with its value, and the KPIs. */
export function noticeDraft({ assessment, record }: NoticeSource) {
  const c = record.contract;
  const kpis = assessment.ratings.map(noticeKpi);
  const period = `${formatDate(assessment.periodStart)} to ${formatDate(assessment.periodEnd)}`;
  const statement =
    "This notice sets out the contracting authority's assessment of the supplier's performance against the key performance indicators listed in it.";
  // Regulation 39's fields, in its order, each with the value WithUs holds (null where it holds none).
  const fields: Array<{ field: string; value: string | null }> = [
    { field: "Contracting authority: name", value: partyText(record.authority) },
    { field: "Contracting authority: postal address", value: record.authority.postalAddress },
    { field: "Contracting authority: email address", value: record.authority.email },
    { field: "Contracting authority: identifier", value: record.authority.identifier },
    { field: "Procurement: title", value: c.title },
    { field: "Procurement: identifier", value: c.procurementIdentifier },
    { field: "Contract: identifier", value: c.reference },
    { field: "Key performance indicators", value: kpis.map((k) => `${k.name} (${k.target})`).join("; ") },
    { field: "Statement that the notice assesses performance against the KPIs", value: statement },
    { field: "Supplier: name", value: record.supplier.name },
    { field: "Supplier: postal address", value: record.supplier.postalAddress },
    { field: "Supplier: email address", value: record.supplier.email },
    { field: "Supplier: identifier", value: record.supplier.identifier },
    { field: "Rating of each KPI", value: kpis.map((k) => `${k.name}: ${k.ratingWords}`).join("; ") },
    { field: "Period the assessment covers", value: period },
  ];
  return {
    status: "draft" as const,
    notice: "UK9 contract performance notice",
    draftStatement: DRAFT_STATEMENT,
    applicability: applicabilityOf(c),
    contractingAuthority: record.authority,
    procurement: { title: c.title, identifier: c.procurementIdentifier },
    contract: { identifier: c.reference, service: c.serviceName, startDate: c.startDate, endDate: c.endDate },
    suppliers: [record.supplier],
    assessmentStatement: statement,
    period: { start: assessment.periodStart, end: assessment.periodEnd },
    kpis,
    fields,
    missing: fields.filter((f) => !f.value?.trim()).map((f) => f.field),
    assessment: { id: assessment.id, confirmedAt: record.confirmedAt, confirmedBy: record.confirmedByName },
  };
}
export type NoticeDraft = ReturnType<typeof noticeDraft>;

/** Whose detail fills a notice field: the council's, the provider's, or the contract's own. */
export type NoticeDetailOwner = "authority" | "supplier" | "contract";

/** The notice's fields filled from details people enter in WithUs, with whose detail each is and its name. */
const DETAIL_FIELDS: Readonly<Record<string, { owner: NoticeDetailOwner; detail: string }>> = {
  "Contracting authority: postal address": { owner: "authority", detail: "postal address" },
  "Contracting authority: email address": { owner: "authority", detail: "email address" },
  "Contracting authority: identifier": { owner: "authority", detail: "identifier" },
  "Procurement: title": { owner: "contract", detail: "title" },
  "Procurement: identifier": { owner: "contract", detail: "procurement identifier" },
  "Supplier: postal address": { owner: "supplier", detail: "postal address" },
  "Supplier: email address": { owner: "supplier", detail: "email address" },
  "Supplier: identifier": { owner: "supplier", detail: "identifier" },
};

/** The notice's empty fields that a missing detail leaves empty, in the notice's order. */
export function missingNoticeDetails(notice: Pick<NoticeDraft, "missing">) {
  return notice.missing.flatMap((field) => {
    const d = DETAIL_FIELDS[field];
    return d ? [{ field, ...d }] : [];
  });
}

/** The CSV's columns: one row per KPI, each row carrying the whole notice so it stands alone. */
export const NOTICE_CSV_HEADER = [
  "Status",
  "Applicability",
  "Contracting authority",
  "Authority postal address",
  "Authority email",
  "Authority identifier",
  "Procurement title",
  "Procurement identifier",
  "Contract identifier",
  "Supplier",
  "Supplier postal address",
  "Supplier email",
  "Supplier identifier",
  "Period start",
  "Period end",
  "Statement",
  "KPI",
  "Target",
  "Most material",
  "Figure period",
  "Figure",
  "Rating",
  "Find a Tender code (inferred mapping)",
  "Reason",
];

export function noticeCsvRows(n: NoticeDraft): Array<Array<string | number | null>> {
  const a = n.contractingAuthority;
  const s = n.suppliers[0]!;
  return n.kpis.map((k) => [
    `Draft: ${n.draftStatement}`,
    n.applicability.text,
    a.name,
    a.postalAddress,
    a.email,
    a.identifier,
    n.procurement.title,
    n.procurement.identifier,
    n.contract.identifier,
    s.name,
    s.postalAddress,
    s.email,
    s.identifier,
    n.period.start,
    n.period.end,
    n.assessmentStatement,
    k.name,
    k.target,
    k.mostMaterial ? "Yes" : "No",
    k.figure?.period ?? null,
    k.figure ? (k.figure.value ?? "No figure") : "No figure",
    k.ratingWords,
    k.measureClassification.code,
    k.reason,
  ]);
}
