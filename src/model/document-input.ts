// The data the Word documents are built from, and the specification shapes stored with them. Documents
// are pure functions of these shapes: no database, no environment, no clock (every date comes in here).
import type { RenderedClause } from "./clause-schema.js";
import type { CoProductionRecord } from "./co-production.js";
import type { RagStatus } from "./compliance.js";
import type { ProviderContact, SpecificationContacts } from "./contacts.js";
import type { NoticeDraft, NoticeSource } from "./performance-notice.js";

export interface SpecificationSections {
  introduction?: string;
  populationNeed?: string;
  outcomes?: string;
  scope?: string;
}

/** The four general sections of a full specification, in the order it prints them, with their headings. */
export const GENERAL_SECTIONS = [
  ["introduction", "Introduction"],
  ["populationNeed", "Population needs"],
  ["outcomes", "Outcomes"],
  ["scope", "Scope"],
] as const satisfies ReadonlyArray<readonly [keyof SpecificationSections, string]>;

/**
 * What the specification issues as: "schedule", the involvement part alone, to attach to the council's own
 * specification; or "full_specification", with the four general sections before it.
 */
export const DOCUMENT_SHAPES = ["schedule", "full_specification"] as const;
export type DocumentShape = (typeof DOCUMENT_SHAPES)[number];
export const DOCUMENT_SHAPE_WORDS: Record<DocumentShape, string> = {
  schedule: "A schedule to attach to the council's own specification",
  full_specification: "A full service specification, with the general sections",
};
export const SCHEDULE_TITLE = "Schedule: involvement of people who use the service";

/** The general sections with nothing written in them, in order. */
export function emptySections(sections: SpecificationSections): Array<(typeof GENERAL_SECTIONS)[number]> {
  return GENERAL_SECTIONS.filter(([k]) => !sections[k]?.trim());
}

/** The shape chosen, or else the default: a full specification only when all four general sections are written. */
export function documentShapeOf(chosen: DocumentShape | null | undefined, sections: SpecificationSections) {
  return chosen ?? (emptySections(sections).length === 0 ? "full_specification" : "schedule");
}

/** One key performance indicator designated on the specification, as the documents print it. */
export interface DocumentKpi {
  clauseKey: string;
  /** What is measured: the metric's label. */
  measure: string;
  /** The target as a person reads it, such as "at least 90%". */
  target: string;
  /** How often it is reported, as a person reads it. */
  frequency: string;
  /** One of the three most material indicators. */
  mostMaterial: boolean;
}

/** What is due when in the contract's first 12 months, worked out from the clauses' frequencies. */
export interface ReportingCalendar {
  /** Set when the specification has no start date: the calendar assumes the contract starts then. */
  assumedStart?: string;
  /** A row a month that has something due, in date order: the month's name and what is due in it. */
  months: Array<{ month: string; items: string[] }>;
  /** Returns made whenever something happens, or once in the term, which no month holds. */
  other: string[];
}

/** Frozen at issue: every clause as rendered then, so later library changes cannot alter it. */
export interface IssuedSnapshot {
  clauses: Array<RenderedClause & { parameterValues: Record<string, unknown> }>;
  /** Everything the documents were built from, so they can be rebuilt byte for byte. */
  document: SpecificationDocumentInput;
}

export interface SpecificationDocumentInput {
  id: string;
  version: number;
  status: "draft" | "issued" | "superseded";
  title: string;
  /** The council's own reference; absent when it has none (or was issued before there was one): the id is printed. */
  reference?: string;
  serviceName: string;
  area?: string | null;
  commissionerOrganisation: string;
  commissionerLead?: string | null;
  providerName?: string | null;
  periodStart?: string | null; // ISO date
  periodEnd?: string | null;
  reviewDate?: string | null;
  /** ISO timestamp of issue, or of generation for a draft. Documents never read the clock. */
  date: string;
  author: string;
  contentHash?: string | null;
  sections: SpecificationSections;
  /** What it issues as; absent in documents issued before there was a choice (then the default by the sections). */
  documentShape?: DocumentShape;
  /** The specification's KPIs; without any, the documents list the clauses' thresholds as "Measures". */
  kpis?: DocumentKpi[];
  /** The first 12 months' returns; absent in documents issued before there was one. */
  calendar?: ReportingCalendar;
  /** Present once any contact is given; the summary's contact box reads it. */
  contacts?: SpecificationContacts;
  /** COM-02's record of who helped write this version; without it no document says anyone did. */
  coProduction?: CoProductionRecord;
  /** Only for the public page's large print: the provider's involvement contact, in the same box. */
  providerContact?: ProviderContact;
  /** Days after a period ends before evidence is overdue. */
  gracePeriodDays: number;
  /** The service's size, which scaled defaults were computed from. */
  caseload?: number | null;
  sites?: number | null;
  /** Document control: every version of this specification up to this one. */
  history: Array<{ version: number; status: string; date: string; author: string; note?: string | null }>;
  /** The clauses in the commissioner's order; documents group them by category. */
  clauses: RenderedClause[];
  /** The commissioner's choice of the summary's first-page promises (clause keys, at most ten). */
  keyPromises?: string[];
}

export interface RenderOptions {
  /** Estimate page numbers for the contents table (slow; used for issued documents). */
  pageNumbers: boolean;
}

export interface ChangesDocumentInput {
  previous: SpecificationDocumentInput;
  current: SpecificationDocumentInput;
  /** Who made the revision and when: tracked changes are attributed to them. */
  author: string;
  date: string;
}

export interface ComplianceReportInput {
  contract: {
    reference: string;
    providerName: string;
    commissionerName: string;
    specificationTitle: string;
    specificationReference: string | null;
    specificationVersion: number;
    startDate: string;
    endDate: string;
  };
  /** ISO timestamp the report was produced. */
  generatedAt: string;
  summary: {
    counts: Record<string, number>;
    percentCompliant: number | null;
    overdue: number;
    rag: RagStatus;
    /** Why the rating is what it is, including disagreements the reviewer overrode. */
    ragExplanation: string;
    /** Views of people who use the service on the evidence. */
    views: { agree: number; partly: number; disagree: number };
  };
  clauses: Array<{
    clauseKey: string;
    clauseTitle: string;
    rag: RagStatus;
    periods: Array<{
      period: string;
      dueDate: string | null;
      status: string;
      verdict: string | null;
      views: { agree: number; partly: number; disagree: number };
    }>;
  }>;
  /** What is outstanding: overdue, returned for changes, or awaiting review. */
  actions: ComplianceAction[];
  /**
   * Figures against targets, the report's lead: each provider clause's metrics, the periods begun so far with
   * the figure, the target and whether it was met, in words. Absent in reports made before it was added.
   */
  figures?: Array<{
    clauseKey: string;
    clauseTitle: string;
    metric: string;
    /** How the figure is compared, e.g. "at least 4 a year, pro-rated to the months gone". */
    rule: string;
    periods: Array<{ period: string; figure: string; target: string; result: string }>;
  }>;
  /**
   * The commissioner's own commitments (clauses of the commissioning category), apart from the provider's
   * clauses, actions and figures above; absent or empty when the contract has none.
   */
  commissioner?: {
    summary: { counts: Record<string, number>; overdue: number };
    clauses: ComplianceReportInput["clauses"];
    actions: ComplianceAction[];
    /**
     * Where the view of people who use services and the council's decision differ: periods whose evidence
     * the council accepted although a group disagreed with it before the decision.
     */
    disagreements?: Array<{
      clauseKey: string;
      clauseTitle: string;
      period: string;
      verdict: string;
      disagree: number;
    }>;
  };
}

interface ComplianceAction {
  clauseKey: string;
  clauseTitle: string;
  period: string;
  status: string;
  dueDate: string | null;
}

/** A confirmed performance assessment: its ratings, its record, and the notice drafted from them. */
export interface AssessmentDocumentInput extends NoticeSource {
  notice: NoticeDraft;
}
