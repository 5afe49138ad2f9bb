// The involvement specification, in one of two shapes. A schedule ("Schedule: involvement of people who use the
// service") to attach to the council's own specification: an opening section, a section a category of clauses, the
// reporting calendar and the measures. A full specification: the four general sections, then the involvement section
// with a subsection a category, the calendar and the measures. Both write each clause as numbered paragraphs with its
// values in the sentence, then its evidence and the reviewer's check as short labelled paragraphs; the tables are the
// appendices' (the evidence schedule in landscape, the glossary, the sources). The council's own commitments (the
// commissioning category) are not the provider's to sign and are left out: they issue as a document of their own.

import {
  AlignmentType,
  Document,
  Header,
  type PageNumberEstimator,
  PageOrientation,
  Paragraph,
  type Table,
  TableOfContents,
  TabStopType,
  TextRun,
} from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { partyOf, type RenderedClause, thousands } from "../model/clause-schema.js";
import { type CoProductionRecord, contributorsText } from "../model/co-production.js";
import { DATA_RULE } from "../model/data-rule.js";
import { formatDate } from "../model/dates.js";
import {
  type DocumentKpi,
  type DocumentShape,
  documentShapeOf,
  GENERAL_SECTIONS,
  type RenderOptions,
  type ReportingCalendar,
  SCHEDULE_TITLE,
  type SpecificationDocumentInput,
} from "../model/document-input.js";
import { specificationName } from "../model/specification-name.js";
import { GLOSSARY } from "./glossary.js";
import {
  type CellContent,
  dataTable,
  heading,
  labelTable,
  pageFooter,
  paragraphs,
  spacer,
  splitParagraphs,
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
import { fastPageNumbers } from "./shared/page-numbers.js";
import { documentStyles, FONT, HEADING_COLOUR } from "./shared/styles.js";

type Block = Paragraph | Table | TableOfContents;

const STATUS_LABELS: Record<SpecificationDocumentInput["status"], string> = {
  draft: "Draft",
  issued: "Issued",
  superseded: "Superseded",
};

const WARNING_COLOUR = "B10E1E";

/** A4 with 2 cm margins (the least a council's template allows), which the specification's page targets assume. */
const MARGIN = 1134;
const SPEC_PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
};
const SPEC_TEXT_WIDTH = 11906 - 2 * MARGIN;
const LANDSCAPE_TEXT_WIDTH = 16838 - 2 * MARGIN;

export async function renderSpecification(
  input: SpecificationDocumentInput,
  options: RenderOptions,
): Promise<Uint8Array> {
  return packDocument(buildSpecification(input, options), input.date);
}

/** The title a specification's document carries: the schedule's own, or the specification's. */
function documentTitle(input: Pick<SpecificationDocumentInput, "title" | "documentShape" | "sections">) {
  return documentShapeOf(input.documentShape, input.sections) === "schedule" ? SCHEDULE_TITLE : input.title;
}

/**
 * The docx Document before packing; exported for the benchmark, which times building and packing apart, and for the
 * test that holds the quick page numbers to docx's own (`estimator`).
 */
export function buildSpecification(
  raw: SpecificationDocumentInput,
  options: RenderOptions,
  estimator?: PageNumberEstimator,
): Document {
  // Rows stored before the text rule may hold characters XML cannot carry; the document drops them.
  const input = xmlSafeDeep(raw);
  const shape = documentShapeOf(input.documentShape, input.sections);
  // The commissioner's own commitments are not printed in the provider's specification.
  const groups = groupByCategory(input.clauses.filter((c) => partyOf(c) === "provider"));
  const title = documentTitle(input);
  const running = specificationName({ title, reference: input.reference, version: input.version });
  const portrait = (children: Block[]) => ({
    properties: { page: SPEC_PAGE },
    headers: { default: pageHeader(input, running) },
    footers: { default: pageFooter(running) },
    children,
  });
  return new Document({
    title,
    subject: input.serviceName,
    creator: input.commissionerOrganisation,
    lastModifiedBy: input.author,
    revision: input.version,
    keywords: [
      shape === "schedule" ? "schedule" : "service specification",
      "drug and alcohol treatment",
      "service user involvement",
      "lived experience",
      ...groups.map((g) => g.label),
    ].join("; "),
    description: `${title}: ${shape === "schedule" ? "schedule to the service specification" : "service specification"} for ${input.serviceName}, version ${input.version} (${STATUS_LABELS[input.status].toLowerCase()}), ${formatDate(input.date)}.`,
    customProperties: [
      { name: "SpecificationId", value: input.id },
      ...(input.reference ? [{ name: "SpecificationReference", value: input.reference }] : []),
      { name: "SpecificationVersion", value: String(input.version) },
      { name: "SpecificationStatus", value: input.status },
      { name: "DocumentShape", value: shape },
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
    // Only issued documents get page numbers; a draft's contents table is written without them and Word offers to
    // fill them in when it is opened.
    pageNumbers: options.pageNumbers ? (estimator ?? fastPageNumbers(input)) : undefined,
    // Three sections: the body in portrait, the evidence schedule in landscape (its five columns need the
    // width), then the glossary and sources in portrait again. Each new section starts a page.
    sections: [
      portrait([
        ...cover(input, shape, title),
        ...documentControl(input),
        ...contents(options, shape),
        ...body(input, shape, groups),
      ]),
      {
        ...portrait(evidenceSchedule(groups, shape, (input.kpis ?? []).length > 0)),
        properties: {
          page: { ...SPEC_PAGE, size: { ...SPEC_PAGE.size, orientation: PageOrientation.LANDSCAPE } },
        },
      },
      portrait([
        ...glossary(),
        ...sources(
          groups.flatMap((g) => g.clauses),
          shape,
        ),
        // GOV-05 holds the provider to indicator scores: their descriptors are printed, not referred to.
        ...(groups.some((g) => g.clauses.some((c) => c.key === MATURITY_CLAUSE))
          ? maturityAppendix("D")
          : []),
      ]),
    ],
  });
}

function statusWarning(input: SpecificationDocumentInput): string | null {
  if (input.status === "draft") return "DRAFT";
  if (input.status === "superseded") return "SUPERSEDED";
  return null;
}

function pageHeader(input: SpecificationDocumentInput, running: string): Header {
  const warning = statusWarning(input);
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          ...(warning
            ? [new TextRun({ text: `${warning} `, bold: true, color: WARNING_COLOUR, size: 20 })]
            : []),
          new TextRun({ text: running, size: 18 }),
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
  const based = input.clauses.flatMap((c) =>
    partyOf(c) === "provider"
      ? c.parameters.flatMap((p) =>
          p.basis ? [`${c.key}, ${p.label.toLowerCase()}: ${p.display} (${p.basis})`] : [],
        )
      : [],
  );
  return [`${parts.join(" at ")}.`, ...(based.length ? ["Values worked out from this:", ...based] : [])].join(
    "\n",
  );
}

function period(input: SpecificationDocumentInput): string {
  if (input.periodStart && input.periodEnd)
    return `${formatDate(input.periodStart)} to ${formatDate(input.periodEnd)}`;
  if (input.periodStart) return `From ${formatDate(input.periodStart)}`;
  return "To be confirmed";
}

function cover(input: SpecificationDocumentInput, shape: DocumentShape, title: string): Block[] {
  const warning = statusWarning(input);
  const details: Array<[string, CellContent]> = [
    ...(shape === "schedule" ? [["Specification", input.title] as [string, CellContent]] : []),
    // The council's reference where it has set one; the id otherwise.
    input.reference ? ["Specification reference", input.reference] : ["Specification number", input.id],
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
    new Paragraph({ spacing: { before: 240 }, style: "Title", children: [new TextRun(title)] }),
    new Paragraph({
      spacing: { after: 360 },
      children: [
        new TextRun({
          text:
            shape === "schedule"
              ? `A schedule to the service specification for ${input.serviceName}`
              : `Service specification: ${input.serviceName}`,
          size: 32,
        }),
      ],
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
    // On the cover's page, which has room for it; the contents start the next.
    new Paragraph({ style: "FrontHeading", children: [new TextRun("Document control")] }),
    dataTable(
      [
        // Wide enough for "Superseded" and "30 September 2026" on one line at table size.
        { header: "Version", width: 1100 },
        { header: "Status", width: 1650 },
        { header: "Date", width: 2150 },
        { header: "Author", width: 1900 },
        { header: "Note", width: SPEC_TEXT_WIDTH - 6800 },
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

function contents(options: RenderOptions, shape: DocumentShape): Block[] {
  return [
    new Paragraph({ style: "FrontHeading", pageBreakBefore: true, children: [new TextRun("Contents")] }),
    ...(options.pageNumbers
      ? []
      : [
          new Paragraph({
            children: [
              new TextRun({
                text: `Page numbers are added to this table when the ${shape === "schedule" ? "schedule" : "specification"} is issued. In Word, choose Update Table to see them now.`,
                italics: true,
              }),
            ],
          }),
        ]),
    // The clauses' headings are the deepest listed: level 2 in a schedule, level 3 in a full specification.
    new TableOfContents("Contents", {
      hyperlink: true,
      headingStyleRange: shape === "schedule" ? "1-2" : "1-3",
    }),
  ];
}

/** A heading level and the number its text starts with. */
interface Place {
  level: 1 | 2 | 3;
  number: string;
}

/** The general sections a full specification prints: only those written (issuing refuses while one is empty). */
function generalSections(input: SpecificationDocumentInput): Array<{ title: string; text: string }> {
  return GENERAL_SECTIONS.flatMap(([key, title]) => {
    const text = input.sections[key]?.trim();
    return text ? [{ title, text }] : [];
  });
}

/**
 * The body: in a full specification the general sections, then the involvement section with a subsection a category;
 * in a schedule an opening section, then a section a category. Both end with the reporting calendar and the measures.
 */
function body(input: SpecificationDocumentInput, shape: DocumentShape, groups: CategoryGroup[]): Block[] {
  const blocks: Block[] = [];
  let n = 0;
  const top = (title: string) => {
    n += 1;
    blocks.push(heading(1, `${n} ${title}`, { pageBreakBefore: n === 1 }));
    return String(n);
  };
  if (shape === "full_specification") {
    for (const s of generalSections(input)) {
      top(s.title);
      blocks.push(...paragraphs(s.text));
    }
    const section = top("Service user involvement and lived experience");
    blocks.push(...introduction(input, groups, `section ${section}`));
    groups.forEach((group, i) => {
      const number = `${section}.${i + 1}`;
      blocks.push(heading(2, `${number} ${group.label}`));
      group.clauses.forEach((clause, j) => {
        blocks.push(...clauseBlocks(clause, { level: 3, number: `${number}.${j + 1}` }));
      });
    });
  } else {
    top("About this schedule");
    blocks.push(...introduction(input, groups, "this schedule"));
    for (const group of groups) {
      const number = top(group.label);
      group.clauses.forEach((clause, j) => {
        blocks.push(...clauseBlocks(clause, { level: 2, number: `${number}.${j + 1}` }));
      });
    }
  }
  if (input.calendar) {
    top("Reporting calendar for the first 12 months");
    blocks.push(...calendarBlocks(input.calendar, input.gracePeriodDays));
  }
  const kpis = input.kpis ?? [];
  top(kpis.length > 0 ? "Key performance indicators" : "Measures");
  blocks.push(...(kpis.length > 0 ? kpiBlocks(kpis) : measureBlocks(groups)));
  // The body ends with text, not a table: Word starts a page for the empty paragraph that ends a section when a
  // table fills the page before it, and LibreOffice does not, so their page numbers would part here.
  blocks.push(
    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun(
          "The appendices follow: the evidence for each clause and how often it is due, the terms used, and the sources the clauses draw on.",
        ),
      ],
    }),
  );
  return blocks;
}

function introduction(input: SpecificationDocumentInput, groups: CategoryGroup[], where: string): Block[] {
  const first = groups[0]?.clauses[0]?.key ?? "FBK-02";
  const texts =
    where === "this schedule"
      ? [
          `This schedule sets out what the provider must do to involve the people who use ${input.serviceName}, and their families and carers, in their own care and in how the service is run, designed and reviewed. It forms part of the service specification ${input.commissionerOrganisation} issues for the service.`,
        ]
      : [
          `This section sets out what the provider must do to involve the people who use the service, and their families and carers, in their own care and in how the service is run, designed and reviewed.`,
        ];
  texts.push(
    `Each clause states what the provider must do, in numbered paragraphs, then the evidence the provider hands in and how often, and what the reviewer checks. The key beside each title, such as ${first}, identifies the clause in monitoring returns. Evidence for each reporting period is due within ${input.gracePeriodDays} days after the period ends. Appendix A lists every clause with its evidence, frequency and threshold, and Appendix B explains the terms used.`,
  );
  const blocks: Block[] = texts.map((t) => new Paragraph({ children: [new TextRun(t)] }));
  blocks.push(
    new Paragraph({
      children: [
        new TextRun({ text: "The data rule. ", bold: true }),
        new TextRun(DATA_RULE.replace(/^The data rule\. /, "")),
      ],
    }),
  );
  if (groups.length === 0) {
    blocks.push(
      new Paragraph({
        children: [new TextRun({ text: "No involvement clauses have been chosen yet.", italics: true })],
      }),
    );
  }
  return blocks;
}

/** Where the text of a numbered paragraph starts, and where a labelled one is indented to: 1.5 cm. */
const NUMBER_INDENT = 850;

function clauseBlocks(clause: RenderedClause, place: Place): Block[] {
  const requirement = splitParagraphs(clause.requirement);
  return [
    // The heading keeps with its first paragraph (its style says so); the clause then flows on.
    heading(place.level, `${place.number} ${clause.key} ${clause.title}`),
    ...requirement.map(
      (text, i) =>
        new Paragraph({
          indent: { left: NUMBER_INDENT, hanging: NUMBER_INDENT },
          tabStops: [{ type: TabStopType.LEFT, position: NUMBER_INDENT }],
          children: [new TextRun(`${place.number}.${i + 1}\t${text}`)],
        }),
    ),
    ...labelled(`Evidence, ${frequencyLabel(clause).toLowerCase()}.`, clause.evidence.documents),
    ...labelled("The reviewer checks", clause.evidence.reviewerChecks),
  ];
}

/** A short paragraph led by its label in bold; text of more than one paragraph runs on under it. */
function labelled(label: string, text: string): Paragraph[] {
  const [first = "", ...rest] = splitParagraphs(text);
  const lead = /[.:]$/.test(label) ? `${label} ` : `${label}: `;
  return [
    new Paragraph({
      indent: { left: NUMBER_INDENT },
      children: [new TextRun({ text: lead, bold: true }), new TextRun(first)],
    }),
    ...rest.map((t) => new Paragraph({ indent: { left: NUMBER_INDENT }, children: [new TextRun(t)] })),
  ];
}

function calendarBlocks(calendar: ReportingCalendar, graceDays: number): Block[] {
  const blocks: Block[] = [
    new Paragraph({
      children: [
        new TextRun(
          `What the provider hands in during the first 12 months of the contract, by the month it is due. Each return is due ${graceDays} days after its period ends; what is due at mobilisation is due 3 months after the contract starts.${calendar.assumedStart ? ` The contract's dates are not set yet, so this calendar assumes it starts on ${formatDate(calendar.assumedStart)}.` : ""}`,
        ),
      ],
    }),
  ];
  if (calendar.months.length > 0) {
    blocks.push(
      dataTable(
        [
          { header: "Month", width: 2200 },
          { header: "What is due", width: SPEC_TEXT_WIDTH - 2200 },
        ],
        calendar.months.map((m) => [m.month, m.items.map((t) => cellParagraph(t))]),
      ),
    );
  }
  for (const t of calendar.other) blocks.push(new Paragraph({ children: [new TextRun(t)] }));
  blocks.push(spacer());
  return blocks;
}

const cellParagraph = (text: string) => new Paragraph({ style: "TableText", children: [new TextRun(text)] });

/** The specification's KPIs as a table: a plain list in, whoever designates them. */
function kpiBlocks(kpis: readonly DocumentKpi[]): Block[] {
  return [
    new Paragraph({
      children: [
        new TextRun(
          "The indicators the commissioner will use to judge the provider's performance on involvement. The three most material are marked.",
        ),
      ],
    }),
    dataTable(
      [
        { header: "Clause", width: 1150 },
        { header: "Indicator", width: SPEC_TEXT_WIDTH - 1150 - 1900 - 1600 - 1300 },
        { header: "Target", width: 1900 },
        { header: "How often", width: 1600 },
        { header: "Most material", width: 1300 },
      ],
      kpis.map((k) => [k.clauseKey, k.measure, k.target, k.frequency, k.mostMaterial ? "Yes" : "No"]),
    ),
    // No spacer: the section ends here, and an empty paragraph after a table at the foot of a page would start one.
  ];
}

function measureBlocks(groups: CategoryGroup[]): Block[] {
  const clauses = groups.flatMap((g) => g.clauses).filter((c) => c.threshold);
  if (clauses.length === 0) {
    return [
      new Paragraph({
        children: [new TextRun("None of the chosen clauses has a measured threshold.")],
      }),
    ];
  }
  return [
    new Paragraph({
      children: [
        new TextRun("The threshold each clause's evidence is judged against, and how often it is reported."),
      ],
    }),
    dataTable(
      [
        { header: "Clause", width: 1150 },
        { header: "Threshold", width: SPEC_TEXT_WIDTH - 1150 - 1900 },
        { header: "How often", width: 1900 },
      ],
      clauses.map((c) => [c.key, thresholdText(c), frequencyLabel(c)]),
    ),
    // No spacer: the section ends here, and an empty paragraph after a table at the foot of a page would start one.
  ];
}

function evidenceSchedule(groups: CategoryGroup[], shape: DocumentShape, withThresholds: boolean): Block[] {
  const clauses = groups.flatMap((g) => g.clauses);
  // Without KPIs the thresholds are the body's "Measures" table; with them, they are here.
  const threshold = withThresholds ? 4200 : 0;
  return [
    // The section break starts the page.
    heading(1, "Appendix A: Evidence and monitoring schedule"),
    new Paragraph({
      children: [
        new TextRun(
          `Every clause in ${shape === "schedule" ? "this schedule" : "the involvement section"}, with the evidence the provider hands in and how often${withThresholds ? ", and the threshold it is judged against" : ". The threshold each is judged against is in the Measures section"}.`,
        ),
      ],
    }),
    clauses.length > 0
      ? dataTable(
          [
            { header: "Clause", width: 1150 },
            { header: "Title", width: 2600 },
            { header: "Evidence", width: LANDSCAPE_TEXT_WIDTH - 1150 - 2600 - 1600 - threshold },
            { header: "How often", width: 1600 },
            ...(withThresholds ? [{ header: "Threshold", width: threshold }] : []),
          ],
          clauses.map((c) => [
            c.key,
            c.title,
            c.evidence.documents,
            frequencyLabel(c),
            ...(withThresholds ? [thresholdText(c)] : []),
          ]),
        )
      : new Paragraph({
          children: [new TextRun({ text: "No clauses have been chosen yet.", italics: true })],
        }),
  ];
}

function glossary(): Block[] {
  return [
    heading(1, "Appendix B: Glossary"),
    dataTable(
      [
        { header: "Term", width: 2600 },
        { header: "Meaning", width: SPEC_TEXT_WIDTH - 2600 },
      ],
      GLOSSARY.map((g) => [g.term, g.meaning]),
    ),
    spacer(),
  ];
}

function sources(clauses: readonly RenderedClause[], shape: DocumentShape): Block[] {
  const list = collectSources(clauses);
  const blocks: Block[] = [heading(1, "Appendix C: Sources")];
  if (list.length === 0) {
    blocks.push(
      new Paragraph({
        children: [new TextRun({ text: "The chosen clauses cite no sources.", italics: true })],
      }),
    );
    return blocks;
  }
  blocks.push(
    new Paragraph({
      children: [
        new TextRun(
          `The evidence and guidance the clauses in ${shape === "schedule" ? "this schedule" : "the involvement section"} draw on.`,
        ),
      ],
    }),
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
    // which clauses cite it, on one line.
    blocks.push(
      new Paragraph({
        indent: { left: 567 },
        spacing: { after: 40 },
        children: [
          new TextRun({
            text: [s.url ? `Available at: ${s.url}` : undefined, `Cited in: ${s.clauseKeys.join(", ")}`]
              .filter(Boolean)
              .join(". "),
            size: 20,
          }),
        ],
      }),
    );
  });
  return blocks;
}
