// A user's notifications in the app: newest first, paged by cursor, with the unread count; marking
// them read. Each user sees only their own.
import { and, count, desc, eq, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import { notifications } from "../../db/schema/index.js";
import { validation } from "../../lib/errors.js";
import type { ServiceCtx } from "../context.js";

const PAGE_SIZE = 20;

/** An opaque position in a newest-first list: the created time and id of the last row shown. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return btoa(`${row.createdAt.toISOString()}|${row.id}`).replace(/=+$/, "");
}

export function cursorCondition(
  cursor: string | undefined,
  cols: { createdAt: typeof notifications.createdAt; id: typeof notifications.id },
): SQL | undefined {
  if (!cursor) return undefined;
  let at: Date;
  let id: string;
  try {
    [at, id] = (() => {
      const [a, b] = atob(cursor).split("|");
      return [new Date(a!), b!];
    })();
  } catch {
    at = new Date(Number.NaN);
    id = "";
  }
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw validation([{ path: "cursor", message: "is not a cursor this list gave out" }]);
  }
  return or(lt(cols.createdAt, at), and(eq(cols.createdAt, at), lt(cols.id, id)));
}

const mine = (userId: string) => and(eq(notifications.userId, userId), eq(notifications.inApp, true));

export async function unreadCount({
  ctx,
}: {
  ctx: ServiceCtx;
  input?: Record<string, never>;
}): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ctx.actor.userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

const notificationView = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  subject: n.subject,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  read: n.readAt !== null,
});

export async function listNotifications({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { cursor?: string; limit?: number };
}) {
  const limit = input.limit ?? PAGE_SIZE;
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(mine(ctx.actor.userId), cursorCondition(input.cursor, notifications)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    notifications: page.map(notificationView),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    unread: await unreadCount({ ctx }),
  };
}

/** Marks some (ids; others' ids are ignored) or all of the caller's notifications read. */
export async function markRead({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { ids?: string[]; all?: boolean };
}) {
  const which = input.all ? undefined : inArray(notifications.id, input.ids ?? []);
  if (input.all || input.ids?.length) {
    await ctx.db
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(mine(ctx.actor.userId), isNull(notifications.readAt), which));
  }
  return { unread: await unreadCount({ ctx }) };
}

/** Where one of the caller's own notifications points, or null when it is not theirs (or not there). */
export async function notificationLink({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { id: string };
}): Promise<string | null> {
  const [n] = await ctx.db
    .select({ link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.id, input.id), eq(notifications.userId, ctx.actor.userId)));
  return n?.link ?? null;
}
