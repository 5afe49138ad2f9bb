// Writing messages: a notification row per recipient, in the caller's transaction, so a change that
// rolls back sends nothing and one that commits is never forgotten. The delivery job (deliver.ts)
// sends the email later; the app lists the notification at once.
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type EmailStatus, notificationPreferences, notifications, users } from "../../db/schema/index.js";
import { AUDIENCES, type Audience } from "../../model/access-policy.js";
import { type Params, renderEmail, renderSubject } from "./render.js";
import { type MessageKind, templateOf } from "./templates.js";

export interface MessageInput {
  /** The recipient. Messages other than account ones go to active users only. */
  userId: string;
  /**
   * The organisation the message concerns (for a contract: its commissioning organisation; for an
   * account message: the user's own). Its administrators see the message if it is not delivered.
   */
  organisationId: string;
  kind: MessageKind;
  /** The template's values. Never personal data about people who use the service, never file contents. */
  params: Params;
  /** A path in WithUs ("/submissions/…"): the call to action; messages carry PUBLIC_URL + this. */
  link: string;
  /** Never two messages with the same key to the same user (e.g. `submitted:<submission id>`). */
  dedupeKey: string;
}

/**
 * Enqueue one message inside the caller's transaction: pass the `tx` of the change that causes it.
 * Returns the notification's id, or null when nothing was written (the recipient is not active, or a
 * message with the same dedupe key already went to them).
 *
 * The recipient's preference decides the email: "immediately" (sent by the next delivery run),
 * "daily_digest" (held for the day's digest) or "off" (in the app only). Templates marked
 * `account: true` (invitations, password resets: the user's own account) are always emailed at once,
 * and reach inactive users too.
 *
 * To add a kind of message:
 * 1. write `templates/emails/<kind>.md`: YAML front matter with `subject` (and `account: true` for
 *    messages about the recipient's own account, `inApp: false` for email-only ones), then the body:
 *    short paragraphs, "- " lists, and exactly one call to action line `[What to do]({{link}})`.
 *    `{{name}}` placeholders take the values in `params`. Plain language, GOV.UK style: the subject
 *    says what happened; no personal data about people who use the service; never file contents.
 * 2. run `npm run build:emails` (bundles the templates for both entries; a test checks it was run);
 *    `kind` is then typed.
 * 3. call `enqueueMessage(tx, { userId, organisationId, kind, params, link, dedupeKey }, ctx.now)` in
 *    the transaction of the change, or `enqueueMessages` for many recipients at once.
 */
export async function enqueueMessage(tx: DbOrTx, msg: MessageInput, now: Date): Promise<string | null> {
  const [id] = await enqueueMessages(tx, [msg], now);
  return id ?? null;
}

/** Many messages in one insert; returns the ids of those written (see enqueueMessage). */
export async function enqueueMessages(tx: DbOrTx, msgs: MessageInput[], now: Date): Promise<string[]> {
  if (!msgs.length) return [];
  const userIds = [...new Set(msgs.map((m) => m.userId))];
  const recipients = await tx
    .select({ id: users.id, active: users.active, pref: notificationPreferences.email })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(inArray(users.id, userIds));
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const rows = [];
  for (const m of msgs) {
    const template = templateOf(m.kind);
    // A template that cannot be filled fails here, in the caller's transaction, not at delivery.
    renderEmail(template, m.params, { origin: "http://localhost", link: m.link });
    const user = byId.get(m.userId);
    if (!user || (!user.active && !template.account)) continue;
    const pref = user.pref ?? "immediately";
    const emailStatus: EmailStatus = template.account
      ? "pending"
      : pref === "off"
        ? "off"
        : pref === "daily_digest"
          ? "digest"
          : "pending";
    rows.push({
      userId: m.userId,
      organisationId: m.organisationId,
      kind: m.kind,
      subject: renderSubject(template, m.params),
      link: m.link,
      params: m.params,
      dedupeKey: m.dedupeKey,
      inApp: template.inApp && !template.account,
      emailStatus,
      createdAt: now,
      nextAttemptAt: now,
    });
  }
  if (!rows.length) return [];
  const written = await tx
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  return written.map((w) => w.id);
}

/** The active users of an organisation with one of these roles: who a message about it goes to. */
/** The active users of an organisation who are told of an event of this audience (AUDIENCES in the policy). */
export async function activeUsers(tx: DbOrTx, organisationId: string, audience: Audience) {
  const roles = AUDIENCES[audience];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.organisationId, organisationId), eq(users.active, true), inArray(users.role, [...roles])),
    );
  return rows.map((r) => r.id);
}
