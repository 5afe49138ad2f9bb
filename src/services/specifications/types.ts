// Shapes stored with a specification.
import type { SpecificationDocumentInput } from "../../documents/types.js";
import type { RenderedClause } from "../clauses/clause-schema.js";

export interface SpecificationSections {
  introduction?: string;
  populationNeed?: string;
  outcomes?: string;
  scope?: string;
}

/** Frozen at issue: every clause as rendered then, so later library changes cannot alter it. */
export interface IssuedSnapshot {
  clauses: Array<RenderedClause & { parameterValues: Record<string, unknown> }>;
  /** Everything the documents were built from, so they can be rebuilt byte for byte. */
  document: SpecificationDocumentInput;
}
