// Which of the caller's specifications use which version of a clause: what a revision would affect.
import { and, asc, eq } from "drizzle-orm";
import { clauseVersions, specificationClauses, specifications } from "../../db/schema/index.js";
import type { ServiceCtx } from "../context.js";
import { clauseVersionsOf, findClause } from "./queries.js";

export async function clauseUsage({ ctx, input }: { ctx: ServiceCtx; input: { key: string } }) {
  const { db, actor } = ctx;
  const { key } = input;
  const clause = await findClause(db, actor, key);
  const rows = await db
    .select({
      specificationId: specifications.id,
      title: specifications.title,
      specificationVersion: specifications.version,
      status: specifications.status,
      clauseVersion: clauseVersions.version,
    })
    .from(specificationClauses)
    .innerJoin(clauseVersions, eq(clauseVersions.id, specificationClauses.clauseVersionId))
    .innerJoin(specifications, eq(specifications.id, specificationClauses.specificationId))
    .where(
      and(eq(clauseVersions.clauseId, clause.id), eq(specifications.organisationId, actor.organisationId)),
    )
    .orderBy(asc(specifications.title), asc(specifications.version));
  // A newer published version supersedes the one a specification chose; the specification keeps its own
  // until the commissioner moves it on in a revision.
  const versions = await clauseVersionsOf(db, clause.id);
  const latest = Math.max(0, ...versions.filter((v) => v.status === "published").map((v) => v.version));
  return {
    key,
    latestVersion: latest || null,
    usage: rows.map((r) => ({ ...r, superseded: latest > r.clauseVersion })),
  };
}
