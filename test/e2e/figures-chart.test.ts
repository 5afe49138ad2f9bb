// Figures against targets on the compliance page, in a real browser (issue 21 item 1): each clause's metric
// has a small chart of its figures against the target over the periods so far, with the table that follows
// as its text alternative; met and below read by shape as well as colour; axe passes, and nothing scrolls
// sideways at 320 px.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { json, makeTenant, PASSWORD } from "../factories.js";
import {
  type E2E,
  expectNoSidewaysScroll,
  screenshot,
  signIn,
  startE2EWithPage,
  textOf,
  visit,
} from "./browser.js";

let e: E2E;
let page: Page;
let pageErrors: string[];
let t: Tenant;
let contractId: string;

async function hand(period: string, routes: number, covered: [string, string]) {
  const ob = await findObligation(e.h, t.providerUser.auth, contractId, "ACC-04", period);
  const res = await upload(e.h, t.providerUser.auth, ob.id, [
    ...evidenceFields({
      coveredFrom: covered[0],
      coveredTo: covered[1],
      metrics: JSON.stringify({ routes_active: routes }),
    }),
    { name: "files", filename: "routes.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
  t = await makeTenant(e.h.db);
  const spec = await issuedSpecification(e.h, t, ["ACC-04", "FBK-01"]);
  contractId = (await letContract(e.h, t, spec.id)).id;
  // Three routes a year: Q1's one route meets its 0.75; Q2's none leaves the year to date at 1 of 1.5.
  const q1 = await hand("2026-27 Q1", 1, ["2026-04-01", "2026-06-30"]);
  await hand("2026-27 Q2", 0, ["2026-07-01", "2026-09-30"]);
  const review = await call(
    e.h,
    `/api/submissions/${q1}/reviews`,
    json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
  );
  expect(review.status, JSON.stringify(review.body)).toBe(201);
});
afterAll(() => e?.close());

describe("figures against targets on the compliance page", () => {
  it("draws a chart per metric with its table as the text alternative, and passes axe", async () => {
    await signIn(page, t.reviewer.email, PASSWORD);
    await visit(page, `/contracts/${contractId}/compliance`);
    const chart = page.locator('svg.app-figure-chart[role="img"]', {
      has: page.locator(".app-figure-chart__figure"),
    });
    await expect(chart.count()).resolves.toBe(1);
    const label = (await chart.getAttribute("aria-label")) ?? "";
    expect(label).toMatch(
      /^Chart of ACC-04 Involvement routes .* against the target over \d+ periods: 1 met, 1 below target/,
    );
    expect(label).toContain("The table that follows gives each figure.");
    // Met and below differ by shape: a circle where met, a cross where below; the target is its own line.
    await expect(chart.locator("circle.app-figure-chart__met").count()).resolves.toBe(1);
    await expect(chart.locator("path.app-figure-chart__below").count()).resolves.toBe(1);
    await expect(chart.locator(".app-figure-chart__target").count()).resolves.toBeGreaterThan(0);
    // The chart's table comes straight after it, with the same periods.
    const table = page.locator("svg.app-figure-chart + * table, svg.app-figure-chart + table").first();
    const caption = await textOf(table.locator("caption"));
    expect(caption).toMatch(/^ACC-04 .*Involvement routes/);
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows[0]).toMatch(/^2026-27 Q1\s+1\s+1\s+at least 0\.75\s+Met/);
    expect(rows[1]).toMatch(/^2026-27 Q2\s+0\s+1\s+at least 1\.5\s+Below target/);
    // How to read the charts is said in words once.
    expect(await textOf(page.locator("main"))).toContain("the dashed black line is the target");
    await screenshot(page, "compliance-figures-chart");
    await expectNoSidewaysScroll(page, "compliance-figures-chart");
    expect(pageErrors).toEqual([]);
  });
});
