// Opens the four documents in LibreOffice (converted to PDF) and reads them back as a person would see them:
// the titles and values are there, the pages are numbered "Page X of Y", and the contents table's page numbers,
// written in advance by the page-number estimator, match the pages LibreOffice actually puts the headings on.
import { beforeAll, describe, expect, it } from "vitest";
import {
  renderChanges,
  renderComplianceReport,
  renderSpecification,
  renderSummary,
  SUMMARY_TITLE,
} from "../../src/documents/index.js";
import { openInLibreOffice, type PdfText } from "../libreoffice.js";
import { makeClauses, makeComplianceReport, makeSpecification } from "./fixtures.js";
import { part } from "./helpers.js";

const spec = makeSpecification(40);
let pdfs: Record<string, PdfText> = {};
let specXml = "";

beforeAll(async () => {
  const specBytes = await renderSpecification(spec, { pageNumbers: true });
  specXml = await part(specBytes, "word/document.xml");
  const files: Record<string, Uint8Array> = {
    specification: specBytes,
    changes: await renderChanges({
      previous: makeSpecification(0, {
        version: 2,
        clauses: makeClauses(44).filter((c) => c.key !== "GOV-02"),
      }),
      current: spec,
      author: "Priya Shah",
      date: "2026-03-15T10:30:00Z",
    }),
    summary: await renderSummary(spec),
    report: await renderComplianceReport(makeComplianceReport()),
  };
  pdfs = await openInLibreOffice(files);
}, 300_000);

describe("documents opened in LibreOffice", () => {
  it("the specification shows every clause, its values, and Page X of Y", () => {
    const { pages, count } = pdfs.specification!;
    expect(count).toBeGreaterThan(10);
    expect(pages.length).toBe(count);
    const all = pages.join(" ");
    for (const c of spec.clauses) {
      expect(all).toContain(`${c.key} ${c.title}`);
      expect(all).toContain(c.parameters[0]!.display);
    }
    expect(all).toContain("The provider shall reserve 2 seats on its service governance board");
    expect(pages[0]).toContain(`Page 1 of ${count}`);
    expect(pages.at(-1)).toContain(`Page ${count} of ${count}`);
  });

  it("the specification's contents page numbers are the pages LibreOffice puts the headings on", () => {
    const { pages } = pdfs.specification!;
    // Each contents entry: its heading's text and the page number written for it.
    const entries = [
      ...specXml.matchAll(
        /<w:hyperlink w:history="1" w:anchor="_Toc\d+">(.*?)PAGEREF _Toc\d+ \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)</g,
      ),
    ].map((m) => ({
      title: [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
      page: Number(m[2]),
    }));
    expect(entries.length).toBe(5 + 12 + spec.clauses.length + 2 + 3);
    const contentsEnd = pages.findIndex((p) => p.includes("1 Introduction") && !p.includes("Contents"));
    const found = entries.map(({ title, page }) => {
      // The first page after the contents whose text has the heading.
      const at = pages.findIndex(
        (p, i) => i >= Math.max(contentsEnd, 2) && p.includes(title.replace(/\s+/g, " ")),
      );
      return { title, written: page, actual: at + 1 };
    });
    const exact = found.filter((f) => f.written === f.actual);
    // Word is what the estimator follows; LibreOffice lays out a little differently, so allow an odd heading to
    // land one page either side, but no more.
    expect(found.filter((f) => Math.abs(f.written - f.actual) > 1)).toEqual([]);
    expect(exact.length / found.length).toBeGreaterThanOrEqual(0.9);
  });

  it("the changes document shows added and removed clauses", () => {
    const all = pdfs.changes!.pages.join(" ");
    expect(all).toContain("Changes to the specification");
    expect(all).toContain("GOV-02 Service user seats on the governance board, part 2");
    expect(all).toContain("1 clause added, 4 clauses removed");
    expect(pdfs.changes!.pages[0]).toContain(`Page 1 of ${pdfs.changes!.count}`);
  });

  it("the summary and the compliance report read as expected", () => {
    const summary = pdfs.summary!.pages.join(" ");
    expect(summary).toContain(SUMMARY_TITLE);
    expect(summary).toContain("You can tell us what you think.");
    expect(pdfs.summary!.pages[0]).toContain(`Page 1 of ${pdfs.summary!.count}`);
    const report = pdfs.report!.pages.join(" ");
    expect(report).toContain("Overall rating: Amber");
    expect(report).toContain("FBK-01 Anonymous feedback channel");
    expect(pdfs.report!.pages[0]).toContain(`Page 1 of ${pdfs.report!.count}`);
  });
});
