// The delivery job: sends the email of pending notifications. Rows are claimed with
// FOR UPDATE SKIP LOCKED and a lease (locked_until), so two processes running the job at once never
// take the same row, and a process that dies mid-run leaves its rows to be taken again when the lease
// ends. A failure is retried with backoff; the last error stays on the row for administrators.
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notifications, users } from "../../db/schema/index.js";
import type { Logger } from "../../lib/log.js";
import { type Params, renderEmail } from "./render.js";
import { templateOf } from "./templates.js";
import type { EmailTransport } from "./transport.js";

/** Waits after the 1st, 2nd... failed try: six tries over about two hours. */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 15 * 60, 30 * 60, 60 * 60];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** How long a claim holds: longer than any one send can take (the SMTP transport times out sooner). */
const LEASE_SECONDS = 5 * 60;
export const EMAIL_OFF_ERROR =
  "Email is off: neither SMTP_URL nor NOTIFY_API_KEY is set, so this message was not sent.";

export interface DeliveryDeps {
  db: Db;
  /** Null when email is off. */
  transport: EmailTransport | null;
  /** PUBLIC_URL: the start of every link in a message. */
  origin: string;
  now: Date;
  log: Logger;
  batchSize?: number;
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
  notSent: number;
}

/** Addresses out of what goes to the log (errors from mail servers often quote them). */
export const withoutAddresses = (s: string) => s.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, "<address>");

async function claim(db: Db, now: Date, limit: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.emailStatus, "pending"),
          lte(notifications.nextAttemptAt, now),
          or(isNull(notifications.lockedUntil), lte(notifications.lockedUntil, now)),
        ),
      )
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(notifications)
      .set({
        lockedUntil: new Date(now.getTime() + LEASE_SECONDS * 1000),
        attempts: sql`${notifications.attempts} + 1`,
      })
      .where(
        inArray(
          notifications.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

/** Sends what is due; returns what happened. Safe to run in several processes at once. */
export async function deliverEmail(deps: DeliveryDeps): Promise<DeliveryResult> {
  const { db, transport, now, log } = deps;
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, notSent: 0 };
  const limit = deps.batchSize ?? 50;
  // Bounded, so one run never goes on for ever; what is left waits for the next.
  for (let round = 0; round < 20; round++) {
    const rows = await claim(db, now, limit);
    if (!rows.length) break;
    const recipients = await db
      .select({ id: users.id, email: users.email, active: users.active })
      .from(users)
      .where(
        inArray(
          users.id,
          rows.map((r) => r.userId),
        ),
      );
    const byId = new Map(recipients.map((r) => [r.id, r]));
    for (const row of rows) {
      const done = (set: Partial<typeof notifications.$inferInsert>) =>
        db
          .update(notifications)
          .set({ lockedUntil: null, ...set })
          .where(eq(notifications.id, row.id));
      // A kind this version has no template for (written by a newer one) fails this row only.
      const template = (() => {
        try {
          return templateOf(row.kind);
        } catch {
          return null;
        }
      })();
      if (!template) {
        await done({ emailStatus: "failed", lastError: `No template for messages of the kind ${row.kind}.` });
        log.error("email failed: no template", { notification: row.id, kind: row.kind });
        result.failed++;
        continue;
      }
      const user = byId.get(row.userId);
      if (!user || (!user.active && !template.account)) {
        await done({ emailStatus: "none", lastError: "The recipient's account is no longer active." });
        continue;
      }
      if (!transport) {
        await done({ emailStatus: "not_sent", lastError: EMAIL_OFF_ERROR });
        log.info("email not sent: email is off", { notification: row.id, kind: row.kind });
        result.notSent++;
        continue;
      }
      try {
        const email = renderEmail(template, row.params as Params, { origin: deps.origin, link: row.link });
        const { messageId } = await transport.send({ ...email, to: user.email, reference: row.id });
        await done({ emailStatus: "sent", sentAt: now, transportMessageId: messageId, lastError: null });
        result.sent++;
      } catch (e) {
        const error = String((e as Error)?.message ?? e).slice(0, 1000) || "unknown error";
        const last = row.attempts >= MAX_ATTEMPTS;
        const wait = RETRY_DELAYS_SECONDS[Math.min(row.attempts, RETRY_DELAYS_SECONDS.length) - 1]!;
        await done(
          last
            ? { emailStatus: "failed", lastError: error }
            : { lastError: error, nextAttemptAt: new Date(now.getTime() + wait * 1000) },
        );
        log.warn(last ? "email failed: giving up" : "email failed: will retry", {
          notification: row.id,
          kind: row.kind,
          attempt: row.attempts,
          transport: transport.name,
          error: withoutAddresses(error),
        });
        if (last) result.failed++;
        else result.retrying++;
      }
    }
    if (rows.length < limit) break;
  }
  return result;
}
