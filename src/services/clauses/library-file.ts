// Parses one clause file of the library (templates/clauses/*.md): YAML front matter for the
// structured fields, then "## " sections for the prose, so a policy lead can edit it as a document.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type ClauseContent, clauseContentSchema, clauseKey } from "../../model/clause-schema.js";

const SECTION_FIELDS = {
  Requirement: "requirement",
  Evidence: "evidence.documents",
  "What the reviewer checks": "evidence.reviewerChecks",
  "In plain language": "plainLanguage",
  "Guidance for providers": "guidance",
} as const;

export interface LibraryClause {
  key: string;
  content: ClauseContent;
}

class ClauseFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join("; ")}`);
  }
}

const frontMatterSchema = z.object({ key: clauseKey }).passthrough();

/** Parse and validate one clause file; throws ClauseFileError naming the file and each problem. */
export function parseClauseFile(file: string, text: string): LibraryClause {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new ClauseFileError(file, ["it must start with YAML front matter between --- lines"]);
  let front: unknown;
  try {
    front = parseYaml(m[1]!);
  } catch (e) {
    throw new ClauseFileError(file, [
      `front matter is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
    ]);
  }
  const head = frontMatterSchema.safeParse(front);
  if (!head.success) throw new ClauseFileError(file, head.error.issues.map(describe));
  const { key, ...rest } = head.data;

  const fields: Record<string, string> = {};
  const problems: string[] = [];
  const body = m[2]!;
  const parts = body.split(/^## +(.+?)\s*$/m);
  if (parts[0]!.trim() !== "") problems.push("text before the first ## heading is not part of any field");
  for (let i = 1; i < parts.length; i += 2) {
    const heading = parts[i]!;
    const field = SECTION_FIELDS[heading as keyof typeof SECTION_FIELDS];
    if (!field) {
      problems.push(
        `unknown section "## ${heading}" (expected one of: ${Object.keys(SECTION_FIELDS).join(", ")})`,
      );
      continue;
    }
    fields[field] = normaliseProse(parts[i + 1] ?? "");
  }
  if (problems.length) throw new ClauseFileError(file, problems);

  const candidate = {
    ...rest,
    requirement: fields.requirement ?? "",
    evidence: {
      documents: fields["evidence.documents"] ?? "",
      reviewerChecks: fields["evidence.reviewerChecks"] ?? "",
    },
    plainLanguage: fields.plainLanguage ?? "",
    guidance: fields.guidance ?? "",
  };
  const parsed = clauseContentSchema.safeParse(candidate);
  if (!parsed.success) throw new ClauseFileError(file, parsed.error.issues.map(describe));
  return { key, content: parsed.data };
}

/** Join wrapped lines into paragraphs separated by one blank line. */
function normaliseProse(s: string): string {
  return s
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}

function describe(i: z.core.$ZodIssue): string {
  return `${i.path.length ? i.path.join(".") : "(file)"}: ${i.message}`;
}
