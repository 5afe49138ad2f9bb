// The outbox and the delivery job against a real SMTP server: what arrives, a rolled-back change that
// sends nothing, a mail server that is down and comes back, two delivery jobs at once, a restart, and
// what happens when email is off.
import { execFile } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { openDatabase } from "../../src/db/node-client.js";
import { notifications, users } from "../../src/db/schema/index.js";
import { smtpTransport } from "../../src/entry/smtp-transport.js";
import { createLogger } from "../../src/lib/log.js";
import {
  deliverEmail,
  EMAIL_OFF_ERROR,
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
} from "../../src/services/notifications/deliver.js";
import { enqueueMessage, type MessageInput } from "../../src/services/notifications/enqueue.js";
import type { EmailTransport } from "../../src/services/notifications/transport.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { type Mailbox, startMailbox } from "../smtp.js";

const ORIGIN = "https://withus.example.gov.uk";
let h: Harness;
let mail: Mailbox;
let smtp: EmailTransport;
let t: Awaited<ReturnType<typeof makeTenant>>;
const logLines: string[] = [];
const log = createLogger("info", (l) => logLines.push(l));

function message(over: Partial<MessageInput> = {}): MessageInput {
  return {
    userId: t.reviewer.id,
    organisationId: t.council.id,
    kind: "evidence-submitted",
    params: {
      provider: "Hope Recovery",
      clause: "Service user survey",
      period: "2026-27 Q1",
      contract: "C-123",
    },
    link: "/submissions/00000000-0000-4000-8000-000000000001",
    dedupeKey: `submitted:${crypto.randomUUID()}`,
    ...over,
  };
}

const deliver = (now: Date, transport: EmailTransport | null = smtp, db: Db = h.db) =>
  deliverEmail({ db, transport, origin: ORIGIN, now, log });

async function row(id: string) {
  const [r] = await h.db.select().from(notifications).where(eq(notifications.id, id));
  return r!;
}

beforeAll(async () => {
  h = await createHarness({ isolated: true });
  mail = await startMailbox();
  smtp = smtpTransport({ url: mail.url, from: "WithUs <withus@example.gov.uk>" });
  t = await makeTenant(h.db);
});
afterAll(async () => {
  smtp.close?.();
  await mail.stop();
  await h.close();
});
beforeEach(async () => {
  // Each test starts with nothing waiting.
  await h.db.delete(notifications);
  mail.messages.length = 0;
  mail.envelopes.length = 0;
});

describe("outbox and delivery", () => {
  it("sends a committed message once, as plain text and HTML with a working link", async () => {
    const now = new Date();
    const id = await h.db.transaction((tx) => enqueueMessage(tx, message(), now));
    expect(id).toBeTruthy();
    expect(await deliver(now)).toMatchObject({ sent: 1 });
    const [m] = await mail.waitFor(1);
    expect(mail.envelopes[0]).toEqual([t.reviewer.email]);
    expect(m!.subject).toBe("Evidence waiting for review: Service user survey, C-123");
    expect(m!.from?.text).toContain("withus@example.gov.uk");
    expect(m!.text).toContain("Hope Recovery has sent evidence for Service user survey for 2026-27 Q1");
    expect(m!.text).toContain(`${ORIGIN}/submissions/00000000-0000-4000-8000-000000000001`);
    expect(m!.html).toContain(`href="${ORIGIN}/submissions/00000000-0000-4000-8000-000000000001"`);
    expect(m!.html).toContain("Review the evidence");
    const r = await row(id!);
    expect(r.emailStatus).toBe("sent");
    expect(r.transportMessageId).toBeTruthy();
    expect(r.attempts).toBe(1);
    // Running again (or after a restart: the state is all in the database) sends nothing more.
    expect(await deliver(new Date(now.getTime() + 3600_000))).toMatchObject({ sent: 0 });
    expect(mail.messages).toHaveLength(1);
  });

  it("a change that rolls back sends nothing", async () => {
    const now = new Date();
    await expect(
      h.db.transaction(async (tx) => {
        await enqueueMessage(tx, message(), now);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await h.db.select().from(notifications)).toHaveLength(0);
    expect(await deliver(now)).toMatchObject({ sent: 0 });
    expect(mail.messages).toHaveLength(0);
  });

  it("the same dedupe key to the same user is written once", async () => {
    const now = new Date();
    const m = message();
    expect(await enqueueMessage(h.db, m, now)).toBeTruthy();
    expect(await enqueueMessage(h.db, { ...m, params: { ...m.params, contract: "C-999" } }, now)).toBeNull();
    await deliver(now);
    await mail.waitFor(1);
    expect(mail.messages).toHaveLength(1);
  });

  it("a message whose template cannot be filled fails in the caller's transaction", async () => {
    await expect(
      h.db.transaction((tx) => enqueueMessage(tx, message({ params: { provider: "x" } }), new Date())),
    ).rejects.toThrow(/no value for \{\{clause\}\}/);
    expect(await h.db.select().from(notifications)).toHaveLength(0);
  });

  it("SMTP down, then back: the error is kept, nothing is lost, nothing is sent twice", async () => {
    const start = new Date();
    const ids = await h.db.transaction(async (tx) => [
      await enqueueMessage(tx, message(), start),
      await enqueueMessage(tx, message({ userId: t.commissioner.id }), start),
    ]);
    await mail.stop();
    try {
      expect(await deliver(start)).toMatchObject({ sent: 0, retrying: 2 });
      for (const id of ids) {
        const r = await row(id!);
        expect(r.emailStatus).toBe("pending");
        expect(r.attempts).toBe(1);
        expect(r.lastError).toMatch(/ECONNREFUSED|connect/i);
        expect(r.nextAttemptAt.getTime()).toBe(start.getTime() + RETRY_DELAYS_SECONDS[0]! * 1000);
      }
      // Before the backoff has passed, nothing is tried.
      expect(await deliver(new Date(start.getTime() + 30_000))).toMatchObject({ retrying: 0, sent: 0 });
      // The log names the message, never the address.
      const warn = logLines.filter((l) => l.includes("will retry"));
      expect(warn.length).toBeGreaterThanOrEqual(2);
      for (const l of warn) expect(l).not.toContain("@example.test");
    } finally {
      await mail.start();
    }
    const later = new Date(start.getTime() + 61_000);
    expect(await deliver(later)).toMatchObject({ sent: 2 });
    await mail.waitFor(2);
    expect(mail.envelopes.flat().sort()).toEqual([t.commissioner.email, t.reviewer.email].sort());
    for (const id of ids) {
      const r = await row(id!);
      expect(r.emailStatus).toBe("sent");
      expect(r.attempts).toBe(2);
      expect(r.lastError).toBeNull();
    }
    expect(await deliver(new Date(later.getTime() + 86_400_000))).toMatchObject({ sent: 0 });
    expect(mail.messages).toHaveLength(2);
  });

  it("gives up after the last retry and keeps the error", async () => {
    const failing: EmailTransport = {
      name: "smtp",
      send: async () => {
        throw new Error("550 mailbox unavailable");
      },
    };
    let at = new Date();
    const id = await enqueueMessage(h.db, message(), at);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliver(at, failing);
      at = new Date(at.getTime() + 2 * 3600_000);
    }
    const r = await row(id!);
    expect(r.attempts).toBe(MAX_ATTEMPTS);
    expect(r.emailStatus).toBe("failed");
    expect(r.lastError).toBe("550 mailbox unavailable");
    expect(await deliver(at)).toMatchObject({ sent: 0 });
    expect(mail.messages).toHaveLength(0);
  });

  it("two delivery jobs at once, each on its own connections, send each message once", async () => {
    const now = new Date();
    await h.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await enqueueMessage(tx, message(), now);
    });
    // A second process: its own pool on the PostgreSQL server; PGlite has one connection, shared.
    const other = h.databaseUrl ? await openDatabase({ databaseUrl: h.databaseUrl, migrate: false }) : null;
    try {
      const [a, b] = await Promise.all([
        deliverEmail({ db: h.db, transport: smtp, origin: ORIGIN, now, log, batchSize: 5 }),
        deliverEmail({ db: other?.db ?? h.db, transport: smtp, origin: ORIGIN, now, log, batchSize: 5 }),
      ]);
      expect(a.sent + b.sent).toBe(30);
    } finally {
      await other?.close();
    }
    // Both jobs have finished, and each send finished only once the mailbox had kept the message (it answers
    // 250 after recording it): what is there now is all these jobs will ever send, so no wait is needed.
    expect(mail.messages).toHaveLength(30);
    const rows = await h.db.select().from(notifications);
    expect(rows.every((r) => r.emailStatus === "sent" && r.attempts === 1)).toBe(true);
  });

  it("a delivery job in another operating-system process and one here send each message once", async () => {
    // PGlite lives in this process only: a second process needs the PostgreSQL server.
    const url = h.databaseUrl;
    const now = new Date();
    await h.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await enqueueMessage(tx, message(), now);
    });
    // The other process says "ready" once its database is open, just before it starts claiming; this one
    // starts then, so both claim at once (rather than after a guessed pause for the other to start).
    let ready!: () => void;
    const started = new Promise<void>((r) => {
      ready = r;
    });
    if (!url) ready();
    const child = url
      ? new Promise<{ sent: number }>((resolve, reject) => {
          const p = execFile(
            path.resolve("node_modules/.bin/tsx"),
            ["test/notifications/deliver-process.ts"],
            { env: { ...process.env, DATABASE_URL: url, SMTP_URL: mail.url, NOW: now.toISOString() } },
            (err, stdout) => {
              ready();
              if (err) reject(err);
              else resolve(JSON.parse(stdout.trim().split("\n").pop()!));
            },
          );
          p.stdout!.on("data", (d: Buffer) => {
            if (String(d).includes("ready")) ready();
          });
        })
      : deliverEmail({ db: h.db, transport: smtp, origin: ORIGIN, now, log, batchSize: 5 });
    await started;
    const here = await deliverEmail({ db: h.db, transport: smtp, origin: ORIGIN, now, log, batchSize: 5 });
    const there = await child;
    expect(here.sent + there.sent).toBe(40);
    // Every send of both jobs has finished, each after the mailbox kept its message: nothing more can come.
    expect(mail.messages).toHaveLength(40);
    const rows = await h.db.select().from(notifications);
    expect(rows.every((r) => r.emailStatus === "sent" && r.attempts === 1)).toBe(true);
    // A restart (a new process, the same database) finds nothing left to send.
    expect(await deliverEmail({ db: h.db, transport: smtp, origin: ORIGIN, now, log })).toMatchObject({
      sent: 0,
    });
  });

  it("a claim whose process died is taken again when its lease ends", async () => {
    const now = new Date();
    const id = await enqueueMessage(h.db, message(), now);
    // A process claimed it and died before sending.
    await h.db
      .update(notifications)
      .set({ lockedUntil: new Date(now.getTime() + 300_000), attempts: 1 })
      .where(eq(notifications.id, id!));
    expect(await deliver(now)).toMatchObject({ sent: 0 });
    expect(await deliver(new Date(now.getTime() + 301_000))).toMatchObject({ sent: 1 });
    await mail.waitFor(1);
  });

  it("with email off, each message is marked not sent once and logged once", async () => {
    const now = new Date();
    const id = await enqueueMessage(h.db, message(), now);
    const before = logLines.length;
    expect(await deliver(now, null)).toMatchObject({ notSent: 1 });
    expect(await deliver(new Date(now.getTime() + 3600_000), null)).toMatchObject({ notSent: 0 });
    const r = await row(id!);
    expect(r.emailStatus).toBe("not_sent");
    expect(r.lastError).toBe(EMAIL_OFF_ERROR);
    const lines = logLines.slice(before).filter((l) => l.includes("email is off"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(id!);
  });

  it("a user with email off, or a daily digest, gets no email now but sees the notification", async () => {
    const { notificationPreferences } = await import("../../src/db/schema/index.js");
    await h.db.insert(notificationPreferences).values([
      { userId: t.reviewer.id, email: "off" },
      { userId: t.commissioner.id, email: "daily_digest" },
    ]);
    try {
      const now = new Date();
      const off = await enqueueMessage(h.db, message(), now);
      const digest = await enqueueMessage(h.db, message({ userId: t.commissioner.id }), now);
      expect(await deliver(now)).toMatchObject({ sent: 0 });
      expect(mail.messages).toHaveLength(0);
      expect((await row(off!)).emailStatus).toBe("off");
      expect((await row(digest!)).emailStatus).toBe("digest");
      expect((await row(off!)).inApp).toBe(true);
    } finally {
      await h.db.delete(notificationPreferences);
    }
  });

  it("inactive users get no message", async () => {
    await h.db.update(users).set({ active: false }).where(eq(users.id, t.reviewer.id));
    try {
      expect(await enqueueMessage(h.db, message(), new Date())).toBeNull();
    } finally {
      await h.db.update(users).set({ active: true }).where(eq(users.id, t.reviewer.id));
    }
  });
});
