// Email keeps flowing when a notification step meets a record it cannot handle. The real Node entry, its
// own timer every second, and an obligation whose contract is in no table (what two processes on one
// embedded database once left behind; made here with the foreign-key checks off): a password reset still
// reaches a real SMTP server within five intervals, and the operator is told once, in the app.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { notifications, obligations } from "../../src/db/schema/index.js";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { createLogger } from "../../src/lib/log.js";
import { addDays, londonDate } from "../../src/model/dates.js";
import { runNotificationJobs } from "../../src/services/notifications/jobs.js";
import { issuedSpecification, letContract, makeClock } from "../contracts/fixtures.js";
import { templateDataDir } from "../data-dir.js";
import { makeOperator, makeTenant } from "../factories.js";
import { createHarness } from "../harness.js";
import { type Mailbox, startMailbox } from "../smtp.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
let mail: Mailbox | undefined;
afterAll(async () => {
  await mail?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const INTERVAL_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("notification steps run separately", () => {
  it("with an overdue obligation whose contract is in no table, a password reset arrives within five intervals, and the operator has exactly one report after ten", async () => {
    mail = await startMailbox();
    const dataDir = await templateDataDir("withus-steps-");
    dirs.push(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((l: unknown) => {
      lines.push(String(l));
    });
    const admin = { email: "first.operator@example.test", password: "a long admin passphrase" };
    const node = await startNode(
      parseEnv({
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: "",
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        SMTP_URL: mail.url,
        MAIL_FROM: "WithUs <withus@example.gov.uk>",
        PUBLIC_URL: "https://withus.example.gov.uk",
        JOBS_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      }),
    );
    try {
      const db = node.deps.database().db;
      const today = londonDate(new Date());
      const contractId = randomUUID();
      const [orphan] = await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        return tx
          .insert(obligations)
          .values({
            contractId,
            organisationId: randomUUID(),
            providerOrganisationId: randomUUID(),
            clauseVersionId: randomUUID(),
            clauseKey: "FBK-01",
            clauseTitle: "A clause of a lost contract",
            frequency: "quarterly",
            period: "2026-27 Q2",
            periodStart: addDays(today, -60),
            periodEnd: addDays(today, -30),
            dueDate: addDays(today, -2),
          })
          .returning({ id: obligations.id });
      });
      const orphanAt = Date.now();

      const asked = Date.now();
      const reset = await fetch(`${base}/api/auth/password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: admin.email }),
      });
      expect(reset.status).toBe(202);
      const [m] = await mail.waitFor(1, 5 * INTERVAL_MS);
      expect(m!.subject).toBe("Reset your WithUs password");
      expect(Date.now() - asked).toBeLessThanOrEqual(5 * INTERVAL_MS);

      await sleep(Math.max(0, orphanAt + 10 * INTERVAL_MS - Date.now()));
      const login = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(admin),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const { notifications } = (await (
        await fetch(`${base}/api/notifications?limit=100`, { headers: { cookie } })
      ).json()) as { notifications: Array<{ kind: string; subject: string; link: string }> };
      const reports = notifications.filter((n) => n.kind === "record-skipped");
      expect(reports).toEqual([
        {
          ...reports[0],
          subject: "WithUs left out a record it could not handle: overdue reminders",
          link: "/notifications",
        },
      ]);
      // The log says what was skipped by its ids, once, and never the clause's or anyone's name.
      const skipped = lines.filter((l) => l.includes("notification step skipped a record"));
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toContain(contractId);
      expect(skipped[0]).toContain(orphan!.id);
      expect(lines.join("\n")).not.toContain("lost contract");
      expect(lines.filter((l) => l.includes("notification step failed"))).toEqual([]);
    } finally {
      spy.mockRestore();
      await node.stop();
    }
  }, 120_000);

  it("a reminder that cannot be written is skipped and reported once; the other contract's reminder, the digests and delivery still run", async () => {
    // Three days before the first quarter's evidence is due (30 June + 28 days = 28 July).
    const clock = makeClock("2026-07-25T09:00:00Z");
    const h = await createHarness({ now: clock.now, isolated: true });
    try {
      const [ok, broken] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
      const operator = await makeOperator(h.db);
      await letContract(h, ok, (await issuedSpecification(h, ok, ["FBK-02"])).id);
      const lost = await letContract(h, broken, (await issuedSpecification(h, broken, ["FBK-02"])).id);
      // Its provider organisation is in no table (foreign-key checks off): its names cannot be read.
      await h.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(
          sql`update contracts set provider_organisation_id = ${randomUUID()} where id = ${lost.id}`,
        );
      });
      const lines: string[] = [];
      const log = createLogger("info", (l) => lines.push(l));
      const env = parseEnv({ PUBLIC_URL: "https://withus.example.gov.uk" });
      const results = [];
      for (let run = 0; run < 3; run++)
        results.push(await runNotificationJobs({ db: h.db, env, transport: null, now: clock.now(), log }));
      expect(results.map((r) => r.failed)).toEqual([[], [], []]);
      // Delivery ran after the reminders: with email off, each message is marked as not sent.
      expect(results[0]!.delivery?.notSent).toBeGreaterThan(0);
      const kinds = async (userId: string) =>
        (await h.db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind);
      expect(await kinds(ok.providerUser.id)).toEqual(["due-soon"]);
      expect(await kinds(broken.providerUser.id)).toEqual([]);
      const reports = await h.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, operator.id), eq(notifications.kind, "record-skipped")));
      expect(reports).toHaveLength(1);
      expect(reports[0]!.subject).toBe("WithUs left out a record it could not handle: due-soon reminders");
      expect(JSON.stringify(reports[0]!.params)).toContain(`contract ${lost.id}`);
      const skipped = lines.filter((l) => l.includes("notification step skipped a record"));
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toContain(lost.id);
    } finally {
      await h.close();
    }
  }, 120_000);
});
