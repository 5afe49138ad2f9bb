// A private calendar address per user: an iCalendar feed (RFC 5545, written by `ics`) of the due dates
// of the obligations they may see, one all-day event per due date and contract listing its clauses.
// Only a keyed hash of the address's secret is stored; a new address replaces the old one, and a
// revoked (or replaced) one answers 404.

import { and, asc, eq, gte, isNotNull, ne } from "drizzle-orm";
import { createEvents, type EventAttributes } from "ics";
import type { DbOrTx } from "../../db/client.js";
import { calendarFeeds, contracts, obligations, organisations, users } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import { can } from "../../model/access-policy.js";
import { addDays, formatDate, londonDate } from "../../model/dates.js";
import type { Actor } from "../../model/identity.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceCtx, ServiceDeps } from "../context.js";
import { obligationScope } from "../contracts/queries.js";
import { SERVICE_NAME } from "./render.js";

const feedPath = (secret: string) => `/calendar/${secret}.ics`;
/** Due dates this far back stay in the feed, so a calendar keeps the recent past. */
const FEED_HISTORY_DAYS = 365;

export async function createCalendarFeed({
  ctx,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  input?: Record<string, never>;
}) {
  const secret = randomToken(32);
  const secretHash = await keyedHash(ctx.secret, `calendar:${secret}`);
  await ctx.db
    .insert(calendarFeeds)
    .values({ userId: ctx.actor.userId, secretHash, createdAt: ctx.now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { secretHash, createdAt: ctx.now } });
  await recordAudit(ctx.db, ctx, {
    action: "calendar_feed.create",
    entityType: "user",
    entityId: ctx.actor.userId,
  });
  return { path: feedPath(secret) };
}

export async function revokeCalendarFeed({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const gone = await ctx.db
    .delete(calendarFeeds)
    .where(eq(calendarFeeds.userId, ctx.actor.userId))
    .returning({ userId: calendarFeeds.userId });
  if (gone.length) {
    await recordAudit(ctx.db, ctx, {
      action: "calendar_feed.revoke",
      entityType: "user",
      entityId: ctx.actor.userId,
    });
  }
  return { revoked: gone.length > 0 };
}

export async function hasCalendarFeed({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const [row] = await ctx.db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, ctx.actor.userId));
  return row ? { createdAt: row.createdAt } : null;
}

/** The feed's owner, as an actor, or null for an unknown or revoked secret (or an inactive user). */
async function ownerOf(db: DbOrTx, key: string, secret: string): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  const secretHash = await keyedHash(key, `calendar:${secret}`);
  const [row] = await db
    .select({ user: users, org: organisations })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(calendarFeeds.secretHash, secretHash), eq(users.active, true)));
  if (!row) return null;
  return {
    userId: row.user.id,
    organisationId: row.org.id,
    organisationKind: row.org.kind,
    organisationName: row.org.name,
    role: row.user.role,
    name: row.user.name,
    email: row.user.email,
    via: "token",
  };
}

const dateArray = (iso: string): [number, number, number] => {
  const [y, m, d] = iso.split("-").map(Number);
  return [y!, m!, d!];
};

/** The iCalendar text of a feed, or null (answered 404) when the address is not a live one. */
export async function calendarFeed({
  ctx,
  input: { secret, origin },
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "secret">;
  input: { secret: string; origin: string };
}): Promise<string | null> {
  const { db, now } = ctx;
  const actor = await ownerOf(db, ctx.secret, secret);
  if (!actor) return null;
  // Administrators manage accounts, not contracts: their feed is empty, like their view of contracts.
  const rows = !can(actor, "contract.read")
    ? []
    : await db
        .select({
          contractId: obligations.contractId,
          reference: contracts.reference,
          dueDate: obligations.dueDate,
          clauseKey: obligations.clauseKey,
          clauseTitle: obligations.clauseTitle,
          period: obligations.period,
        })
        .from(obligations)
        .innerJoin(contracts, eq(contracts.id, obligations.contractId))
        .where(
          and(
            obligationScope(actor),
            isNotNull(obligations.dueDate),
            ne(obligations.state, "not_applicable"),
            gte(obligations.dueDate, addDays(londonDate(now), -FEED_HISTORY_DAYS)),
          ),
        )
        .orderBy(asc(obligations.dueDate), asc(contracts.reference), asc(obligations.clauseKey));
  const groups = new Map<
    string,
    { contractId: string; reference: string; dueDate: string; lines: string[] }
  >();
  for (const r of rows) {
    const k = `${r.contractId}|${r.dueDate}`;
    let g = groups.get(k);
    if (!g) {
      g = { contractId: r.contractId, reference: r.reference, dueDate: r.dueDate!, lines: [] };
      groups.set(k, g);
    }
    g.lines.push(`- ${r.clauseKey} ${r.clauseTitle} (${r.period})`);
  }
  const host = new URL(origin).host;
  const events: EventAttributes[] = [...groups.values()].map((g) => {
    const link = `${origin}/contracts/${g.contractId}`;
    return {
      uid: `${g.contractId}-${g.dueDate}@${host}`,
      start: dateArray(g.dueDate),
      end: dateArray(addDays(g.dueDate, 1)),
      title: `Evidence due: ${g.reference}`,
      description: `Evidence due on ${formatDate(g.dueDate)} for contract ${g.reference}:\n${g.lines.join("\n")}\n\n${link}`,
      url: link,
      transp: "TRANSPARENT",
      busyStatus: "FREE",
    } as EventAttributes;
  });
  const header = { productId: `-//${SERVICE_NAME}//Due dates//EN`, calName: `${SERVICE_NAME}: evidence due` };
  const { error, value } = createEvents(events, header);
  if (error || !value) throw error ?? new Error("the calendar could not be written");
  return value;
}
