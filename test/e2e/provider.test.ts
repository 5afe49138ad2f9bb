// The provider's journey in a real browser: my contracts, what is due, submitting evidence with real
// files (and getting errors right), the history, and not being able to reach another provider's things.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { obligations, submissionFiles, submissions } from "../../src/db/schema/index.js";
import { minimalPdf } from "../../src/demo/pdf.js";
import { demoContractStart } from "../../src/demo/seed.js";
import {
  account,
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
const pdf = Buffer.from(minimalPdf(["Forum minutes, July to September", "Northshire Recovery Partnership"]));
const csv = Buffer.from("route,concerns raised\ncomments box,4\nonline form,7\ntext line,2\n");

async function obligationOf(contractId: string, clauseKey: string, period: string) {
  const [ob] = await e.h.db
    .select()
    .from(obligations)
    .where(
      and(
        eq(obligations.contractId, contractId),
        eq(obligations.clauseKey, clauseKey),
        eq(obligations.period, period),
      ),
    );
  return ob!;
}

async function storedFile(key: string): Promise<Buffer> {
  const stream = await e.h.deps.files.get(key);
  const chunks: Uint8Array[] = [];
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

/** "2026-27": the reporting year the demo contracts start in. */
function yearLabel() {
  const y = Number(demoContractStart(new Date()).slice(0, 4));
  return `${y}-${String((y + 1) % 100).padStart(2, "0")}`;
}
const q2 = () => `${yearLabel()} Q2`;

describe("provider", () => {
  it("sees only its own contracts, and what is to do", async () => {
    await signIn(page, account(e.seed, "provider", 0).email);
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(textOf(page.locator("h1"))).resolves.toBe("What needs your attention");
    await visit(page, "/contracts");
    await expect(textOf(page.locator("h1"))).resolves.toBe("My contracts");
    const refs = await page.locator("tbody tr td:first-child").allInnerTexts();
    // Its two contracts (this year's, and last year's that the demo's performance story runs on), never the
    // other provider's (-02).
    expect(refs).toHaveLength(2);
    expect(refs.filter((r) => /-02$/.test(r))).toEqual([]);
    const current = refs.find((r) => /-01$/.test(r));
    expect(current).toBeDefined();
    await screenshot(page, "provider-contracts");
    await submit(page, () => page.getByRole("link", { name: current! }).click());
    await expect(page.getByRole("heading", { level: 2, name: "To do" }).count()).resolves.toBe(1);
    const statuses = await page.locator(".govuk-task-list__status").allInnerTexts();
    expect(statuses.length).toBeGreaterThan(10);
    expect(new Set(statuses)).toEqual(new Set(["Overdue", "Changes requested", "Due"]));
    await screenshot(page, "provider-contract-task-list");
    await expectNoSidewaysScroll(page, "provider-contract-task-list");
  });

  it("keeps what was typed and says which files to choose again when the form has errors", async () => {
    const ob = await obligationOf(e.seed.contractIds[0]!, "ACC-04", q2());
    await visit(page, `/obligations/${ob.id}`);
    await expect(textOf(page.locator("h1"))).resolves.toContain("ACC-04");
    expect(await textOf(page.locator("main"))).toContain("Up to 10 files, each up to 25 MB");
    await screenshot(page, "provider-obligation");
    await expectNoSidewaysScroll(page, "provider-obligation");

    await page
      .getByLabel("Involvement routes with at least one participant in the quarter")
      .first()
      .fill("lots");
    await page
      .locator("#files")
      .setInputFiles([{ name: "forum-minutes.pdf", mimeType: "application/pdf", buffer: pdf }]);
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await submit(page, () => page.getByRole("button", { name: "Submit evidence" }).click());
    const errs = await errorSummary(page);
    expect(errs[0]).toBe("Describe the evidence you are submitting");
    expect(errs.some((x) => /must be a number/.test(x))).toBe(true);
    expect(errs.at(-1)).toBe("Nothing was saved, so choose your file again: forum-minutes.pdf");
    expect(await textOf(page.locator("#files-error"))).toContain("forum-minutes.pdf");
    expect(await page.locator("#coveredFrom-month").inputValue()).toBe("7");
    expect(
      await page
        .getByLabel("Involvement routes with at least one participant in the quarter")
        .first()
        .inputValue(),
    ).toBe("lots");
    await screenshot(page, "provider-upload-errors");
    expect(await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toHaveLength(
      0,
    );
  });

  it("refuses a file that is not what its name says, and keeps nothing", async () => {
    const ob = await obligationOf(e.seed.contractIds[0]!, "ACC-04", q2());
    await page.getByLabel("Describe the evidence").fill("Routes log for the quarter.");
    await page.getByLabel("Involvement routes with at least one participant in the quarter").first().fill("");
    await page.locator("#files").setInputFiles([
      {
        name: "report.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("MZ\x90\x00 this is a program, not a PDF"),
      },
    ]);
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await submit(page, () => page.getByRole("button", { name: "Submit evidence" }).click());
    const errs = await errorSummary(page);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^"report\.pdf" .*Nothing was saved, so choose your file again: report\.pdf$/);
    expect(await page.getByLabel("Describe the evidence").inputValue()).toBe("Routes log for the quarter.");
    expect(await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toHaveLength(
      0,
    );
  });

  it("gets its page back when a large upload is refused, though the server stopped reading it early", async () => {
    const ob = await obligationOf(e.seed.contractIds[0]!, "ACC-04", q2());
    await visit(page, `/obligations/${ob.id}`);
    // 20 MB behind a form error: the server reads about 1 MB of it, answers, and closes the connection.
    await page.locator("#files").setInputFiles([
      {
        name: "large-report.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.alloc(20 * 1024 * 1024, 0x20),
      },
    ]);
    await submit(page, () => page.getByRole("button", { name: "Submit evidence" }).click());
    expect(await errorSummary(page)).toEqual([
      "Describe the evidence you are submitting",
      "Confirm that the evidence does not identify anyone who uses the service",
      "Nothing was saved, so choose your files again (large-report.pdf, and any others you chose)",
    ]);
    expect(await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toHaveLength(
      0,
    );
  });

  it("submits evidence with real files and figures, and sees the confirmation and history", async () => {
    const ob = await obligationOf(e.seed.contractIds[0]!, "ACC-04", q2());
    await visit(page, `/obligations/${ob.id}`);
    await page
      .getByLabel("Describe the evidence")
      .fill("Six ways to take part ran all quarter.\n\nThe log and counts are attached.");
    await page
      .getByLabel("Involvement routes with at least one participant in the quarter")
      .first()
      .fill("6");
    await page.locator("#files").setInputFiles([
      { name: "forum-minutes.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: "routes.csv", mimeType: "text/csv", buffer: csv },
    ]);
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await submit(page, () => page.getByRole("button", { name: "Submit evidence" }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe("Evidence submitted");
    expect(await textOf(page.locator("main"))).toContain("forum-minutes.pdf, routes.csv");
    await screenshot(page, "provider-submitted");
    await expectNoSidewaysScroll(page, "provider-submitted");

    const [sub] = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    expect(sub).toMatchObject({
      version: 1,
      status: "submitted",
      narrative: "Six ways to take part ran all quarter.\n\nThe log and counts are attached.",
    });
    expect(sub!.metrics).toEqual({ routes_active: 6 });
    expect(sub!.coveredFrom).toBe(ob.periodStart);
    const files = await e.h.db
      .select()
      .from(submissionFiles)
      .where(eq(submissionFiles.submissionId, sub!.id));
    expect(files.map((f) => [f.name, f.contentType, f.size]).sort()).toEqual([
      ["forum-minutes.pdf", "application/pdf", pdf.length],
      ["routes.csv", "text/csv; charset=utf-8", csv.length],
    ]);
    for (const f of files) {
      const bytes = await storedFile(f.storageKey);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
    }
    const [after] = await e.h.db.select().from(obligations).where(eq(obligations.id, ob.id));
    expect(after!.state).toBe("submitted");

    await submit(page, () => page.getByRole("link", { name: "See this evidence and its history" }).click());
    expect(await page.locator(".govuk-summary-card__title").allInnerTexts()).toEqual([
      expect.stringMatching(/^Version 1, submitted /),
    ]);
    expect(await textOf(page.locator("main"))).toContain("Your evidence is waiting for review.");
    // The provider can download its own file.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "forum-minutes.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("forum-minutes.pdf");
    await screenshot(page, "provider-history");
  });

  it("uses a file it already sent as evidence for another clause, without uploading it again", async () => {
    const contractId = e.seed.contractIds[0]!;
    const [sent] = await e.h.db
      .select({ f: submissionFiles })
      .from(submissionFiles)
      .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
      .where(and(eq(submissions.contractId, contractId), eq(submissionFiles.name, "forum-minutes.pdf")));
    // An obligation of the same contract that is open for evidence now (the page shows its form).
    const today = new Date().toISOString().slice(0, 10);
    const open = await e.h.db
      .select()
      .from(obligations)
      .where(and(eq(obligations.contractId, contractId), eq(obligations.state, "pending")));
    const candidates = open
      .filter((o) => o.periodStart <= today && o.clauseKey !== "ACC-04" && o.frequency !== "per_event")
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart));
    let target: (typeof candidates)[number] | undefined;
    for (const o of candidates) {
      await visit(page, `/obligations/${o.id}`);
      if (await page.getByText("Use a file you already sent for this contract").count()) {
        target = o;
        break;
      }
    }
    expect(target, "an open obligation offering files to use again").toBeDefined();
    const ob = target!;
    await page.getByText("Use a file you already sent for this contract").click();
    // Every file offered was sent for this contract and not removed; the one just sent is among them.
    const offered = await page
      .locator('input[name="attachFileIds"]')
      .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect(offered).toContain(sent!.f.id);
    for (const id of offered) {
      const [row] = await e.h.db
        .select({ contractId: submissions.contractId, redactedAt: submissionFiles.redactedAt })
        .from(submissionFiles)
        .innerJoin(submissions, eq(submissions.id, submissionFiles.submissionId))
        .where(eq(submissionFiles.id, id));
      expect(row).toEqual({ contractId, redactedAt: null });
    }
    const box = page.getByRole("checkbox", { name: "forum-minutes.pdf" });
    expect(await textOf(page.locator(`#${await box.getAttribute("id")}-item-hint`))).toMatch(
      /^Sent for ACC-04 .+, \d{4}-\d{2} Q2, on \d{1,2} \w+ \d{4} \(\d+(\.\d)? (bytes|KB)\)$/,
    );
    await box.check();
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await screenshot(page, "provider-attach-file");
    // Without a description: the error summary says so, and the ticked file stays ticked.
    await submit(page, () => page.getByRole("button", { name: /^Submit evidence/ }).click());
    expect(await errorSummary(page)).toEqual(["Describe the evidence you are submitting"]);
    expect(await page.getByRole("checkbox", { name: "forum-minutes.pdf" }).isChecked()).toBe(true);
    await page
      .getByLabel("Describe the evidence")
      .fill("The forum's minutes for the quarter also record this meeting.");
    await submit(page, () => page.getByRole("button", { name: /^Submit evidence/ }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe("Evidence submitted");
    expect(await textOf(page.locator("main"))).toContain("1 file (forum-minutes.pdf)");
    const [sub] = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    const files = await e.h.db
      .select()
      .from(submissionFiles)
      .where(eq(submissionFiles.submissionId, sub!.id));
    // The same stored bytes, not a second copy.
    expect(files.map((f) => [f.name, f.storageKey, f.sha256])).toEqual([
      ["forum-minutes.pdf", sent!.f.storageKey, sent!.f.sha256],
    ]);
  });

  it("sees the reviewer's comment on evidence returned for changes, and submits again", async () => {
    const ob = await obligationOf(e.seed.contractIds[0]!, "FBK-03", `${yearLabel()} Q1`);
    await visit(page, `/obligations/${ob.id}`);
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain(
      "The complaints log has no dates of acknowledgement",
    );
    await page
      .getByLabel("Describe the evidence")
      .fill("The log now has acknowledgement dates, and the lessons shared.");
    await page.getByLabel("Complaints acknowledged on time", { exact: false }).fill("100");
    await page
      .locator("#files")
      .setInputFiles([{ name: "complaints-log-v2.pdf", mimeType: "application/pdf", buffer: pdf }]);
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await submit(page, () => page.getByRole("button", { name: "Submit evidence again" }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe("Evidence submitted");
    const subs = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    expect(subs.map((s) => [s.version, s.status]).sort()).toEqual([
      [1, "changes_requested"],
      [2, "submitted"],
    ]);
    await visit(page, `/obligations/${ob.id}`);
    expect(await page.locator(".govuk-summary-card__title").count()).toBe(2);
    await screenshot(page, "provider-resubmitted-history");
  });

  it("cannot reach another provider's contract, evidence, files or submissions by editing the address", async () => {
    const other = e.seed.contractIds[1]!;
    const theirs = await obligationOf(other, "ACC-01", `${yearLabel()} Q1`);
    const [theirSub] = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, theirs.id));
    const [theirFile] = await e.h.db
      .select()
      .from(submissionFiles)
      .where(eq(submissionFiles.submissionId, theirSub!.id));
    for (const path of [
      `/contracts/${other}`,
      `/obligations/${theirs.id}`,
      `/submissions/${theirSub!.id}`,
      `/files/${theirFile!.id}`,
    ]) {
      await visit(page, path, 404);
      await expect(textOf(page.locator("h1"))).resolves.toBe("Page not found");
      expect(await textOf(page.locator("main"))).not.toContain(theirs.clauseTitle);
    }
    await screenshot(page, "provider-not-found");
    // Commissioning pages are refused outright.
    for (const path of [
      "/reviews",
      "/compliance",
      `/contracts/${other}/compliance`,
      "/contracts/new",
      "/specifications/new",
      "/admin/organisations",
    ]) {
      const res = await page.goto(path);
      expect([403, 404], path).toContain(res!.status());
    }
    // Posting evidence to their obligation is refused before anything is stored.
    const csrf = await page.evaluate(
      () => (document.querySelector('input[name="_csrf"]') as HTMLInputElement | null)?.value ?? "",
    );
    const res = await page.request.post(`/obligations/${theirs.id}/submit`, {
      headers: { origin: e.url },
      multipart: {
        _csrf: csrf,
        narrative: "x",
        files: { name: "x.pdf", mimeType: "application/pdf", buffer: pdf },
      },
    });
    expect(res.status()).toBe(404);
    expect(
      await e.h.db.select().from(submissions).where(eq(submissions.obligationId, theirs.id)),
    ).toHaveLength(1);
  });

  it("signs out", async () => {
    await submit(page, () => page.getByRole("button", { name: "Sign out" }).click());
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain("You have signed out.");
    await visit(page, `/contracts/${e.seed.contractIds[0]}`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe(`/contracts/${e.seed.contractIds[0]}`);
  });

  it("had no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
