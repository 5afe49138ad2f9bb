// Reads templates/clauses/*.md from disk (Node only). A bad file stops start-up with its name and problem.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type LibraryClause, parseClauseFile } from "../services/clauses/library-file.js";

export const LIBRARY_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../templates/clauses",
);

export async function readLibrary(dir = LIBRARY_DIR): Promise<LibraryClause[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md")).sort();
  const out: LibraryClause[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const clause = parseClauseFile(f, await readFile(path.join(dir, f), "utf8"));
    if (path.basename(f, ".md") !== clause.key) {
      throw new Error(`${f}: the file name must be the clause key (${clause.key}.md)`);
    }
    const dup = seen.get(clause.key);
    if (dup) throw new Error(`${f}: key ${clause.key} is already used by ${dup}`);
    seen.set(clause.key, f);
    out.push(clause);
  }
  return out;
}
