// The reviewer's journey in a real browser: the queue, a submission with its files, decisions, the
// compliance dashboards and exports, and a reviewer of another council seeing none of it.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clauseVersions,
  obligations,
  reviews,
  submissionFiles,
  submissions,
} from "../../src/db/schema/index.js";
import { makeOrganisation, makeUser, PASSWORD } from "../factories.js";
import {
  account,
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
let pageErrors: string[];

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

async function readDownload(d: import("playwright-core").Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of (await d.createReadStream()) as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe("reviewer", () => {
  it("sees the review queue, oldest first", async () => {
    await signIn(page, account(e.seed, "reviewer").email);
    // Home first: what is waiting, oldest first; then the queue itself.
    expect(new URL(page.url()).pathname).toBe("/");
    const waiting = await page.locator("main li").allInnerTexts();
    expect(waiting[0]).toContain("ICP-01");
    expect(waiting[1]).toContain("ACC-01");
    await visit(page, "/reviews");
    const rows = await page.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(2);
    // The demo data submitted ICP-01 (first contract) an hour before ACC-01 (second contract).
    expect(rows[0]).toContain("ICP-01");
    expect(rows[0]).toContain("Northshire Recovery Partnership");
    expect(rows[1]).toContain("ACC-01");
    expect(rows[1]).toContain("Harbour Lane Drug and Alcohol Service");
    await screenshot(page, "reviewer-queue");
    await expectNoSidewaysScroll(page, "reviewer-queue");
  });

  it("reads a submission, downloads its file, and asks for changes", async () => {
    await submit(page, () => page.locator("tbody tr").first().getByRole("link").click());
    await expect(textOf(page.locator("h1"))).resolves.toMatch(/^Evidence for ICP-01, /);
    const subId = new URL(page.url()).pathname.split("/")[2]!;
    const [file] = await e.h.db.select().from(submissionFiles).where(eq(submissionFiles.submissionId, subId));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: file!.name, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(file!.name);
    expect((await readDownload(download)).subarray(0, 5).toString()).toBe("%PDF-");
    await screenshot(page, "reviewer-submission");
    await expectNoSidewaysScroll(page, "reviewer-submission");

    await submit(page, () => page.getByRole("button", { name: "Save decision" }).click());
    expect(await errorSummary(page)).toEqual(["Choose whether to accept the evidence or request changes"]);
    await page.getByLabel("Request changes").check();
    await submit(page, () => page.getByRole("button", { name: "Save decision" }).click());
    expect(await errorSummary(page)).toEqual(["Say what the provider needs to change"]);
    expect(await page.getByLabel("Request changes").isChecked()).toBe(true);
    await screenshot(page, "reviewer-decision-error");
    await page
      .getByLabel("Comment for the provider")
      .fill("Please add the audit sample size and the files audited.");
    await submit(page, () => page.getByRole("button", { name: "Save decision" }).click());
    expect(new URL(page.url()).pathname).toBe("/reviews");
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toMatch(
      /ICP-01, .*: returned to the provider for changes/,
    );
    const [review] = await e.h.db.select().from(reviews).where(eq(reviews.submissionId, subId));
    expect(review).toMatchObject({
      decision: "changes_requested",
      verdict: null,
      comment: "Please add the audit sample size and the files audited.",
    });
    const [sub] = await e.h.db.select().from(submissions).where(eq(submissions.id, subId));
    const [ob] = await e.h.db.select().from(obligations).where(eq(obligations.id, sub!.obligationId));
    expect(ob!.state).toBe("changes_requested");
  });

  it("accepts evidence with a verdict", async () => {
    expect(await page.locator("tbody tr").count()).toBe(1);
    await submit(page, () => page.locator("tbody tr").first().getByRole("link").click());
    const subId = new URL(page.url()).pathname.split("/")[2]!;
    await page.getByLabel("Accept the evidence").check();
    await page.getByLabel("Partially compliant").check();
    await page
      .getByLabel("Comment for the provider")
      .fill("The standard is applied, but only at two of three sites.");
    await submit(page, () => page.getByRole("button", { name: "Save decision" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toMatch(
      /ACC-01, .*: accepted as partially compliant/,
    );
    expect(await textOf(page.locator("main"))).toContain("Nothing is waiting for review.");
    const [review] = await e.h.db.select().from(reviews).where(eq(reviews.submissionId, subId));
    expect(review).toMatchObject({ decision: "accepted", verdict: "partially_compliant" });
    // The decision shows on the submission, and the form is gone.
    await visit(page, `/submissions/${subId}`);
    expect(await page.getByRole("button", { name: "Save decision" }).count()).toBe(0);
    expect(await textOf(page.locator("main"))).toContain("Accepted as partially compliant");
  });

  it("marks an obligation not applicable, with a reason, and reinstates it", async () => {
    const overdue = (
      await e.h.db.select().from(obligations).where(eq(obligations.contractId, e.seed.contractIds[0]!))
    ).find((o) => o.clauseKey === "GOV-02" && o.period === "Mobilisation")!;
    await visit(page, `/obligations/${overdue.id}`);
    await submit(page, () => page.getByRole("button", { name: "Mark as not applicable" }).click());
    expect(await errorSummary(page)).toEqual(["Enter the reason it does not apply"]);
    await page
      .getByLabel("Reason")
      .fill("The board sponsor role is held by the council's own lead this year.");
    await submit(page, () => page.getByRole("button", { name: "Mark as not applicable" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner__heading"))).toBe(
      "Marked as not applicable",
    );
    const [waived] = await e.h.db.select().from(obligations).where(eq(obligations.id, overdue.id));
    expect(waived).toMatchObject({
      state: "not_applicable",
      stateReason: "The board sponsor role is held by the council's own lead this year.",
    });
    await screenshot(page, "reviewer-not-applicable");
    await submit(page, () => page.getByRole("button", { name: "Reinstate this obligation" }).click());
    const [back] = await e.h.db.select().from(obligations).where(eq(obligations.id, overdue.id));
    expect(back!.state).toBe("pending");
  });

  it("follows a contract's compliance: rating, counts, clauses by quarter, a chart with its table, and exports", async () => {
    const id = e.seed.contractIds[0]!;
    await visit(page, `/contracts/${id}/compliance`);
    const summary = await textOf(page.locator(".govuk-summary-list").first());
    expect(summary).toMatch(/Rating\s+Red/);
    expect(summary).toMatch(/Accepted as compliant\s+2/);
    expect(summary).toMatch(/Accepted as partially compliant\s+1/);
    expect(summary).toMatch(/Returned for changes\s+2/);
    const svg = page.locator("svg.app-chart");
    expect(await svg.getAttribute("role")).toBe("img");
    expect(await svg.locator("title").textContent()).toMatch(/^Compliance by quarter for contract /);
    expect(await svg.locator("desc").textContent()).toMatch(/Q1: compliance 83.3%/);
    expect(await page.locator("svg.app-chart polyline").count()).toBeGreaterThan(0);
    expect(await page.getByRole("table", { name: "The chart's numbers" }).count()).toBe(1);
    const rag = page.getByRole("region", { name: "Clauses by quarter" });
    // One row per provider clause the contract holds (the demo specification takes most of the library);
    // the commissioner's own commitments have a table of their own.
    const held = await e.h.db
      .select({ key: obligations.clauseKey, category: clauseVersions.category })
      .from(obligations)
      .innerJoin(clauseVersions, eq(clauseVersions.id, obligations.clauseVersionId))
      .where(eq(obligations.contractId, id));
    const clauses = new Set(held.filter((o) => o.category !== "commissioning").map((o) => o.key));
    const council = new Set(held.filter((o) => o.category === "commissioning").map((o) => o.key));
    expect(clauses.size).toBeGreaterThan(20);
    expect(council.size).toBeGreaterThan(0);
    expect(await rag.locator("tbody tr").count()).toBe(clauses.size);
    const own = page.getByRole("region", { name: "The commissioner's own commitments by quarter" });
    expect(await own.locator("tbody tr").count()).toBe(council.size);
    expect(await textOf(own)).not.toContain("FBK-02");
    expect(await textOf(rag.locator("tbody tr", { hasText: "FBK-02" }))).toContain("Partially compliant");
    await screenshot(page, "reviewer-compliance");
    await expectNoSidewaysScroll(page, "reviewer-compliance");

    const [docx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Compliance report .*\(Word\)/ }).click(),
    ]);
    expect(docx.suggestedFilename()).toMatch(/^compliance-NCC-DAT-\d{4}-01-.*\.docx$/);
    expect((await readDownload(docx)).subarray(0, 2).toString()).toBe("PK");
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /\(CSV spreadsheet\)/ }).click(),
    ]);
    const text = (await readDownload(csv)).toString("utf8");
    expect(text.split("\r\n")[0]).toBe(
      "Contract,Party,Clause,Title,Frequency,Period,Period start,Period end,Due date,Status,Verdict,Reason or comment,Views: agree,Views: partly,Views: disagree,Clause RAG",
    );
    expect(text).toContain("FBK-02");
  });

  it("sees compliance across contracts for a period", async () => {
    await page.getByRole("link", { name: "Compliance", exact: true }).click();
    await page.waitForLoadState("load");
    await page.locator("#period").selectOption({ index: 1 });
    await submit(page, () => page.getByRole("button", { name: "Show" }).click());
    const rows = await page
      .getByRole("table", { name: /^Contracts in / })
      .locator("tbody tr")
      .allInnerTexts();
    // The demo's three contracts: two of Northshire's (this year's and last year's) and Harbour Lane's.
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.includes("Northshire Recovery Partnership"))).toHaveLength(2);
    const harbour = rows.filter((r) => r.includes("Harbour Lane Drug and Alcohol Service"));
    expect(harbour).toHaveLength(1);
    // Harbour Lane's FBK-02 was judged non-compliant.
    expect(harbour[0]).toContain("Red");
    expect(await page.locator("svg.app-chart").count()).toBe(1);
    await screenshot(page, "reviewer-compliance-across");
    await expectNoSidewaysScroll(page, "reviewer-compliance-across");
  });

  it("a reviewer of another council sees none of it", async () => {
    const council = await makeOrganisation(e.h.db, "commissioner", "Southvale Borough Council");
    const stranger = await makeUser(e.h.db, council.id, "reviewer");
    const other = await newPage(e);
    await signIn(other.page, stranger.email, PASSWORD);
    expect(await textOf(other.page.locator("main"))).toContain("Nothing is waiting for review.");
    const [sub] = await e.h.db
      .select()
      .from(submissions)
      .where(eq(submissions.contractId, e.seed.contractIds[0]!));
    const [file] = await e.h.db
      .select()
      .from(submissionFiles)
      .where(eq(submissionFiles.submissionId, sub!.id));
    for (const path of [
      `/contracts/${e.seed.contractIds[0]}`,
      `/contracts/${e.seed.contractIds[0]}/compliance`,
      `/contracts/${e.seed.contractIds[0]}/compliance/report.csv`,
      `/obligations/${sub!.obligationId}`,
      `/submissions/${sub!.id}`,
      `/files/${file!.id}`,
      `/specifications/${e.seed.specificationId}`,
    ]) {
      await visit(other.page, path, 404);
    }
    await visit(other.page, "/contracts");
    expect(await textOf(other.page.locator("main"))).toContain("There are no contracts yet.");
    await visit(other.page, "/compliance");
    expect(await textOf(other.page.locator("main"))).not.toContain("NCC-DAT");
    await other.context.close();
    expect(other.errors).toEqual([]);
  });

  it("had no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
