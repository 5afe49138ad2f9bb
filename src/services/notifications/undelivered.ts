// Messages whose email has not gone (failing and being retried, given up, or not sent because email is
// off), for the administrators of the organisation each message concerns.
import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import { notifications, users } from "../../db/schema/index.js";
import type { ServiceCtx } from "../context.js";
import { cursorCondition, encodeCursor } from "./inbox.js";

const UNDELIVERED = or(
  inArray(notifications.emailStatus, ["failed", "not_sent"]),
  and(eq(notifications.emailStatus, "pending"), gt(notifications.attempts, 0)),
)!;

export async function undeliveredMessages({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { cursor?: string; limit?: number };
}) {
  const limit = input.limit ?? 50;
  const rows = await ctx.db
    .select({ n: notifications, name: users.name, email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        eq(notifications.organisationId, ctx.actor.organisationId),
        UNDELIVERED,
        cursorCondition(input.cursor, notifications),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    messages: page.map(({ n, name, email }) => ({
      id: n.id,
      recipient: { name, email },
      kind: n.kind,
      subject: n.subject,
      status: n.emailStatus === "pending" ? ("retrying" as const) : (n.emailStatus as "failed" | "not_sent"),
      attempts: n.attempts,
      lastError: n.lastError,
      nextAttemptAt: n.emailStatus === "pending" ? n.nextAttemptAt.toISOString() : null,
      createdAt: n.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.n) : null,
  };
}
