// Registering an organisation that is not on WithUs yet, with its first user invited: a commissioner
// letting a contract to a provider (its first user becomes the provider's administrator), or involving a
// group of people who use the service (its first user is the group's representative). One mechanism for
// both kinds. Organisations are shared: a provider that is already on WithUs is chosen, never registered
// twice (NameTaken names it). Registering one gives the council no sight of its users or its contracts
// with other councils: those follow the access policy's tenant rules as for any organisation.
import { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { AppError, forbidden } from "../../lib/errors.js";
import { nameText } from "../../lib/text.js";
import { can, REGISTRABLE, type RegistrableKind } from "../../model/access-policy.js";
import { ROLES, type Role } from "../../model/identity.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { parseInput } from "../input.js";
import { inviteUser, newEmail } from "../users/invitations.js";
import { askAboutNearNames, insertOrganisation, NameTaken, organisationName } from "./organisations.js";

export interface RegistrationInput {
  name: string;
  kind: RegistrableKind;
  /** The caller has seen the organisations with a name close to this one and says it is none of them. */
  confirmNotDuplicate?: boolean;
  firstUser: {
    email: string;
    name: string;
    /** The role the first user is invited with; REGISTRABLE's for the kind when not given. */
    role?: Role;
  };
}

/**
 * An organisation to register and whom to invite first: the one statement of the rule, read by
 * registerOrganisation and used by POST /api/organisations/register to describe its body.
 */
export const registrationInput = z
  .object({
    name: organisationName,
    kind: z.enum(["provider", "user_group"]),
    confirmNotDuplicate: z
      .boolean()
      .optional()
      .describe(
        "A name close to an organisation you can see (the same but for punctuation, accents, Ltd, CIC and the like, or a plural s) is answered 409 naming it; send true to create this one all the same",
      ),
    firstUser: z
      .object({
        name: nameText(TEXT_LIMITS.userName),
        email: newEmail,
        role: z.enum(ROLES).optional(),
      })
      .strict(),
  })
  .strict() satisfies z.ZodType<RegistrationInput>;

/** What is said at the first user's address when it belongs to someone already on WithUs. */
export const ADDRESS_TAKEN = "belongs to someone already on WithUs";

/** An organisation of that kind and name is already on WithUs: choose it rather than register it. */
export class AlreadyOnWithUs extends AppError {
  constructor(readonly existing: { id: string; name: string; kind: string }) {
    super(
      "conflict",
      `${existing.name} is already on WithUs: choose it (organisation ${existing.id}) rather than registering it again.`,
      [{ path: "name", message: `${existing.name} is already on WithUs` }],
    );
  }
}

/** Registers the organisation and invites its first user, in one transaction; both are audited. */
export async function registerOrganisation({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  /** As sent: judged here against registrationInput. */
  input: Record<string, unknown>;
}) {
  if (!can(ctx.actor, "organisation.register")) throw forbidden();
  const input: RegistrationInput = parseInput(
    registrationInput,
    given,
    "The registration has values that are not valid.",
  );
  const role = input.firstUser.role ?? REGISTRABLE[input.kind];
  return withTransaction(ctx.db, async (tx) => {
    let organisation: Awaited<ReturnType<typeof insertOrganisation>>;
    await askAboutNearNames(tx, ctx.actor, input);
    try {
      organisation = await insertOrganisation(tx, { name: input.name, kind: input.kind, createdAt: ctx.now });
    } catch (e) {
      if (e instanceof NameTaken && e.existing.kind === input.kind) throw new AlreadyOnWithUs(e.existing);
      throw e;
    }
    let firstUser: Awaited<ReturnType<typeof inviteUser>>;
    try {
      firstUser = await inviteUser(
        { ...ctx, db: tx },
        ctx.secret,
        { email: input.firstUser.email, name: input.firstUser.name, role, organisationId: organisation.id },
        // The caller may add to this organisation because they have just registered it.
        { authorised: true },
      );
    } catch (e) {
      // The person's address is taken (they are on WithUs with another organisation), or the role does not fit.
      if (e instanceof AppError && e.code === "conflict")
        throw new AppError("conflict", e.message, [{ path: "firstUser/email", message: ADDRESS_TAKEN }]);
      if (e instanceof AppError && e.errors)
        throw new AppError(
          e.code,
          e.message,
          e.errors.map((x) => ({ ...x, path: `firstUser/${x.path}` })),
        );
      throw e;
    }
    // In the registering organisation's log: who brought which organisation onto WithUs, and whom they invited.
    await recordAudit(tx, ctx, {
      action: "organisation.register",
      entityType: "organisation",
      entityId: organisation.id,
      after: {
        organisation,
        firstUser: { id: firstUser.id, email: firstUser.email, name: firstUser.name, role: firstUser.role },
      },
    });
    return { organisation, firstUser };
  });
}
