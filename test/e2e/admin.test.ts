// Administration in a real browser (organisations and users), and what every visitor meets: sign-in
// redirects, HTML error pages (while the API keeps answering problem+json), and the demo seed.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations, users } from "../../src/db/schema/index.js";
import { DEMO_PASSWORD, seedDemo } from "../../src/demo/seed.js";
import { inProcessRenderer } from "../../src/documents/renderer.js";
import {
  account,
  checkPage,
  type E2E,
  errorSummary,
  expectNoSidewaysScroll,
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

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

describe("any visitor", () => {
  it("is asked to sign in, and comes back to the page they wanted", async () => {
    await visit(page, "/clauses?category=feedback");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.getByLabel("Email address").fill(account(e.seed, "commissioner").email);
    await submit(page, () => page.getByRole("button", { name: "Continue" }).click());
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole("button", { name: "Sign in" }).click());
    expect(page.url()).toBe(`${e.url}/clauses?category=feedback`);
    await submit(page, () => page.getByRole("button", { name: "Sign out" }).click());
  });

  it("gets an HTML page for a missing page, while the API answers problem+json", async () => {
    await visit(page, "/no-such-page", 404);
    await expect(textOf(page.locator("h1"))).resolves.toBe("Page not found");
    await screenshot(page, "not-found");
    const api = await page.request.get("/api/no-such-thing");
    expect(api.status()).toBe(404);
    expect(api.headers()["content-type"]).toContain("application/problem+json");
  });

  it("has GOV.UK Frontend's styles and scripts served, and never fetches the gov.uk-only font", async () => {
    for (const path of [
      "/assets/govuk/govuk-frontend.min.css",
      "/assets/govuk/govuk-frontend.min.js",
      "/assets/withus.css",
      "/assets/withus.js",
      "/assets/js-enabled.js",
      "/assets/favicon.svg",
    ]) {
      expect((await page.request.get(path)).status(), path).toBe(200);
    }
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(r.url()));
    await visit(page, "/sign-in");
    await page.evaluate(() => document.fonts.ready);
    expect(fetched.filter((u) => /\.woff2?$|\/assets\/fonts\//.test(u))).toEqual([]);
    expect(fetched.some((u) => u.endsWith("/assets/withus.css"))).toBe(true);
  });
});

describe("administrator", () => {
  it("adds an organisation", async () => {
    await signIn(page, account(e.seed, "admin").email);
    expect(new URL(page.url()).pathname).toBe("/get-started");
    await visit(page, "/admin/organisations");
    expect(await textOf(page.locator("tbody"))).toContain("Northshire County Council");
    await screenshot(page, "admin-organisations");
    await expectNoSidewaysScroll(page, "admin-organisations");
    await submit(page, () => page.getByRole("button", { name: "Add an organisation" }).click());
    await submit(page, () => page.getByRole("button", { name: "Add organisation" }).click());
    expect(await errorSummary(page)).toEqual([
      "Enter the name of the organisation",
      "Choose what kind of organisation it is",
    ]);
    await page.getByLabel("Name of the organisation").fill("Riverside Recovery Community");
    await page.getByLabel("Provider").check();
    await submit(page, () => page.getByRole("button", { name: "Add organisation" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Riverside Recovery Community added",
    );
    const [org] = await e.h.db
      .select()
      .from(organisations)
      .where(eq(organisations.name, "Riverside Recovery Community"));
    expect(org!.kind).toBe("provider");
  });

  it("adds a user to it, with the password rules explained", async () => {
    await submit(page, () => page.getByRole("button", { name: "Add a user" }).click());
    await page.getByLabel("Full name").fill("Ella Morgan");
    await page.getByLabel("Email address").fill("ella@riverside.example");
    // A provider's users are its staff or its administrator.
    await page.getByLabel("Provider staff").check();
    await page.getByLabel("First password").fill("short");
    await submit(page, () => page.getByRole("button", { name: "Add user" }).click());
    expect(await errorSummary(page)).toEqual(["The password must be at least 12 characters"]);
    expect(await page.getByLabel("Full name").inputValue()).toBe("Ella Morgan");
    // Passwords are never sent back to the page.
    expect(await page.getByLabel("First password").inputValue()).toBe("");
    await screenshot(page, "admin-user-error");
    await page.getByLabel("First password").fill("a long and unusual phrase");
    await submit(page, () => page.getByRole("button", { name: "Add user" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Ella Morgan added as provider staff",
    );
    const [u] = await e.h.db.select().from(users).where(eq(users.email, "ella@riverside.example"));
    expect(u).toMatchObject({ role: "provider", active: true });
  });

  it("deactivates and reactivates a user", async () => {
    await page.getByRole("link", { name: "Users" }).click();
    await page.waitForLoadState("load");
    await submit(page, () => page.getByRole("button", { name: "Deactivate Ella Morgan" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Ella Morgan can no longer sign in",
    );
    const [u] = await e.h.db.select().from(users).where(eq(users.email, "ella@riverside.example"));
    expect(u!.active).toBe(false);
    await screenshot(page, "admin-users");
    await submit(page, () => page.getByRole("button", { name: "Reactivate Ella Morgan" }).click());
    const [again] = await e.h.db.select().from(users).where(eq(users.email, "ella@riverside.example"));
    expect(again!.active).toBe(true);
  });

  it("reads the audit log, newest first, and filters it", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForLoadState("load");
    await checkPage(page);
    const actions = await page.locator("table tbody tr td:nth-child(4)").allInnerTexts();
    // The last thing done on this journey was reactivating Ella Morgan.
    expect(actions[0]).toBe("user.update");
    await page.getByLabel("Action").fill("organisation.create");
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    const filtered = await page.locator("table tbody tr td:nth-child(4)").allInnerTexts();
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(["organisation.create"]));
    await page.getByRole("group", { name: "From" }).getByLabel("Day").fill("30");
    await page.getByRole("group", { name: "From" }).getByLabel("Month").fill("2");
    await page.getByRole("group", { name: "From" }).getByLabel("Year").fill("2026");
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    expect(await textOf(page.locator(".govuk-error-summary"))).toContain("must be a real date");
    await screenshot(page, "admin-audit");
  });

  it("cannot use the other journeys' pages", async () => {
    for (const path of ["/specifications/new", "/reviews", "/contracts/new"]) {
      await visit(page, path, 403);
    }
    await screenshot(page, "forbidden");
  });

  it("had no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});

describe("without JavaScript", () => {
  it("signs in and submits evidence with a file", async () => {
    // No page scripts run here, so neither can axe: these pages were checked with JavaScript on.
    const context = await e.browser.newContext({ javaScriptEnabled: false, baseURL: e.url });
    const p = await context.newPage();
    const go = (click: () => Promise<unknown>) => Promise.all([p.waitForNavigation(), click()]);
    await p.goto("/sign-in");
    await p.getByLabel("Email address").fill(account(e.seed, "provider", 1).email);
    await go(() => p.getByRole("button", { name: "Continue" }).click());
    await p.getByLabel("Password").fill(DEMO_PASSWORD);
    await go(() => p.getByRole("button", { name: "Sign in" }).click());
    // Signing in lands on the home page; its link to every contract works without scripts too.
    await go(() => p.getByRole("link", { name: "See all your contracts" }).click());
    await go(() => p.locator("tbody a").first().click());
    await go(() => p.locator(".govuk-task-list a", { hasText: "ACC-04" }).first().click());
    await p.getByLabel("Describe the evidence").fill("Sent from a browser with JavaScript switched off.");
    await p
      .locator("#files")
      .setInputFiles([
        { name: "no-js.txt", mimeType: "text/plain", buffer: Buffer.from("plain text evidence\n") },
      ]);
    await p.getByLabel("I confirm that this evidence does not identify anyone who uses the service").check();
    await go(() => p.getByRole("button", { name: "Submit evidence" }).click());
    expect(await textOf(p.locator("h1"))).toBe("Evidence submitted");
    expect(await textOf(p.locator("main"))).toContain("no-js.txt");
    await context.close();
  });
});

describe("demo seed", () => {
  it("changes nothing when run again", async () => {
    const before = await e.h.db.select().from(users);
    const again = await seedDemo(e.h.db, { renderer: inProcessRenderer, files: e.h.deps.files, tag: e.tag });
    expect(again.created).toBe(false);
    expect(again.specificationId).toBe(e.seed.specificationId);
    expect(again.contractIds.sort()).toEqual([...e.seed.contractIds].sort());
    expect(await e.h.db.select().from(users)).toHaveLength(before.length);
  });
});
