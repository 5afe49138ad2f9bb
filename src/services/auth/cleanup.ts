// The hourly clean-up of sign-in records that can no longer be used: expired sessions, sign-ins left half
// done, used or expired invitations and reset links, and throttle rows that no longer count.
import { isNotNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sessions, signInFlows, userLinks } from "../../db/schema/index.js";
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
  };
}
