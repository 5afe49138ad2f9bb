// The summary's first page stands alone: the contact box and the main promises (at most ten: the core
// bundle's order unless the commissioner chose them), everything else from page 2, in standard and large
// print, as LibreOffice lays it out.
import { describe, expect, it } from "vitest";
import { renderSummary } from "../../src/documents/index.js";
import { BUNDLES } from "../../src/model/bundles.js";
import { CONTACT_BOX_HEADING, contactBoxLines } from "../../src/model/contacts.js";
import {
  KEY_PROMISES_HEADING,
  KEY_PROMISES_MAX,
  keyPromiseClauses,
  plainIntro,
  promiseSentence,
} from "../../src/model/plain-summary.js";
import { openInLibreOffice } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import { makeSpecification } from "./fixtures.js";

const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const providerContact = { name: "Forum team", phone: "01632 960 100" };
const input = makeSpecification(36, { contacts: SPEC_CONTACTS, providerContact });

describe("the summary's first page", () => {
  it("chooses at most ten of the service's promises, core ones first, or the commissioner's choice", () => {
    const chosen = keyPromiseClauses(input.clauses, undefined);
    expect(chosen.length).toBe(Math.min(KEY_PROMISES_MAX, input.clauses.length));
    expect(chosen.every((c) => c.category !== "commissioning")).toBe(true);
    const core = BUNDLES.core.clauses.map((c) => c.key);
    const inCore = input.clauses.filter((c) => core.includes(c.key) && c.category !== "commissioning");
    // Every core promise of the specification comes before any other (up to ten).
    expect(chosen.slice(0, Math.min(inCore.length, 10)).every((c) => core.includes(c.key))).toBe(true);
    const mine = [input.clauses[5]!.key, input.clauses[1]!.key, "NOT-A-CLAUSE"];
    expect(keyPromiseClauses(input.clauses, mine).map((c) => c.key)).toEqual(mine.slice(0, 2));
  });

  it("holds the contact box and the main promises on page 1 in LibreOffice, standard and large print, and the rest after", async () => {
    const chosenKeys = input.clauses.slice(0, KEY_PROMISES_MAX).map((c) => c.key);
    const chosen = { ...input, keyPromises: chosenKeys };
    const files = {
      standard: await renderSummary(input),
      large: await renderSummary(input, { largePrint: true }),
      chosenLarge: await renderSummary(chosen, { largePrint: true }),
    };
    const pdf = await openInLibreOffice(files);
    const cases = [
      { name: "standard", promises: keyPromiseClauses(input.clauses, undefined) },
      { name: "large", promises: keyPromiseClauses(input.clauses, undefined) },
      { name: "chosenLarge", promises: keyPromiseClauses(input.clauses, chosenKeys) },
    ] as const;
    const intro = plainIntro(input.serviceName, input.commissionerOrganisation, true, null)[0]!;
    for (const c of cases) {
      const pages = pdf[c.name]!.pages.map(squash);
      const first = pages[0]!;
      expect(c.promises.length, c.name).toBe(KEY_PROMISES_MAX);
      expect(first, c.name).toContain(CONTACT_BOX_HEADING);
      for (const line of contactBoxLines(SPEC_CONTACTS, providerContact))
        expect(first, c.name).toContain(squash(line));
      expect(first, c.name).toContain(KEY_PROMISES_HEADING);
      for (const p of c.promises) expect(first, `${c.name}: ${p.key}`).toContain(squash(promiseSentence(p)));
      // The rest follows: the introduction opens page 2.
      expect(first, c.name).not.toContain(intro);
      expect(pages[1]!, c.name).toContain(intro);
    }
  }, 300_000);
});
