// Organisations: commissioning bodies, providers and user groups. The operator creates, renames and sees them all;
// everyone else sees their own, and commissioning staff may list providers to let contracts to them.
import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, type Tx, withTransaction } from "../../db/client.js";
import { ORGANISATION_KINDS, type OrganisationKind, organisations } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { AppError, notFound } from "../../lib/errors.js";
import { checkText, longText, nameText, shortText } from "../../lib/text.js";
import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import { INPUT_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { organisationNameKey, organisationNearKey } from "../../model/organisation-name.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { parseInput } from "../input.js";
import { scopeFilter } from "../scope.js";

/** Organisations the actor may see by the tenant rule: their own, or all for the operator. */
export const organisationScope = (actor: Actor) =>
  scopeFilter(actor, "organisation", { organisationId: organisations.id });

type Organisation = typeof organisations.$inferSelect;

/** The organisation whose name looks the same as this one (see organisationNameKey), if there is one. */
async function organisationLookingLike(db: DbOrTx, name: string, exceptId?: string) {
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
 * The organisations the actor may see: their own (all for the operator), and for commissioning staff the
 * providers and groups they choose from. The same rule listOrganisations applies.
 */
const visibleTo = (actor: Actor) =>
  can(actor, "provider.list")
    ? or(organisationScope(actor), inArray(organisations.kind, ["provider", "user_group"]))
    : organisationScope(actor);

/**
 * Organisations the actor can already see whose name is close to this one (see organisationNearKey):
 * what "did you mean" offers before a new organisation is created. Never one they cannot see, so the
 * question tells nobody what else is on WithUs. Organisations number in the hundreds and are created
 * rarely, so the near keys are worked out here rather than stored.
 */
async function nearOrganisations(db: DbOrTx, actor: Actor, name: string) {
  const key = organisationNearKey(name);
  // One that looks the same is NameTaken's to answer, even when it was added after askAboutNearNames
  // looked for one (a request for the same name a moment earlier).
  const rows = await db
    .select()
    .from(organisations)
    .where(and(visibleTo(actor), ne(organisations.nameKey, organisationNameKey(name))))
    .orderBy(asc(organisations.name));
  return rows.filter((r) => organisationNearKey(r.name) === key);
}

/** A name close to one or more organisations already there: 409 at "name", asking whether it is one of them. */
export class NearMatch extends AppError {
  constructor(readonly matches: Organisation[]) {
    const named = matches.map((m) => `${m.name} (organisation ${m.id})`).join(", ");
    super(
      "conflict",
      `${named} ${matches.length === 1 ? "is" : "are"} already on WithUs under a name close to this one. Choose ${matches.length === 1 ? "it" : "one of them"}, or confirm that this is a different organisation.`,
      [
        {
          path: "name",
          message: `is close to ${named}, already on WithUs: did you mean ${matches.length === 1 ? "it" : "one of them"}? If not, send confirmNotDuplicate: true`,
        },
      ],
    );
  }
}

/**
 * Before a new organisation is created: unless the caller confirmed it is a different one, a name close
 * to an organisation they can see is a NearMatch. A name that looks the same is left to NameTaken.
 */
export async function askAboutNearNames(
  db: DbOrTx,
  actor: Actor,
  input: { name: string; confirmNotDuplicate?: boolean },
) {
  if (input.confirmNotDuplicate) return;
  if (await organisationLookingLike(db, input.name)) return;
  const near = await nearOrganisations(db, actor, input.name);
  if (near.length) throw new NearMatch(near);
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

/** An organisation's name: the one rule (model/limits.ts), read by every service that names one. */
export const organisationName = nameText(TEXT_LIMITS.organisationName);

/**
 * A new organisation: the one statement of the rule, read by createOrganisation and used by POST
 * /api/organisations to describe its body.
 */
export const newOrganisationInput = z
  .object({
    name: organisationName,
    kind: z.enum(ORGANISATION_KINDS),
    confirmNotDuplicate: z
      .boolean()
      .optional()
      .describe(
        "A name close to an organisation you can see (the same but for punctuation, accents, Ltd, CIC and the like, or a plural s) is answered 409 naming it; send true to create this one all the same",
      ),
  })
  .strict();

/** A new name for an organisation: read by renameOrganisation and PATCH /api/organisations/:id. */
export const renameInput = z.object({ name: organisationName }).strict();

export async function createOrganisation({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx;
  /** Judged here against newOrganisationInput, every field at once. */
  input: z.input<typeof newOrganisationInput>;
}) {
  const input = parseInput(newOrganisationInput, given, "The organisation has values that are not valid.");
  return withTransaction(ctx.db, async (tx) => {
    await askAboutNearNames(tx, ctx.actor, input);
    const row = await insertOrganisation(tx, { name: input.name, kind: input.kind });
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

export async function renameOrganisation({
  ctx,
  input: { id, ...given },
}: {
  ctx: ServiceCtx;
  /** The name as given: judged here against renameInput. */
  input: { id: string } & z.input<typeof renameInput>;
}) {
  const { name } = parseInput(renameInput, given, "The name is not valid.");
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

export async function listOrganisations({
  ctx,
  input: { kind } = {},
}: {
  ctx: ServiceCtx;
  input?: { kind?: OrganisationKind };
}) {
  const q = ctx.db.select().from(organisations).orderBy(asc(organisations.name)).$dynamic();
  // Commissioners choose a provider when letting a contract, and user groups to link to it.
  if ((kind === "provider" || kind === "user_group") && can(ctx.actor, "provider.list"))
    return q.where(eq(organisations.kind, kind));
  return q.where(and(organisationScope(ctx.actor), kind ? eq(organisations.kind, kind) : undefined));
}

export async function getOrganisation({ ctx, input: { id } }: { ctx: ServiceCtx; input: { id: string } }) {
  const [row] = await ctx.db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), organisationScope(ctx.actor)));
  if (!row) throw notFound("organisation");
  return row;
}

/**
 * An organisation's details as a notice names it: the one statement of their limits, read by
 * setOrganisationDetails and used by PUT /api/organisations/:id/details to describe its body. Null or an
 * empty string clears a field; a field left out is kept.
 */
export const organisationDetailsInput = z
  .object({
    postalAddress: longText(TEXT_LIMITS.postalAddress).nullable().optional(),
    email: z
      .string()
      .trim()
      .max(INPUT_LIMITS.contactEmailLength, `must be at most ${INPUT_LIMITS.contactEmailLength} characters`)
      .superRefine(checkText("short"))
      .refine(
        (v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
        "enter an email address like name@example.org",
      )
      .nullable()
      .optional(),
    identifier: shortText(TEXT_LIMITS.organisationIdentifier).nullable().optional(),
  })
  .strict();

/** PUT /api/organisations/:id/details: what a contract performance notice names the organisation by. */
export async function setOrganisationDetails({
  ctx,
  input: { organisationId, ...given },
}: {
  ctx: ServiceCtx;
  /** The fields as sent: judged here against organisationDetailsInput. */
  input: { organisationId: string } & Record<string, unknown>;
}) {
  const input = parseInput(organisationDetailsInput, given);
  return withTransaction(ctx.db, async (tx) => {
    const [before] = await tx
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, organisationId), organisationScope(ctx.actor)))
      .for("update");
    if (!before) throw notFound("organisation");
    const tidy = (given: string | null | undefined, was: string | null) =>
      given === undefined ? was : given || null;
    const email = tidy(input.email, before.email);
    const postalAddress = tidy(input.postalAddress, before.postalAddress);
    const identifier = tidy(input.identifier, before.identifier);
    const [after] = await tx
      .update(organisations)
      .set({
        postalAddress,
        email,
        identifier,
      })
      .where(eq(organisations.id, before.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "organisation.details",
      entityType: "organisation",
      entityId: before.id,
      organisationId: before.id,
      before: { postalAddress: before.postalAddress, email: before.email, identifier: before.identifier },
      after: { postalAddress: after!.postalAddress, email: after!.email, identifier: after!.identifier },
    });
    return after!;
  });
}
