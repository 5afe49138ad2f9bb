// Reading clauses: the shared library plus the caller's organisation's own clauses, never another's.
import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { clauses, clauseVersions } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { DEFAULT_VERIFICATION } from "../../model/clause-schema.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../context.js";
import { scopeFilter } from "../scope.js";

export type ClauseVersionRow = typeof clauseVersions.$inferSelect;
export type ClauseRow = typeof clauses.$inferSelect;

/** Clauses the actor may see: the library, and their own organisation's (commissioning staff only). */
function visibleClauses(actor: Actor): SQL {
  return scopeFilter(actor, "clause", { organisationId: clauses.organisationId });
}

export function clauseView(clause: ClauseRow, v: ClauseVersionRow) {
  return {
    key: clause.key,
    version: v.version,
    status: v.status,
    owner: clause.organisationId ? ("organisation" as const) : ("library" as const),
    ...v.content,
    verification: v.content.verification ?? DEFAULT_VERIFICATION,
    publishedAt: v.publishedAt?.toISOString() ?? null,
  };
}

export interface ClauseFilter {
  category?: string;
  level?: string;
  frequency?: string;
  q?: string;
}

/** The latest published version of each visible clause (an organisation's unpublished clauses show their draft). */
export async function listClauses({ ctx, input: f }: { ctx: ServiceCtx; input: ClauseFilter }) {
  const { db, actor } = ctx;
  const latest = db
    .selectDistinctOn([clauseVersions.clauseId], { id: clauseVersions.id })
    .from(clauseVersions)
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(visibleClauses(actor))
    // Published first, then the highest version: a newer draft does not hide the published text.
    .orderBy(
      clauseVersions.clauseId,
      sql`${clauseVersions.status} = 'published' desc`,
      desc(clauseVersions.version),
    );
  const conds: SQL[] = [inArray(clauseVersions.id, latest)];
  if (f.category) conds.push(eq(clauseVersions.category, f.category));
  if (f.level) conds.push(eq(clauseVersions.level, f.level));
  if (f.frequency) conds.push(eq(clauseVersions.frequency, f.frequency));
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conds.push(
      or(
        ilike(clauseVersions.title, like),
        ilike(sql`${clauseVersions.content}->>'requirement'`, like),
        ilike(sql`${clauseVersions.content}->'evidence'->>'documents'`, like),
        ilike(sql`${clauseVersions.content}->'evidence'->>'reviewerChecks'`, like),
        ilike(clauses.key, like),
      )!,
    );
  }
  const rows = await db
    .select({ clause: clauses, version: clauseVersions })
    .from(clauseVersions)
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(and(...conds))
    .orderBy(asc(clauses.key));
  return rows.map((r) => clauseView(r.clause, r.version));
}

export async function findClause(db: DbOrTx, actor: Actor, key: string): Promise<ClauseRow> {
  const rows = await db
    .select()
    .from(clauses)
    .where(and(eq(clauses.key, key), visibleClauses(actor)));
  // An organisation's clause shadows nothing: keys of the library are refused for custom clauses.
  const row = rows.find((r) => r.organisationId) ?? rows[0];
  if (!row) throw notFound("clause");
  return row;
}

export async function clauseVersionsOf(db: DbOrTx, clauseId: string) {
  return db
    .select()
    .from(clauseVersions)
    .where(eq(clauseVersions.clauseId, clauseId))
    .orderBy(asc(clauseVersions.version));
}

export async function getClause({ ctx, input }: { ctx: ServiceCtx; input: { key: string } }) {
  const { db } = ctx;
  const clause = await findClause(db, ctx.actor, input.key);
  const versions = await clauseVersionsOf(db, clause.id);
  const current =
    [...versions].reverse().find((v) => v.status === "published") ?? versions[versions.length - 1]!;
  return {
    ...clauseView(clause, current),
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      publishedAt: v.publishedAt?.toISOString() ?? null,
    })),
  };
}

export async function getClauseVersion({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { key: string; version: number };
}) {
  const clause = await findClause(ctx.db, ctx.actor, input.key);
  const [v] = await ctx.db
    .select()
    .from(clauseVersions)
    .where(and(eq(clauseVersions.clauseId, clause.id), eq(clauseVersions.version, input.version)));
  if (!v) throw notFound("clause version");
  return { clause, version: v };
}
