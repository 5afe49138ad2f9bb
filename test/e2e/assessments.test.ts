// A performance assessment in a real browser: the reviewer chooses a KPI on the demo contract, starts an
// assessment, changes a rating (first without a reason, which the form points out), confirms it, and the
// provider then reads the confirmed assessment. Every page visited gets the axe WCAG 2.2 AA check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
let assessmentUrl: string;
const REASON = "The forum met every month but two meetings went unrecorded during the move of offices.";

beforeAll(async () => {
  e = await startE2E();
  contractId = e.seed.contractIds[0]!;
});
afterAll(() => e?.close());

describe("performance assessment", () => {
  it("the reviewer starts one, changes a rating with a reason and confirms it", async () => {
    const { page, errors } = await newPage(e);
    await signIn(page, account(e.seed, "reviewer").email);

    // A KPI for the contract, on its KPI form.
    await visit(page, `/contracts/${contractId}/kpis`);
    await page.locator("#kpi-0-use").check();
    if (!(await page.locator("#kpi-0-target").inputValue())) await page.locator("#kpi-0-target").fill("10");
    await page.locator("#kpi-0-material").check();
    await submit(page, () => page.getByRole("button", { name: "Save KPIs" }).click());

    // From the contract page to the assessments, which say when the next is due.
    expect(await textOf(page.locator("#assessments ~ p").first())).toMatch(
      /^Next assessment due by \d+ \w+ \d{4}\.$/,
    );
    await submit(page, () =>
      page.locator("#main-content").getByRole("button", { name: "Performance assessments" }).click(),
    );
    await submit(page, () => page.getByRole("button", { name: "Start an assessment" }).click());
    // The period's end is filled in with the date the next one is due.
    expect(await page.locator("#periodEnd-year").inputValue()).toMatch(/^\d{4}$/);
    await submit(page, () => page.getByRole("button", { name: "Start the assessment" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Draft assessment started",
    );
    assessmentUrl = new URL(page.url()).pathname;
    const table = await textOf(page.locator("table"));
    expect(table).toContain("Proposed from the figures");
    await screenshot(page, "assessment-draft");
    await expectNoSidewaysScroll(page, "assessment-draft");

    // Change the first rating: Other with no reason is pointed out, then given one.
    await submit(page, () =>
      page
        .locator("table")
        .getByRole("link", { name: /^Change/ })
        .first()
        .click(),
    );
    await page.getByLabel("Other").check();
    await submit(page, () => page.getByRole("button", { name: "Save the rating" }).click());
    expect(await errorSummary(page)).toEqual(["Say why none of the other four ratings fits"]);
    await page.getByLabel("Requires improvement").check();
    await page.getByLabel("Reason").fill(REASON);
    await submit(page, () => page.getByRole("button", { name: "Save the rating" }).click());
    expect(await textOf(page.locator("table"))).toContain(`Reason: ${REASON}`);

    await submit(page, () => page.getByRole("button", { name: "Confirm the assessment" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe("Assessment confirmed");
    expect(await textOf(page.locator(".govuk-summary-list"))).toContain("Confirmed");
    expect(await page.getByRole("button", { name: "Confirm the assessment" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("the provider reads the confirmed assessment, and is told of it", async () => {
    const { page, errors } = await newPage(e);
    await signIn(page, account(e.seed, "provider").email);
    await visit(page, `/contracts/${contractId}/assessments`);
    await submit(page, () => page.locator("table").getByRole("link").first().click());
    expect(new URL(page.url()).pathname).toBe(assessmentUrl);
    const table = await textOf(page.locator("table"));
    expect(table).toContain("Requires improvement");
    expect(table).toContain(`Reason: ${REASON}`);
    expect(await page.getByRole("link", { name: /^Change/ }).count()).toBe(0);
    await visit(page, "/notifications");
    expect(await textOf(page.locator("#main-content"))).toContain("confirmed");
    expect(errors).toEqual([]);
  });
});
