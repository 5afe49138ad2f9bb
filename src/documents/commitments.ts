// The council's statement of commitments: the commissioning clauses (COM-01..05) as a document of the
// council's own, apart from the specification the provider signs, so the incumbent gains no contractual right
// over how its successor is chosen. Still tracked with the commissioner as the party, and checked by people
// who use services.
import { Document, Header, Paragraph, type Table, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { partyOf, type RenderedClause } from "../model/clause-schema.js";
import { DATA_RULE } from "../model/data-rule.js";
import { formatDate } from "../model/dates.js";
import type { SpecificationDocumentInput } from "../model/document-input.js";
import {
  A4_PAGE,
  type CellContent,
  dataTable,
  heading,
  labelTable,
  pageFooter,
  paragraphs,
  spacer,
  TEXT_WIDTH,
} from "./shared/blocks.js";
import { frequencyLabel, thresholdText } from "./shared/clauses.js";
import { packDocument } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";

const COMMITMENTS_TITLE = "Statement of commitments: involving people who use the service";

type Block = Paragraph | Table;

/** The clauses that bind the commissioner, in the commissioner's order. */
const commitmentsOf = (clauses: readonly RenderedClause[]) =>
  clauses.filter((c) => partyOf(c) === "commissioner");

const STATUS_WORDS = { draft: "Draft", issued: "Issued", superseded: "Superseded" } as const;

export async function renderCommitments(raw: SpecificationDocumentInput): Promise<Uint8Array> {
  const input = xmlSafeDeep(raw);
  const commitments = commitmentsOf(input.clauses);
  const council = input.commissionerOrganisation;
  // The specification it goes with, by the council's reference too when it has one.
  const ref = input.reference ? ` (${input.reference})` : "";
  const running = `${council}: statement of commitments, ${input.serviceName}${ref}, version ${input.version}`;
  const doc = new Document({
    title: COMMITMENTS_TITLE,
    subject: input.serviceName,
    creator: council,
    lastModifiedBy: input.author,
    revision: input.version,
    keywords: "statement of commitments; commissioner; service user involvement; lived experience",
    description: `What ${council} commits to do to involve people who use ${input.serviceName}: a statement apart from the provider's specification.`,
    customProperties: [
      { name: "SpecificationId", value: input.id },
      ...(input.reference ? [{ name: "SpecificationReference", value: input.reference }] : []),
      { name: "SpecificationVersion", value: String(input.version) },
    ],
    styles: documentStyles(),
    sections: [
      {
        properties: { page: A4_PAGE },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                children: [
                  ...(input.status === "draft"
                    ? [new TextRun({ text: "DRAFT ", bold: true, color: "B10E1E", size: 20 })]
                    : []),
                  new TextRun({ text: running, size: 18 }),
                ],
              }),
            ],
          }),
        },
        footers: { default: pageFooter(running) },
        children: [
          new Paragraph({ style: "Title", children: [new TextRun(COMMITMENTS_TITLE)] }),
          new Paragraph({
            spacing: { after: 240 },
            children: [new TextRun({ text: `${council}, for ${input.serviceName}`, size: 28 })],
          }),
          ...(input.status === "draft"
            ? [
                new Paragraph({
                  children: [
                    new TextRun({
                      text: "This is a draft. It may change before the specification is issued.",
                      bold: true,
                    }),
                  ],
                }),
              ]
            : []),
          labelTable([
            ["Commissioner", council],
            ["Service", input.serviceName],
            ["Goes with", `${input.title}${ref}, version ${input.version}`],
            ["Status", STATUS_WORDS[input.status]],
            [input.status === "draft" ? "Date generated" : "Date issued", formatDate(input.date)],
          ]),
          spacer(),
          ...about(input, commitments.length),
          ...commitments.flatMap((c, i) => commitmentBlocks(c, i + 1)),
          ...schedule(commitments),
        ],
      },
    ],
  });
  return packDocument(doc, input.date);
}

function about(input: SpecificationDocumentInput, count: number): Block[] {
  const council = input.commissionerOrganisation;
  const lines = [
    `This statement sets out what ${council} commits to do, as the commissioner, to involve people who use ${input.serviceName} in how the service is planned, written, bought and reviewed.`,
    `It is not part of the provider's specification or contract, and gives the provider no rights. ${council} reports on it to the Combating Drugs Partnership.`,
    `Each commitment is tracked in the commissioner's monitoring system with the commissioner, not the provider, as the party who hands in the evidence. People who use services (the forum, the local Healthwatch or the partnership's lived-experience lead) give their view on that evidence before the council decides whether it is accepted, and where their view and the decision differ, the commitments report says so.`,
  ];
  return [
    heading(1, "About this statement"),
    ...lines.map((t) => new Paragraph({ children: [new TextRun(t)] })),
    new Paragraph({
      children: [
        new TextRun({ text: "The data rule. ", bold: true }),
        new TextRun(DATA_RULE.replace(/^The data rule\. /, "")),
      ],
    }),
    ...(count === 0
      ? [
          new Paragraph({
            children: [
              new TextRun({
                text: "No commitments of the commissioner have been chosen for this specification.",
                italics: true,
              }),
            ],
          }),
        ]
      : [heading(1, "The commitments")]),
  ];
}

function labelled(label: string, text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] });
}

function commitmentBlocks(c: RenderedClause, n: number): Block[] {
  return [
    heading(2, `${n} ${c.key} ${c.title}`),
    ...paragraphs(c.requirement),
    labelled("Evidence", c.evidence.documents),
    labelled("Who checks it", c.evidence.reviewerChecks),
    labelled("How often", frequencyLabel(c)),
    labelled("Measure", thresholdText(c)),
    ...(c.parameters.length
      ? [
          labelled(
            "Values set",
            c.parameters.map((p) => `${p.label}: ${p.display}${p.basis ? ` (${p.basis})` : ""}`).join("; "),
          ),
        ]
      : []),
  ];
}

function schedule(commitments: RenderedClause[]): Block[] {
  if (commitments.length === 0) return [];
  const rows: CellContent[][] = commitments.map((c) => [c.key, c.title, frequencyLabel(c), thresholdText(c)]);
  return [
    heading(1, "Schedule of commitments", { pageBreakBefore: true }),
    new Paragraph({
      children: [new TextRun("Each commitment, how often the commissioner reports on it, and its measure.")],
    }),
    dataTable(
      [
        { header: "Clause", width: 1100 },
        { header: "Commitment", width: 2900 },
        { header: "How often", width: 1700 },
        { header: "Measure", width: TEXT_WIDTH - 5700 },
      ],
      rows,
    ),
  ];
}
