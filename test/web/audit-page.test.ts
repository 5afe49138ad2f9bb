// The admin's audit log page: newest first, 50 a page with links that keep the filters, and an error
// summary for a filter that makes no sense.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOperator, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
const created: string[] = [];

async function get(path: string, auth = t.admin.auth) {
  const res = await h.app.request(path, { headers: { ...auth, accept: "text/html" } });
  return { status: res.status, html: await res.text() };
}
/** The record ids in the table, in the order shown. */
const rows = (html: string) =>
  [...html.matchAll(/organisation <span class="app-key">([^<]+)<\/span>/g)].map((m) => m[1]);
const link = (html: string, text: string) =>
  /href="([^"]+)"[^>]*>\s*<span class="govuk-pagination__link-title">([^<]+)</g
    .exec(html.slice(html.indexOf(`>${text}<`) - 300))?.[1]
    ?.replaceAll("&amp;", "&");

beforeAll(async () => {
  h = await createHarness();
  // The events here are organisations created, which is the operator's: they read the whole log.
  t = { ...(await makeTenant(h.db)), admin: await makeOperator(h.db) };
  for (let i = 1; i <= 52; i++) {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: `Paged ${i}`, kind: "provider" }, t.admin.auth),
    );
    created.push(((await res.json()) as { id: string }).id);
  }
});
afterAll(() => h.close());

describe("/admin/audit", () => {
  it("shows 50 events newest first, then the rest behind 'Older events', keeping the filters", async () => {
    const first = await get(`/admin/audit?actor=${t.admin.id}&action=organisation.create`);
    expect(first.status).toBe(200);
    expect(rows(first.html)).toEqual(created.slice(2).reverse());
    expect(first.html).not.toContain("Newest events");
    const older = link(first.html, "Older events")!;
    expect(older).toContain(`actor=${t.admin.id}`);
    expect(older).toContain("action=organisation.create");

    const second = await get(older);
    expect(rows(second.html)).toEqual([created[1], created[0]]);
    expect(second.html).not.toContain("Older events");
    expect(second.html).toContain("Newest events");
  });

  it("says what is wrong with a filter, in the error summary", async () => {
    const res = await get("/admin/audit?from-day=30&from-month=2&from-year=2026&actor=someone");
    expect(res.status).toBe(422);
    expect(res.html).toContain("govuk-error-summary");
    expect(res.html).toContain("must be a real date");
    expect(res.html).not.toContain("<caption");
  });

  it("is for admins only", async () => {
    expect((await get("/admin/audit", t.commissioner.auth)).status).toBe(403);
    expect((await get("/admin/audit", t.providerUser.auth)).status).toBe(403);
  });
});
