// The documents whose bytes the identity test pins: one of each kind, from the shared fixtures.
import {
  renderChanges,
  renderComplianceReport,
  renderSpecification,
  renderSummary,
} from "../../src/documents/index.js";
import type { ChangesDocumentInput } from "../../src/model/document-input.js";
import { makeClauses, makeComplianceReport, makeSpecification } from "./fixtures.js";

function revision(): ChangesDocumentInput {
  const current = makeSpecification(14);
  const old = makeClauses(14).filter((c) => c.key !== "FAM-01");
  old[0] = { ...old[0]!, requirement: old[0]!.requirement.replace("every decision", "the main decisions") };
  const previous = makeSpecification(0, { version: 2, clauses: old });
  return { previous, current, author: "Priya Shah", date: "2026-03-15T10:30:00Z" };
}

export const IDENTITY_DOCUMENTS: Record<string, () => Promise<Uint8Array>> = {
  "issued specification": () => renderSpecification(makeSpecification(14), { pageNumbers: false }),
  "draft specification": () =>
    renderSpecification(makeSpecification(6, { status: "draft", date: "2026-02-01T09:00:00Z" }), {
      pageNumbers: false,
    }),
  summary: () => renderSummary(makeSpecification(14)),
  changes: () => renderChanges(revision()),
  "compliance report": () => renderComplianceReport(makeComplianceReport()),
};
