// The specification's two shapes (issue 20 item 2): a schedule of its own by default, a full specification when the
// general sections are written; clauses as numbered paragraphs with labelled evidence and checks, no table under each
// clause, no commissioning clause, a reporting calendar, and a measures or KPI table. And the quick contents page
// numbers are docx's own.
import { Packer } from "docx";
import { estimatePageNumbers } from "docx/layout";
import { describe, expect, it } from "vitest";
import { renderSpecification } from "../../src/documents/index.js";
import { buildSpecification } from "../../src/documents/specification.js";
import { SCHEDULE_TITLE } from "../../src/model/document-input.js";
import { makeClauses, makeSpecification } from "./fixtures.js";
import { part, rawText } from "./helpers.js";

const commissionerClause = {
  ...makeClauses(1)[0]!,
  key: "COM-01",
  title: "The council funds involvement in the next procurement",
  category: "commissioning" as const,
  requirement: "The commissioner shall give 10% of the quality score to involvement.",
};
const clauses = [...makeClauses(13), commissionerClause];
const schedule = makeSpecification(0, { sections: {}, clauses });
const full = makeSpecification(0, { clauses });

const tables = (xml: string) => xml.split("<w:tbl>").length - 1;

describe("the specification's shapes", () => {
  it("is a schedule of its own unless all four general sections are written, with no empty section", async () => {
    const text = await rawText(await renderSpecification(schedule, { pageNumbers: false }));
    expect(text).toContain(SCHEDULE_TITLE);
    expect(text).toContain("A schedule to the service specification for Northshire Recovery Partnership");
    expect(text).toContain("1 About this schedule");
    expect(text).toContain("2 Governance and strategy");
    expect(text).toContain("2.1 GOV-01 Service user seats on the governance board");
    expect(text).not.toMatch(/not been written/);
    expect(text).not.toContain("Population needs");

    // With three of four sections written it is still a schedule; asked for, a full specification prints those written.
    const partial = makeSpecification(0, {
      clauses,
      sections: { ...full.sections, scope: "" },
    });
    expect(await rawText(await renderSpecification(partial, { pageNumbers: false }))).toContain(
      SCHEDULE_TITLE,
    );
    const asked = await rawText(
      await renderSpecification({ ...partial, documentShape: "full_specification" }, { pageNumbers: false }),
    );
    expect(asked).toContain("3 Outcomes");
    expect(asked).toContain("4 Service user involvement and lived experience");
    expect(asked).not.toMatch(/not been written/);
  });

  it("is a full specification with the general sections when all four are written", async () => {
    const text = await rawText(await renderSpecification(full, { pageNumbers: false }));
    expect(text).not.toContain(SCHEDULE_TITLE);
    expect(text).toContain(`Service specification: ${full.serviceName}`);
    for (const h of ["1 Introduction", "2 Population needs", "3 Outcomes", "4 Scope"])
      expect(text).toContain(h);
    expect(text).toContain("5.1.1 GOV-01 Service user seats on the governance board");
    // Chosen, the schedule leaves the general sections out.
    const asked = await rawText(
      await renderSpecification({ ...full, documentShape: "schedule" }, { pageNumbers: false }),
    );
    expect(asked).toContain(SCHEDULE_TITLE);
    expect(asked).not.toContain("Population needs");
  });

  it("writes each clause as numbered paragraphs with labelled evidence and checks, and no table under it", async () => {
    for (const input of [schedule, full]) {
      const docx = await renderSpecification(input, { pageNumbers: false });
      const text = await rawText(docx);
      const n = input === schedule ? "2.1" : "5.1.1";
      expect(text).toContain(
        `${n}.1\tThe provider shall reserve 2 seats on its service governance board for people with lived experience`,
      );
      expect(text).toContain(
        "Evidence, quarterly. Board terms of reference, membership list and minutes for the quarter.",
      );
      expect(text).toContain("The reviewer checks: That the seats are filled");
      expect(text).not.toContain("Minimum involvement level");
      expect(text).not.toContain("Values set for this service");
      // The tables are the cover's, document control's, the calendar's, the measures', and the appendices' two: as
      // many for 13 clauses as for 40.
      const xml = await part(docx, "word/document.xml");
      const more = await part(
        await renderSpecification({ ...input, clauses: makeClauses(40) }, { pageNumbers: false }),
        "word/document.xml",
      );
      expect(tables(xml)).toBe(6);
      expect(tables(more)).toBe(6);
    }
  });

  it("leaves the council's own commitments out of the provider's document", async () => {
    for (const input of [schedule, full]) {
      const docx = await renderSpecification(input, { pageNumbers: false });
      const text = await rawText(docx);
      expect(text).not.toContain("COM-01");
      expect(text).not.toContain("The council funds involvement");
      expect(text).not.toContain("The commissioner's own commitments");
      expect(text).not.toContain("10% of the quality score");
    }
  });

  it("has a reporting calendar for the first 12 months", async () => {
    const text = await rawText(await renderSpecification(schedule, { pageNumbers: false }));
    expect(text).toContain("Reporting calendar for the first 12 months");
    // The contract starts on 1 April 2026; quarterly returns for April to June are due 20 days after.
    expect(text).toContain("July 2026");
    expect(text).toContain("Quarterly return for 1 April 2026 to 30 June 2026, due 20 July 2026: GOV-01");
    expect(text).toContain("Evidence at mobilisation, due 1 July 2026: ACC-01");
    expect(text).toContain(
      "Monthly return for 1 February 2027 to 28 February 2027, due 20 March 2027: GRP-01",
    );
    // Nothing due in the contract's second year.
    expect(text).not.toMatch(/due \d+ \w+ 2027: GOV-01, CARE-01[^\n]*\n[^\n]*April 2027/);
    expect(text).not.toContain("COM-01");
  });

  it("lists the clauses' thresholds as Measures without KPIs, and the KPIs when there are some", async () => {
    const measures = await rawText(await renderSpecification(schedule, { pageNumbers: false }));
    expect(measures).toMatch(/\n15 Measures\n/);
    expect(measures).not.toContain("Key performance indicators");
    expect(measures).toContain("At least 82% of feedback answered within 20 working days.");

    const withKpis = await rawText(
      await renderSpecification(
        {
          ...schedule,
          kpis: [
            {
              clauseKey: "FBK-01",
              measure: "Feedback answered within 20 working days",
              target: "at least 82%",
              frequency: "Quarterly",
              mostMaterial: true,
            },
          ],
        },
        { pageNumbers: false },
      ),
    );
    expect(withKpis).toMatch(/\n15 Key performance indicators\n/);
    expect(withKpis).not.toMatch(/\n15 Measures\n/);
    expect(withKpis).toContain("Feedback answered within 20 working days");
    expect(withKpis).toContain("Most material");
  });

  it("writes contents page numbers that are docx's own estimate, worked out faster", async () => {
    const pageRefs = (xml: string) =>
      [
        ...xml.matchAll(
          /PAGEREF (_Toc\d+) \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)</g,
        ),
      ].map((m) => Number(m[2]));
    for (const input of [
      schedule,
      full,
      makeSpecification(40, { sections: {} }),
      makeSpecification(40, { status: "draft" }),
      makeSpecification(13, { sections: {}, clauses: makeClauses(13) }),
      makeSpecification(44),
    ]) {
      const ours = await part(
        await Packer.pack(buildSpecification(input, { pageNumbers: true }), "uint8array"),
        "word/document.xml",
      );
      const docx = await part(
        await Packer.pack(
          buildSpecification(input, { pageNumbers: true }, estimatePageNumbers),
          "uint8array",
        ),
        "word/document.xml",
      );
      const numbers = pageRefs(ours);
      expect(numbers.length).toBeGreaterThan(10);
      expect(numbers).toEqual(pageRefs(docx));
    }
  }, 120_000);
});
