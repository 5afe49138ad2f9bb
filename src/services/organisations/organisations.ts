// Organisations: commissioning bodies, providers and user groups. The operator creates, renames and sees them all;
// everyone else sees their own, and commissioning staff may list providers to let contracts to them.
import { and, asc, eq, ne } from "drizzle-orm";
import { type DbOrTx, type Tx, withTransaction } from "../../db/client.js";
import { type OrganisationKind, organisations } from "../../db/schema/index.js";
import { AppError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import { organisationNameKey } from "../../model/organisation-name.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { scopeFilter } from "../scope.js";

/** Organisations the actor may see by the tenant rule: their own, or all for the operator. */
export const organisationScope = (actor: Actor) =>
  scopeFilter(actor, "organisation", { organisationId: organisations.id });

type Organisation = typeof organisations.$inferSelect;

/** The organisation whose name looks the same as this one (see organisationNameKey), if there is one. */
export async function organisationLookingLike(db: DbOrTx, name: string, exceptId?: string) {
  const [row] = await db
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.nameKey, organisationNameKey(name)),
        exceptId ? ne(organisations.id, exceptId) : undefined,
      ),
    );
  return row;
}

/** The refusal of a name that looks like an existing organisation's: 409, on the field "name", naming it. */
export class NameTaken extends AppError {
  constructor(readonly existing: Organisation) {
    super("conflict", `${existing.name} is already on WithUs, and two organisations cannot look the same.`, [
      {
        path: "name",
        message: `looks the same as ${existing.name}, which is already on WithUs`,
      },
    ]);
  }
}

/**
 * Writes a name (a new organisation, or a new name for one) in a savepoint, so that when the unique index
 * refuses it (someone else took the name a moment ago) the transaction can still look up whose it is.
 */
async function writeName<T>(
  tx: Tx,
  name: string,
  exceptId: string | undefined,
  write: (sp: Tx) => Promise<T>,
) {
  const taken = await organisationLookingLike(tx, name, exceptId);
  if (taken) throw new NameTaken(taken);
  try {
    return await tx.transaction((sp) => write(sp));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const winner = await organisationLookingLike(tx, name, exceptId);
    if (winner) throw new NameTaken(winner);
    throw e;
  }
}

/**
 * Adds an organisation, unaudited (the caller records why); a name that looks like another organisation's
 * is refused with NameTaken. Inside the caller's transaction when given one.
 */
export async function insertOrganisation(
  db: DbOrTx,
  values: { name: string; kind: OrganisationKind; createdAt?: Date },
): Promise<Organisation> {
  return withTransaction(db, (tx) =>
    writeName(tx, values.name, undefined, async (sp) => {
      const [row] = await sp
        .insert(organisations)
        .values({ ...values, nameKey: organisationNameKey(values.name) })
        .returning();
      return row!;
    }),
  );
}

export async function createOrganisation({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { name: string; kind: OrganisationKind };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const row = await insertOrganisation(tx, input);
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
    const after = await writeName(tx, name, id, async (sp) => {
      const [row] = await sp
        .update(organisations)
        .set({ name, nameKey: organisationNameKey(name) })
        .where(eq(organisations.id, id))
        .returning();
      return row!;
    });
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
