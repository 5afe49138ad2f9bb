// The plain-language companion for service users: what the service promises to do to involve them, built from
// each clause's plain-language sentences. Large Arial type and short sentences, for people who find the full
// specification hard going. Page 1 is the answer on its own: the contact box and the main promises (at most
// ten); the rest follows from page 2.
import { BorderStyle, Document, Paragraph, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { CONTACT_BOX_HEADING, contactBoxLines } from "../model/contacts.js";
import { formatDate } from "../model/dates.js";
import type { SpecificationDocumentInput } from "../model/document-input.js";
import {
  KEY_PROMISES_HEADING,
  keyPromiseClauses,
  PLAIN_CLOSING_HEADING,
  PLAIN_HEADINGS,
  plainClosing,
  plainIntro,
  promiseSentence,
} from "../model/plain-summary.js";
import { A4_PAGE, heading, pageFooter, splitParagraphs } from "./shared/blocks.js";
import { groupByCategory } from "./shared/clauses.js";
import { packDocument } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";

export const SUMMARY_TITLE = "What this service promises to do to involve you";

/** Body sizes in points: at least 14pt text and 18pt headings, for people with low vision. */
const SIZES = { body: 14, title: 28, heading1: 22, heading2: 18, heading3: 16 };
/** The large-print version: 18pt text (large print starts at 16pt), headings larger still. */
const LARGE_PRINT_SIZES = { body: 18, title: 30, heading1: 28, heading2: 24, heading3: 22 };

/** Page 1 is set a little tighter (single-and-a-bit lines) so the box and ten promises fit on it. */
const FIRST_PAGE_SPACING = { after: 60, line: 252, lineRule: "auto" } as const;
/**
 * Page 1 of the large print in 16pt (large print's lower bound), the rest in 18pt: at 18pt the contact box
 * alone takes two thirds of an A4 page, and page 1 must hold it and ten promises.
 */
const LARGE_PRINT_FIRST_PAGE = 16;
/** 2 cm in twentieths of a point. */
const LARGE_PRINT_MARGINS = { top: 1134, bottom: 1134, left: 1134, right: 1134 };

/** One border round all the box's paragraphs: Word joins equal borders on adjacent paragraphs. */
const EDGE = { style: BorderStyle.SINGLE, size: 18, space: 8, color: "0B0C0C" };
const BOX = { top: EDGE, bottom: EDGE, left: EDGE, right: EDGE };

interface SummaryContent {
  contacts: string[];
  keyPromises: string[];
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
    contacts: contactBoxLines(input.contacts, input.providerContact),
    keyPromises: [...new Set(keyPromiseClauses(input.clauses, input.keyPromises).map(promiseSentence))],
    intro: plainIntro(
      input.serviceName,
      input.commissionerOrganisation,
      groups.length > 0,
      input.coProduction,
    ),
    groups,
    closing: { heading: PLAIN_CLOSING_HEADING, lines: plainClosing(input.commissionerOrganisation) },
    version: `This is version ${input.version}. It is dated ${formatDate(input.date)}.${input.reference ? ` ${input.commissionerOrganisation}'s reference for it is ${input.reference}.` : ""}`,
  };
}

/** The body text of the summary, one paragraph a line, without headings: what a readability check reads. */
export function summaryText(input: SpecificationDocumentInput): string {
  const c = content(input);
  return [
    ...c.contacts,
    ...c.keyPromises,
    ...c.intro,
    ...c.groups.flatMap((g) => g.points),
    ...c.closing.lines,
    c.version,
  ].join("\n");
}

/** The summary as Word: standard (14pt) or, with largePrint, 18pt throughout; the text is the same. */
export async function renderSummary(
  raw: SpecificationDocumentInput,
  opts: { largePrint?: boolean } = {},
): Promise<Uint8Array> {
  const input = xmlSafeDeep(raw);
  const c = content(input);
  const sizes = opts.largePrint ? LARGE_PRINT_SIZES : SIZES;
  // Half-points; undefined keeps the style's size (the standard print's 14pt).
  const firstPageSize = opts.largePrint ? LARGE_PRINT_FIRST_PAGE * 2 : undefined;
  const styles = documentStyles({ ...sizes });
  const doc = new Document({
    title: opts.largePrint ? `${SUMMARY_TITLE} (large print)` : SUMMARY_TITLE,
    subject: input.serviceName,
    creator: input.commissionerOrganisation,
    lastModifiedBy: input.author,
    description: `A plain-language summary of how ${input.serviceName} involves the people who use it.`,
    keywords: "service user involvement; plain language; summary",
    customProperties: [
      { name: "SpecificationId", value: input.id },
      ...(input.reference ? [{ name: "SpecificationReference", value: input.reference }] : []),
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
          // Large print keeps 2 cm margins (the house minimum) so page 1 holds the box and ten promises.
          page: opts.largePrint
            ? { ...A4_PAGE, margin: { ...A4_PAGE.margin, ...LARGE_PRINT_MARGINS } }
            : A4_PAGE,
        },
        footers: { default: pageFooter(null, sizes.body * 2) },
        children: [
          new Paragraph({
            style: "Title",
            spacing: { after: 200, line: 240, lineRule: "auto" },
            children: [new TextRun(SUMMARY_TITLE)],
          }),
          // The contact box: people who cannot get on with the provider see at once whom else to call.
          ...(c.contacts.length > 0
            ? [
                new Paragraph({
                  border: BOX,
                  keepNext: true,
                  spacing: FIRST_PAGE_SPACING,
                  children: [new TextRun({ text: CONTACT_BOX_HEADING, bold: true, size: firstPageSize })],
                }),
                ...c.contacts.map(
                  (line, i) =>
                    new Paragraph({
                      border: BOX,
                      keepNext: i < c.contacts.length - 1,
                      spacing: FIRST_PAGE_SPACING,
                      children: [new TextRun({ text: line, size: firstPageSize })],
                    }),
                ),
              ]
            : []),
          ...(c.keyPromises.length > 0
            ? [
                heading(1, KEY_PROMISES_HEADING, { spacing: { before: 240, after: 80 } }),
                ...c.keyPromises.map(
                  (p) =>
                    new Paragraph({
                      bullet: { level: 0 },
                      spacing: FIRST_PAGE_SPACING,
                      keepLines: true,
                      children: [new TextRun({ text: p, size: firstPageSize })],
                    }),
                ),
              ]
            : []),
          // Everything else starts on page 2, so page 1 stands alone (printed, pinned up, handed over).
          ...c.intro.map(
            (line, i) =>
              new Paragraph({
                pageBreakBefore: i === 0 && c.keyPromises.length > 0,
                children: [new TextRun(line)],
              }),
          ),
          ...c.groups.flatMap((g) => [
            heading(1, g.heading),
            ...g.points.map((p) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(p)] })),
          ]),
          heading(1, c.closing.heading),
          ...c.closing.lines.map((line) => new Paragraph({ children: [new TextRun(line)] })),
          new Paragraph({
            spacing: { before: 480 },
            children: [new TextRun({ text: c.version, size: sizes.body * 2 })],
          }),
        ],
      },
    ],
  });
  return packDocument(doc, input.date);
}
