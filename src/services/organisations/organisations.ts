// Organisations: commissioning bodies, providers and user groups. The operator creates, renames and sees them all;
// everyone else sees their own, and commissioning staff may list providers to let contracts to them.
import { and, asc, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { type OrganisationKind, organisations } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { scopeFilter } from "../scope.js";

/** Organisations the actor may see by the tenant rule: their own, or all for the operator. */
export const organisationScope = (actor: Actor) =>
  scopeFilter(actor, "organisation", { organisationId: organisations.id });

export async function createOrganisation({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { name: string; kind: OrganisationKind };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx.insert(organisations).values(input).returning();
    await recordAudit(tx, ctx, {
      action: "organisation.create",
      entityType: "organisation",
      entityId: row!.id,
      organisationId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function renameOrganisation({ ctx, id, name }: { ctx: ServiceCtx; id: string; name: string }) {
  return withTransaction(ctx.db, async (tx) => {
    const [before] = await tx
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, id), organisationScope(ctx.actor)))
      .for("update");
    if (!before) throw notFound("organisation");
    const [after] = await tx.update(organisations).set({ name }).where(eq(organisations.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: "organisation.rename",
      entityType: "organisation",
      entityId: id,
      organisationId: id,
      before,
      after,
    });
    return after!;
  });
}

export async function listOrganisations({ ctx, kind }: { ctx: ServiceCtx; kind?: OrganisationKind }) {
  const q = ctx.db.select().from(organisations).orderBy(asc(organisations.name)).$dynamic();
  // Commissioners choose a provider when letting a contract, and user groups to link to it.
  if ((kind === "provider" || kind === "user_group") && can(ctx.actor, "provider.list"))
    return q.where(eq(organisations.kind, kind));
  return q.where(and(organisationScope(ctx.actor), kind ? eq(organisations.kind, kind) : undefined));
}

export async function getOrganisation({ ctx, id }: { ctx: ServiceCtx; id: string }) {
  const [row] = await ctx.db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), organisationScope(ctx.actor)));
  if (!row) throw notFound("organisation");
  return row;
}
