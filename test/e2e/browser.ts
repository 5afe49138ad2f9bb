// Shared set-up for the browser tests: a real server with the demo data, Chromium, and checks every page
// gets (axe-core for WCAG 2.2 A and AA, one h1, a skip link, landmarks), plus screenshots for people.
import { randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD, type DemoSeed, seedDemo } from "../../src/demo/seed.js";
import { inProcessRenderer } from "../../src/documents/renderer.js";
import { createHarness, type Harness } from "../harness.js";
import { serveApp } from "./serve.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.resolve(here, "../../node_modules/axe-core/axe.min.js");
const SCREENSHOTS = path.resolve(here, "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface E2E {
  url: string;
  /** What the demo data's names were tagged with. */
  tag: string;
  h: Harness;
  seed: DemoSeed;
  browser: Browser;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const h = await createHarness();
  // Tagged names: on PostgreSQL every test file shares one database.
  const tag = `e2e-${randomUUID().slice(0, 6)}`;
  const seed = await seedDemo(h.db, { renderer: inProcessRenderer, files: h.deps.files, tag });
  const server = await serveApp(h.app);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    url: server.url,
    tag,
    h,
    seed,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await h.close();
    },
  };
}

/** A test file's set-up: startE2E, and one page to drive (with the errors it records). */
export async function startE2EWithPage(): Promise<{ e: E2E; page: Page; errors: string[] }> {
  const e = await startE2E();
  const { page, errors } = await newPage(e);
  return { e, page, errors };
}

export const account = (seed: DemoSeed, role: string, n = 0) =>
  seed.accounts.filter((a) => a.role === role)[n]!;

/** A fresh browser context (its own cookies) with a page that records console errors. */
export async function newPage(
  e: E2E,
  width = 1024,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await e.browser.newContext({
    viewport: { width, height: 900 },
    acceptDownloads: true,
    baseURL: e.url,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("console", (m) => {
    // A page answered 4xx (a form with errors, someone else's page) is expected; the browser logs it.
    if (m.type() === "error" && !/the server responded with a status of 4\d\d/.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors };
}

/** Signs in as a person does: the email address first, then (on the next page) the password. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
  await page.waitForLoadState("load");
  await checkPage(page);
}

interface AxeResult {
  violations: Array<{
    id: string;
    impact: string;
    help: string;
    nodes: Array<{ target: string[]; failureSummary: string }>;
  }>;
}

/** The checks every page gets: WCAG 2.2 A/AA by axe-core, one h1, a skip link to main, landmarks, the lang. */
let axeSource: string | undefined;

export async function checkPage(page: Page) {
  // The app's CSP forbids inline scripts, so addScriptTag cannot inject axe; evaluating its source
  // through the DevTools protocol is not subject to the page's CSP, and leaves the CSP switched on.
  axeSource ??= await readFile(AXE, "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(
      document,
      {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      },
    ),
  )) as AxeResult;
  const problems = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`,
  );
  expect(problems, `axe on ${page.url()}`).toEqual([]);
  const facts = await page.evaluate(() => ({
    h1: document.querySelectorAll("h1").length,
    skip: document.querySelector("a.govuk-skip-link")?.getAttribute("href"),
    main: document.querySelectorAll("main#main-content").length,
    header: document.querySelectorAll("header").length,
    footer: document.querySelectorAll("footer").length,
    lang: document.documentElement.lang,
    title: document.title,
    duplicateIds: [...document.querySelectorAll("[id]")]
      .map((el) => el.id)
      .filter((id, i, all) => all.indexOf(id) !== i),
  }));
  expect(facts, `page structure of ${page.url()}`).toMatchObject({
    h1: 1,
    skip: "#main-content",
    main: 1,
    header: 1,
    footer: 1,
    lang: "en-GB",
    duplicateIds: [],
  });
  expect(facts.title).toMatch(/ – WithUs$/);
}

/** Goes to a path, expects the status, and checks the page. */
export async function visit(page: Page, to: string, status = 200) {
  const res = await page.goto(to);
  expect(res?.status(), `status of ${to}`).toBe(status);
  await checkPage(page);
}

/** Clicks something that submits or navigates, waits for the next page and checks it. */
export async function submit(page: Page, click: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), click()]);
  await checkPage(page);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** At 320 CSS pixels wide the page must not scroll sideways (WCAG 1.4.10 reflow). */
export async function expectNoSidewaysScroll(page: Page, name: string) {
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 800 });
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-320px.png`) });
  await page.setViewportSize(before);
  expect(scroll, `sideways scroll at 320px on ${page.url()}`).toBeLessThanOrEqual(client);
}

/** The text of the error summary's links. */
export async function errorSummary(page: Page): Promise<string[]> {
  return page.locator(".govuk-error-summary__list li").allInnerTexts();
}

/** The text a user sees in an element (Playwright's innerText, which follows CSS, unlike textContent). */
export function textOf(locator: Locator): Promise<string> {
  return locator.innerText();
}
