import { describe, expect, it } from "vitest";
import { renderComplianceReport } from "../../src/documents/index.js";
import { makeComplianceReport } from "./fixtures.js";
import { firstOutOfOrder, part, rawText } from "./helpers.js";

describe("renderComplianceReport", () => {
  it("states the rating in words, with the counts, clauses and outstanding actions", async () => {
    const input = makeComplianceReport();
    const docx = await renderComplianceReport(input);
    const text = await rawText(docx);
    expect(
      firstOutOfOrder(text, [
        "Contract compliance report",
        "Contract details",
        "NCC-PH-2026-014",
        "1 April 2026 to 31 March 2029",
        "Summary",
        "Overall rating: Amber",
        "Compliance: 68.8% of the evidence assessed so far (compliant counts in full, partially compliant as half; not applicable is left out).",
        "2 items of evidence are overdue.",
        "People who use the service disagreed with 1 piece of evidence that the reviewer accepted.",
        "People who use the service checked the evidence: 2 agreed, 1 disagreed.",
        "Returned for changes",
        "Total",
        "24",
        "Clauses",
        "GOV-01 Service user seats on the governance board",
        "Green",
        "Q1 2026-27: Accepted (Met), due 21 July 2026; people who use the service: 2 agreed, 1 disagreed",
        "Outstanding actions",
        "FBK-01 Anonymous feedback channel",
        "Overdue",
        "20 October 2026",
        "What the ratings mean",
      ]),
    ).toBeUndefined();
    const xml = await part(docx, "word/document.xml");
    expect(xml.split("<w:tblHeader/>").length - 1).toBeGreaterThanOrEqual(3);
    expect(await part(docx, "word/styles.xml")).toContain('<w:lang w:val="en-GB"/>');
  });

  it("says when nothing is outstanding or due", async () => {
    const input = makeComplianceReport();
    const docx = await renderComplianceReport({
      ...input,
      summary: { ...input.summary, percentCompliant: null, overdue: 0, rag: "green" },
      actions: [],
    });
    const text = await rawText(docx);
    expect(text).toContain("No evidence has been assessed yet.");
    expect(text).toContain("Nothing is outstanding.");
    expect(text).toContain("Overall rating: Green");
  });

  it("says when people who use the service have not checked the evidence", async () => {
    const input = makeComplianceReport();
    const text = await rawText(
      await renderComplianceReport({
        ...input,
        summary: { ...input.summary, views: { agree: 0, partly: 0, disagree: 0 } },
      }),
    );
    expect(text).toContain("People who use the service have not given a view on the evidence yet.");
  });
});
