// People who use the service, in a real browser: a commissioner links a forum to a contract, the forum's
// representative signs in, sees only that contract's promises and shared evidence, disagrees without
// showing their name; the reviewer sees the disagreement and must answer it; the provider sees the
// comment but not the name. Then the public page: published, read by anyone without JavaScript, printed,
// and 404 once unpublished. axe checks every page on the way.
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, obligations, validations } from "../../src/db/schema/index.js";
import { minimalPdf } from "../../src/demo/pdf.js";
import { todayOf } from "../../src/services/contracts/obligation-status.js";
import { upload } from "../contracts/fixtures.js";
import { makeOrganisation, makeUser, PASSWORD, type TestUser } from "../factories.js";
import {
  account,
  checkPage,
  type E2E,
  errorSummary,
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
let forum: { id: string; name: string };
let rep: TestUser;
let contractId: string;
let otherContractId: string;
let submissionId: string;
const COMMENT = "The forum was not asked about these survey questions.";

/** A user-led obligation of the contract that takes evidence now. */
async function userLedObligation() {
  const rows = await e.h.db
    .select()
    .from(obligations)
    .where(
      and(
        eq(obligations.contractId, contractId),
        inArray(obligations.clauseKey, ["GRP-01", "LOOP-01", "FBK-01", "ULR-01", "GOV-03"]),
        inArray(obligations.state, ["pending", "changes_requested"]),
        lte(obligations.periodStart, todayOf(new Date())),
      ),
    );
  expect(rows.length).toBeGreaterThan(0);
  return rows[0]!;
}

beforeAll(async () => {
  ({ e, page } = await startE2EWithPage());
  [contractId, otherContractId] = e.seed.contractIds as [string, string];
  forum = await makeOrganisation(e.h.db, "user_group", `Northshire Recovery Forum ${e.tag}`);
  rep = await makeUser(e.h.db, forum.id, "representative", `rep-${e.tag}@forum.example`);
});
afterAll(() => e?.close());

describe("a representative checks the evidence", () => {
  it("lets the commissioner link the forum on the contract page", async () => {
    await signIn(page, account(e.seed, "commissioner").email);
    await visit(page, `/contracts/${contractId}`);
    await page.getByLabel("Link a group").selectOption({ label: forum.name });
    await submit(page, () => page.getByRole("button", { name: "Link group" }).click());
    await expect(textOf(page.locator(".govuk-notification-banner"))).resolves.toContain(
      `${forum.name} is linked to this contract.`,
    );
    await screenshot(page, "contract-people");
  });

  it("asks the provider a plain question about sharing, and the forum is told", async () => {
    const ob = await userLedObligation();
    // The provider's form asks the question; the evidence itself goes in through the same service.
    const providerAccount = account(e.seed, "provider");
    const { page: p, context } = await newPage(e);
    await signIn(p, providerAccount.email);
    await visit(p, `/obligations/${ob.id}`);
    await expect(
      p
        .getByRole("group", {
          name: "Can the group of people who use the service see this evidence and its files?",
        })
        .count(),
    ).resolves.toBe(1);
    expect(await p.getByLabel("No", { exact: true }).isChecked()).toBe(true);
    await context.close();
    const staff = await makeUser(e.h.db, e.seed.providerIds[0], "provider");
    const sent = await upload(e.h, staff.auth, ob.id, [
      { name: "narrative", value: "Survey results for the quarter, with the themes people raised." },
      { name: "coveredFrom", value: ob.periodStart },
      { name: "coveredTo", value: ob.periodStart },
      { name: "shareable", value: "yes" },
      { name: "noPersonalData", value: "true" },
      {
        name: "files",
        filename: "survey-results.pdf",
        contentType: "application/pdf",
        data: minimalPdf(["Survey results"]),
      },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    submissionId = sent.body.id;
    const told = await e.h.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    expect(told.map((n) => [n.kind, n.link])).toEqual([
      ["view-wanted", `/involvement/evidence/${submissionId}`],
    ]);
  });

  it("shows the representative only their service: promises in plain words, status in words, what to check", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, rep.email, PASSWORD);
    expect(new URL(p.url()).pathname).toBe("/involvement");
    await expect(textOf(p.locator("h1"))).resolves.toBe("Services your group checks");
    const links = await p.locator("main ul a").allInnerTexts();
    expect(links).toEqual(["Northshire Adult Drug and Alcohol Treatment and Recovery Service"]);
    await submit(p, () => p.locator("main ul a").first().click());
    const text = await textOf(p.locator("main"));
    expect(text).toContain("1 thing is waiting for your view.");
    expect(text).toMatch(/done, and checked|late|not due yet/);
    await screenshot(p, "representative-contract");
    await expectNoSidewaysScroll(p, "representative-contract");

    await submit(p, () => p.locator(`a[href="/involvement/evidence/${submissionId}"]`).click());
    await expect(textOf(p.locator("main"))).resolves.toContain("Survey results for the quarter");
    await submit(p, () => p.getByRole("button", { name: "Send my view" }).click());
    expect(await errorSummary(p)).toEqual(["Choose yes, partly or no"]);
    await p.getByLabel("No, it does not match what I have seen").check();
    await p.getByLabel("Tell us more (you do not have to)").fill(COMMENT);
    expect(await p.getByLabel("Show my name to the service").isChecked()).toBe(false);
    await submit(p, () => p.getByRole("button", { name: "Send my view" }).click());
    await expect(textOf(p.locator(".govuk-notification-banner"))).resolves.toContain("We have your view.");
    await expect(textOf(p.locator("main"))).resolves.toContain("The service cannot see your name.");
    await screenshot(p, "representative-view-given");
    const [row] = await e.h.db.select().from(validations).where(eq(validations.submissionId, submissionId));
    expect(row).toMatchObject({ view: "disagree", showMyName: false, comment: COMMENT, userId: rep.id });

    // Another contract of the same council is not theirs: not found.
    await visit(p, `/involvement/contracts/${otherContractId}`, 404);
    await visit(p, "/reviews", 403);
    await context.close();
  });

  it("shows the reviewer the disagreement before deciding, and asks for an answer to it", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "reviewer").email);
    await visit(p, `/submissions/${submissionId}`);
    const views = await textOf(p.locator("#views-heading").locator("xpath=.."));
    expect(views).toContain("Disagrees: it does not match their experience");
    expect(views).toContain(COMMENT);
    expect(views).toContain("Test representative");
    await p.getByLabel("Accept the evidence").check();
    await p.getByLabel("Compliant", { exact: true }).check();
    await submit(p, () => p.getByRole("button", { name: "Save decision" }).click());
    expect(await errorSummary(p)).toEqual([
      "Answer the people who disagreed: say how you weighed their view",
    ]);
    await p
      .getByLabel("Your answer to the people who disagreed")
      .fill("The forum will help write next year's survey.");
    await submit(p, () => p.getByRole("button", { name: "Save decision" }).click());
    expect(new URL(p.url()).pathname).toBe("/reviews");
    await context.close();
  });

  it("shows the provider the comment but not the name", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "provider").email);
    await visit(p, `/submissions/${submissionId}`);
    const views = await textOf(p.locator("#views-heading").locator("xpath=.."));
    expect(views).toContain(COMMENT);
    expect(views).toContain("Name not shown");
    expect(views).not.toContain("Test representative");
    await context.close();
  });
});

describe("the public page", () => {
  let slug: string;

  it("is published by the commissioner with how to get involved", async () => {
    await visit(page, `/contracts/${contractId}/public-page`);
    await page.getByLabel("Yes, publish it").check();
    await page
      .getByLabel("How people can get involved")
      .fill("Come to the forum. It meets on the first Monday of the month.");
    await page.getByLabel("Email address for getting involved").fill("not an address");
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    expect(await errorSummary(page)).toEqual(["Enter an email address like name@example.org"]);
    await page.getByLabel("Email address for getting involved").fill("forum@example.org");
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    const href = await page.getByRole("link", { name: /^\/services\// }).getAttribute("href");
    slug = href!.replace("/services/", "");
  });

  it("reads to anyone, without JavaScript, with no names or files, and passes axe", async () => {
    const context = await e.browser.newContext({ baseURL: e.url, javaScriptEnabled: false });
    const p = await context.newPage();
    const res = await p.goto(`/services/${slug}`);
    expect(res?.status()).toBe(200);
    await context.close();
    // axe needs script to run; the same page in a script-enabled, signed-out browser.
    const { page: anon, context: c2 } = await newPage(e);
    await visit(anon, `/services/${slug}`);
    const text = await textOf(anon.locator("main"));
    expect(text).toContain("What the service promises");
    expect(text).toContain("Come to the forum. It meets on the first Monday of the month.");
    for (const s of ["Survey results", COMMENT, "survey-results.pdf", "Test representative"])
      expect(text).not.toContain(s);
    await expect(anon.locator('a[href^="/files/"]').count()).resolves.toBe(0);
    await screenshot(anon, "public-service-page");
    await expectNoSidewaysScroll(anon, "public-service-page");
    await anon.emulateMedia({ media: "print" });
    await expect(anon.locator(".govuk-footer").isVisible()).resolves.toBe(false);
    await expect(anon.locator("h1").isVisible()).resolves.toBe(true);
    await anon.screenshot({ path: "test/e2e/screenshots/public-service-page-print.png", fullPage: true });
    await c2.close();
  });

  it("answers 404 once unpublished", async () => {
    await visit(page, `/contracts/${contractId}/public-page`);
    await page.getByLabel("No", { exact: true }).check();
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    const { page: anon, context } = await newPage(e);
    await visit(anon, `/services/${slug}`, 404);
    await context.close();
    await checkPage(page);
  });
});
