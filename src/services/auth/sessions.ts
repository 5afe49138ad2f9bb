// Sessions (browser cookie) and personal API tokens (Authorization: Bearer), and resolving either to an Actor.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.js";
import { apiTokens, organisations, type SessionMethod, sessions, users } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import type { Actor } from "../../model/identity.js";
import type { PublicCtx, ServiceDeps } from "../context.js";

export const SESSION_COOKIE = "withus_session";
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const TOKEN_PREFIX = "wu_";

/** How a session was made: the sign-in it followed, and whether a second factor was given. */
export interface SessionOrigin {
  method: SessionMethod;
  secondFactor: boolean;
}

export async function createSession(
  db: DbOrTx,
  secret: string,
  userId: string,
  now: Date,
  origin: SessionOrigin,
) {
  const value = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insert(sessions)
    .values({ idHash: await keyedHash(secret, value), userId, csrfToken, expiresAt, ...origin });
  return { value, csrfToken, expiresAt };
}

/** Signing out: the session whose cookie holds this value ends. */
export async function deleteSession({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db"> & Pick<ServiceDeps, "secret">;
  input: { value: string };
}) {
  await ctx.db.delete(sessions).where(eq(sessions.idHash, await keyedHash(ctx.secret, input.value)));
}

const actorColumns = {
  userId: users.id,
  organisationId: users.organisationId,
  organisationKind: organisations.kind,
  organisationName: organisations.name,
  role: users.role,
  operator: users.operator,
  name: users.name,
  email: users.email,
};

/**
 * The two look-ups every signed-in request makes, built once per database client and then only executed:
 * drizzle assembling a query's SQL took about as long as PGlite running it. A client per request, as on
 * Workers, builds them each time. They have no name (""), so PostgreSQL sees the same unnamed statements as
 * before: a named one would outlive its client on a pooled connection (Hyperdrive) and clash with the next.
 */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookups>>();

function prepareLookups(db: Db) {
  const hash = sql.placeholder("hash");
  const now = sql.placeholder("now");
  return {
    session: db
      .select({ ...actorColumns, csrfToken: sessions.csrfToken, sessionIdHash: sessions.idHash })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(and(eq(sessions.idHash, hash), gt(sessions.expiresAt, now), eq(users.active, true)))
      .prepare(""),
    token: db
      .select({ ...actorColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(
        and(
          eq(apiTokens.tokenHash, hash),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
          eq(users.active, true),
        ),
      )
      .prepare(""),
  };
}

function lookupsFor(db: Db) {
  let l = lookups.get(db);
  if (!l) {
    l = prepareLookups(db);
    lookups.set(db, l);
  }
  return l;
}

export async function actorFromSession(
  db: Db,
  secret: string,
  value: string,
  now: Date,
): Promise<Actor | null> {
  const [row] = await lookupsFor(db).session.execute({
    hash: await keyedHash(secret, value),
    now: now.toISOString(),
  });
  return row ? { ...row, via: "session" } : null;
}

export async function actorFromToken(
  db: Db,
  secret: string,
  token: string,
  now: Date,
): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await lookupsFor(db).token.execute({
    hash: await keyedHash(secret, token),
    now: now.toISOString(),
  });
  if (!row) return null;
  // Record use at most once a minute, so busy scripts do not write on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  const { tokenId: _t, lastUsedAt: _l, ...actor } = row;
  return { ...actor, via: "token" };
}
