// Daily digests: from DIGEST_HOUR (in England), each user who chose a daily digest gets one email
// listing the messages held for it since the last one. The digest and the "digested" marks are written
// in one transaction, with the day in the digest's dedupe key, so it goes once a day whatever runs.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notifications, users } from "../../db/schema/index.js";
import type { Logger } from "../../lib/log.js";
import { formatDate, londonDate } from "../../model/dates.js";
import { renderSubject } from "./render.js";
import { templateOf } from "./templates.js";

/** A digest lists at most this many messages, then says how many more there are. */
const DIGEST_MAX_ITEMS = 50;

const londonHour = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  hourCycle: "h23",
});

/** Sends the day's digests; a user's that cannot be made is logged (by user id) and the others still go. */
export async function sendDigests(db: Db, now: Date, digestHour: number, log?: Logger): Promise<number> {
  if (Number(londonHour.format(now)) < digestHour) return 0;
  const today = londonDate(now);
  const waiting = await db
    .selectDistinct({ userId: notifications.userId, organisationId: users.organisationId })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.emailStatus, "digest"));
  let sent = 0;
  for (const { userId, organisationId } of waiting) {
    sent += await db
      .transaction(async (tx) => {
        const held = await tx
          .select({ id: notifications.id, subject: notifications.subject, link: notifications.link })
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.emailStatus, "digest")))
          .orderBy(asc(notifications.createdAt))
          .for("update");
        if (!held.length) return 0;
        const items = held
          .slice(0, DIGEST_MAX_ITEMS)
          .map((h) => ({ text: h.subject, link: h.link }) as { text: string; link: string } | string);
        if (held.length > DIGEST_MAX_ITEMS) items.push(`and ${held.length - DIGEST_MAX_ITEMS} more`);
        const params = { date: formatDate(today), items };
        const [digest] = await tx
          .insert(notifications)
          .values({
            userId,
            organisationId,
            kind: "daily-digest",
            subject: renderSubject(templateOf("daily-digest"), params),
            link: "/notifications",
            params,
            dedupeKey: `digest:${today}`,
            inApp: false,
            emailStatus: "pending",
            createdAt: now,
            nextAttemptAt: now,
          })
          .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
          .returning({ id: notifications.id });
        // Today's digest already went: these wait for tomorrow's.
        if (!digest) return 0;
        await tx
          .update(notifications)
          .set({ emailStatus: "digested", digestId: digest.id })
          .where(
            and(
              eq(notifications.userId, userId),
              eq(notifications.emailStatus, "digest"),
              sql`${notifications.id} in ${held.map((h) => h.id)}`,
            ),
          );
        return 1;
      })
      .catch((e) => {
        // Tried again next run: the held messages stay held, and show in the app meanwhile.
        log?.error("daily digest failed", {
          user: userId,
          error: String((e as Error)?.message ?? e).slice(0, 300),
        });
        return 0;
      });
  }
  return sent;
}
