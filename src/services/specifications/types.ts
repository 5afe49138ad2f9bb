// Shapes stored with a specification.
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
}
