// The plain-language companion for service users: what the service promises to do to involve them, built from
// each clause's plain-language sentences. Large Arial type and short sentences, for people who find the full
// specification hard going.
import { Document, Paragraph, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import type { Category } from "../model/clause-schema.js";
import { formatDate } from "../model/dates.js";
import type { SpecificationDocumentInput } from "../model/document-input.js";
import { A4_PAGE, heading, pageFooter, splitParagraphs } from "./shared/blocks.js";
import { groupByCategory } from "./shared/clauses.js";
import { packDocument } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";

export const SUMMARY_TITLE = "What this service promises to do to involve you";

/** Everyday headings for the categories; the library's labels are written for commissioners. */
const PLAIN_HEADINGS: Record<Category, string> = {
  governance: "How the service is run",
  care_planning: "Your care plan",
  feedback: "Telling us what you think",
  user_groups: "Groups you can join",
  peer_roles: "Staff who have been there too",
  co_production: "Planning the service with you",
  user_led_research: "Asking people what they think",
  accessibility: "Making the service easy to use",
  payment: "Being paid for your time",
  you_said_we_did: "What changed because of you",
  criminal_justice: "If you came through the courts or prison",
  families: "Your family and carers",
  commissioning: "What the council promises",
};

/** Body sizes in points: at least 14pt text and 18pt headings, for people with low vision. */
const SIZES = { body: 14, title: 28, heading1: 22, heading2: 18, heading3: 16 };

interface SummaryContent {
  intro: string[];
  groups: Array<{ heading: string; points: string[] }>;
  closing: { heading: string; lines: string[] };
  version: string;
}

function content(input: SpecificationDocumentInput): SummaryContent {
  const groups = groupByCategory(input.clauses).flatMap((g) => {
    // Clauses in one category often say the same thing in plain words; say it once.
    const points = [...new Set(g.clauses.flatMap((c) => splitParagraphs(c.plainLanguage)))];
    return points.length > 0 ? [{ heading: PLAIN_HEADINGS[g.category], points }] : [];
  });
  return {
    intro: [
      `This is about ${input.serviceName}.`,
      "It says how the service will listen to you.",
      "It says how you can take part, if you want to.",
      `${input.commissionerOrganisation} pays for the service. They check that it keeps these promises.`,
      ...(groups.length === 0 ? ["The promises are still being written."] : []),
    ],
    groups,
    closing: {
      heading: "If something is not right",
      lines: [
        "You can tell a worker you trust.",
        "You can ask someone to help you make a complaint.",
        `You can also tell ${input.commissionerOrganisation}.`,
        "Ask a worker if you need this in large print, easy read or another language.",
      ],
    },
    version: `This is version ${input.version}. It is dated ${formatDate(input.date)}.`,
  };
}

/** The body text of the summary, one paragraph a line, without headings: what a readability check reads. */
export function summaryText(input: SpecificationDocumentInput): string {
  const c = content(input);
  return [...c.intro, ...c.groups.flatMap((g) => g.points), ...c.closing.lines, c.version].join("\n");
}

export async function renderSummary(raw: SpecificationDocumentInput): Promise<Uint8Array> {
  const input = xmlSafeDeep(raw);
  const c = content(input);
  const styles = documentStyles({ ...SIZES });
  const doc = new Document({
    title: SUMMARY_TITLE,
    subject: input.serviceName,
    creator: input.commissionerOrganisation,
    lastModifiedBy: input.author,
    description: `A plain-language summary of how ${input.serviceName} involves the people who use it.`,
    keywords: "service user involvement; plain language; summary",
    customProperties: [
      { name: "SpecificationId", value: input.id },
      { name: "SpecificationVersion", value: String(input.version) },
    ],
    styles: {
      ...styles,
      default: {
        ...styles.default,
        document: {
          ...styles.default?.document,
          // More space between lines and paragraphs than the specification: easier to follow for many readers.
          paragraph: { spacing: { after: 200, line: 336, lineRule: "auto" } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: A4_PAGE,
        },
        footers: { default: pageFooter(null, 28) },
        children: [
          new Paragraph({ style: "Title", children: [new TextRun(SUMMARY_TITLE)] }),
          ...c.intro.map((line) => new Paragraph({ children: [new TextRun(line)] })),
          ...c.groups.flatMap((g) => [
            heading(1, g.heading),
            ...g.points.map((p) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(p)] })),
          ]),
          heading(1, c.closing.heading),
          ...c.closing.lines.map((line) => new Paragraph({ children: [new TextRun(line)] })),
          new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: c.version, size: 28 })] }),
        ],
      },
    ],
  });
  return packDocument(doc, input.date);
}
