// Organisations: commissioning bodies and providers. Admins manage them; others see their own.
import { asc, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { type OrganisationKind, organisations } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";

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

export async function listOrganisations({ ctx, kind }: { ctx: ServiceCtx; kind?: OrganisationKind }) {
  const q = ctx.db.select().from(organisations).orderBy(asc(organisations.name)).$dynamic();
  if (ctx.actor.role === "admin") return kind ? q.where(eq(organisations.kind, kind)) : q;
  // Commissioners choose a provider when letting a contract, and user groups to link to it.
  if (ctx.actor.role === "commissioner" && (kind === "provider" || kind === "user_group"))
    return q.where(eq(organisations.kind, kind));
  return q.where(eq(organisations.id, ctx.actor.organisationId));
}

export async function getOrganisation({ ctx, id }: { ctx: ServiceCtx; id: string }) {
  if (ctx.actor.role !== "admin" && id !== ctx.actor.organisationId) throw notFound("organisation");
  const [row] = await ctx.db.select().from(organisations).where(eq(organisations.id, id));
  if (!row) throw notFound("organisation");
  return row;
}
