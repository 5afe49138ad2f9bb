// Linking user groups to a contract: the commissioner decides which groups' representatives see it.
import { and, asc, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { contractUserGroups, organisations } from "../../db/schema/index.js";
import { conflict, notFound, validation } from "../../lib/errors.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findContract } from "../contracts/queries.js";

export interface LinkedGroup {
  organisationId: string;
  name: string;
  linkedAt: string;
}

export async function listUserGroups({
  ctx,
  input: { contractId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}): Promise<LinkedGroup[]> {
  const { db } = ctx;
  await findContract({ ctx, input: { id: contractId } });
  const rows = await db
    .select({ organisationId: organisations.id, name: organisations.name, at: contractUserGroups.createdAt })
    .from(contractUserGroups)
    .innerJoin(organisations, eq(organisations.id, contractUserGroups.userGroupId))
    .where(eq(contractUserGroups.contractId, contractId))
    .orderBy(asc(organisations.name));
  return rows.map((r) => ({ organisationId: r.organisationId, name: r.name, linkedAt: r.at.toISOString() }));
}

export async function linkUserGroup({
  ctx,
  input: { contractId, organisationId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string; organisationId: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({ ctx: { ...ctx, db: tx }, input: { id: contractId, lock: true } });
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
    if (org?.kind !== "user_group") {
      throw validation([{ path: "organisationId", message: "must be a user group" }]);
    }
    const inserted = await tx
      .insert(contractUserGroups)
      .values({ contractId, userGroupId: org.id, linkedBy: ctx.actor.userId, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw conflict(`${org.name} is already linked to this contract.`);
    await recordAudit(tx, ctx, {
      action: "contract.user_group.link",
      entityType: "contract",
      entityId: contract.id,
      organisationId: contract.organisationId,
      after: { userGroupId: org.id, name: org.name },
    });
    return { organisationId: org.id, name: org.name, linkedAt: ctx.now.toISOString() };
  });
}

export async function unlinkUserGroup({
  ctx,
  input: { contractId, organisationId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string; organisationId: string };
}) {
  await withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({ ctx: { ...ctx, db: tx }, input: { id: contractId, lock: true } });
    const removed = await tx
      .delete(contractUserGroups)
      .where(
        and(
          eq(contractUserGroups.contractId, contractId),
          eq(contractUserGroups.userGroupId, organisationId),
        ),
      )
      .returning();
    if (removed.length === 0) throw notFound("linked user group");
    await recordAudit(tx, ctx, {
      action: "contract.user_group.unlink",
      entityType: "contract",
      entityId: contract.id,
      organisationId: contract.organisationId,
      before: { userGroupId: organisationId },
    });
  });
}
