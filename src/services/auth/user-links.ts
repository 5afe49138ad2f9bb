// Single-use links sent by email (invitations, password resets): a random token in the link, only its
// keyed hash stored; a new link of a kind replaces the user's earlier unused ones; using one is atomic.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type UserLinkKind, userLinks, users } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import type { PublicCtx, ServiceDeps } from "../context.js";

const LINK_LIFETIME_MS: Record<UserLinkKind, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};
const LINK_PATH: Record<UserLinkKind, string> = {
  invitation: "/invitations/",
  password_reset: "/reset-password/",
};

/** A new link for the user; their earlier unused links of this kind stop working. Returns its path. */
export async function issueLink(tx: DbOrTx, secret: string, userId: string, kind: UserLinkKind, now: Date) {
  await cancelLinks(tx, userId, kind);
  const token = randomToken(32);
  await tx.insert(userLinks).values({
    userId,
    kind,
    tokenHash: await keyedHash(secret, token),
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[kind]),
    createdAt: now,
  });
  return `${LINK_PATH[kind]}${token}`;
}

export async function cancelLinks(tx: DbOrTx, userId: string, kind: UserLinkKind) {
  const rows = await tx
    .delete(userLinks)
    .where(and(eq(userLinks.userId, userId), eq(userLinks.kind, kind), isNull(userLinks.usedAt)))
    .returning({ id: userLinks.id });
  return rows.length;
}

const live = async (secret: string, token: string, kind: UserLinkKind, now: Date) =>
  and(
    eq(userLinks.tokenHash, await keyedHash(secret, token)),
    eq(userLinks.kind, kind),
    isNull(userLinks.usedAt),
    gt(userLinks.expiresAt, now),
  );

/** The user a live link belongs to (for showing its page), without using it up. */
export async function userOfLink({
  ctx: { db, secret, now },
  input: { token, kind },
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "secret">;
  input: { token: string; kind: UserLinkKind };
}) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ user: users })
    .from(userLinks)
    .innerJoin(users, eq(users.id, userLinks.userId))
    .where(await live(secret, token, kind, now));
  return row?.user ?? null;
}

/** Uses the link up; the user id, or null when it was not live (two requests cannot both use it). */
export async function useLink(tx: DbOrTx, secret: string, token: string, kind: UserLinkKind, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await tx
    .update(userLinks)
    .set({ usedAt: now })
    .where(await live(secret, token, kind, now))
    .returning({ userId: userLinks.userId });
  return row?.userId ?? null;
}
