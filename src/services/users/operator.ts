// The operator flag: granted on the server (`npm run operator:grant -- email`) and to the first user at
// start-up, never through the API, so no web session or token can make anyone an operator.
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { withTransaction } from "../../db/client.js";
import { users } from "../../db/schema/index.js";
import { recordAudit } from "../audit/record.js";

/** Makes the user with this email address an operator; null when there is no such user. */
export async function grantOperator(db: DbOrTx, email: string) {
  return withTransaction(db, async (tx) => {
    const [before] = await tx
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
      .for("update");
    if (!before) return null;
    if (before.operator) return before;
    const [after] = await tx.update(users).set({ operator: true }).where(eq(users.id, before.id)).returning();
    await recordAudit(
      tx,
      { actor: null },
      {
        action: "user.grant_operator",
        entityType: "user",
        entityId: before.id,
        organisationId: before.organisationId,
        before: { operator: false },
        after: { operator: true },
      },
    );
    return after!;
  });
}
