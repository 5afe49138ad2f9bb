// Issue 20 item 2's acceptance: core and enhanced specifications issued from the API as schedules open in LibreOffice
// (Liberation fonts, 11 pt body, 2 cm margins) within their page targets, with no empty-section sentence, no table
// under each clause, no commissioning clause, a reporting calendar, real headings, table header rows and a language;
// and each contents entry's page number is the page LibreOffice puts its heading on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLES } from "../../src/model/bundles.js";
import { COMMISSIONER_CATEGORY } from "../../src/model/clause-schema.js";
import { SCHEDULE_TITLE } from "../../src/model/document-input.js";
import { call, type Tenant } from "../contracts/fixtures.js";
import { part, rawText } from "../documents/helpers.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice, type PdfText } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const unxml = (xml: string) =>
  xml
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

let h: Harness;
let t: Tenant;
const docs: Record<string, Uint8Array> = {};
let pdfs: Record<string, PdfText> = {};
const providerClauses: Record<string, string[]> = {};
const commissionerClauses: Record<string, string[]> = {};
const titles = new Map<string, string>();

beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
  const library = (await call(h, "/api/clauses", { headers: t.commissioner.auth })).body as {
    clauses: Array<{ key: string; category: string; title: string }>;
  };
  const category = new Map(library.clauses.map((c) => [c.key, c.category]));
  for (const c of library.clauses) titles.set(c.key, c.title);
  for (const bundle of ["core", "enhanced"] as const) {
    const created = await call(
      h,
      "/api/specifications",
      json(
        {
          title: `Northshire ${bundle} involvement`,
          serviceName: "Northshire Recovery Partnership",
          bundle,
          caseload: 1800,
          sites: 3,
          periodStart: "2027-04-01",
          periodEnd: "2030-03-31",
          contacts: SPEC_CONTACTS,
        },
        t.commissioner.auth,
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.documentShape).toBe("schedule");
    const res = await h.app.request(`/api/specifications/${id}/document`, { headers: t.commissioner.auth });
    docs[bundle] = new Uint8Array(await res.arrayBuffer());
    const keys = BUNDLES[bundle].clauses.map((c) => c.key);
    providerClauses[bundle] = keys.filter((k) => category.get(k) !== COMMISSIONER_CATEGORY);
    commissionerClauses[bundle] = keys.filter((k) => category.get(k) === COMMISSIONER_CATEGORY);
  }
  pdfs = await openInLibreOffice(docs);
}, 600_000);
afterAll(() => h.close());

describe("schedules issued from the API", () => {
  it("fit their page targets: core at most 20 pages, enhanced (40 provider clauses) at most 40", () => {
    expect(BUNDLES.core.clauses.length).toBe(13);
    // Enhanced's 44 clauses less the council's own commitments.
    expect(providerClauses.enhanced!.length).toBeGreaterThanOrEqual(39);
    expect(providerClauses.enhanced!.length).toBeLessThanOrEqual(40);
    expect(pdfs.core!.count).toBeLessThanOrEqual(20);
    expect(pdfs.enhanced!.count).toBeLessThanOrEqual(40);
  });

  it("print every provider clause and no commissioning clause, no empty section, no table under each clause", async () => {
    for (const bundle of ["core", "enhanced"] as const) {
      const text = pdfs[bundle]!.pages.join(" ");
      expect(text).toContain(SCHEDULE_TITLE);
      for (const k of providerClauses[bundle]!) expect(text).toContain(k);
      for (const k of providerClauses[bundle]!) expect(text).toContain(`${k} ${titles.get(k)}`);
      // The council's own clauses are not printed (and no provider clause names one: library-review.test.ts).
      for (const k of commissionerClauses[bundle]!) expect(text).not.toContain(`${k} ${titles.get(k)}`);
      expect(text).not.toMatch(/not been written/);
      expect(text).not.toContain("Minimum involvement level");
      expect(text).toContain("Reporting calendar for the first 12 months");
      expect(text).toContain("The reviewer checks");
      // The tables are the cover's, document control's, the calendar's, the measures' and the two appendices', and
      // with GOV-05 (enhanced) one for each of its four indicators' descriptors: none under a clause.
      const xml = await part(docs[bundle]!, "word/document.xml");
      const gov05 = providerClauses[bundle]!.includes("GOV-05") ? 4 : 0;
      expect(xml.split("<w:tbl>").length - 1).toBe(6 + gov05);
    }
    // Core has commissioning clauses to leave out, or the check above proves nothing.
    expect(commissionerClauses.enhanced!.length).toBeGreaterThan(0);
  });

  it("are set at 11 pt with 2 cm margins, with real headings, table header rows and a language", async () => {
    for (const bundle of ["core", "enhanced"] as const) {
      const styles = await part(docs[bundle]!, "word/styles.xml");
      const xml = await part(docs[bundle]!, "word/document.xml");
      expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="22"\/>[\s\S]*<\/w:docDefaults>/);
      expect(styles).toContain('<w:lang w:val="en-GB"/>');
      for (const m of xml.matchAll(/<w:pgMar ([^>]*)\/>/g)) {
        for (const side of ["top", "bottom", "left", "right"]) {
          expect(Number(new RegExp(`w:${side}="(\\d+)"`).exec(m[1]!)![1])).toBeGreaterThanOrEqual(1134);
        }
      }
      expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
      expect(xml.split("<w:tblHeader/>").length - 1).toBeGreaterThanOrEqual(5);
      const text = await rawText(docs[bundle]!);
      expect(text).not.toMatch(/not been written/);
    }
  });

  it("number their contents with the pages LibreOffice puts the headings on", async () => {
    for (const bundle of ["core", "enhanced"] as const) {
      const { pages } = pdfs[bundle]!;
      const xml = await part(docs[bundle]!, "word/document.xml");
      const entries = [
        ...xml.matchAll(
          /<w:hyperlink w:history="1" w:anchor="_Toc\d+">(.*?)PAGEREF _Toc\d+ \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)</g,
        ),
      ].map((m) => ({
        title: [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(""),
        page: Number(m[2]),
      }));
      expect(entries.length).toBeGreaterThan(providerClauses[bundle]!.length);
      const contentsEnd = pages.findIndex(
        (p) => p.includes("1 About this schedule") && !p.includes("Contents"),
      );
      const found = entries.map(({ title, page }) => {
        const at = pages.findIndex(
          (p, i) => i >= contentsEnd && p.includes(unxml(title).replace(/\s+/g, " ")),
        );
        return { title, written: page, actual: at + 1 };
      });
      expect(found.filter((f) => f.written !== f.actual)).toEqual([]);
    }
  });
});
