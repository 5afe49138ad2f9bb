// Sign-ins under way: after the password and before the second factor, or between sending someone to
// their identity provider and their return. Found by the keyed hash of a short-lived cookie; used once.
import { and, eq, gt } from "drizzle-orm";
import { type SIGN_IN_FLOW_KINDS, signInFlows } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import type { PublicCtx, ServiceDeps } from "../context.js";

export const SIGN_IN_FLOW_COOKIE = "withus_sign_in";
const SIGN_IN_FLOW_TTL_MS = 10 * 60 * 1000;
export type SignInFlowKind = (typeof SIGN_IN_FLOW_KINDS)[number];

/** The database, the clock and the app's key: flows are found by the keyed hash of their cookie. */
type FlowCtx = Pick<PublicCtx, "db" | "now"> & Pick<ServiceDeps, "secret">;

export async function startFlow({
  ctx: { db, secret, now },
  input: flow,
}: {
  ctx: FlowCtx;
  input: { kind: SignInFlowKind; userId?: string; organisationId?: string; data?: Record<string, string> };
}) {
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
export async function findFlow({
  ctx: { db, secret, now },
  input: { value, kind },
}: {
  ctx: FlowCtx;
  input: { value: string | undefined; kind: SignInFlowKind };
}) {
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
export async function endFlow({
  ctx,
  input: { idHash },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { idHash: string };
}): Promise<boolean> {
  const rows = await ctx.db
    .delete(signInFlows)
    .where(eq(signInFlows.idHash, idHash))
    .returning({ x: signInFlows.idHash });
  return rows.length === 1;
}

export async function recordFlowAttempt({
  ctx,
  input: { idHash, attempts },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { idHash: string; attempts: number };
}) {
  await ctx.db.update(signInFlows).set({ attempts }).where(eq(signInFlows.idHash, idHash));
}
