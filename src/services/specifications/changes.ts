// What a revision changes, clause by clause, against the version it revises.
import { eq } from "drizzle-orm";
import { specifications } from "../../db/schema/index.js";
import type { RenderedClause } from "../../model/clause-schema.js";
import type { ServiceCtx } from "../context.js";
import { findSpecification, renderedClausesOf } from "./queries.js";

const FIELDS = [
  ["title", (c: RenderedClause) => c.title],
  ["requirement", (c: RenderedClause) => c.requirement],
  ["evidence", (c: RenderedClause) => c.evidence.documents],
  ["reviewerChecks", (c: RenderedClause) => c.evidence.reviewerChecks],
  ["frequency", (c: RenderedClause) => c.frequency],
  ["threshold", (c: RenderedClause) => c.threshold?.description ?? ""],
  ["level", (c: RenderedClause) => c.level],
] as const;

export type ClauseChange = {
  key: string;
  title: string;
  change: "added" | "removed" | "changed" | "unchanged";
  fromVersion: number | null;
  toVersion: number | null;
  fields: Array<{ field: string; before: string; after: string }>;
};

function compareClauses(before: RenderedClause[], after: RenderedClause[]): ClauseChange[] {
  const old = new Map(before.map((c) => [c.key, c]));
  const out: ClauseChange[] = [];
  for (const c of after) {
    const p = old.get(c.key);
    if (!p) {
      out.push({
        key: c.key,
        title: c.title,
        change: "added",
        fromVersion: null,
        toVersion: c.version,
        fields: [],
      });
      continue;
    }
    old.delete(c.key);
    const fields = FIELDS.flatMap(([field, get]) =>
      get(p) === get(c) ? [] : [{ field, before: String(get(p)), after: String(get(c)) }],
    );
    out.push({
      key: c.key,
      title: c.title,
      change: fields.length || p.version !== c.version ? "changed" : "unchanged",
      fromVersion: p.version,
      toVersion: c.version,
      fields,
    });
  }
  for (const p of old.values()) {
    out.push({
      key: p.key,
      title: p.title,
      change: "removed",
      fromVersion: p.version,
      toVersion: null,
      fields: [],
    });
  }
  return out;
}

export async function specificationChanges({
  ctx,
  input: { id },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string };
}) {
  const { db } = ctx;
  const spec = await findSpecification({ ctx, input: { id } });
  const current = await renderedClausesOf({ ctx, input: spec });
  if (!spec.revisesId) {
    return { specificationId: id, revisesId: null, changes: compareClauses([], current) };
  }
  // Same lineage, same organisation: visible whenever this version is.
  const [previous] = await db.select().from(specifications).where(eq(specifications.id, spec.revisesId));
  const before = previous ? await renderedClausesOf({ ctx, input: previous }) : [];
  return { specificationId: id, revisesId: spec.revisesId, changes: compareClauses(before, current) };
}
