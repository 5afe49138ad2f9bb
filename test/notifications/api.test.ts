// The notifications API: each user's own list, paged and marked read; preferences; the private calendar
// feed (parsed as iCalendar, only what its owner may see, 404 once revoked or replaced); the admin list
// of undelivered messages (own organisation only); per-contract reminder days; daily digests.
import { eq } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";
import { sendDigests } from "../../src/services/notifications/digest.js";
import { enqueueMessage, type MessageInput } from "../../src/services/notifications/enqueue.js";
import { runReminders } from "../../src/services/notifications/reminders.js";
import type { EmailTransport } from "../../src/services/notifications/transport.js";
import { call, issuedSpecification, letContract, makeClock, type Tenant } from "../contracts/fixtures.js";
import { json, makeTenant, makeUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const clock = makeClock("2026-07-10T09:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;

const msg = (userId: string, orgId: string, n: number): MessageInput => ({
  userId,
  organisationId: orgId,
  kind: "rating-changed",
  params: { contract: `C-${n}`, provider: "Hope", before: "green", rating: "amber" },
  link: `/contracts/${n}`,
  dedupeKey: `test:${n}:${crypto.randomUUID()}`,
});

beforeAll(async () => {
  h = await createHarness({ now: clock.now, isolated: true });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

describe("the notifications list", () => {
  it("lists only the caller's, newest first, paged by cursor, and marks them read", async () => {
    for (let i = 0; i < 25; i++) {
      await enqueueMessage(
        h.db,
        msg(t.commissioner.id, t.council.id, i),
        new Date(Date.UTC(2026, 6, 1, 9, i)),
      );
    }
    await enqueueMessage(h.db, msg(other.commissioner.id, other.council.id, 99), new Date());
    const first = await call(h, "/api/notifications?limit=10", { headers: t.commissioner.auth });
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(25);
    expect(first.body.notifications).toHaveLength(10);
    expect(first.body.notifications[0].subject).toBe("Contract C-24 is now amber");
    const seen: string[] = [];
    let page = first.body;
    for (;;) {
      seen.push(...page.notifications.map((n: { subject: string }) => n.subject));
      if (!page.nextCursor) break;
      page = (
        await call(h, `/api/notifications?limit=10&cursor=${encodeURIComponent(page.nextCursor)}`, {
          headers: t.commissioner.auth,
        })
      ).body;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).not.toContain("Contract C-99 is now amber");

    const ids = first.body.notifications.slice(0, 3).map((n: { id: string }) => n.id);
    const theirs = (await call(h, "/api/notifications", { headers: other.commissioner.auth })).body;
    // Someone else's id is ignored, not marked.
    const read = await call(
      h,
      "/api/notifications/read",
      json({ ids: [...ids, theirs.notifications[0].id] }, t.commissioner.auth),
    );
    expect(read.body).toEqual({ unread: 22 });
    expect((await call(h, "/api/notifications", { headers: other.commissioner.auth })).body.unread).toBe(1);
    const after = await call(h, "/api/notifications?limit=3", { headers: t.commissioner.auth });
    expect(after.body.notifications.map((n: { read: boolean }) => n.read)).toEqual([true, true, true]);
    expect((await call(h, "/api/notifications/read", json({ all: true }, t.commissioner.auth))).body).toEqual(
      {
        unread: 0,
      },
    );
  });

  it("refuses bad input with problem+json and anonymous callers with 401", async () => {
    const bad = await call(h, "/api/notifications?cursor=nonsense", { headers: t.reviewer.auth });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: "cursor", message: "is not a cursor this list gave out" }]);
    expect((await call(h, "/api/notifications/read", json({ ids: ["x"] }, t.reviewer.auth))).status).toBe(
      422,
    );
    expect((await call(h, "/api/notifications/read", json({}, t.reviewer.auth))).status).toBe(422);
    expect((await call(h, "/api/notifications")).status).toBe(401);
    expect((await call(h, "/api/me/notifications")).status).toBe(401);
    const pref = await call(h, "/api/me/notifications", json({ email: "weekly" }, t.reviewer.auth, "PUT"));
    expect(pref.status).toBe(422);
    expect(pref.body.errors[0].path).toBe("email");
  });

  it("keeps each user's email preference", async () => {
    expect((await call(h, "/api/me/notifications", { headers: t.reviewer.auth })).body).toEqual({
      email: "immediately",
    });
    const put = await call(
      h,
      "/api/me/notifications",
      json({ email: "daily_digest" }, t.reviewer.auth, "PUT"),
    );
    expect(put.body).toEqual({ email: "daily_digest" });
    expect((await call(h, "/api/me/notifications", { headers: t.reviewer.auth })).body.email).toBe(
      "daily_digest",
    );
    expect((await call(h, "/api/me/notifications", { headers: other.reviewer.auth })).body.email).toBe(
      "immediately",
    );
  });
});

describe("daily digest", () => {
  it("gathers the held messages into one email at the digest hour, once a day", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    await call(h, "/api/me/notifications", json({ email: "daily_digest" }, u.auth, "PUT"));
    const early = new Date("2026-07-11T06:30:00Z"); // 07:30 in England (summer time)
    for (let i = 0; i < 3; i++) await enqueueMessage(h.db, msg(u.id, t.council.id, 200 + i), early);
    expect(await sendDigests(h.db, early, 8)).toBe(0);
    const at8 = new Date("2026-07-11T07:00:00Z");
    expect(await sendDigests(h.db, at8, 8)).toBe(1);
    expect(await sendDigests(h.db, at8, 8)).toBe(0);
    const rows = await h.db.select().from(notifications).where(eq(notifications.userId, u.id));
    const digest = rows.find((r) => r.kind === "daily-digest")!;
    expect(digest.emailStatus).toBe("pending");
    expect(digest.inApp).toBe(false);
    expect(rows.filter((r) => r.emailStatus === "digested" && r.digestId === digest.id)).toHaveLength(3);
    const sent: Array<{ subject: string; text: string }> = [];
    const capture: EmailTransport = {
      name: "smtp",
      send: async (e) => {
        if (e.to === u.email) sent.push(e);
        return { messageId: "x" };
      },
    };
    await deliverEmail({
      db: h.db,
      transport: capture,
      origin: "https://w.example",
      now: at8,
      log: createLogger("silent"),
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Your WithUs updates for 11 July 2026");
    expect(sent[0]!.text).toContain("- Contract C-200 is now amber: https://w.example/contracts/200");
    // A message after today's digest waits for tomorrow's.
    await enqueueMessage(h.db, msg(u.id, t.council.id, 300), new Date("2026-07-11T10:00:00Z"));
    expect(await sendDigests(h.db, new Date("2026-07-11T12:00:00Z"), 8)).toBe(0);
    expect(await sendDigests(h.db, new Date("2026-07-12T07:05:00Z"), 8)).toBe(1);
  });
});

describe("undelivered messages, for administrators", () => {
  it("shows its own organisation's failing messages and their errors; others see nothing", async () => {
    const failing: EmailTransport = {
      name: "smtp",
      send: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:2525");
      },
    };
    const now = clock.now();
    const id = await enqueueMessage(h.db, msg(t.commissioner.id, t.council.id, 500), now);
    await deliverEmail({
      db: h.db,
      transport: failing,
      origin: "https://w.example",
      now,
      log: createLogger("silent"),
    });
    const list = await call(h, "/api/outbox", { headers: t.admin.auth });
    expect(list.status).toBe(200);
    const mine = list.body.messages.find((m: { id: string }) => m.id === id);
    expect(mine).toMatchObject({
      recipient: { email: t.commissioner.email },
      status: "retrying",
      attempts: 1,
      lastError: "connect ECONNREFUSED 127.0.0.1:2525",
    });
    expect(mine.nextAttemptAt).toBe(new Date(now.getTime() + 60_000).toISOString());
    const theirs = await call(h, "/api/outbox", { headers: other.admin.auth });
    expect(theirs.body.messages.map((m: { id: string }) => m.id)).not.toContain(id);
    for (const who of [t.commissioner, t.reviewer, t.providerUser]) {
      expect((await call(h, "/api/outbox", { headers: who.auth })).status).toBe(403);
    }
  });
});

describe("calendar feed", () => {
  it("lists the due dates its owner may see as valid iCalendar, and stops when revoked or replaced", async () => {
    const spec = await issuedSpecification(h, t, ["FBK-02", "ACC-01"]);
    const ours = await letContract(h, t, spec.id, { reference: "CAL-OURS" });
    await letContract(h, other, (await issuedSpecification(h, other, ["FBK-02"])).id, {
      reference: "CAL-THEIRS",
    });
    const created = await call(h, "/api/me/calendar-feed", json({}, t.providerUser.auth));
    expect(created.status).toBe(201);
    const url = new URL(created.body.url);
    expect(url.pathname).toMatch(/^\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const res = await h.app.request(url.pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    const events = Object.values(ical.sync.parseICS(text)).filter((e) => e?.type === "VEVENT") as VEvent[];
    const titles = events.map((e) => String(e.summary));
    expect(titles).toContain("Evidence due: CAL-OURS");
    expect(titles.some((s) => s.includes("CAL-THEIRS"))).toBe(false);
    const q1 = events.find(
      (e) => e.summary === "Evidence due: CAL-OURS" && e.start.toISOString().startsWith("2026-07-28"),
    );
    expect(q1, "one event for 28 July").toBeTruthy();
    expect(q1!.datetype).toBe("date");
    expect(String(q1!.description)).toContain("FBK-02");
    expect(String(q1!.description)).toContain("ACC-01");
    expect(String(q1!.url)).toContain(`/contracts/${ours.id}`);
    // One event per due date and contract.
    const keys = events.map((e) => `${e.summary}|${e.start.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);

    // The other council's staff do not see our contract in theirs.
    const theirs = await call(h, "/api/me/calendar-feed", json({}, other.commissioner.auth));
    const theirText = await (await h.app.request(new URL(theirs.body.url).pathname)).text();
    expect(theirText).toContain("CAL-THEIRS");
    expect(theirText).not.toContain("CAL-OURS");

    // A new address replaces the old; revoking ends it.
    const replaced = await call(h, "/api/me/calendar-feed", json({}, t.providerUser.auth));
    expect((await h.app.request(url.pathname)).status).toBe(404);
    const next = new URL(replaced.body.url).pathname;
    expect((await h.app.request(next)).status).toBe(200);
    expect(
      (await call(h, "/api/me/calendar-feed", { method: "DELETE", headers: t.providerUser.auth })).status,
    ).toBe(204);
    expect((await h.app.request(next)).status).toBe(404);
    expect((await h.app.request("/calendar/not-a-secret.ics")).status).toBe(404);
    expect((await call(h, "/api/me/calendar-feed", json({}))).status).toBe(401);
  });
});

describe("reminder days per contract", () => {
  it("are set on create and PATCH, validated, and decide when the provider is reminded", async () => {
    const spec = await issuedSpecification(h, t, ["FBK-02"]);
    const bad = await call(
      h,
      "/api/contracts",
      json(
        {
          specificationId: spec.id,
          providerOrganisationId: t.provider.id,
          reference: "RD-BAD",
          startDate: "2026-04-01",
          endDate: "2029-03-31",
          reminderDays: [7, 7, 0],
        },
        t.commissioner.auth,
      ),
    );
    expect(bad.status).toBe(422);
    const c = await letContract(h, t, spec.id, { reference: "RD-1", reminderDays: [5] });
    const got = await call(h, `/api/contracts/${c.id}`, { headers: t.commissioner.auth });
    expect(got.body.reminderDays).toEqual([5]);
    const patched = await call(
      h,
      `/api/contracts/${c.id}`,
      json({ reminderDays: [2, 20] }, t.commissioner.auth, "PATCH"),
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.reminderDays).toEqual([20, 2]);
    expect(
      (await call(h, `/api/contracts/${c.id}`, json({ reminderDays: [] }, t.commissioner.auth, "PATCH")))
        .status,
    ).toBe(422);
    // Due 28 July: on 10 July (18 days before) the 20-day reminder; on 26 July the 2-day one.
    await runReminders(h.db, new Date("2026-07-10T09:00:00Z"));
    const mine = async () =>
      (await h.db.select().from(notifications).where(eq(notifications.userId, t.providerUser.id))).filter(
        (n) => n.kind === "due-soon" && (n.params as { contract: string }).contract === "RD-1",
      );
    expect(await mine()).toHaveLength(1);
    await runReminders(h.db, new Date("2026-07-20T09:00:00Z"));
    expect(await mine()).toHaveLength(1);
    await runReminders(h.db, new Date("2026-07-26T09:00:00Z"));
    expect(await mine()).toHaveLength(2);
    await runReminders(h.db, new Date("2026-07-27T09:00:00Z"));
    expect(await mine()).toHaveLength(2);
  });
});
