// One interface for producing every document, so callers need not know whether rendering happens in this thread
// (Cloudflare Workers, tests) or in a pool of worker threads (the Node server, where a long render would
// otherwise hold up every other request).

import type { DirectAwardRecord } from "../model/direct-award.js";
import type {
  AssessmentDocumentInput,
  ChangesDocumentInput,
  ComplianceReportInput,
  RenderOptions,
  SpecificationDocumentInput,
} from "../model/document-input.js";
import { renderAssessment } from "./assessment.js";
import { renderChanges } from "./changes.js";
import { renderCommitments } from "./commitments.js";
import { renderComplianceReport } from "./compliance-report.js";
import { renderDirectAwardRecord } from "./direct-award-record.js";
import { renderSpecification } from "./specification.js";
import { renderSummary } from "./summary.js";

export interface DocumentRenderer {
  specification(input: SpecificationDocumentInput, options: RenderOptions): Promise<Uint8Array>;
  changes(input: ChangesDocumentInput): Promise<Uint8Array>;
  /** The plain-language summary; largePrint: the same text at 18pt. */
  summary(input: SpecificationDocumentInput, options?: { largePrint?: boolean }): Promise<Uint8Array>;
  complianceReport(input: ComplianceReportInput): Promise<Uint8Array>;
  /** The council's statement of commitments: the commissioning clauses, apart from the provider's document. */
  commitments(input: SpecificationDocumentInput): Promise<Uint8Array>;
  /** A confirmed performance assessment, for the contract review meeting. */
  assessment(input: AssessmentDocumentInput): Promise<Uint8Array>;
  /** A Provider Selection Regime contract's performance record for a direct award decision. */
  directAwardRecord(input: DirectAwardRecord): Promise<Uint8Array>;
  /** Releases whatever the renderer holds (worker threads); the in-process renderer holds nothing. */
  close?(): Promise<void>;
}

export const inProcessRenderer: DocumentRenderer = {
  specification: renderSpecification,
  changes: renderChanges,
  summary: renderSummary,
  complianceReport: renderComplianceReport,
  commitments: renderCommitments,
  assessment: renderAssessment,
  directAwardRecord: renderDirectAwardRecord,
};
