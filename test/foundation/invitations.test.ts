// Invitations and password resets, end to end through the outbox and a real SMTP server: the email
// arrives, its link is followed, and what it allows happens once.

import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../src/db/schema/index.js";
import { smtpTransport } from "../../src/entry/smtp-transport.js";
import { createLogger } from "../../src/lib/log.js";
import { runScheduledJobs } from "../../src/services/jobs/scheduled.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";
import { json, makeOperator, makeTenant, makeUser, PASSWORD, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { type Mailbox, startMailbox } from "../smtp.js";

const ORIGIN = "https://withus.example.gov.uk";
const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
let h: Harness;
let mail: Mailbox;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  // Its own database: delivery sends every pending message, and must not take other suites'.
  h = await createHarness({ isolated: true, config: { TRUST_PROXY: "true" } });
  mail = await startMailbox();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(async () => {
  await mail.stop();
  await h.close();
});

/** Runs the delivery job; the messages that arrived for this address. */
async function deliverTo(email: string): Promise<ParsedMail[]> {
  await deliverEmail({
    db: h.db,
    transport: smtpTransport({ url: mail.url, from: "WithUs <withus@example.gov.uk>" }),
    origin: ORIGIN,
    now: new Date(),
    log: createLogger("silent"),
  });
  return mail.messages.filter((m) => JSON.stringify(m.to).includes(email));
}

/** The path of the link in an email (its text part), checked to start with the public address. */
function linkIn(m: ParsedMail, prefix: string): string {
  const url = new RegExp(`${ORIGIN}(${prefix}[A-Za-z0-9_-]+)`).exec(m.text ?? "")?.[1];
  expect(url, m.text).toBeTruthy();
  return url!;
}

const postForm = (path: string, fields: Record<string, string>) =>
  h.app.request(path, { method: "POST", headers: FORM, body: new URLSearchParams(fields).toString() });

describe("invitations", () => {
  it("an admin invites a reviewer; the email arrives; the link sets a password once; the reviewer signs in", async () => {
    const email = `invited-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const res = await h.app.request(
      "/api/users",
      json({ email, name: "Ivy Reviewer", role: "reviewer", organisationId: t.council.id }, t.admin.auth),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { passwordSet: boolean }).passwordSet).toBe(false);
    // No password yet, so no password signs in.
    await expect(signInSession(h.app, email, PASSWORD)).rejects.toThrow(/401/);

    const [invite] = await deliverTo(email);
    expect(invite!.subject).toBe(`You have been invited to WithUs by ${t.council.name}`);
    expect(invite!.text).toContain("7 days");
    const path = linkIn(invite!, "/invitations/");

    const form = await h.app.request(path, { headers: { accept: "text/html" } });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(email);
    const weak = await postForm(path, { password: "password1234" });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain("The password is too common");
    const set = await postForm(path, { password: "ivy chooses a long one" });
    expect(set.status).toBe(303);
    expect(set.headers.get("location")).toMatch(/^\/sign-in\?email=/);
    await signInSession(h.app, email, "ivy chooses a long one");

    // Single use.
    expect((await postForm(path, { password: "someone else's try here" })).status).toBe(404);
    expect(await (await h.app.request(path, { headers: { accept: "text/html" } })).text()).toContain(
      "This invitation link does not work",
    );
  });

  it("an admin can resend (the old link dies) or cancel; another organisation's admin gets 404; the operator alone may still give a password", async () => {
    const email = `pending-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const res = await h.app.request(
      "/api/users",
      json({ email, name: "Pat Pending", role: "commissioner", organisationId: t.council.id }, t.admin.auth),
    );
    const { id } = (await res.json()) as { id: string };
    const first = linkIn((await deliverTo(email))[0]!, "/invitations/");

    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "POST", headers: other.admin.auth }))
        .status,
    ).toBe(404);
    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "DELETE", headers: other.admin.auth }))
        .status,
    ).toBe(404);
    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "POST", headers: t.commissioner.auth }))
        .status,
    ).toBe(403);

    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "POST", headers: t.admin.auth })).status,
    ).toBe(202);
    const messages = await deliverTo(email);
    expect(messages).toHaveLength(2);
    const second = linkIn(messages[1]!, "/invitations/");
    expect(second).not.toBe(first);
    expect((await h.app.request(first, { headers: { accept: "text/html" } })).status).toBe(404);
    expect((await h.app.request(second, { headers: { accept: "text/html" } })).status).toBe(200);

    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "DELETE", headers: t.admin.auth }))
        .status,
    ).toBe(204);
    expect((await h.app.request(second, { headers: { accept: "text/html" } })).status).toBe(404);
    // Cancelled twice, or resent after cancelling: a conflict, said plainly.
    expect(
      (await h.app.request(`/api/users/${id}/invitation`, { method: "POST", headers: t.admin.auth })).status,
    ).toBe(409);

    // Only the operator sets a password at creation (scripted set-up); an administrator's is refused at
    // the field, so the answer cannot say whether the address has an account elsewhere.
    const body = {
      email: `scripted-${id.slice(0, 8)}@example.test`,
      name: "Sam Script",
      role: "reviewer",
      organisationId: t.council.id,
      password: PASSWORD,
    };
    const byAdmin = await h.app.request("/api/users", json(body, t.admin.auth));
    expect(byAdmin.status).toBe(422);
    expect(((await byAdmin.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("password");
    const scripted = await h.app.request("/api/users", json(body, (await makeOperator(h.db)).auth));
    expect(scripted.status).toBe(201);
    expect(((await scripted.json()) as { passwordSet: boolean }).passwordSet).toBe(true);
  });
});

describe("invitations from the admin pages", () => {
  it("adding a user with no password emails an invitation; the list says Invited and offers to resend or cancel", async () => {
    const s = await signInSession(h.app, t.admin.email);
    const email = `page-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const added = await h.app.request(`/admin/organisations/${t.council.id}/users`, {
      method: "POST",
      headers: { ...FORM, cookie: s.cookie },
      body: new URLSearchParams({
        _csrf: s.csrfToken,
        name: "Paige Added",
        email,
        role: "reviewer",
        password: "",
      }).toString(),
    });
    expect(added.status).toBe(303);
    const [invite] = await deliverTo(email);
    linkIn(invite!, "/invitations/");
    const list = await (
      await h.app.request("/admin/users", { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    const row = list.slice(list.indexOf(email), list.indexOf(email) + 2500);
    expect(row).toContain("Invited");
    expect(row).toContain("Send a new invitation");
    expect(row).toContain("Cancel the invitation");
  });
});

describe("password reset", () => {
  it("the email's link works once; old sessions and tokens stop; an unknown address gets the same 202 and no email", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const old = await signInSession(h.app, u.email);
    const ask = (email: string) => h.app.request("/api/auth/password-reset", json({ email }));
    const known = await ask(u.email.toUpperCase());
    const unknownEmail = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const unknown = await ask(unknownEmail);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.text()).toBe(await known.text());
    await h.settled();

    const before = mail.messages.length;
    const [reset] = await deliverTo(u.email);
    expect(mail.messages.length).toBe(before + 1);
    expect(mail.envelopes.flat()).not.toContain(unknownEmail);
    expect(reset!.subject).toBe("Reset your WithUs password");
    const path = linkIn(reset!, "/reset-password/");

    expect((await h.app.request(path, { headers: { accept: "text/html" } })).status).toBe(200);
    const done = await postForm(path, { password: "a brand new passphrase" });
    expect(done.status).toBe(303);
    expect((await h.app.request("/api/me", { headers: { cookie: old.cookie } })).status).toBe(401);
    expect((await h.app.request("/api/me", { headers: u.auth })).status).toBe(401);
    await expect(signInSession(h.app, u.email, PASSWORD)).rejects.toThrow(/401/);
    await signInSession(h.app, u.email, "a brand new passphrase");
    expect((await postForm(path, { password: "and another one here" })).status).toBe(404);

    // The hourly job drops the sent link from the outbox: the token is kept nowhere in the clear.
    await runScheduledJobs({ db: h.db, files: h.deps.files, now: new Date(), log: createLogger("silent") });
    const token = path.split("/").at(-1)!;
    const rows = await h.db.select().from(notifications).where(eq(notifications.userId, u.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("the sign-in page links to the form, which answers the same for any address", async () => {
    const signIn = await h.app.request("/sign-in", { headers: { accept: "text/html" } });
    expect(await signIn.text()).toContain('href="/forgot-password"');
    const res = await postForm("/forgot-password", { email: "no-one-at-all@example.test" });
    expect(res.status).toBe(303);
    const page = await h.app.request("/sign-in", {
      headers: { accept: "text/html", cookie: res.headers.get("set-cookie")!.split(";")[0]! },
    });
    expect(await page.text()).toContain("If there is a WithUs account for that email address");
  });
});

describe("how long the links live", () => {
  it("an invitation's link works for 7 days, a reset link for 1 hour, and neither after", async () => {
    let clock = new Date("2026-11-02T09:00:00Z");
    const timed = await createHarness({ now: () => clock });
    try {
      const tenant = await makeTenant(timed.db);
      const linkOf = async (userId: string, kind: string) => {
        const rows = await timed.db.select().from(notifications).where(eq(notifications.userId, userId));
        return rows.find((r) => r.kind === kind)!.link!;
      };
      const status = async (path: string) =>
        (await timed.app.request(path, { headers: { accept: "text/html" } })).status;
      const at = (ms: number) => new Date(Date.parse("2026-11-02T09:00:00Z") + ms);
      const HOUR = 60 * 60 * 1000;

      const invited = await timed.app.request(
        "/api/users",
        json(
          {
            email: `later-${crypto.randomUUID().slice(0, 8)}@example.test`,
            name: "Lee Later",
            role: "reviewer",
            organisationId: tenant.council.id,
          },
          tenant.admin.auth,
        ),
      );
      const invitation = await linkOf(((await invited.json()) as { id: string }).id, "invitation");
      clock = at(7 * 24 * HOUR - 60_000);
      expect(await status(invitation)).toBe(200);
      clock = at(7 * 24 * HOUR + 60_000);
      expect(await status(invitation)).toBe(404);

      clock = at(0);
      const u = await makeUser(timed.db, tenant.council.id, "reviewer");
      expect((await timed.app.request("/api/auth/password-reset", json({ email: u.email }))).status).toBe(
        202,
      );
      await timed.settled();
      const reset = await linkOf(u.id, "password-reset");
      clock = at(HOUR - 60_000);
      expect(await status(reset)).toBe(200);
      clock = at(HOUR + 60_000);
      expect(await status(reset)).toBe(404);
      const late = await timed.app.request(reset, {
        method: "POST",
        headers: FORM,
        body: new URLSearchParams({ password: "a late new passphrase" }).toString(),
      });
      expect(late.status).toBe(404);
    } finally {
      await timed.close();
    }
  });
});
