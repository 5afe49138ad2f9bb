// The commissioner's own commitments in a real browser: the commissioner finds them on the contract, hands
// in evidence through the same upload form the provider uses, the reviewer sees it waiting, and the
// provider is offered no form for them (and is refused if it posts one anyway).
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { obligations, submissions } from "../../src/db/schema/index.js";
import { minimalPdf } from "../../src/demo/pdf.js";
import { issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import { makeTenant, PASSWORD } from "../factories.js";
import { type E2E, newPage, screenshot, signIn, startE2EWithPage, submit, textOf, visit } from "./browser.js";

let e: E2E;
let page: Page;
let pageErrors: string[];
let t: Tenant;
let contractId: string;
const pdf = Buffer.from(minimalPdf(["Contract review minutes", "Forum authors attended both reviews"]));

async function obligationOf(clauseKey: string, period: string) {
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

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
  t = await makeTenant(e.h.db);
  // A contract that started on 1 April 2026, so its first quarter is over and its evidence is due.
  const spec = await issuedSpecification(e.h, t, ["COM-04", "FBK-02"]);
  contractId = (await letContract(e.h, t, spec.id)).id;
});
afterAll(() => e?.close());

describe("the commissioner's own commitments", () => {
  it("the commissioner sees them on the contract and hands in evidence through the upload form", async () => {
    await signIn(page, t.commissioner.email, PASSWORD);
    await visit(page, `/contracts/${contractId}`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Your commitments" }) });
    const names = await section.locator(".govuk-task-list__link").allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^COM-04 /);
    expect(await textOf(section)).toContain("These clauses bind your organisation, not the provider.");
    await screenshot(page, "commissioner-commitments");

    const ob = await obligationOf("COM-04", "2026-27 Q1");
    await submit(page, () => section.locator(`a[href="/obligations/${ob.id}"]`).click());
    expect(await textOf(page.locator("main"))).toContain(
      "The commissioner: this is their own commitment, not the provider's",
    );
    await page
      .getByLabel("Describe the evidence")
      .fill("Forum authors attended both contract reviews; written answers went out within 10 working days.");
    await page
      .locator("#files")
      .setInputFiles([{ name: "review-minutes.pdf", mimeType: "application/pdf", buffer: pdf }]);
    await page
      .getByLabel("I confirm that this evidence does not identify anyone who uses the service")
      .check();
    await submit(page, () => page.getByRole("button", { name: "Submit evidence" }).click());
    await expect(textOf(page.locator("h1"))).resolves.toBe("Evidence submitted");
    expect(await textOf(page.locator("main"))).toContain("review-minutes.pdf");

    const rows = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, status: "submitted", submittedBy: t.commissioner.id });
    expect(pageErrors).toEqual([]);
  });

  it("the reviewer finds it waiting for review", async () => {
    const ob = await obligationOf("COM-04", "2026-27 Q1");
    const [sub] = await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    const reviewer = await newPage(e);
    try {
      await signIn(reviewer.page, t.reviewer.email, PASSWORD);
      await visit(reviewer.page, "/reviews");
      const row = reviewer.page.locator("tbody tr", { hasText: "COM-04" });
      await expect(row.count()).resolves.toBe(1);
      await submit(reviewer.page, () => row.getByRole("link").first().click());
      expect(new URL(reviewer.page.url()).pathname).toBe(`/submissions/${sub!.id}`);
      const main = await textOf(reviewer.page.locator("main"));
      expect(main).toContain("review-minutes.pdf");
      expect(main).toContain("Forum authors attended both contract reviews");
      expect(reviewer.errors).toEqual([]);
    } finally {
      await reviewer.context.close();
    }
  });

  it("the provider is offered no form for the commissioner's commitment, and is refused if it posts one", async () => {
    const ob = await obligationOf("COM-04", "2026-27 Q2");
    const own = await obligationOf("FBK-02", "2026-27 Q2");
    const provider = await newPage(e);
    try {
      await signIn(provider.page, t.providerUser.email, PASSWORD);
      // Its own clause has the form, so the absence below is the rule, not a broken page.
      await visit(provider.page, `/obligations/${own.id}`);
      await expect(provider.page.getByRole("button", { name: "Submit evidence" }).count()).resolves.toBe(1);

      await visit(provider.page, `/obligations/${ob.id}`);
      await expect(provider.page.getByRole("button", { name: /Submit evidence/ }).count()).resolves.toBe(0);
      await expect(
        provider.page.locator(`form[action="/obligations/${ob.id}/submit"]`).count(),
      ).resolves.toBe(0);
      expect(await textOf(provider.page.locator("main"))).toContain(
        "The commissioner: this is their own commitment, not the provider's",
      );

      // Its to-do list leaves the commissioner's commitments out.
      await visit(provider.page, `/contracts/${contractId}?status=todo`);
      const todo = await provider.page.locator(".govuk-task-list__link").allInnerTexts();
      expect(todo.some((n) => n.startsWith("FBK-02"))).toBe(true);
      expect(todo.some((n) => n.startsWith("COM-04"))).toBe(false);
      await expect(provider.page.getByRole("heading", { name: "Your commitments" }).count()).resolves.toBe(0);

      // Posting the form anyway, with a valid CSRF token: refused, and nothing saved.
      const csrf = await provider.page.locator('input[name="_csrf"]').first().inputValue();
      const status = await provider.page.evaluate(
        async ({ id, csrf, bytes }) => {
          const form = new FormData();
          form.append("_csrf", csrf);
          form.append("narrative", "Not ours to send");
          form.append("noPersonalData", "true");
          form.append("files", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "x.pdf");
          const res = await fetch(`/obligations/${id}/submit`, { method: "POST", body: form });
          return res.status;
        },
        { id: ob.id, csrf, bytes: [...pdf] },
      );
      expect(status).toBe(403);
      expect(await e.h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toEqual([]);
    } finally {
      await provider.context.close();
    }
  });

  it("the compliance page keeps the council's commitments apart from the provider's rating", async () => {
    const reviewer = await newPage(e);
    try {
      await signIn(reviewer.page, t.reviewer.email, PASSWORD);
      await visit(reviewer.page, `/contracts/${contractId}/compliance`);
      const main = await textOf(reviewer.page.locator("main"));
      expect(main).toContain("The rating and figures are the provider's");
      const own = reviewer.page.locator("section", {
        has: reviewer.page.getByRole("heading", { name: "The commissioner's own commitments" }),
      });
      const councilRows = await own
        .locator("table", {
          has: reviewer.page.locator("caption", {
            hasText: /^The commissioner's own commitments by quarter$/,
          }),
        })
        .locator("tbody th")
        .allInnerTexts();
      expect(councilRows.length).toBe(1);
      expect(councilRows[0]).toMatch(/^COM-04 /);
      // Its figures against targets sit in the same section, under a heading of their own.
      await expect(
        own.getByRole("heading", { level: 3, name: "The commissioner's figures against targets" }).count(),
      ).resolves.toBe(1);
      // The provider's table has its own clause and not the council's.
      const providerRows = await reviewer.page
        .locator("table", { has: reviewer.page.locator("caption", { hasText: /^Clauses by quarter$/ }) })
        .locator("tbody th")
        .allInnerTexts();
      expect(providerRows.map((r) => r.slice(0, 6))).toEqual(["FBK-02"]);
      await screenshot(reviewer.page, "compliance-commissioner-commitments");

      // The contract page names the council's overdue evidence as the council's.
      await visit(reviewer.page, `/contracts/${contractId}`);
      expect(await textOf(reviewer.page.locator("main"))).toMatch(
        /\d+ overdue \(\d+ of them the commissioner's own commitments?, not the provider's\)/,
      );
      expect(reviewer.errors).toEqual([]);
    } finally {
      await reviewer.context.close();
    }
  });
});
