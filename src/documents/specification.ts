// The service specification: cover, document control, contents, the numbered sections with the involvement
// clauses (section 5), and appendices for the evidence schedule, glossary and sources.

import {
  AlignmentType,
  Document,
  Header,
  PageOrientation,
  Paragraph,
  type Table,
  TableOfContents,
  TextRun,
} from "docx";
import { estimatePageNumbers } from "docx/layout";
import { xmlSafeDeep } from "../lib/text.js";
import { levelLabel, partyOf, type RenderedClause, thousands } from "../model/clause-schema.js";
import { type CoProductionRecord, contributorsText } from "../model/co-production.js";
import { DATA_RULE } from "../model/data-rule.js";
import { formatDate } from "../model/dates.js";
import type { RenderOptions, SpecificationDocumentInput } from "../model/document-input.js";
import { GLOSSARY } from "./glossary.js";
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
import {
  type CategoryGroup,
  collectSources,
  frequencyLabel,
  groupByCategory,
  thresholdText,
} from "./shared/clauses.js";
import { MATURITY_CLAUSE, maturityAppendix } from "./shared/maturity-appendix.js";
import { packDocument } from "./shared/package.js";
import { documentStyles, FONT, HEADING_COLOUR } from "./shared/styles.js";

type Block = Paragraph | Table | TableOfContents;

const STATUS_LABELS: Record<SpecificationDocumentInput["status"], string> = {
  draft: "Draft",
  issued: "Issued",
  superseded: "Superseded",
};

const WARNING_COLOUR = "B10E1E";
const INVOLVEMENT_SECTION = 5;

export async function renderSpecification(
  input: SpecificationDocumentInput,
  options: RenderOptions,
): Promise<Uint8Array> {
  return packDocument(buildSpecification(input, options), input.date);
}

/** The docx Document before packing; exported for the benchmark, which times building and packing apart. */
export function buildSpecification(raw: SpecificationDocumentInput, options: RenderOptions): Document {
  // Rows stored before the text rule may hold characters XML cannot carry; the document drops them.
  const input = xmlSafeDeep(raw);
  const groups = groupByCategory(input.clauses);
  return new Document({
    title: input.title,
    subject: input.serviceName,
    creator: input.commissionerOrganisation,
    lastModifiedBy: input.author,
    revision: input.version,
    keywords: [
      "service specification",
      "drug and alcohol treatment",
      "service user involvement",
      "lived experience",
      ...groups.map((g) => g.label),
    ].join("; "),
    description: `${input.title}: service specification for ${input.serviceName}, version ${input.version} (${STATUS_LABELS[input.status].toLowerCase()}), ${formatDate(input.date)}.`,
    customProperties: [
      { name: "SpecificationId", value: input.id },
      { name: "SpecificationVersion", value: String(input.version) },
      { name: "SpecificationStatus", value: input.status },
      ...(input.contentHash ? [{ name: "ContentHash", value: input.contentHash }] : []),
    ],
    styles: {
      ...documentStyles(),
      paragraphStyles: [
        ...(documentStyles().paragraphStyles ?? []),
        {
          id: "FrontHeading",
          name: "Front Heading",
          basedOn: "Normal",
          next: "Normal",
          quickFormat: true,
          paragraph: { keepNext: true, spacing: { before: 240, after: 160 } },
          run: { font: FONT, size: 32, bold: true, color: HEADING_COLOUR },
        },
      ],
    },
    // Estimating page numbers lays the whole document out (seconds for a long one), so only issued documents get it;
    // a draft's contents table is written without numbers and Word offers to fill them in when it is opened.
    pageNumbers: options.pageNumbers ? estimatePageNumbers : undefined,
    // Three sections: the body in portrait, the evidence schedule in landscape (its five columns need the
    // width), then the glossary and sources in portrait again. Each new section starts a page.
    sections: [
      {
        properties: { page: A4_PAGE },
        headers: { default: pageHeader(input) },
        footers: { default: pageFooter(`${input.title}, version ${input.version}`) },
        children: [
          ...cover(input),
          ...documentControl(input),
          ...contents(options),
          ...narrativeSections(input),
          ...involvementSection(input, groups),
        ],
      },
      {
        properties: {
          page: { ...A4_PAGE, size: { ...A4_PAGE.size, orientation: PageOrientation.LANDSCAPE } },
        },
        headers: { default: pageHeader(input) },
        footers: { default: pageFooter(`${input.title}, version ${input.version}`) },
        children: evidenceSchedule(groups),
      },
      {
        properties: { page: A4_PAGE },
        headers: { default: pageHeader(input) },
        footers: { default: pageFooter(`${input.title}, version ${input.version}`) },
        children: [
          ...glossary(false),
          ...sources(groups.flatMap((g) => g.clauses)),
          // GOV-05 holds the provider to indicator scores: their descriptors are printed, not referred to.
          ...(input.clauses.some((c) => c.key === MATURITY_CLAUSE) ? maturityAppendix("D") : []),
        ],
      },
    ],
  });
}

function statusWarning(input: SpecificationDocumentInput): string | null {
  if (input.status === "draft") return "DRAFT";
  if (input.status === "superseded") return "SUPERSEDED";
  return null;
}

function pageHeader(input: SpecificationDocumentInput): Header {
  const warning = statusWarning(input);
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          ...(warning
            ? [new TextRun({ text: `${warning} `, bold: true, color: WARNING_COLOUR, size: 20 })]
            : []),
          new TextRun({ text: `${input.title}, version ${input.version}`, size: 18 }),
        ],
      }),
    ],
  });
}

function sizeText(input: SpecificationDocumentInput): string {
  const parts = [
    input.caseload ? `An active caseload of ${thousands(input.caseload)} people` : null,
    input.sites ? `${input.sites} site${input.sites === 1 ? "" : "s"}` : null,
  ].filter(Boolean);
  return `${parts.join(" at ")}. Values marked "based on" were worked out from this.`;
}

function period(input: SpecificationDocumentInput): string {
  if (input.periodStart && input.periodEnd)
    return `${formatDate(input.periodStart)} to ${formatDate(input.periodEnd)}`;
  if (input.periodStart) return `From ${formatDate(input.periodStart)}`;
  return "To be confirmed";
}

function cover(input: SpecificationDocumentInput): Block[] {
  const warning = statusWarning(input);
  const details: Array<[string, CellContent]> = [
    ["Specification number", input.id],
    ["Service", input.serviceName],
    ...(input.area ? [["Area", input.area] as [string, CellContent]] : []),
    ["Commissioner", input.commissionerOrganisation],
    ["Commissioner lead", input.commissionerLead || "To be confirmed"],
    ["Provider", input.providerName || "To be confirmed"],
    ["Contract period", period(input)],
    ...(input.caseload || input.sites
      ? [["Size of the service", sizeText(input)] as [string, CellContent]]
      : []),
    ["Date of review", input.reviewDate ? formatDate(input.reviewDate) : "To be confirmed"],
    ["Version", String(input.version)],
    ["Status", STATUS_LABELS[input.status]],
    [input.status === "draft" ? "Date generated" : "Date issued", formatDate(input.date)],
  ];
  return [
    new Paragraph({ spacing: { before: 1200 }, style: "Title", children: [new TextRun(input.title)] }),
    new Paragraph({
      spacing: { after: 360 },
      children: [new TextRun({ text: `Service specification: ${input.serviceName}`, size: 32 })],
    }),
    ...(warning
      ? [
          new Paragraph({
            spacing: { after: 120 },
            children: [new TextRun({ text: warning, bold: true, size: 48, color: WARNING_COLOUR })],
          }),
          new Paragraph({
            spacing: { after: 360 },
            children: [
              new TextRun(
                warning === "DRAFT"
                  ? "This is a draft for discussion. It is not the issued specification and may change."
                  : "A later version of this specification has been issued. Use that version for the contract.",
              ),
            ],
          }),
        ]
      : []),
    labelTable(details),
    new Paragraph({
      spacing: { before: 360 },
      children: [new TextRun(`Prepared by ${input.commissionerOrganisation}.`)],
    }),
  ];
}

function documentControl(input: SpecificationDocumentInput): Block[] {
  const history = [...input.history].sort((a, b) => a.version - b.version);
  return [
    new Paragraph({
      style: "FrontHeading",
      pageBreakBefore: true,
      children: [new TextRun("Document control")],
    }),
    dataTable(
      [
        // Wide enough for "Superseded" and "30 September 2026" on one line at table size.
        { header: "Version", width: 1100 },
        { header: "Status", width: 1650 },
        { header: "Date", width: 2150 },
        { header: "Author", width: 1900 },
        { header: "Note", width: TEXT_WIDTH - 6800 },
      ],
      history.map((h) => [
        String(h.version),
        STATUS_LABELS[h.status as keyof typeof STATUS_LABELS] ?? h.status,
        formatDate(h.date),
        h.author,
        h.note ?? "",
      ]),
    ),
    // COM-02's credit: only from its record, naming only those whose consent to be named is recorded.
    ...(input.coProduction
      ? [spacer(), labelTable([["Contributors", contributorsCell(input.coProduction)]])]
      : []),
    spacer(),
  ];
}

function contributorsCell(r: CoProductionRecord): string {
  const when = r.from === r.to ? formatDate(r.from) : `${formatDate(r.from)} to ${formatDate(r.to)}`;
  return `${contributorsText(r)}. People with lived experience helped write this version, ${when}.`;
}

function contents(options: RenderOptions): Block[] {
  return [
    new Paragraph({ style: "FrontHeading", children: [new TextRun("Contents")] }),
    ...(options.pageNumbers
      ? []
      : [
          new Paragraph({
            children: [
              new TextRun({
                text: "Page numbers are added to this table when the specification is issued. In Word, choose Update Table to see them now.",
                italics: true,
              }),
            ],
          }),
        ]),
    new TableOfContents("Contents", { hyperlink: true, headingStyleRange: "1-3" }),
  ];
}

const NOT_WRITTEN = "This section has not been written yet.";

function narrativeSections(input: SpecificationDocumentInput): Block[] {
  const s = input.sections;
  const section = (n: number, title: string, text: string | undefined, first = false): Block[] => [
    heading(1, `${n} ${title}`, { pageBreakBefore: first }),
    ...(text?.trim()
      ? paragraphs(text)
      : [new Paragraph({ children: [new TextRun({ text: NOT_WRITTEN, italics: true })] })]),
  ];
  return [
    ...section(1, "Introduction", s.introduction, true),
    ...section(2, "Population needs", s.populationNeed),
    ...section(3, "Outcomes", s.outcomes),
    ...section(4, "Scope", s.scope),
  ];
}

function involvementSection(input: SpecificationDocumentInput, groups: CategoryGroup[]): Block[] {
  const n = INVOLVEMENT_SECTION;
  const intro = [
    `This section sets out what the provider must do to involve the people who use the service, and their families and carers, in their own care and in how the service is run, designed and reviewed.`,
    `Each clause states the requirement, the evidence the provider must hand in, what the reviewer checks, how often, any threshold, and the minimum level of involvement (see Appendix B). The key beside each title, such as ${input.clauses[0]?.key ?? "FBK-02"}, identifies the clause in monitoring returns.`,
    `Evidence for each reporting period is due within ${input.gracePeriodDays} days after the period ends. Appendix A lists every clause with its evidence, frequency and threshold.`,
  ];
  const blocks: Block[] = [
    heading(1, `${n} Service user involvement and lived experience`, { pageBreakBefore: true }),
    ...intro.map((t) => new Paragraph({ children: [new TextRun(t)] })),
    new Paragraph({
      children: [
        new TextRun({ text: "The data rule. ", bold: true }),
        new TextRun(DATA_RULE.replace(/^The data rule\. /, "")),
      ],
    }),
  ];
  if (groups.length === 0) {
    blocks.push(
      new Paragraph({
        children: [new TextRun({ text: "No involvement clauses have been chosen yet.", italics: true })],
      }),
    );
  }
  groups.forEach((group, i) => {
    blocks.push(heading(2, `${n}.${i + 1} ${group.label}`));
    if (group.clauses.some((c) => partyOf(c) === "commissioner")) {
      blocks.push(
        new Paragraph({
          children: [
            new TextRun({
              text: `The clauses in ${n}.${i + 1} bind ${input.commissionerOrganisation}, the commissioner, not the provider. The commissioner records their evidence in the commissioner's monitoring system, and the reviewer and people who use the service can check it as for any other clause.`,
              bold: true,
            }),
          ],
        }),
      );
    }
    group.clauses.forEach((clause, j) => {
      blocks.push(...clauseBlocks(clause, `${n}.${i + 1}.${j + 1}`));
    });
  });
  return blocks;
}

function clauseBlocks(clause: RenderedClause, number: string): Block[] {
  const rows: Array<[string, CellContent]> = [
    ["Evidence to provide", clause.evidence.documents],
    ["What the reviewer checks", clause.evidence.reviewerChecks],
    ["How often", frequencyLabel(clause)],
    ["Threshold", thresholdText(clause)],
    ["Minimum involvement level", levelLabel(clause.level)],
  ];
  if (clause.parameters.length > 0) {
    rows.push([
      "Values set for this service",
      clause.parameters.map((p) => `${p.label}: ${p.display}${p.basis ? ` (${p.basis})` : ""}`).join("\n"),
    ]);
  }
  return [
    // Clauses flow one after another: the heading keeps with the first paragraph (its style says so), and
    // the table may run on to the next page rather than leaving the rest of this one empty.
    heading(3, `${number} ${clause.key} ${clause.title}`),
    ...paragraphs(clause.requirement),
    labelTable(rows),
    spacer(),
  ];
}

function evidenceSchedule(groups: CategoryGroup[]): Block[] {
  const clauses = groups.flatMap((g) => g.clauses);
  return [
    // The section break starts the page.
    heading(1, "Appendix A: Evidence and monitoring schedule"),
    new Paragraph({
      children: [
        new TextRun(
          "Every clause in section 5, with the evidence the provider hands in, how often, and the threshold it is judged against.",
        ),
      ],
    }),
    clauses.length > 0
      ? dataTable(
          [
            { header: "Clause", width: 1150 },
            { header: "Title", width: 2600 },
            { header: "Evidence", width: 4608 },
            { header: "How often", width: 1600 },
            { header: "Threshold", width: LANDSCAPE_TEXT_WIDTH - 9958 },
          ],
          clauses.map((c) => [c.key, c.title, c.evidence.documents, frequencyLabel(c), thresholdText(c)]),
        )
      : new Paragraph({
          children: [new TextRun({ text: "No clauses have been chosen yet.", italics: true })],
        }),
    spacer(),
  ];
}

/** A4 landscape with the same margins. */
const LANDSCAPE_TEXT_WIDTH = 16838 - 2 * 1440;

function glossary(pageBreakBefore: boolean): Block[] {
  return [
    heading(1, "Appendix B: Glossary", { pageBreakBefore }),
    dataTable(
      [
        { header: "Term", width: 2600 },
        { header: "Meaning", width: TEXT_WIDTH - 2600 },
      ],
      GLOSSARY.map((g) => [g.term, g.meaning]),
    ),
    spacer(),
  ];
}

function sources(clauses: readonly RenderedClause[]): Block[] {
  const list = collectSources(clauses);
  const blocks: Block[] = [heading(1, "Appendix C: Sources", { pageBreakBefore: true })];
  if (list.length === 0) {
    blocks.push(
      new Paragraph({
        children: [new TextRun({ text: "The chosen clauses cite no sources.", italics: true })],
      }),
    );
    return blocks;
  }
  blocks.push(
    new Paragraph({ children: [new TextRun("The evidence and guidance the clauses in section 5 draw on.")] }),
  );
  list.forEach((s, i) => {
    blocks.push(
      new Paragraph({
        indent: { left: 567, hanging: 567 },
        spacing: { before: 160, after: 40 },
        children: [new TextRun(`${i + 1}.\t${s.citation}`)],
      }),
    );
    // Each source once; what a clause draws from it is in the library, so the list gives where to find it and
    // which clauses cite it.
    const details = [s.url ? `Available at: ${s.url}` : undefined, `Cited in: ${s.clauseKeys.join(", ")}`];
    for (const d of details) {
      if (d)
        blocks.push(
          new Paragraph({
            indent: { left: 567 },
            spacing: { after: 40 },
            children: [new TextRun({ text: d, size: 20 })],
          }),
        );
    }
  });
  return blocks;
}
