import { describe, expect, it } from "vitest";
import { diffWords, renderChanges } from "../../src/documents/index.js";
import type { ChangesDocumentInput } from "../../src/model/document-input.js";
import { makeClauses, makeSpecification } from "./fixtures.js";
import { part, rawText } from "./helpers.js";

function revision(): ChangesDocumentInput {
  const current = makeSpecification(14);
  const old = makeClauses(14).filter((c) => c.key !== "FAM-01"); // FAM-01 is new in the current version
  old[0] = {
    ...old[0]!,
    requirement: old[0]!.requirement.replace("every decision", "the main decisions"),
    frequency: "monthly",
  };
  old[2] = {
    ...old[2]!,
    threshold: { description: "At least 70% of feedback answered within 30 working days.", metrics: [] },
  };
  old.push({ ...makeClauses(1)[0]!, key: "OLD-01", title: "Annual open day" }); // removed since
  const previous = makeSpecification(0, {
    version: 2,
    clauses: old,
    sections: { ...current.sections, scope: "The service is for adults living in Northshire." },
  });
  return { previous, current, author: "Priya Shah", date: "2026-03-15T10:30:00Z" };
}

describe("renderChanges", () => {
  it("shows changed words as tracked insertions and deletions attributed to the author and date", async () => {
    const docx = await renderChanges(revision());
    const xml = await part(docx, "word/document.xml");
    const ins = [...xml.matchAll(/<w:ins ([^>]*)>/g)].map((m) => m[1]!);
    const del = [...xml.matchAll(/<w:del ([^>]*)>/g)].map((m) => m[1]!);
    expect(ins.length).toBeGreaterThan(0);
    expect(del.length).toBeGreaterThan(0);
    for (const attrs of [...ins, ...del]) {
      expect(attrs).toContain('w:author="Priya Shah"');
      expect(attrs).toContain('w:date="2026-03-15T10:30:00Z"');
    }
    // Ids are unique across insertions and deletions.
    const ids = [...ins, ...del].map((a) => /w:id="(\d+)"/.exec(a)![1]);
    expect(new Set(ids).size).toBe(ids.length);
    // Word-level: only the changed words are marked, inside the unchanged sentence.
    expect(xml).toMatch(/<w:del [^>]*>(?:(?!<\/w:del>).)*<w:delText[^>]*>the main decisions<\/w:delText>/);
    expect(xml).toMatch(/<w:ins [^>]*>(?:(?!<\/w:ins>).)*<w:t[^>]*>every decision<\/w:t>/);
    expect(xml).toMatch(/<w:delText[^>]*>Monthly<\/w:delText>/);
    expect(xml).toMatch(/<w:delText[^>]*>70%<\/w:delText>/);
    expect(xml).toMatch(/<w:t[^>]*>aged 18 and over <\/w:t>/);
  });

  it("lists added, removed, changed and unchanged clauses under headings", async () => {
    const input = revision();
    const docx = await renderChanges(input);
    const text = await rawText(docx);
    expect(text).toContain("1 clause added, 1 clause removed, 2 clauses changed and 11 clauses unchanged.");
    const added = text.slice(text.indexOf("Added clauses"), text.indexOf("Removed clauses"));
    expect(added).toContain("FAM-01");
    const removed = text.slice(text.indexOf("Removed clauses"), text.indexOf("Changed clauses"));
    expect(removed).toContain("OLD-01");
    const unchanged = text.slice(text.indexOf("Unchanged clauses"));
    expect(unchanged).toContain("CARE-01 Care plans agreed with the person: unchanged.");
    const xml = await part(docx, "word/document.xml");
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(await part(docx, "word/styles.xml")).toContain('<w:lang w:val="en-GB"/>');
  });

  it("is byte-identical for the same input", async () => {
    const a = await renderChanges(revision());
    const b = await renderChanges(revision());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe("diffWords", () => {
  const show = (a: string, b: string) =>
    diffWords(a, b)
      .map((p) => (p.type === "same" ? p.text : p.type === "insert" ? `{+${p.text}+}` : `[-${p.text}-]`))
      .join("");

  it("marks only the words that changed, deletions before insertions", () => {
    expect(show("the quick brown fox", "the slow red fox")).toBe("the [-quick brown-]{+slow red+} fox");
    expect(show("meets monthly", "meets monthly in person")).toBe("meets monthly{+ in person+}");
    expect(show("a b c", "a c")).toBe("a [-b -]c");
    expect(show("", "new text")).toBe("{+new text+}");
    expect(show("old text", "")).toBe("[-old text-]");
    expect(show("same", "same")).toBe("same");
  });

  it("reassembles both texts", () => {
    const a = "The provider shall pay people for their time at £12.50 an hour and cover travel.";
    const b =
      "The provider shall pay people promptly for their time at £13.50 an hour, and cover travel and childcare.";
    const parts = diffWords(a, b);
    expect(
      parts
        .filter((p) => p.type !== "insert")
        .map((p) => p.text)
        .join(""),
    ).toBe(a);
    expect(
      parts
        .filter((p) => p.type !== "delete")
        .map((p) => p.text)
        .join(""),
    ).toBe(b);
  });
});
