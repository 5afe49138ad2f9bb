// A commissioning organisation's own clauses: created as a draft, revised as new draft versions,
// published when ready. Published versions never change. Library clauses change only through their files.
import { and, desc, eq, isNull } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { clauses, clauseVersions } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { AppError, conflict } from "../../lib/errors.js";
import { type ClauseContent, clauseContentSchema } from "../../model/clause-schema.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { parseInput } from "../input.js";
import { clauseView, findClause } from "./queries.js";
import { contentHash } from "./sync-library.js";

const denormalised = (c: ClauseContent) => ({
  content: c,
  title: c.title,
  category: c.category,
  level: c.level,
  frequency: c.frequency,
});

export async function createClause({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { key: string; content: ClauseContent };
}) {
  // The clause schema (model/clause-schema.ts, its title's length from model/limits.ts) judges the
  // content whoever calls; the API describes its body with the same schema.
  input = { key: input.key, content: parseInput(clauseContentSchema, input.content) };
  return withTransaction(ctx.db, async (tx) => {
    const [library] = await tx
      .select({ id: clauses.id })
      .from(clauses)
      .where(and(eq(clauses.key, input.key), isNull(clauses.organisationId)));
    if (library)
      throw conflict(`${input.key} is a library clause key; choose another key for your own clause.`);
    let clause: typeof clauses.$inferSelect;
    try {
      [clause] = (await tx
        .insert(clauses)
        .values({ key: input.key, organisationId: ctx.actor.organisationId })
        .returning()) as [typeof clauses.$inferSelect];
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`Your organisation already has a clause ${input.key}.`);
      throw e;
    }
    const [v] = await tx
      .insert(clauseVersions)
      .values({
        clauseId: clause.id,
        version: 1,
        status: "draft",
        ...denormalised(input.content),
        contentHash: await contentHash(input.content),
        createdBy: ctx.actor.userId,
      })
      .returning();
    const view = clauseView(clause, v!);
    await recordAudit(tx, ctx, {
      action: "clause.create",
      entityType: "clause",
      entityId: input.key,
      after: view,
    });
    return view;
  });
}

async function ownClause(ctx: ServiceCtx, key: string) {
  const clause = await findClause(ctx.db, ctx.actor, key);
  if (!clause.organisationId) {
    throw new AppError("forbidden", "Library clauses change through the reviewed clause files, not the API.");
  }
  return clause;
}

export async function addClauseVersion({
  ctx,
  input: { key, content: given },
}: {
  ctx: ServiceCtx;
  input: { key: string; content: ClauseContent };
}) {
  const content = parseInput(clauseContentSchema, given);
  return withTransaction(ctx.db, async (tx) => {
    const clause = await ownClause({ ...ctx, db: tx }, key);
    const [latest] = await tx
      .select({ version: clauseVersions.version })
      .from(clauseVersions)
      .where(eq(clauseVersions.clauseId, clause.id))
      .orderBy(desc(clauseVersions.version))
      .limit(1)
      .for("update");
    try {
      const [v] = await tx
        .insert(clauseVersions)
        .values({
          clauseId: clause.id,
          version: (latest?.version ?? 0) + 1,
          status: "draft",
          ...denormalised(content),
          contentHash: await contentHash(content),
          createdBy: ctx.actor.userId,
        })
        .returning();
      const view = clauseView(clause, v!);
      await recordAudit(tx, ctx, {
        action: "clause.version.create",
        entityType: "clause",
        entityId: key,
        after: view,
      });
      return view;
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict("Someone else added a version at the same time; reload and try again.");
      throw e;
    }
  });
}

export async function publishClauseVersion({
  ctx,
  input: { key, version },
}: {
  ctx: ServiceCtx;
  input: { key: string; version: number };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const clause = await ownClause({ ...ctx, db: tx }, key);
    const [v] = await tx
      .select()
      .from(clauseVersions)
      .where(and(eq(clauseVersions.clauseId, clause.id), eq(clauseVersions.version, version)))
      .for("update");
    if (!v) throw new AppError("not_found", "No such clause version.");
    if (v.status === "published")
      throw conflict(`Version ${version} of ${key} is already published and cannot change.`);
    const [after] = await tx
      .update(clauseVersions)
      .set({ status: "published", publishedAt: ctx.now })
      .where(eq(clauseVersions.id, v.id))
      .returning();
    const view = clauseView(clause, after!);
    await recordAudit(tx, ctx, {
      action: "clause.version.publish",
      entityType: "clause",
      entityId: key,
      after: view,
    });
    return view;
  });
}
