// The revision of a specification as a Word tracked-changes document: clauses matched by key between the previous
// and the current version, with added and removed words as Word insertions and deletions, so a provider can see
// (and, in Word, step through) exactly what changed.
import { DeletedTextRun, Document, InsertedTextRun, Paragraph, type ParagraphChild, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { CATEGORIES, levelLabel, type RenderedClause } from "../model/clause-schema.js";
import { formatDate } from "../model/dates.js";
import type { ChangesDocumentInput, SpecificationSections } from "../model/document-input.js";
import { A4_PAGE, heading, pageFooter } from "./shared/blocks.js";
import { frequencyLabel, thresholdText } from "./shared/clauses.js";
import { packDocument, w3cdtf } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";
import { diffWords } from "./word-diff.js";

/** The parts of a clause a reader compares, in the order the specification shows them. */
const FIELDS: Array<{ label: string; text: (c: RenderedClause) => string }> = [
  { label: "Category", text: (c) => CATEGORIES[c.category] ?? c.category },
  { label: "Requirement", text: (c) => c.requirement },
  { label: "Evidence to provide", text: (c) => c.evidence.documents },
  { label: "What the reviewer checks", text: (c) => c.evidence.reviewerChecks },
  { label: "How often", text: (c) => frequencyLabel(c) },
  { label: "Threshold", text: (c) => thresholdText(c) },
  { label: "Minimum involvement level", text: (c) => levelLabel(c.level) },
  { label: "Plain-language version", text: (c) => c.plainLanguage },
];

const SECTION_LABELS: Array<[keyof SpecificationSections, string]> = [
  ["introduction", "Introduction"],
  ["populationNeed", "Population needs"],
  ["outcomes", "Outcomes"],
  ["scope", "Scope"],
];

type Kind = "added" | "removed" | "changed" | "unchanged";

function sameClause(a: RenderedClause, b: RenderedClause): boolean {
  return a.title === b.title && FIELDS.every((f) => f.text(a) === f.text(b));
}

export async function renderChanges(raw: ChangesDocumentInput): Promise<Uint8Array> {
  const input = xmlSafeDeep(raw);
  const { previous, current } = input;
  const date = w3cdtf(input.date);
  let nextId = 1;
  // Each insertion and deletion needs its own id within the document; counting from 1 keeps the output stable.
  const revision = () => ({ id: nextId++, author: input.author, date });

  /** Runs for a text shown as inserted, deleted, unchanged or diffed; line breaks inside it are kept. */
  const runs = (kind: "insert" | "delete" | "same", text: string, bold = false): ParagraphChild[] =>
    text.split("\n").map((line, i) => {
      const options = { text: line, bold, break: i > 0 ? 1 : undefined };
      if (kind === "insert") return new InsertedTextRun({ ...options, ...revision() });
      if (kind === "delete") return new DeletedTextRun({ ...options, ...revision() });
      return new TextRun(options);
    });
  const diffRuns = (before: string, after: string, bold = false): ParagraphChild[] =>
    diffWords(before, after).flatMap((p) => runs(p.type, p.text, bold));

  const previousByKey = new Map(previous.clauses.map((c) => [c.key, c]));
  const currentKeys = new Set(current.clauses.map((c) => c.key));
  const byKind: Record<Kind, Array<{ before?: RenderedClause; after?: RenderedClause }>> = {
    added: [],
    removed: [],
    changed: [],
    unchanged: [],
  };
  for (const after of current.clauses) {
    const before = previousByKey.get(after.key);
    if (!before) byKind.added.push({ after });
    else byKind[sameClause(before, after) ? "unchanged" : "changed"].push({ before, after });
  }
  for (const before of previous.clauses) if (!currentKeys.has(before.key)) byKind.removed.push({ before });

  const field = (label: string, children: ParagraphChild[]) => [
    new Paragraph({
      keepNext: true,
      spacing: { after: 40 },
      children: [new TextRun({ text: label, bold: true })],
    }),
    new Paragraph({ children }),
  ];

  const clauseBlocks = (
    before: RenderedClause | undefined,
    after: RenderedClause | undefined,
  ): Paragraph[] => {
    const key = (after ?? before)!.key;
    const titleRuns =
      before && after
        ? diffRuns(before.title, after.title)
        : runs(after ? "insert" : "delete", (after ?? before)!.title);
    const blocks: Paragraph[] = [
      new Paragraph({ heading: "Heading2", children: [new TextRun(`${key} `), ...titleRuns] }),
    ];
    if (before && after && before.version !== after.version) {
      blocks.push(
        new Paragraph({
          children: [
            new TextRun({
              text: `Library version ${before.version} to version ${after.version}.`,
              italics: true,
            }),
          ],
        }),
      );
    }
    for (const f of FIELDS) {
      const a = before ? f.text(before) : "";
      const b = after ? f.text(after) : "";
      if (!a && !b) continue;
      blocks.push(
        ...field(
          f.label,
          before && after ? diffRuns(a, b) : runs(after ? "insert" : "delete", after ? b : a),
        ),
      );
    }
    return blocks;
  };

  const changedSections = SECTION_LABELS.filter(
    ([k]) => (previous.sections[k] ?? "") !== (current.sections[k] ?? ""),
  );
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  const children: Paragraph[] = [
    new Paragraph({ style: "Title", children: [new TextRun("Changes to the specification")] }),
    new Paragraph({
      spacing: { after: 240 },
      children: [
        new TextRun({
          text: `${current.title}: version ${previous.version} to version ${current.version}`,
          size: 28,
        }),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun(
          `This document shows what changed between version ${previous.version} and version ${current.version} of the specification for ${current.serviceName}. Added words are shown as tracked insertions and removed words as tracked deletions, so in Word you can step through them with Review, Next change. Changes are attributed to ${input.author}, ${formatDate(input.date)}.`,
        ),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun(
          `${count(byKind.added.length, "clause")} added, ${count(byKind.removed.length, "clause")} removed, ${count(byKind.changed.length, "clause")} changed and ${count(byKind.unchanged.length, "clause")} unchanged.`,
        ),
      ],
    }),
    heading(1, "Specification sections"),
    ...(changedSections.length === 0
      ? [
          new Paragraph({
            children: [
              new TextRun("The introduction, population needs, outcomes and scope have not changed."),
            ],
          }),
        ]
      : changedSections.flatMap(([k, label]) => [
          heading(2, label),
          new Paragraph({ children: diffRuns(previous.sections[k] ?? "", current.sections[k] ?? "") }),
        ])),
  ];

  const group = (kind: Kind, title: string, none: string) => {
    children.push(heading(1, title));
    const list = byKind[kind];
    if (list.length === 0) children.push(new Paragraph({ children: [new TextRun(none)] }));
    for (const { before, after } of list) children.push(...clauseBlocks(before, after));
  };
  group("added", "Added clauses", "No clauses were added.");
  group("removed", "Removed clauses", "No clauses were removed.");
  group("changed", "Changed clauses", "No clauses were changed.");

  children.push(heading(1, "Unchanged clauses"));
  if (byKind.unchanged.length === 0)
    children.push(new Paragraph({ children: [new TextRun("Every clause changed.")] }));
  for (const { after } of byKind.unchanged) {
    children.push(
      new Paragraph({
        bullet: { level: 0 },
        spacing: { after: 40 },
        children: [new TextRun(`${after!.key} ${after!.title}: unchanged.`)],
      }),
    );
  }

  const doc = new Document({
    title: `Changes to ${current.title}, version ${previous.version} to ${current.version}`,
    subject: current.serviceName,
    creator: current.commissionerOrganisation,
    lastModifiedBy: input.author,
    description: `Tracked changes between version ${previous.version} and version ${current.version} of ${current.title}.`,
    keywords: "service specification; changes; tracked changes",
    customProperties: [
      { name: "SpecificationId", value: current.id },
      ...(current.reference ? [{ name: "SpecificationReference", value: current.reference }] : []),
      { name: "FromVersion", value: String(previous.version) },
      { name: "ToVersion", value: String(current.version) },
    ],
    // Edits a reviewer makes to this document are tracked too, alongside the ones it was written with.
    features: { trackRevisions: true },
    styles: documentStyles(),
    sections: [
      {
        properties: {
          page: A4_PAGE,
        },
        footers: {
          default: pageFooter(
            `Changes to ${current.title}, version ${previous.version} to ${current.version}`,
          ),
        },
        children,
      },
    ],
  });
  return packDocument(doc, input.date);
}
