// The acceptance story for notifications, as people would meet it, with email through a real SMTP
// server: a provider submits and the reviewers are emailed a working link; changes requested and
// acceptance reach the provider's staff; evidence due in 3 days gives one reminder per provider user
// however often the job runs (and from a second process); overdue evidence is chased weekly, at most
// four times; commissioners get a weekly overdue summary and hear when a contract's rating changes;
// someone with email off gets nothing but sees it all in the app; a change that fails sends nothing.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/node-client.js";
import { notifications } from "../../src/db/schema/index.js";
import { smtpTransport } from "../../src/entry/smtp-transport.js";
import { parseEnv } from "../../src/env.js";
import { createLogger } from "../../src/lib/log.js";
import { runNotificationJobs } from "../../src/services/notifications/jobs.js";
import type { EmailTransport } from "../../src/services/notifications/transport.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { json, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { type Mailbox, startMailbox } from "../smtp.js";

const ORIGIN = "https://withus.example.gov.uk";
const env = parseEnv({ PUBLIC_URL: ORIGIN });
// Three days before the first quarter's evidence is due (30 June + 28 days = 28 July).
const clock = makeClock("2026-07-25T09:00:00Z");
const log = createLogger("silent");
let h: Harness;
let mail: Mailbox;
let smtp: EmailTransport;
let t: Tenant;
let other: Tenant;
let provider2: TestUser;
let reviewer2: TestUser;
let contract: { id: string; reference: string };

const jobs = (db = h.db, transport = smtp) =>
  runNotificationJobs({ db, env, transport, now: clock.now(), log });

/** Emails that arrived for an address, optionally only those whose subject matches. */
const inbox = (who: { email: string }, subject?: RegExp) =>
  mail.messages.filter(
    (m, i) => mail.envelopes[i]!.includes(who.email) && (!subject || subject.test(m.subject ?? "")),
  );

beforeAll(async () => {
  h = await createHarness({ now: clock.now, isolated: true });
  mail = await startMailbox();
  smtp = smtpTransport({ url: mail.url, from: "WithUs <withus@example.gov.uk>" });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  provider2 = await makeUser(h.db, t.provider.id, "provider");
  reviewer2 = await makeUser(h.db, t.council.id, "reviewer");
  const spec = await issuedSpecification(h, t, ["FBK-02", "ACC-01"]);
  contract = await letContract(h, t, spec.id);
  // The other council has a contract too, due on the same days: its people must hear nothing of ours.
  await letContract(h, other, (await issuedSpecification(h, other, ["FBK-02"])).id);
  // The second provider user wants no email.
  const off = await call(h, "/api/me/notifications", json({ email: "off" }, provider2.auth, "PUT"));
  expect(off.status).toBe(200);
});
afterAll(async () => {
  smtp.close?.();
  await mail.stop();
  await h.close();
});

describe("notifications, end to end", () => {
  it("evidence due in 3 days: one reminder per provider user, however often and wherever the job runs", async () => {
    await jobs();
    await jobs();
    // A second process (its own connections on PostgreSQL) and a restart: the state is in the database.
    const second = h.databaseUrl ? await openDatabase({ databaseUrl: h.databaseUrl, migrate: false }) : null;
    const smtp2 = smtpTransport({ url: mail.url, from: "WithUs <withus@example.gov.uk>" });
    try {
      await Promise.all([jobs(second?.db ?? h.db, smtp2), jobs()]);
    } finally {
      smtp2.close?.();
      await second?.close();
    }
    await mail.waitFor(1);
    const due = inbox(t.providerUser, /^Evidence due on 28 July 2026/);
    expect(due).toHaveLength(1);
    expect(due[0]!.subject).toBe(`Evidence due on 28 July 2026: ${contract.reference}`);
    expect(due[0]!.text).toContain("is due on 28 July 2026, in 3 days");
    expect(due[0]!.text).toContain("Safe ways to speak up");
    expect(due[0]!.text).toContain("Accessible Information Standard");
    expect(due[0]!.text).toContain(`${ORIGIN}/contracts/${contract.id}`);
    // Email off: nothing by email, but it is in the app.
    expect(inbox(provider2)).toHaveLength(0);
    const list = await call(h, "/api/notifications", { headers: provider2.auth });
    expect(list.body.notifications.map((n: { subject: string }) => n.subject)).toContain(
      `Evidence due on 28 July 2026: ${contract.reference}`,
    );
    expect(list.body.unread).toBe(1);
    // The other council's provider has its own reminder, about its own contract only.
    const theirs = inbox(other.providerUser);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.text).not.toContain(contract.reference);
    // Nobody on the commissioning side is reminded of the provider's deadline.
    expect(inbox(t.reviewer)).toHaveLength(0);
    expect(inbox(t.commissioner)).toHaveLength(0);
  });

  it("a submission emails the reviewers (not the commissioner) with a link that opens it", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "ACC-01", "2026-27 Q1");
    const before = mail.messages.length;
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ narrative: "Client Jane Doe's records were checked." }),
      { name: "files", filename: "audit.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await jobs();
    await mail.waitFor(before + 2);
    for (const r of [t.reviewer, reviewer2]) {
      const [m] = inbox(r, /^Evidence waiting for review/);
      expect(m, r.email).toBeTruthy();
      expect(m!.subject).toBe(
        `Evidence waiting for review: Accessible Information Standard applied to everyone in treatment, ${contract.reference}`,
      );
      // Never the narrative, never the file.
      expect(m!.text).not.toContain("Jane Doe");
      expect(m!.attachments).toHaveLength(0);
      const link = `${ORIGIN}/submissions/${res.body.id}`;
      expect(m!.text).toContain(link);
      const page = await h.app.request(link.slice(ORIGIN.length), {
        headers: { ...r.auth, accept: "text/html" },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Accessible Information Standard");
    }
    expect(inbox(t.commissioner)).toHaveLength(0);
    expect(inbox(other.reviewer)).toHaveLength(0);
  });

  it("a submission that fails writes and sends nothing", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const rows = await h.db.select().from(notifications).where(eq(notifications.userId, t.reviewer.id));
    const res = await upload(h, t.providerUser.auth, ob.id, evidenceFields({ coveredTo: "2020-01-01" }));
    expect(res.status).toBe(422);
    expect(
      await h.db.select().from(notifications).where(eq(notifications.userId, t.reviewer.id)),
    ).toHaveLength(rows.length);
  });

  it("changes requested, then accepted, reach the provider's staff (email off: in the app only)", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "ACC-01", "2026-27 Q1");
    const subs = await call(h, `/api/obligations/${ob.id}/submissions`, { headers: t.reviewer.auth });
    const first = subs.body.submissions[0].id as string;
    clock.set("2026-07-25T09:10:00Z");
    const back = await call(
      h,
      `/api/submissions/${first}/reviews`,
      json(
        { decision: "changes_requested", comment: "Please remove the name of the client." },
        t.reviewer.auth,
      ),
    );
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    await jobs();
    const [changes] = inbox(t.providerUser, /^Changes needed/);
    expect(changes!.text).toContain("has asked for changes");
    expect(changes!.text).not.toContain("remove the name");
    expect(changes!.text).toContain(`${ORIGIN}/submissions/${first}`);

    clock.set("2026-07-25T09:20:00Z");
    const again = await upload(h, t.providerUser.auth, ob.id, evidenceFields());
    expect(again.status).toBe(201);
    const ok = await call(
      h,
      `/api/submissions/${again.body.id}/reviews`,
      json({ decision: "accepted", verdict: "partially_compliant" }, reviewer2.auth),
    );
    expect(ok.status).toBe(201);
    await jobs();
    const [accepted] = inbox(t.providerUser, /^Evidence accepted/);
    expect(accepted!.text).toContain("The reviewer's verdict: partially compliant.");
    expect(inbox(provider2)).toHaveLength(0);
    const list = await call(h, "/api/notifications", { headers: provider2.auth });
    expect(list.body.notifications.map((n: { kind: string }) => n.kind)).toEqual([
      "evidence-accepted",
      "changes-requested",
      "due-soon",
    ]);
  });

  it("overdue evidence is chased the day after, then weekly, four times at most; commissioners get a weekly summary and the rating change", async () => {
    const chasers = () => inbox(t.providerUser, /^Evidence overdue since 28 July 2026/);
    clock.set("2026-07-29T09:00:00Z");
    await jobs();
    await jobs();
    expect(chasers()).toHaveLength(1);
    expect(chasers()[0]!.text).toContain("Safe ways to speak up");
    // Accepted evidence is not chased.
    expect(chasers()[0]!.text).not.toContain("Accessible Information Standard");
    for (const r of [t.commissioner, t.reviewer, reviewer2]) {
      const summary = inbox(r, /^Overdue evidence this week/);
      expect(summary, r.email).toHaveLength(1);
      expect(summary[0]!.subject).toBe("Overdue evidence this week: 1 item across 1 contract");
      expect(summary[0]!.text).toContain(`${contract.reference} (`);
      const rating = inbox(r, /is now amber$/);
      expect(rating, r.email).toHaveLength(1);
      expect(rating[0]!.subject).toBe(`Contract ${contract.reference} is now amber`);
      expect(rating[0]!.text).toContain("has changed from green to amber");
    }
    for (const date of ["2026-07-31", "2026-08-05", "2026-08-12", "2026-08-19", "2026-08-26", "2026-09-02"]) {
      clock.set(`${date}T09:00:00Z`);
      await jobs();
    }
    expect(chasers()).toHaveLength(4);
    // A summary each week while evidence is overdue (the weeks of 29 July ... 2 September).
    expect(inbox(t.commissioner, /^Overdue evidence this week/)).toHaveLength(6);
    // More than 28 days overdue: red, announced once.
    expect(inbox(t.commissioner, /is now red$/)).toHaveLength(1);
    expect(inbox(other.commissioner, new RegExp(contract.reference))).toHaveLength(0);
    const pending = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, t.providerUser.id), eq(notifications.emailStatus, "pending")));
    expect(pending).toHaveLength(0);
  });
});
