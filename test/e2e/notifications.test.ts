// Notifications in a real browser: each role's home starts with what needs attention, the header's
// unread count, the notifications list (opening one marks it read), email preferences and the calendar
// address, and the administrators' undelivered email. axe checks every page visited.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";
import { enqueueMessage } from "../../src/services/notifications/enqueue.js";
import {
  account,
  type E2E,
  expectNoSidewaysScroll,
  newPage,
  screenshot,
  signIn,
  startE2EWithPage,
  submit,
  textOf,
  visit,
} from "./browser.js";

let e: E2E;
let page: Page;
let pageErrors: string[];

async function userId(email: string) {
  const [u] = await e.h.db
    .select({ id: users.id, org: users.organisationId })
    .from(users)
    .where(eq(users.email, email));
  return u!;
}

const headerCount = () => page.locator(".app-header__count").allInnerTexts();

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

describe("notifications in the browser", () => {
  it("the reviewer's home lists what waits for review; the header counts unread notifications", async () => {
    const reviewer = account(e.seed, "reviewer");
    const me = await userId(reviewer.email);
    await enqueueMessage(
      e.h.db,
      {
        userId: me.id,
        organisationId: me.org,
        kind: "rating-changed",
        params: { contract: "NSC-TEST", provider: "Harbour Lane", before: "green", rating: "amber" },
        link: "/compliance",
        dedupeKey: "e2e:rating",
      },
      new Date(),
    );
    await signIn(page, reviewer.email);
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(textOf(page.locator("h1"))).resolves.toBe("What needs your attention");
    await expect(textOf(page.locator("main h2").first())).resolves.toMatch(
      /^Waiting for review, oldest first \(2\)$/,
    );
    const unread = Number((await headerCount())[0]);
    expect(unread).toBeGreaterThanOrEqual(1);
    await screenshot(page, "reviewer-home");

    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe("/notifications");
    await expect(textOf(page.locator("h1"))).resolves.toBe("Notifications");
    const first = page.locator(".app-notification a").first();
    await expect(textOf(first)).resolves.toBe("Contract NSC-TEST is now amber");
    await screenshot(page, "notifications");
    await expectNoSidewaysScroll(page, "notifications");
    // Opening it marks it read and goes to its page.
    await submit(page, () => first.click());
    expect(new URL(page.url()).pathname).toBe("/compliance");
    const after = await headerCount();
    expect(after.length ? Number(after[0]) : 0).toBe(unread - 1);

    await visit(page, "/notifications");
    if (unread > 1) {
      await submit(page, () => page.getByRole("button", { name: "Mark all as read" }).click());
      await expect(textOf(page.locator(".govuk-notification-banner__heading"))).resolves.toBe(
        "All your notifications are marked as read",
      );
    }
    expect(await headerCount()).toEqual([]);
    await expect(textOf(page.locator("#notifications-status"))).resolves.toMatch(
      /^You have no unread notifications\./,
    );
  });

  it("chooses when emails come, and creates, uses and stops a calendar address", async () => {
    await visit(page, "/account");
    await submit(page, () => page.getByRole("link", { name: /Change\s+emails and calendar/ }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe("Emails and calendar");
    expect(await page.getByLabel("Straight away").isChecked()).toBe(true);
    await page.getByLabel("Once a day").check();
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    await expect(textOf(page.locator(".govuk-notification-banner__heading"))).resolves.toBe(
      "Your email choice is saved",
    );
    expect(await page.getByLabel("Once a day").isChecked()).toBe(true);

    await submit(page, () => page.getByRole("button", { name: "Create a calendar address" }).click());
    const address = await textOf(page.locator("#calendar-address"));
    expect(address).toMatch(/\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    await screenshot(page, "calendar-address");
    const feed = await page.request.get(address);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(await feed.text()).toContain("BEGIN:VEVENT");

    await visit(page, "/account/notifications");
    await submit(page, () => page.getByRole("button", { name: "Stop my calendar address working" }).click());
    expect((await page.request.get(address)).status()).toBe(404);
    await submit(page, () => page.getByRole("button", { name: "Sign out" }).click());
  });

  it("the provider's home starts with overdue and due evidence; the commissioner's with contracts rated red or amber", async () => {
    const { page: p2 } = await newPage(e);
    const prev = page;
    page = p2;
    try {
      await signIn(page, account(e.seed, "provider", 0).email);
      const headings = await page.locator("main h2").allInnerTexts();
      expect(headings[0]).toMatch(/^Overdue \(\d+\)$/);
      expect(headings[1]).toMatch(/^Due in the next 14 days \(\d+\)$/);
      expect(headings[2]).toMatch(/^Returned for changes \(\d+\)$/);
      await screenshot(page, "provider-home");
      await expectNoSidewaysScroll(page, "provider-home");
      await submit(page, () => page.getByRole("button", { name: "Sign out" }).click());

      await signIn(page, account(e.seed, "commissioner").email);
      const c = await page.locator("main h2").allInnerTexts();
      expect(c[0]).toMatch(/^Contracts rated red or amber \(\d+\)$/);
      expect(c[1]).toMatch(/^Evidence overdue \(\d+\)$/);
      await screenshot(page, "commissioner-home");
      await submit(page, () => page.getByRole("button", { name: "Sign out" }).click());
    } finally {
      page = prev;
    }
  });

  it("administrators see undelivered email with its error", async () => {
    const commissioner = await userId(account(e.seed, "commissioner").email);
    await enqueueMessage(
      e.h.db,
      {
        userId: commissioner.id,
        organisationId: commissioner.org,
        kind: "rating-changed",
        params: { contract: "NSC-FAIL", provider: "Harbour Lane", before: "amber", rating: "red" },
        link: "/compliance",
        dedupeKey: "e2e:fail",
      },
      new Date(),
    );
    await deliverEmail({
      db: e.h.db,
      transport: {
        name: "smtp",
        send: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:25");
        },
      },
      origin: e.url,
      now: new Date(),
      log: createLogger("silent"),
    });
    await signIn(page, account(e.seed, "admin").email);
    await visit(page, "/admin/outbox");
    await expect(textOf(page.locator("h1"))).resolves.toBe("Undelivered email");
    const row = page.locator("tbody tr", { hasText: "Contract NSC-FAIL is now red" });
    await expect(textOf(row)).resolves.toMatch(/Trying again[\s\S]*connect ECONNREFUSED 127\.0\.0\.1:25/);
    await screenshot(page, "admin-outbox");
    expect(pageErrors).toEqual([]);
  });
});
