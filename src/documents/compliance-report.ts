// The compliance report for contract review meetings: how the provider stands against each involvement clause.
// Every rating is written as a word (Red, Amber, Green) as well as a colour, so it survives printing in black and
// white and reads out on a screen reader.
import { Document, Paragraph, ShadingType, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import type { RagStatus } from "../model/compliance.js";
import { formatDate } from "../model/dates.js";
import type { ComplianceReportInput } from "../model/document-input.js";
import { specificationName } from "../model/specification-name.js";
import {
  A4_PAGE,
  dataTable,
  heading,
  humanise,
  labelTable,
  pageFooter,
  runningHeader,
  spacer,
  TEXT_WIDTH,
} from "./shared/blocks.js";
import { packDocument } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";

const RAG: Record<RagStatus, { word: string; fill: string; meaning: string }> = {
  red: {
    word: "Red",
    fill: "F4C7C3",
    meaning: "evidence is overdue or has not met the clause; action is needed now",
  },
  amber: {
    word: "Amber",
    fill: "FCE8B2",
    meaning: "some evidence is late, returned for changes or awaiting review",
  },
  green: { word: "Green", fill: "D9EAD3", meaning: "evidence due so far has been handed in and accepted" },
};

function ragRun(rag: RagStatus, size?: number): TextRun {
  const r = RAG[rag] ?? { word: String(rag), fill: "FFFFFF" };
  return new TextRun({
    text: r.word,
    bold: true,
    size,
    shading: { type: ShadingType.CLEAR, fill: r.fill, color: "auto" },
  });
}

type Views = ComplianceReportInput["summary"]["views"];
const viewsTotal = (v: Views) => v.agree + v.partly + v.disagree;
/** "2 agreed, 1 partly agreed, 1 disagreed", leaving out the zeros. */
function viewsText(v: Views): string {
  return [
    [v.agree, "agreed"],
    [v.partly, "partly agreed"],
    [v.disagree, "disagreed"],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, w]) => `${n} ${w}`)
    .join(", ");
}

const dateOrDash = (d: string | null) => (d ? formatDate(d) : "No date set");

export async function renderComplianceReport(raw: ComplianceReportInput): Promise<Uint8Array> {
  const input = xmlSafeDeep(raw);
  const { contract, summary } = input;
  const title = "Contract compliance report";
  const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  const overall = RAG[summary.rag];
  const summaryLines = [
    summary.percentCompliant === null
      ? "No evidence has been assessed yet."
      : `Compliance: ${formatPercent(summary.percentCompliant)} of the evidence assessed so far (compliant counts in full, partially compliant as half; not applicable is left out).`,
    summary.overdue === 0
      ? "No evidence is overdue."
      : `${summary.overdue} ${summary.overdue === 1 ? "item of evidence is" : "items of evidence are"} overdue.`,
    summary.ragExplanation,
    viewsTotal(summary.views) === 0
      ? "People who use the service have not given a view on the evidence yet."
      : `People who use the service checked the evidence: ${viewsText(summary.views)}.`,
  ];

  const doc = new Document({
    title: `${title}: ${contract.reference}`,
    subject: contract.specificationTitle,
    creator: contract.commissionerName,
    description: `Compliance with the involvement clauses of contract ${contract.reference} (${contract.providerName}), produced ${formatDate(input.generatedAt)}.`,
    keywords: "contract review; compliance; service user involvement",
    customProperties: [
      { name: "ContractReference", value: contract.reference },
      { name: "SpecificationVersion", value: String(contract.specificationVersion) },
      { name: "OverallRating", value: overall?.word ?? summary.rag },
    ],
    styles: documentStyles(),
    sections: [
      {
        properties: {
          page: A4_PAGE,
        },
        headers: {
          default: runningHeader(`${title}: ${contract.reference}`),
        },
        footers: { default: pageFooter(`Produced ${formatDate(input.generatedAt)}`) },
        children: [
          new Paragraph({ style: "Title", children: [new TextRun(title)] }),
          new Paragraph({
            spacing: { after: 240 },
            children: [
              new TextRun({ text: `${contract.providerName}: ${contract.specificationTitle}`, size: 28 }),
            ],
          }),
          heading(1, "Contract details"),
          labelTable([
            ["Contract reference", contract.reference],
            ["Provider", contract.providerName],
            ["Commissioner", contract.commissionerName],
            [
              "Specification",
              specificationName({
                title: contract.specificationTitle,
                reference: contract.specificationReference,
                version: contract.specificationVersion,
              }),
            ],
            ["Contract term", `${formatDate(contract.startDate)} to ${formatDate(contract.endDate)}`],
            ["Report produced", formatDate(input.generatedAt)],
          ]),
          ...figuresSection(input.figures),
          heading(1, "Summary"),
          new Paragraph({
            children: [
              new TextRun({ text: "Overall rating: ", bold: true, size: 28 }),
              ragRun(summary.rag, 28),
              new TextRun({ text: overall ? `. Overall, ${overall.meaning}.` : ".", size: 28 }),
            ],
          }),
          ...summaryLines.map((line) => new Paragraph({ children: [new TextRun(line)] })),
          dataTable(
            [
              { header: "Evidence status", width: 6026 },
              { header: "Number", width: 3000 },
            ],
            [
              ...Object.entries(summary.counts).map(([status, n]) => [humanise(status), String(n)]),
              [
                [new TextRun({ text: "Total", bold: true })],
                [new TextRun({ text: String(total), bold: true })],
              ],
            ],
          ),
          spacer(),
          heading(1, "Clauses"),
          new Paragraph({
            children: [
              new TextRun(
                "Each involvement clause in the contract, its rating, and the evidence for each period due so far and the next one.",
              ),
            ],
          }),
          clausesTable(input.clauses),
          spacer(),
          heading(1, "Outstanding actions"),
          ...(input.actions.length === 0
            ? [new Paragraph({ children: [new TextRun("Nothing is outstanding.")] })]
            : [
                new Paragraph({
                  children: [
                    new TextRun("Evidence that is overdue, returned for changes or awaiting review."),
                  ],
                }),
                actionsTable(input.actions),
                spacer(),
              ]),
          ...commissionerSection(input),
          heading(1, "What the ratings mean"),
          ...(["green", "amber", "red"] as const).map(
            (rag) => new Paragraph({ children: [ragRun(rag), new TextRun(`: ${RAG[rag].meaning}.`)] }),
          ),
        ],
      },
    ],
  });
  return packDocument(doc, input.generatedAt);
}

type Clauses = ComplianceReportInput["clauses"];

/** The report's lead: how the provider's figures stand against the targets the contract sets. */
function figuresSection(figures: ComplianceReportInput["figures"]) {
  if (!figures) return [];
  return [
    heading(1, "Figures against targets"),
    ...(figures.length === 0
      ? [new Paragraph({ children: [new TextRun("The provider's clauses ask for no figures.")] })]
      : [
          new Paragraph({
            children: [
              new TextRun(
                "The figures the provider reported for each period begun so far, against the target the contract sets. The latest submission's figures count; figures the reviewer has not yet accepted say so.",
              ),
            ],
          }),
          ...figures.flatMap((f) => [
            heading(2, `${f.clauseKey} ${f.clauseTitle}: ${f.metric}`),
            new Paragraph({ children: [new TextRun(`Target: ${f.rule}.`)] }),
            f.periods.length === 0
              ? new Paragraph({ children: [new TextRun("No period has begun yet.")] })
              : dataTable(
                  [
                    { header: "Period", width: 1800 },
                    { header: "Figure", width: 3226 },
                    { header: "Target", width: 2200 },
                    { header: "Result", width: TEXT_WIDTH - 7226 },
                  ],
                  f.periods.map((p) => [p.period, p.figure, p.target, p.result]),
                ),
          ]),
        ]),
    spacer(),
  ];
}
type Actions = ComplianceReportInput["actions"];

function clausesTable(clauses: Clauses) {
  return dataTable(
    [
      { header: "Clause", width: 3000 },
      { header: "Rating", width: 1100 },
      { header: "Periods", width: TEXT_WIDTH - 4100 },
    ],
    clauses.map((c) => [
      `${c.clauseKey} ${c.clauseTitle}`,
      [ragRun(c.rag)],
      c.periods.length === 0
        ? "No periods yet."
        : c.periods
            .map(
              (p) =>
                `${p.period}: ${humanise(p.status)}${p.verdict ? ` (${p.verdict})` : ""}, due ${dateOrDash(p.dueDate)}${viewsTotal(p.views) ? `; people who use the service: ${viewsText(p.views)}` : ""}`,
            )
            .join("\n"),
    ]),
  );
}

function actionsTable(actions: Actions) {
  return dataTable(
    [
      { header: "Clause", width: 3400 },
      { header: "Period", width: 1800 },
      { header: "Status", width: 2026 },
      { header: "Due", width: 1800 },
    ],
    actions.map((a) => [
      `${a.clauseKey} ${a.clauseTitle}`,
      a.period,
      humanise(a.status),
      dateOrDash(a.dueDate),
    ]),
  );
}

/**
 * Whose promise it is: the commissioner's own commitments in a section of their own, after the provider's,
 * so the meeting sees what the council owes without it counting against the provider.
 */
function commissionerSection(input: ComplianceReportInput) {
  const own = input.commissioner;
  if (!own || own.clauses.length === 0) return [];
  return [
    heading(1, "The commissioner's own commitments"),
    new Paragraph({
      children: [
        new TextRun(
          `These clauses bind ${input.contract.commissionerName}, not the provider: the commissioner hands in their evidence. They are left out of the provider's rating, compliance percentage, overdue count and outstanding actions above.`,
        ),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun(
          own.summary.overdue === 0
            ? "None of the commissioner's evidence is overdue."
            : `${own.summary.overdue} ${own.summary.overdue === 1 ? "item of the commissioner's evidence is" : "items of the commissioner's evidence are"} overdue.`,
        ),
      ],
    }),
    clausesTable(own.clauses),
    spacer(),
    ...disagreementsOf(own.disagreements ?? []),
    ...(own.actions.length === 0
      ? []
      : [
          new Paragraph({
            children: [
              new TextRun(
                "The commissioner's evidence that is overdue, returned for changes or awaiting review.",
              ),
            ],
          }),
          actionsTable(own.actions),
          spacer(),
        ]),
  ];
}

/** The council checked by people who use services: where their view and the council's decision differ. */
function disagreementsOf(
  rows: NonNullable<NonNullable<ComplianceReportInput["commissioner"]>["disagreements"]>,
) {
  return [
    heading(2, "Where people who use services disagreed with the council's decision"),
    rows.length === 0
      ? new Paragraph({
          children: [
            new TextRun(
              "The council has accepted none of its own evidence against the view of people who use services.",
            ),
          ],
        })
      : dataTable(
          [
            { header: "Clause", width: 1100 },
            { header: "Commitment", width: 3400 },
            { header: "Period", width: 1500 },
            { header: "Council's decision", width: 1800 },
            { header: "Views that disagreed", width: TEXT_WIDTH - 7800 },
          ],
          rows.map((r) => [
            r.clauseKey,
            r.clauseTitle,
            r.period,
            `Accepted: ${r.verdict}`,
            String(r.disagree),
          ]),
        ),
    spacer(),
  ];
}

function formatPercent(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}
