// The hourly clean-up of sign-in records that can no longer be used: expired sessions, sign-ins left half
// done, used or expired invitations and reset links, and throttle rows that no longer count.
import { and, inArray, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { notifications, sessions, signInFlows, userLinks } from "../../db/schema/index.js";
import { deleteStaleThrottleRows } from "./throttle.js";

export async function deleteExpiredSignInRecords(db: DbOrTx, now: Date) {
  const gone = async (p: Promise<unknown[]>) => (await p).length;
  return {
    sessions: await gone(
      db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ x: sessions.idHash }),
    ),
    signInFlows: await gone(
      db.delete(signInFlows).where(lt(signInFlows.expiresAt, now)).returning({ x: signInFlows.idHash }),
    ),
    links: await gone(
      db
        .delete(userLinks)
        .where(or(lt(userLinks.expiresAt, now), isNotNull(userLinks.usedAt)))
        .returning({ x: userLinks.id }),
    ),
    throttleRows: await deleteStaleThrottleRows(db, now),
    linksForgotten: await gone(
      // The outbox keeps each message's link until it is sent; an invitation's or reset's link holds its
      // token, which is otherwise stored only hashed. Once the email has gone, the token is dropped.
      db
        .update(notifications)
        .set({ link: sql`regexp_replace(${notifications.link}, '/[^/]+$', '/sent')` })
        .where(
          and(
            inArray(notifications.kind, ["invitation", "password-reset"]),
            ne(notifications.emailStatus, "pending"),
            sql`${notifications.link} not like '%/sent'`,
          ),
        )
        .returning({ x: notifications.id }),
    ),
  };
}
