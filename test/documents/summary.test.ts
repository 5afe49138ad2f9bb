import { describe, expect, it } from "vitest";
import { renderSummary, SUMMARY_TITLE, summaryText } from "../../src/documents/index.js";
import { makeSpecification } from "./fixtures.js";
import { fleschReadingEase, part, rawText } from "./helpers.js";

const input = makeSpecification(36);

describe("renderSummary", () => {
  it("reads easily: Flesch reading ease above 60", () => {
    const text = summaryText(input);
    expect(text).toContain("You can tell us what you think.");
    expect(fleschReadingEase(text)).toBeGreaterThan(60);
  });

  it("groups the plain-language promises under simple headings, once each", async () => {
    const docx = await renderSummary(input);
    const text = await rawText(docx);
    expect(text).toContain(SUMMARY_TITLE);
    expect(text).toContain("Telling us what you think");
    expect(text).toContain("Being paid for your time");
    expect(text.split("You can tell us what you think. You do not have to give your name.").length - 1).toBe(
      1,
    );
    expect(text).toContain("It is £12.50 an hour.");
    expect(text).toContain("Northshire County Council");
  });

  it("uses large Arial type: 14pt body, 18pt and larger headings, en-GB", async () => {
    const styles = await part(await renderSummary(input), "word/styles.xml");
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0];
    expect(defaults).toContain('w:ascii="Arial"');
    expect(defaults).toContain('<w:sz w:val="28"/>');
    expect(defaults).toContain('<w:lang w:val="en-GB"/>');
    for (const id of ["Title", "Heading1", "Heading2"]) {
      const style = new RegExp(`w:styleId="${id}">.*?</w:style>`, "s").exec(styles)![0];
      const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(style)![1]);
      expect(size).toBeGreaterThanOrEqual(36);
    }
  });

  it("has a large-print version: the same text, 18pt body (large print starts at 16pt), larger headings", async () => {
    const large = await renderSummary(input, { largePrint: true });
    expect(await rawText(large)).toBe(await rawText(await renderSummary(input)));
    const styles = await part(large, "word/styles.xml");
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0];
    expect(Number(/<w:sz w:val="(\d+)"\/>/.exec(defaults)![1])).toBeGreaterThanOrEqual(32);
    expect(defaults).toContain('<w:sz w:val="36"/>');
    for (const id of ["Title", "Heading1", "Heading2"]) {
      const style = new RegExp(`w:styleId="${id}">.*?</w:style>`, "s").exec(styles)![0];
      expect(Number(/<w:sz w:val="(\d+)"\/>/.exec(style)![1])).toBeGreaterThanOrEqual(44);
    }
    const core = await part(large, "docProps/core.xml");
    expect(core).toContain("(large print)");
  });
});
