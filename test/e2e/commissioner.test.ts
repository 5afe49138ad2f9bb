// The commissioner's journey in a real browser: the clause library, building a specification, issuing
// it, revising it, and letting a contract.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, obligations, specificationClauses, specifications } from "../../src/db/schema/index.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
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
let specId = "";

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

describe("commissioner", () => {
  it("is sent to sign in, then to the specifications", async () => {
    await visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toBeDefined();
    await screenshot(page, "sign-in");
    await expectNoSidewaysScroll(page, "sign-in");
    // The email address first, then the password; a wrong one: the error summary links to the field,
    // the email is kept, and can be changed.
    await page.getByLabel("Email address").fill(account(e.seed, "commissioner").email);
    await submit(page, () => page.getByRole("button", { name: "Continue" }).click());
    expect(await textOf(page.locator("h1"))).toBe("Enter your password");
    await screenshot(page, "sign-in-password");
    await page.getByLabel("Password").fill("not the password");
    await submit(page, () => page.getByRole("button", { name: "Sign in" }).click());
    expect(await errorSummary(page)).toEqual(["Enter a correct email address and password"]);
    expect(await textOf(page.locator("main p").first())).toContain(account(e.seed, "commissioner").email);
    await screenshot(page, "sign-in-error");
    await submit(page, () => page.getByRole("link", { name: "Change the email address" }).click());
    expect(await page.getByLabel("Email address").inputValue()).toBe(account(e.seed, "commissioner").email);

    await signIn(page, account(e.seed, "commissioner").email);
    // Home first: what needs attention.
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(textOf(page.locator("h1"))).resolves.toBe("What needs your attention");
    await visit(page, "/specifications");
    await expect(textOf(page.locator("h1"))).resolves.toBe("Specifications");
    await screenshot(page, "commissioner-specifications");
  });

  it("browses and filters the clause library, and reads a clause", async () => {
    await page.getByRole("link", { name: "Clause library" }).click();
    await checkPage(page);
    expect(await page.locator(".app-result").count()).toBe(45);
    await page.getByLabel("Category").selectOption({ label: "Feedback and complaints" });
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    expect(await page.locator(".app-result").count()).toBe(3);
    await page.getByLabel("Search text").fill("reprisal");
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    const titles = await page.locator(".app-result__title").allInnerTexts();
    expect(titles).toEqual(["FBK-02 Safe ways to speak up, with a no-reprisal pledge"]);
    expect(page.url()).toContain("q=reprisal");
    await page.getByLabel("How often evidence is due").selectOption({ label: "Annually" });
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    await expect(textOf(page.locator("#results-heading"))).resolves.toBe("0 clauses match your filters");
    await page.getByRole("link", { name: "Clear filters" }).click();
    await page.getByLabel("Category").selectOption({ label: "User-led research and consultation" });
    await page.getByLabel("Minimum involvement level").selectOption({ label: "Collaborate" });
    await submit(page, () => page.getByRole("button", { name: "Apply filters" }).click());
    expect(await page.locator(".app-result__title").allInnerTexts()).toEqual([
      "ULR-01 Independent user-led consultation once in the contract term",
      "ULR-02 Peer researchers trained, supervised and paid",
    ]);
    await screenshot(page, "clause-library");
    await expectNoSidewaysScroll(page, "clause-library");

    await visit(page, "/clauses/FBK-02");
    await expect(textOf(page.locator("h1"))).resolves.toBe(
      "Safe ways to speak up, with a no-reprisal pledge",
    );
    for (const h of ["Requirement", "Evidence", "Threshold", "Parameters a specification sets", "Sources"]) {
      expect(await page.getByRole("heading", { level: 2, name: h, exact: true }).count(), h).toBe(1);
    }
    expect(await page.getByText("What the reviewer checks").count()).toBe(1);
    // Defaults are filled into the text.
    expect(await textOf(page.locator("main"))).toContain("at least 2 ways to raise a concern");
    await screenshot(page, "clause");
    await expectNoSidewaysScroll(page, "clause");
  });

  it("starts a specification, with errors shown the GOV.UK way", async () => {
    await visit(page, "/specifications");
    await submit(page, () => page.getByRole("button", { name: "Start a new specification" }).click());
    await page.getByLabel("Name of the service").fill("Eastfield Recovery Service");
    await page.locator("#periodStart-day").fill("1");
    await page.locator("#periodStart-month").fill("4");
    await page.locator("#periodStart-year").fill("2027");
    await page.locator("#periodEnd-day").fill("31");
    await page.locator("#periodEnd-month").fill("3");
    await page.locator("#periodEnd-year").fill("2026");
    await submit(page, () => page.getByRole("button", { name: "Save and continue" }).click());
    expect(await errorSummary(page)).toEqual([
      "Enter a title for the specification",
      "The end date must be on or after the start date",
    ]);
    // The summary links to the field, and what was typed is kept.
    expect(await page.locator(".govuk-error-summary a").first().getAttribute("href")).toBe("#title");
    expect(await textOf(page.locator("#title-error"))).toContain("Enter a title for the specification");
    expect(await page.getByLabel("Name of the service").inputValue()).toBe("Eastfield Recovery Service");
    expect(await page.locator("#periodEnd-year").inputValue()).toBe("2026");
    expect(await page.title()).toMatch(/^Error: /);
    await screenshot(page, "specification-new-errors");

    await page.getByLabel("Title", { exact: true }).fill("Eastfield involvement specification");
    await page.locator("#periodEnd-year").fill("2030");
    await page.getByLabel("Introduction").fill("Eastfield's service, shaped by the people who use it.");
    await submit(page, () => page.getByRole("button", { name: "Save and continue" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe("Specification started");
    specId = new URL(page.url()).pathname.split("/")[2]!;
    const [row] = await e.h.db.select().from(specifications).where(eq(specifications.id, specId));
    expect(row).toMatchObject({
      title: "Eastfield involvement specification",
      status: "draft",
      periodStart: "2027-04-01",
      periodEnd: "2030-03-31",
    });
    expect(row!.sections.introduction).toBe("Eastfield's service, shaped by the people who use it.");
    await screenshot(page, "specification-draft");
    await expectNoSidewaysScroll(page, "specification-draft");
  });

  it("chooses clauses, fills their parameters and puts them in order", async () => {
    await submit(page, () => page.getByRole("link", { name: "Choose clauses" }).click());
    await submit(page, () => page.getByRole("button", { name: "Save chosen clauses" }).click());
    expect(await errorSummary(page)).toEqual(["Choose at least one clause"]);
    await page.getByLabel("FBK-02 Safe ways to speak up").check();
    await page.getByLabel("ACC-01 Accessible Information Standard").check();
    await page.getByLabel("GRP-01 Resourced user-led forum").check();
    await screenshot(page, "specification-choose");
    await submit(page, () => page.getByRole("button", { name: "Save chosen clauses" }).click());
    expect(await page.locator(".govuk-summary-card__title").allInnerTexts()).toEqual([
      "1. ACC-01 Accessible Information Standard applied to everyone in treatment",
      "2. FBK-02 Safe ways to speak up, with a no-reprisal pledge",
      "3. GRP-01 Resourced user-led forum with agreed terms of reference",
    ]);

    // The parameter form is generated from the clause's parameter types.
    await submit(page, () => page.getByRole("link", { name: "Change parameters of FBK-02" }).click());
    const routes = page.getByLabel("Minimum number of anonymous routes for raising concerns");
    expect(await routes.inputValue()).toBe("2");
    await routes.fill("9");
    await page.getByLabel("Independent organisation that runs the independent feedback route").fill("");
    await submit(page, () => page.getByRole("button", { name: "Save parameters" }).click());
    expect(await errorSummary(page)).toEqual([
      "Enter independent organisation that runs the independent feedback route",
    ]);
    expect(await routes.inputValue()).toBe("9");
    await page
      .getByLabel("Independent organisation that runs the independent feedback route")
      .fill("Healthwatch Eastfield");
    await submit(page, () => page.getByRole("button", { name: "Save parameters" }).click());
    expect(await errorSummary(page)).toEqual([
      "Minimum number of anonymous routes for raising concerns must be at most 6",
    ]);
    await screenshot(page, "specification-parameters-error");
    await routes.fill("3");
    await submit(page, () => page.getByRole("button", { name: "Save parameters" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Parameters for FBK-02 saved",
    );

    await submit(page, () => page.getByRole("button", { name: "Move down ACC-01" }).click());
    await submit(page, () => page.getByRole("button", { name: "Move up GRP-01" }).click());
    expect(await page.locator(".govuk-summary-card__title").allInnerTexts()).toEqual([
      "1. FBK-02 Safe ways to speak up, with a no-reprisal pledge",
      "2. GRP-01 Resourced user-led forum with agreed terms of reference",
      "3. ACC-01 Accessible Information Standard applied to everyone in treatment",
    ]);
    await screenshot(page, "specification-clauses");
    await expectNoSidewaysScroll(page, "specification-clauses");
    const rows = await e.h.db
      .select()
      .from(specificationClauses)
      .where(eq(specificationClauses.specificationId, specId))
      .orderBy(specificationClauses.position);
    expect(rows.map((r) => r.parameters)).toEqual([
      { min_routes: 3, independent_body: "Healthwatch Eastfield", reprisal_days: 5 },
      expect.objectContaining({ meetings_per_year: expect.any(Number) }),
      expect.any(Object),
    ]);
  });

  it("previews the specification as a page and downloads its draft Word document", async () => {
    await visit(page, `/specifications/${specId}/preview`);
    const text = await textOf(page.locator("main"));
    expect(text).toContain("at least 3 ways to raise a concern");
    expect(text).toContain("Healthwatch Eastfield");
    expect(text).toContain("Eastfield's service, shaped by the people who use it.");
    await screenshot(page, "specification-preview");
    await visit(page, `/specifications/${specId}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Service specification (Word)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-v1-draft\.docx$/);
    const bytes = await streamBytes(await download.createReadStream());
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe("PK");
  });

  it("issues it after a confirmation page", async () => {
    await submit(page, () => page.getByRole("link", { name: "Issue the specification" }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe(
      "Are you sure you want to issue this specification?",
    );
    await screenshot(page, "specification-issue-confirm");
    // Without the contacts people can call, it is not issued: the summary names each one.
    await submit(page, () => page.getByRole("button", { name: "Issue specification" }).click());
    expect(await errorSummary(page)).toContain("Enter the council complaints number");
    for (const [field, value] of Object.entries(SPEC_CONTACTS)) await page.locator(`#${field}`).fill(value);
    await submit(page, () => page.getByRole("button", { name: "Issue specification" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe("Version 1 issued");
    expect(await textOf(page.locator("h1 .govuk-tag"))).toBe("Issued");
    const [row] = await e.h.db.select().from(specifications).where(eq(specifications.id, specId));
    expect(row!.status).toBe("issued");
    expect(row!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, "specification-issued");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page
        .getByRole("link", { name: "Plain-language summary for people who use the service (Word)" })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/easy-read-summary\.docx$/);
  });

  it("starts a revision, changes a parameter and sees what changed", async () => {
    await submit(page, () => page.getByRole("button", { name: "Start a revision" }).click());
    await page
      .getByLabel("Why are you revising it? (optional)")
      .fill("More anonymous routes after the forum's feedback");
    await submit(page, () => page.getByRole("button", { name: "Start revision" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Version 2 started as a draft",
    );
    const draftId = new URL(page.url()).pathname.split("/")[2]!;
    expect(draftId).not.toBe(specId);
    await visit(page, `/specifications/${draftId}/clauses/FBK-02`);
    await page.getByLabel("Minimum number of anonymous routes for raising concerns").fill("4");
    await submit(page, () => page.getByRole("button", { name: "Save parameters" }).click());
    await visit(page, `/specifications/${draftId}/changes`);
    const rows = await page.locator("tbody tr").allInnerTexts();
    expect(rows.find((r) => r.includes("FBK-02"))).toContain("Changed");
    expect(rows.find((r) => r.includes("ACC-01"))).toContain("Unchanged");
    const text = await textOf(page.locator("main"));
    expect(text).toContain("at least 3 ways to raise a concern");
    expect(text).toContain("at least 4 ways to raise a concern");
    await screenshot(page, "specification-changes");
    await visit(page, `/specifications/${draftId}/issue`);
    await submit(page, () => page.getByRole("button", { name: "Issue specification" }).click());
    const [old] = await e.h.db.select().from(specifications).where(eq(specifications.id, specId));
    expect(old!.status).toBe("superseded");
    await visit(page, `/specifications/${specId}`);
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toContain(
      "This version has been replaced",
    );
    specId = draftId;
  });

  it("lets a contract to a provider", async () => {
    await visit(page, `/specifications/${specId}`);
    await submit(page, () => page.getByRole("button", { name: "Let a contract" }).click());
    await page.getByLabel("Provider").selectOption({ label: e.seed.providerNames[1] });
    await submit(page, () => page.getByRole("button", { name: "Let contract" }).click());
    expect(await errorSummary(page)).toEqual(["Enter a contract reference"]);
    // The dates came from the specification and were kept.
    expect(await page.locator("#startDate-year").inputValue()).toBe("2027");
    await page.getByLabel("Contract reference").fill("EAST-2027-01");
    await submit(page, () => page.getByRole("button", { name: "Let contract" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      `Contract EAST-2027-01 let to ${e.seed.providerNames[1]}`,
    );
    await screenshot(page, "contract-new");
    const [k] = await e.h.db.select().from(contracts).where(eq(contracts.reference, "EAST-2027-01"));
    expect(k).toMatchObject({
      specificationId: specId,
      providerOrganisationId: e.seed.providerIds[1],
      startDate: "2027-04-01",
    });
    const obs = await e.h.db
      .select()
      .from(obligations)
      .where(and(eq(obligations.contractId, k!.id), eq(obligations.clauseKey, "FBK-02")));
    expect(obs.length).toBe(12);
    await expectNoSidewaysScroll(page, "contract-commissioner");
  });

  it("starts a specification from the core set, sized to the service, and sees defaults worked out from it", async () => {
    await visit(page, "/specifications/new");
    await page.getByLabel("Title", { exact: true }).fill("Westfield involvement specification");
    await page.getByLabel("Name of the service").fill("Westfield Recovery Service");
    await page.getByLabel(/^Core: \d+ clauses/).check();
    await page.getByLabel("Active caseload (optional)").fill("1,200");
    await page.getByLabel("Number of sites (optional)").fill("3");
    await screenshot(page, "specification-new-bundle");
    await submit(page, () => page.getByRole("button", { name: "Save and continue" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain("core set of 13 clauses");
    const id = new URL(page.url()).pathname.split("/")[2]!;
    const [row] = await e.h.db.select().from(specifications).where(eq(specifications.id, id));
    expect(row).toMatchObject({ caseload: 1200, sites: 3, bundle: "core" });
    const chosen = await e.h.db
      .select()
      .from(specificationClauses)
      .where(eq(specificationClauses.specificationId, id));
    expect(chosen).toHaveLength(13);
    // PEER-05's harm-reduction roles follow the number of sites, and the form says so.
    await visit(page, `/specifications/${id}/clauses/PEER-05`);
    const roles = page.getByLabel(
      "Minimum number of harm-reduction peer roles open to people who still use drugs",
    );
    expect(await roles.inputValue()).toBe("3");
    expect(await textOf(page.locator("main"))).toContain(
      "The default for this service is 3, based on 3 sites",
    );
  });

  it("had no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});

async function streamBytes(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
