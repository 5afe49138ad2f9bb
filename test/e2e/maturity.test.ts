// The involvement-maturity review in a real browser: the provider records the year's review with its
// forum, the reviewer confirms it and changes one rating with a reason, and the contract's compliance page
// shows the trend. Every page visited gets the axe WCAG 2.2 AA check.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { involvementReviews } from "../../src/db/schema/index.js";
import {
  account,
  type E2E,
  errorSummary,
  expectNoSidewaysScroll,
  newPage,
  screenshot,
  signIn,
  startE2E,
  submit,
  textOf,
  visit,
} from "./browser.js";

let e: E2E;
let contractId: string;
const errors: string[] = [];
beforeAll(async () => {
  e = await startE2E();
  contractId = e.seed.contractIds[0]!;
});
afterAll(() => e?.close());

describe("involvement-maturity review", () => {
  it("the provider records the year's review with the forum, after fixing what the form points out", async () => {
    const { page, errors: errs } = await newPage(e);
    await signIn(page, account(e.seed, "provider").email);
    await visit(page, `/contracts/${contractId}`);
    await submit(page, () => page.getByRole("button", { name: "Involvement maturity" }).click());
    expect(await textOf(page.locator("#trend"))).toBe("No review recorded yet.");
    await submit(page, () => page.getByRole("button", { name: "Record a review" }).click());
    await submit(page, () => page.getByRole("button", { name: "Record the review" }).click());
    const summary = await errorSummary(page);
    expect(summary).toContain("Enter the forum or organisation you completed it with");
    expect(summary).toContain(
      "Choose the description that matches decisions people with lived experience influenced",
    );
    await page
      .getByLabel("Forum or lived experience organisation you completed it with")
      .fill("Northshire Recovery Forum");
    await page.getByLabel("Service users who took part").fill("6");
    const choose = async (legend: string, score: number, evidence: string) => {
      await page
        .getByRole("group", { name: legend })
        .getByLabel(new RegExp(`^${score}: `))
        .check();
      await page.getByLabel(`Evidence for ${legend.toLowerCase()}`).fill(evidence);
    };
    await choose(
      "Decisions people with lived experience influenced",
      3,
      "Activity register: 6 of 14 decisions",
    );
    await choose("Seats they hold in governance", 3, "Two seats on the quality group");
    await choose("Budget they control or decide on", 2, "Forum asked about spend twice");
    await choose("What changed because of them", 2, "Evening clinic started");
    await screenshot(page, "maturity-provider-form");
    await expectNoSidewaysScroll(page, "maturity-provider-form");
    await submit(page, () => page.getByRole("button", { name: "Record the review" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toMatch(
      /^The \d{4} review is recorded$/,
    );
    expect(await textOf(page.locator("#trend"))).toMatch(/^pragmatist in \d{4} \(not yet confirmed\)$/);
    const rows = await e.h.db
      .select()
      .from(involvementReviews)
      .where(eq(involvementReviews.contractId, contractId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      completedWith: "Northshire Recovery Forum",
      participants: 6,
      approach: "pragmatist",
      level: "collaborate",
    });
    errors.push(...errs);
  });

  it("the reviewer changes one rating, must give a reason, and confirms; the compliance page shows the trend", async () => {
    const { page, errors: errs } = await newPage(e);
    await signIn(page, account(e.seed, "reviewer").email);
    await visit(page, `/contracts/${contractId}/involvement-reviews`);
    await submit(page, () => page.getByRole("link", { name: /^Confirm/ }).click());
    const budget = page.getByRole("group", { name: "Budget they control or decide on" });
    await budget.getByLabel(/^0: /).check();
    await submit(page, () => page.getByRole("button", { name: "Confirm the ratings" }).click());
    expect(await errorSummary(page)).toEqual(["Give a reason for changing the provider's rating"]);
    expect(await page.locator(".govuk-error-summary a").first().getAttribute("href")).toBe("#budget-reason");
    await page.locator("#budget-reason").fill("The forum was asked, but did not decide any spend.");
    await screenshot(page, "maturity-reviewer-form");
    await submit(page, () => page.getByRole("button", { name: "Confirm the ratings" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toMatch(
      /^The \d{4} review is confirmed$/,
    );
    expect(await textOf(page.locator("#trend"))).toMatch(/^sceptic in \d{4}$/);
    await visit(page, `/contracts/${contractId}/compliance`);
    expect(await textOf(page.locator("#maturity-trend"))).toMatch(/^Rated sceptic in \d{4}\./);
    const [row] = await e.h.db
      .select()
      .from(involvementReviews)
      .where(eq(involvementReviews.contractId, contractId));
    expect(row!.reviewerRatings!.budget).toEqual({
      score: 0,
      reason: "The forum was asked, but did not decide any spend.",
    });
    errors.push(...errs);
  });

  it("the other provider cannot see this contract's reviews", async () => {
    const { page, errors: errs } = await newPage(e);
    await signIn(page, account(e.seed, "provider", 1).email);
    await visit(page, `/contracts/${contractId}/involvement-reviews`, 404);
    errors.push(...errs);
  });

  it("had no script errors", () => {
    expect(errors).toEqual([]);
  });
});
