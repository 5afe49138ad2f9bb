// Building blocks shared by the documents: paragraphs from stored text, and tables with fixed column widths
// (fixed so Word, LibreOffice and the page-number estimator all lay them out the same way).
import {
  AlignmentType,
  BorderStyle,
  Footer,
  Header,
  HeadingLevel,
  type IParagraphOptions,
  type IRunOptions,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { BORDER_COLOUR, LABEL_SHADING } from "./styles.js";

/** A4 with 2.54 cm margins: the width text and tables have, in twentieths of a point. */
export const TEXT_WIDTH = 9026;

/** Splits stored text into paragraphs at line breaks; blank lines between paragraphs are optional. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function paragraphs(
  text: string,
  options: Omit<IParagraphOptions, "children" | "text"> = {},
): Paragraph[] {
  return splitParagraphs(text).map((line) => new Paragraph({ ...options, children: [new TextRun(line)] }));
}

export function heading(level: 1 | 2 | 3, text: string, options: Omit<IParagraphOptions, "heading"> = {}) {
  const headingLevel = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1]!;
  return new Paragraph({ ...options, heading: headingLevel, children: [new TextRun(text)] });
}

function cellText(text: string, run: Omit<IRunOptions, "text"> = {}): Paragraph[] {
  const lines = splitParagraphs(text);
  return (lines.length > 0 ? lines : [""]).map(
    (line) => new Paragraph({ style: "TableText", children: [new TextRun({ ...run, text: line })] }),
  );
}

const border = { style: BorderStyle.SINGLE, size: 4, color: BORDER_COLOUR };
const borders = {
  top: border,
  bottom: border,
  left: border,
  right: border,
  insideHorizontal: border,
  insideVertical: border,
};
const cellMargins = { top: 60, bottom: 60, left: 100, right: 100 };

export type CellContent = string | Paragraph[] | ParagraphChild[];

function toParagraphs(content: CellContent, bold: boolean): Paragraph[] {
  // Not bold is the default: a run that says so anyway is two more elements to build and write, a few thousand
  // in a long document.
  if (typeof content === "string") return cellText(content, bold ? { bold } : {});
  if (content.length > 0 && content.every((c) => c instanceof Paragraph)) return content as Paragraph[];
  return [new Paragraph({ style: "TableText", children: content as ParagraphChild[] })];
}

export interface Column {
  header: string;
  /** Twentieths of a point; the widths of a table's columns should add up to TEXT_WIDTH. */
  width: number;
}

/** A table with a header row that repeats at the top of each page the table runs onto. */
export function dataTable(columns: Column[], rows: CellContent[][]): Table {
  const widths = columns.map((c) => c.width);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map(
      (c) =>
        new TableCell({
          width: { size: c.width, type: WidthType.DXA },
          shading: { fill: LABEL_SHADING },
          children: cellText(c.header, { bold: true }),
        }),
    ),
  });
  const body = rows.map(
    (row) =>
      new TableRow({
        children: row.map(
          (content, i) =>
            new TableCell({
              width: { size: widths[i]!, type: WidthType.DXA },
              children: toParagraphs(content, false),
            }),
        ),
      }),
  );
  return new Table({
    width: { size: sum(widths), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders,
    margins: cellMargins,
    rows: [header, ...body],
  });
}

/**
 * A boxed table of label and value pairs, the label column shaded. `keepTogether` keeps its rows on one page where
 * they fit, as a clause's evidence box reads badly split from its label rows.
 */
export function labelTable(
  rows: Array<[string, CellContent]>,
  { labelWidth = 2600, keepTogether = false }: { labelWidth?: number; keepTogether?: boolean } = {},
): Table {
  const widths = [labelWidth, TEXT_WIDTH - labelWidth];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders,
    margins: cellMargins,
    rows: rows.map(
      ([label, value], i) =>
        new TableRow({
          // Only when it keeps: a row told not to keep gives each of its paragraphs a keepNext of false, which is
          // the default already.
          keepNext: keepTogether && i < rows.length - 1 ? true : undefined,
          children: [
            new TableCell({
              width: { size: widths[0]!, type: WidthType.DXA },
              shading: { fill: LABEL_SHADING },
              children: cellText(label, { bold: true }),
            }),
            new TableCell({
              width: { size: widths[1]!, type: WidthType.DXA },
              children: toParagraphs(value, false),
            }),
          ],
        }),
    ),
  });
}

/** A little space after a table, which Word otherwise butts against the next paragraph. */
export function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [] });
}

function sum(ns: number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

/** "returned_for_changes" -> "Returned for changes". */
export function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A4 portrait with 2.54 cm margins, as every WithUs document is laid out. */
export const A4_PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: 1440, bottom: 1440, left: 1440, right: 1440, header: 708, footer: 708 },
};

/** A right-aligned running header in small type, as the reports carry on every page. */
export function runningHeader(text: string, size = 18): Header {
  return new Header({
    children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, size })] })],
  });
}

/** A centred footer reading "<text>   Page X of Y"; Word and LibreOffice fill in the numbers. */
export function pageFooter(text: string | null, size = 18): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size,
            children: [
              text ? `${text}   Page ` : "Page ",
              PageNumber.CURRENT,
              " of ",
              PageNumber.TOTAL_PAGES,
            ],
          }),
        ],
      }),
    ],
  });
}
