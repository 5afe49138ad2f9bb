// Checks the clause library as a whole: every file parses, the set covers every category and every
// seed-004 challenge, defaults are valid, and the plain-language text stays readable for service users.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CATEGORY_KEYS,
  CHALLENGE_KEYS,
  type ClauseContent,
  parameterValuesSchema,
  renderText,
} from "../src/model/clause-schema.js";
import { type LibraryClause, parseClauseFile } from "../src/services/clauses/library-file.js";

const LIBRARY_DIR = join(import.meta.dirname, "..", "templates", "clauses");
const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

const files = readdirSync(LIBRARY_DIR)
  .filter((f) => f.endsWith(".md"))
  .sort();
const clauses: Array<LibraryClause & { file: string }> = files.map((file) => ({
  file,
  ...parseClauseFile(file, readFileSync(join(LIBRARY_DIR, file), "utf8")),
}));

function defaultsOf(content: ClauseContent): Record<string, unknown> {
  return parameterValuesSchema(content.parameters).parse({});
}

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Vowel groups, less a silent final "e" (but not the "-le" of "people"), at least one. */
function syllables(word: string): number {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return w.length;
  const letters = w.replace(/[^a-z]/g, "");
  let count = letters.match(/[aeiouy]+/g)?.length ?? 0;
  if (letters.endsWith("e") && !/[^aeiouy]le$/.test(letters) && count > 1) count -= 1;
  return Math.max(1, count);
}

/** Flesch reading ease: 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words). */
function fleschReadingEase(text: string): { score: number; words: number; sentences: number } {
  const sentences = text
    .split(/[.!?]+|\n\n/)
    .map((s) => s.match(/[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*/g) ?? [])
    .filter((words) => words.length > 0);
  const words = sentences.flat();
  const syllableCount = words.reduce((n, w) => n + syllables(w), 0);
  const score = 206.835 - 1.015 * (words.length / sentences.length) - 84.6 * (syllableCount / words.length);
  return { score, words: words.length, sentences: sentences.length };
}

describe("clause library content", () => {
  it("holds at least 32 clauses", () => {
    expect(clauses.length).toBeGreaterThanOrEqual(32);
  });

  it("names each file after its clause key, and keys are unique", () => {
    for (const c of clauses) expect(basename(c.file, ".md")).toBe(c.key);
    expect(new Set(clauses.map((c) => c.key)).size).toBe(clauses.length);
  });

  it("covers every category", () => {
    const present = new Set(clauses.map((c) => c.content.category));
    expect(CATEGORY_KEYS.filter((k) => !present.has(k))).toEqual([]);
  });

  it("answers every seed-004 challenge with at least one clause", () => {
    const answered = new Set(clauses.flatMap((c) => c.content.challenges));
    expect(CHALLENGE_KEYS.filter((k) => !answered.has(k))).toEqual([]);
  });

  it("tags the clauses whose evidence people who use the service can check as user_led", () => {
    const userLed = clauses.filter((c) => c.content.verification.includes("user_led")).map((c) => c.key);
    // Co-authored strategy, surveys, forum resourcing, "you said, we did" and the users' own report.
    expect(userLed).toEqual(expect.arrayContaining(["GOV-01", "FBK-01", "GRP-01", "LOOP-01", "COP-04"]));
    // Checks of individual case files stay with the reviewer, on the provider's premises.
    expect(userLed).not.toContain("ICP-01");
    for (const { key, content } of clauses) expect(content.verification, key).toContain("reviewer");
  });

  it("gives every clause plain language, guidance and at least one source", () => {
    for (const { key, content } of clauses) {
      expect(content.plainLanguage.trim(), key).not.toBe("");
      expect(content.guidance.trim(), key).not.toBe("");
      expect(content.sources.length, key).toBeGreaterThan(0);
    }
  });

  it("has parameter defaults that pass validation", () => {
    for (const { key, content } of clauses) {
      expect(() => defaultsOf(content), key).not.toThrow();
    }
  });

  it("uses every declared parameter, and only declared ones, in the texts that are filled in", () => {
    for (const { key, content } of clauses) {
      const declared = new Set(content.parameters.map((p) => p.name));
      const filled = [
        content.requirement,
        content.evidence.documents,
        content.evidence.reviewerChecks,
        content.threshold?.description ?? "",
        content.plainLanguage,
        ...(content.threshold?.metrics ?? []).map((m) => String(m.target ?? "")),
      ].flatMap(placeholdersIn);
      // The schema checks the other texts; plain language is rendered too but not checked there.
      expect(
        placeholdersIn(content.plainLanguage).filter((n) => !declared.has(n)),
        key,
      ).toEqual([]);
      expect(
        [...declared].filter((n) => !filled.includes(n)),
        key,
      ).toEqual([]);
      // Guidance is shown as written, so a placeholder there would reach readers unfilled.
      expect(placeholdersIn(content.guidance), key).toEqual([]);
    }
  });

  it("points metric targets only at numeric parameters", () => {
    for (const { key, content } of clauses) {
      for (const m of content.threshold?.metrics ?? []) {
        if (typeof m.target !== "string") continue;
        const name = placeholdersIn(m.target)[0];
        const p = content.parameters.find((q) => q.name === name);
        expect(p && ["integer", "percentage"].includes(p.type), `${key} ${m.name}`).toBe(true);
      }
    }
  });

  it("gives a metric whose target is a time in days, weeks or months that unit, so it is never pro-rated", () => {
    const durations = ["days", "weeks", "months"];
    const timed: string[] = [];
    for (const { key, content } of clauses) {
      for (const m of content.threshold?.metrics ?? []) {
        if (typeof m.target !== "string") continue;
        const p = content.parameters.find((q) => q.name === placeholdersIn(m.target as string)[0]);
        if (p?.type !== "integer" || !durations.includes(p.unit ?? "")) continue;
        expect(m.unit, `${key} ${m.name}`).toBe(p.unit);
        timed.push(`${key}/${m.name}`);
      }
    }
    expect(timed).toEqual(
      expect.arrayContaining([
        "FBK-01/weeks_to_publish",
        "GOV-01/months_to_publish",
        "GOV-02/months_to_fill",
        "LOOP-02/months_to_publish",
        "PEER-03/months_to_agreement",
      ]),
    );
  });

  it("renders with defaults without any unset value", () => {
    for (const { key, content } of clauses) {
      const values = defaultsOf(content);
      for (const text of [content.requirement, content.threshold?.description ?? "", content.plainLanguage]) {
        expect(renderText(text, content.parameters, values), key).not.toContain("[not set]");
      }
    }
  });

  it("keeps the plain-language text easy to read (Flesch reading ease above 60)", () => {
    const text = clauses
      .map(({ content }) => renderText(content.plainLanguage, content.parameters, defaultsOf(content)))
      .join("\n\n");
    const { score, words, sentences } = fleschReadingEase(text);
    expect(score).toBeGreaterThan(60);
    expect(words / sentences).toBeLessThan(15);
  });
});

describe("Flesch helper", () => {
  it("counts syllables with the heuristic", () => {
    expect(syllables("we")).toBe(1);
    expect(syllables("service")).toBe(2);
    expect(syllables("people")).toBe(2);
    expect(syllables("together")).toBe(3);
    expect(syllables("12")).toBe(2);
  });

  it("scores short plain sentences higher than long formal ones", () => {
    const plain = fleschReadingEase("We will ask you. You can say no. We will tell you what we did.").score;
    const formal = fleschReadingEase(
      "The organisation shall demonstrate comprehensive implementation of participatory governance mechanisms.",
    ).score;
    expect(plain).toBeGreaterThan(60);
    expect(formal).toBeLessThan(30);
  });
});
