// How documents order and describe clauses: by category in the library's order, then in the commissioner's order.
import {
  CATEGORIES,
  CATEGORY_KEYS,
  type Category,
  FREQUENCIES,
  type RenderedClause,
} from "../../model/clause-schema.js";

export interface CategoryGroup {
  category: Category;
  label: string;
  clauses: RenderedClause[];
}

/** Used categories in CATEGORIES order; clauses keep the order they were given in within a category. */
export function groupByCategory(clauses: readonly RenderedClause[]): CategoryGroup[] {
  const byCategory = new Map<Category, RenderedClause[]>();
  for (const c of clauses) {
    const list = byCategory.get(c.category);
    if (list) list.push(c);
    else byCategory.set(c.category, [c]);
  }
  return CATEGORY_KEYS.flatMap((category) => {
    const list = byCategory.get(category);
    return list ? [{ category, label: CATEGORIES[category], clauses: list }] : [];
  });
}

export function frequencyLabel(c: Pick<RenderedClause, "frequency">): string {
  return FREQUENCIES[c.frequency] ?? c.frequency;
}

const NO_THRESHOLD = "No numeric threshold: met when the evidence shows the requirement has been done.";

export function thresholdText(c: Pick<RenderedClause, "threshold">): string {
  return c.threshold?.description?.trim() || NO_THRESHOLD;
}

export interface Source {
  citation: string;
  note?: string;
  url?: string;
  clauseKeys: string[];
}

/**
 * Every source the clauses cite, once each. Citations that differ only in spacing, case or a final full stop are
 * the same source; the first wording seen is kept. Sorted by citation, as a reference list is.
 */
export function collectSources(clauses: readonly RenderedClause[]): Source[] {
  const byKey = new Map<string, Source>();
  for (const c of clauses) {
    for (const s of c.sources) {
      const key = s.citation.replace(/\s+/g, " ").trim().replace(/\.$/, "").toLowerCase();
      const found = byKey.get(key);
      if (!found) {
        byKey.set(key, { citation: s.citation.trim(), note: s.note, url: s.url, clauseKeys: [c.key] });
        continue;
      }
      found.note ??= s.note;
      found.url ??= s.url;
      if (!found.clauseKeys.includes(c.key)) found.clauseKeys.push(c.key);
    }
  }
  // Plain code-unit order rather than localeCompare, so the order never depends on the runtime's ICU data.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
