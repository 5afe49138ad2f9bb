// The library's clauses say which of the Provider Selection Regime's five key criteria their evidence speaks
// to (issue 21 item 4): the direct award record gathers its evidence from them. Every criterion is evidenced
// by at least one clause of the core bundle, and no clause claims all five (the schema refuses it too).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLES } from "../src/model/bundles.js";
import { partyOf } from "../src/model/clause-schema.js";
import { PSR_CRITERION_KEYS } from "../src/model/procurement.js";
import { parseClauseFile } from "../src/services/clauses/library-file.js";

const DIR = join(import.meta.dirname, "..", "templates", "clauses");
const library = readdirSync(DIR)
  .filter((f) => f.endsWith(".md"))
  .map((f) => parseClauseFile(f, readFileSync(join(DIR, f), "utf8")));
const core = new Set(BUNDLES.core.clauses.map((c) => c.key));

describe("the key criteria the clauses evidence", () => {
  it("has every criterion evidenced by at least one core clause the provider answers for", () => {
    for (const criterion of PSR_CRITERION_KEYS) {
      const evidencing = library.filter(
        (c) =>
          core.has(c.key) && partyOf(c.content) === "provider" && c.content.psrCriteria?.includes(criterion),
      );
      expect(evidencing.length, criterion).toBeGreaterThan(0);
    }
  });

  it("tags no clause with all five", () => {
    const tagged = library.filter((c) => c.content.psrCriteria?.length);
    expect(tagged.length).toBeGreaterThanOrEqual(PSR_CRITERION_KEYS.length);
    for (const c of tagged) expect(c.content.psrCriteria!.length, c.key).toBeLessThan(5);
  });

  it("refuses a clause file tagged with all five", () => {
    const text = readFileSync(join(DIR, "GRP-01.md"), "utf8").replace(
      /^psrCriteria: .*$/m,
      `psrCriteria: [${PSR_CRITERION_KEYS.join(", ")}]`,
    );
    expect(() => parseClauseFile("GRP-01.md", text)).toThrow(/all five key criteria/);
  });
});
