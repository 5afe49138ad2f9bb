// Sign-ins under way: after the password and before the second factor, or between sending someone to
// their identity provider and their return. Found by the keyed hash of a short-lived cookie; used once.
import { and, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type SIGN_IN_FLOW_KINDS, signInFlows } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";

export const SIGN_IN_FLOW_COOKIE = "withus_sign_in";
const SIGN_IN_FLOW_TTL_MS = 10 * 60 * 1000;
export type SignInFlowKind = (typeof SIGN_IN_FLOW_KINDS)[number];

export async function startFlow(
  db: DbOrTx,
  secret: string,
  now: Date,
  flow: { kind: SignInFlowKind; userId?: string; organisationId?: string; data?: Record<string, string> },
) {
  const value = randomToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_FLOW_TTL_MS);
  await db.insert(signInFlows).values({
    idHash: await keyedHash(secret, value),
    kind: flow.kind,
    userId: flow.userId ?? null,
    organisationId: flow.organisationId ?? null,
    data: flow.data ?? {},
    expiresAt,
  });
  return { value, expiresAt };
}

/** The live flow of this kind for the cookie's value, or null. */
export async function findFlow(
  db: DbOrTx,
  secret: string,
  value: string | undefined,
  kind: SignInFlowKind,
  now: Date,
) {
  if (!value) return null;
  const [row] = await db
    .select()
    .from(signInFlows)
    .where(
      and(
        eq(signInFlows.idHash, await keyedHash(secret, value)),
        eq(signInFlows.kind, kind),
        gt(signInFlows.expiresAt, now),
      ),
    );
  return row ?? null;
}

/** Ends a flow; true when this call ended it (so two requests racing with one flow cannot both use it). */
export async function endFlow(db: DbOrTx, idHash: string): Promise<boolean> {
  const rows = await db
    .delete(signInFlows)
    .where(eq(signInFlows.idHash, idHash))
    .returning({ x: signInFlows.idHash });
  return rows.length === 1;
}

export async function recordFlowAttempt(db: DbOrTx, idHash: string, attempts: number) {
  await db.update(signInFlows).set({ attempts }).where(eq(signInFlows.idHash, idHash));
}
