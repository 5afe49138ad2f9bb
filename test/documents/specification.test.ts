import { describe, expect, it, vi } from "vitest";
import { renderSpecification } from "../../src/documents/index.js";
import { CATEGORY_KEYS } from "../../src/model/clause-schema.js";
import { makeClauses, makeSpecification } from "./fixtures.js";
import { firstOutOfOrder, headers, part, rawText } from "./helpers.js";

const issuedInput = makeSpecification(36);
const draftInput = makeSpecification(36, { status: "draft", contentHash: null });

/** The order the specification shows clauses in: by category (library order), then as the commissioner ordered. */
function documentOrder(clauses: typeof issuedInput.clauses) {
  return CATEGORY_KEYS.flatMap((cat) => clauses.filter((c) => c.category === cat));
}

describe("renderSpecification", () => {
  it("shows every clause title, in category order, with its filled-in values", async () => {
    const docx = await renderSpecification(draftInput, { pageNumbers: false });
    const text = await rawText(docx);
    const ordered = documentOrder(draftInput.clauses);
    expect(
      firstOutOfOrder(
        text,
        ordered.map((c) => `${c.key} ${c.title}`),
      ),
    ).toBeUndefined();
    // Numbered 5.<category>.<clause>: the first governance clause is 5.1.1.
    expect(text).toContain(`5.1.1 ${ordered[0]!.key} ${ordered[0]!.title}`);
    for (const c of draftInput.clauses) {
      expect(text).toContain(c.requirement);
      expect(text).toContain(c.parameters[0]!.display);
    }
    expect(text).toContain("The provider shall reserve 2 seats on its service governance board");
    expect(text).toContain("At least 82% of feedback answered within 20 working days.");
    expect(
      firstOutOfOrder(text, [
        "1 Introduction",
        "2 Population needs",
        "3 Outcomes",
        "4 Scope",
        "5 Service user involvement and lived experience",
        "Appendix A: Evidence and monitoring schedule",
        "Appendix B: Glossary",
        "Appendix C: Sources",
      ]),
    ).toBeUndefined();
  });

  it("groups only the categories used, keeping the commissioner's order within each", async () => {
    const all = makeClauses(24);
    const chosen = [all[14]!, all[2]!, all[12]!, all[0]!]; // FBK-02, FBK-01, GOV-02, GOV-01
    const docx = await renderSpecification(makeSpecification(0, { clauses: chosen }), { pageNumbers: false });
    const text = await rawText(docx);
    expect(
      firstOutOfOrder(text, [
        "5.1 Governance and strategy",
        "5.1.1 GOV-02",
        "5.1.2 GOV-01",
        "5.2 Feedback and complaints",
        "5.2.1 FBK-02",
        "5.2.2 FBK-01",
      ]),
    ).toBeUndefined();
    expect(text).not.toContain("Individual care planning");
  });

  it("writes British English, real heading styles with outline levels, and repeating table headers", async () => {
    const docx = await renderSpecification(draftInput, { pageNumbers: false });
    const styles = await part(docx, "word/styles.xml");
    expect(styles).toContain('<w:lang w:val="en-GB"/>');
    for (const [id, level] of [
      ["Heading1", 0],
      ["Heading2", 1],
      ["Heading3", 2],
    ] as const) {
      expect(styles).toMatch(
        new RegExp(`w:styleId="${id}">.*?<w:outlineLvl w:val="${level}"/>.*?</w:style>`),
      );
    }
    const document = await part(docx, "word/document.xml");
    expect(document).toContain("<w:tblHeader/>");
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading3"/>');
    expect(document).toContain('w:fldCharType="begin"');
    expect(document).toMatch(/TOC \\h \\o &quot;1-3&quot;/);
  });

  it("carries the title, creator and custom properties with the id, version and content hash", async () => {
    const docx = await renderSpecification(issuedInput, { pageNumbers: false });
    const core = await part(docx, "docProps/core.xml");
    expect(core).toContain(`<dc:title>${issuedInput.title}</dc:title>`);
    expect(core).toContain("<dc:creator>Northshire County Council</dc:creator>");
    expect(core).toContain("<dc:subject>Northshire Recovery Partnership</dc:subject>");
    expect(core).toContain("<cp:keywords>");
    expect(core).toContain("<dc:description>");
    expect(core).toContain(">2026-03-15T10:30:00Z</dcterms:created>");
    expect(core).toContain(">2026-03-15T10:30:00Z</dcterms:modified>");
    const custom = await part(docx, "docProps/custom.xml");
    expect(custom).toMatch(/name="SpecificationId"><vt:lpwstr>spec_01J9Z8TESTSPEC</);
    expect(custom).toMatch(/name="SpecificationVersion"><vt:lpwstr>3</);
    expect(custom).toContain(issuedInput.contentHash!);
  });

  it("marks a draft DRAFT in the page header and on the cover, and an issued one not", async () => {
    const draft = await renderSpecification(draftInput, { pageNumbers: false });
    expect(await headers(draft)).toContain(">DRAFT ");
    const draftText = await rawText(draft);
    expect(draftText.slice(0, 400)).toContain("DRAFT");
    const issued = await renderSpecification(issuedInput, { pageNumbers: false });
    expect(await headers(issued)).not.toContain("DRAFT");
    expect(await rawText(issued)).not.toContain("DRAFT");
  });

  it("puts title, version and Page X of Y in the header and footer", async () => {
    const docx = await renderSpecification(issuedInput, { pageNumbers: false });
    const footer = await part(docx, "word/footer1.xml");
    expect(footer).toContain("version 3");
    expect(footer).toMatch(/Page .*PAGE.* of .*NUMPAGES/s);
    expect(await headers(docx)).toContain(`${issuedInput.title}, version 3`);
  });

  it("lists document history, the evidence schedule, the glossary and each source once", async () => {
    const docx = await renderSpecification(issuedInput, { pageNumbers: false });
    const text = await rawText(docx);
    expect(
      firstOutOfOrder(text, ["Document control", "First draft", "After consultation", "Issued for contract"]),
    ).toBeUndefined();
    const schedule = text.slice(text.lastIndexOf("Appendix A: Evidence and monitoring schedule"));
    expect(schedule).toContain("Board terms of reference, membership list and minutes for the quarter.");
    const glossary = text.slice(text.lastIndexOf("Appendix B: Glossary"));
    for (const term of [
      "Lived experience recovery organisation (LERO)",
      "Service user involvement (UI)",
      "Co-production",
      "“You said, we did”",
      "Empower (involvement level)",
    ]) {
      expect(glossary).toContain(term);
    }
    const sources = text.slice(text.lastIndexOf("Appendix C: Sources"));
    // Cited with and without a final full stop: one source.
    expect(sources.split("Scottish Government (2007) Service user involvement").length - 1).toBe(1);
    expect(sources).toContain("Cited in: GOV-01");
  });

  it("writes contents page numbers for an issued document, and none for a draft", async () => {
    const issued = await part(
      await renderSpecification(issuedInput, { pageNumbers: true }),
      "word/document.xml",
    );
    const refs = [
      ...issued.matchAll(
        /PAGEREF (_Toc\d+) \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)</g,
      ),
    ];
    // Sections 1-5, categories, clauses, the calendar and measures, appendices.
    const headingCount = 5 + 12 + issuedInput.clauses.length + 2 + 3;
    expect(refs.length).toBe(headingCount);
    const pages = refs.map((m) => Number(m[2]));
    expect(pages[0]).toBeGreaterThanOrEqual(3);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    // Written clean, so Word shows them without asking to update fields.
    expect(issued).not.toContain('w:dirty="true"');

    const draft = await part(
      await renderSpecification(draftInput, { pageNumbers: false }),
      "word/document.xml",
    );
    expect(draft).toContain("PAGEREF _Toc1 \\h");
    expect(draft).not.toMatch(
      /PAGEREF _Toc1 \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>\d/,
    );
  });

  it("gives byte-identical output for the same issued input, whatever was rendered before", async () => {
    const first = await renderSpecification(issuedInput, { pageNumbers: true });
    // Other documents in between advance docx's process-wide counters; the output must not notice.
    await renderSpecification(makeSpecification(5), { pageNumbers: true });
    // The clock a day and a few seconds on (well past the zip format's two-second resolution), without waiting.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 86_400_000 + 3_000 });
    let second: Uint8Array;
    try {
      second = await renderSpecification(structuredClone(issuedInput), { pageNumbers: true });
    } finally {
      vi.useRealTimers();
    }
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    // Zip entries are dated from the input (15 March 2026, 10:30 UTC), not the clock.
    const view = new DataView(first.buffer, first.byteOffset);
    const dosDate = view.getUint16(12, true);
    expect([(dosDate >> 9) + 1980, (dosDate >> 5) & 15, dosDate & 31]).toEqual([2026, 3, 15]);
  });

  it("says so when no clauses have been chosen", async () => {
    const docx = await renderSpecification(makeSpecification(0, { status: "draft" }), { pageNumbers: true });
    const text = await rawText(docx);
    expect(text).toContain("No involvement clauses have been chosen yet.");
    expect(text).toContain("The chosen clauses cite no sources.");
  });
});
