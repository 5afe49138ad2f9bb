// Contents page numbers, worked out as docx's estimatePageNumbers works them out, in a fraction of the time.
//
// The estimator lays the document out as Word does, twice or more, and most of its time goes on asking, for each word,
// which face of which font it is in and whether Word draws any of its characters in another font. Every document here
// is set in Arial, in characters Arial has. So the widths of the characters a document uses are read once per process
// from the estimator's own layout (a line of each character, in each face), and the layout then measures with them
// through `estimatePageNumbersWith({ measureWidth })`: the same widths, the same line breaking and pagination, so the
// same page numbers. A character the calibration could not read, one Word draws in another font (a taller line), or
// text in another font, falls back to estimatePageNumbers itself, so the numbers are never a guess.
//
// Most of what is left is the layout's work a word and a paragraph, so it is given less to do: the body's skeleton
// (./skeleton.ts), in which each plain paragraph is as many one-letter lines as its text breaks into with these widths,
// a table row is its tallest cell, and the contents are a line an entry. The lines, and so the pages, are the same; a
// 40-clause specification issues in about five times its draft's time rather than ten.
import { Document, type PageNumberEstimator, Paragraph, TextRun } from "docx";
import { estimatePageNumbers, estimatePageNumbersWith, layoutDocument } from "docx/layout";
import { type SkeletonStyles, skeletonOf } from "./skeleton.js";
import { documentStyles, FONT } from "./styles.js";

type Face = 0 | 1 | 2 | 3; // regular, bold, italic, bold italic
const faceOf = (bold: boolean, italic: boolean): Face => ((bold ? 1 : 0) + (italic ? 2 : 0)) as Face;

/** Each calibrated character's width in thousandths of an em, a map a face; undefined where it is not exact. */
const widths: Array<Map<string, number | undefined>> = [new Map(), new Map(), new Map(), new Map()];

/** Characters every document has (the fixed text), read on first use alongside the document's own. */
const BASE = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("")}‘’“”–—…£€•·×`;

/** Calibration size: large, so a width read back in pixels rounds to the tables' tenth of a thousandth of an em. */
const SIZE = 40;

/** Reads the widths of characters not yet calibrated, in every face, from one layout of a line of each. */
function calibrate(characters: Iterable<string>) {
  let todo = [...new Set(characters)].filter(
    (c) => c !== "\t" && c !== "\n" && c !== "\r" && !widths[0].has(c),
  );
  while (todo.length > 0) {
    const faces: Face[] = [0, 1, 2, 3];
    // A reference line "xx", then "x<c>x" for each character: the character's width is the difference, spaces too.
    const lines = faces.flatMap((face) => ["", ...todo].map((c) => ({ face, c, text: `x${c}x` })));
    const doc = new Document({
      styles: documentStyles(),
      sections: [
        {
          properties: { page: { size: { width: 16838, height: 11906 }, margin: { left: 720, right: 720 } } },
          children: lines.map(
            ({ face, text }) =>
              new Paragraph({
                children: [
                  new TextRun({
                    text,
                    font: FONT,
                    size: SIZE * 2,
                    bold: face === 1 || face === 3,
                    italics: face >= 2,
                  }),
                ],
              }),
          ),
        },
      ],
    });
    const { pages, stoppedAt } = layoutDocument(doc);
    const laidOut = new Map<number, { textWidth: number; height: number; count: number }>();
    for (const page of pages) {
      for (const block of page.body) {
        if (block.type !== "paragraph") continue;
        const first = block.lines[0];
        if (!first) continue;
        const known = laidOut.get(block.index);
        laidOut.set(block.index, {
          textWidth: first.textWidth,
          height: first.height,
          count: (known?.count ?? 0) + block.lines.length,
        });
      }
    }
    let stoppedIndex = stoppedAt === undefined ? Number.POSITIVE_INFINITY : lines.length;
    for (let i = 0; i < lines.length; i++) {
      if (!laidOut.has(i)) {
        stoppedIndex = Math.min(stoppedIndex, i);
      }
    }
    const per = todo.length + 1;
    const retry = new Set<string>();
    faces.forEach((face, f) => {
      const reference = laidOut.get(f * per);
      todo.forEach((c, k) => {
        const index = f * per + 1 + k;
        const line = laidOut.get(index);
        if (index > stoppedIndex || !reference) {
          retry.add(c);
          return;
        }
        // Where the layout stopped, or a line that wrapped or is taller than the reference (Word drew the character in
        // another font): not one to measure ourselves.
        if (index === stoppedIndex || !line || line.count !== 1 || line.height !== reference.height) {
          widths[face].set(c, undefined);
          return;
        }
        const points = ((line.textWidth - reference.textWidth) * 72) / 96;
        // The tables hold widths to a tenth of a thousandth of an em; a character they lack is an average letter's.
        const width = (points * 1000) / SIZE;
        const tenth = Math.round(width * 10) / 10;
        widths[face].set(c, Math.abs(width - tenth) < 1e-6 ? tenth : width);
      });
    });
    const next = todo.filter((c) => retry.has(c) && widths.some((w) => !w.has(c)));
    // Whatever the layout never reached is tried again without what stopped it; a character that stopped it is
    // marked, so this ends.
    if (next.length >= todo.length) {
      for (const c of next) for (const w of widths) if (!w.has(c)) w.set(c, undefined);
      break;
    }
    for (const c of next) for (const w of widths) w.delete(c);
    todo = next;
  }
}

/** A string's width in a face at a size, in points, from the calibrated widths; undefined if a character has none. */
function widthOf(text: string, face: number, size: number): number | undefined {
  const table = widths[face as Face];
  let total = 0;
  for (const c of text) {
    const w = table.get(c);
    if (w === undefined) return undefined;
    total += w;
  }
  return (total * size) / 1000;
}

/** The sizes of the paragraphs the skeleton may cut down: those with no style, table text, the title and headings. */
function skeletonStyles(): SkeletonStyles {
  const styles = documentStyles();
  const body = Number(styles.default?.document?.run?.size ?? 22);
  const format = (run: { size?: number | string; bold?: boolean } | undefined) => ({
    size: Number(run?.size ?? body),
    bold: run?.bold === true,
  });
  const sizes = new Map<string, { size: number; bold: boolean }>([["", { size: body, bold: false }]]);
  const table = styles.paragraphStyles?.find((s) => s.id === "TableText");
  if (table) sizes.set("TableText", format(table.run));
  for (const [id, style] of [
    ["Title", styles.default?.title],
    ["Heading1", styles.default?.heading1],
    ["Heading2", styles.default?.heading2],
    ["Heading3", styles.default?.heading3],
  ] as const) {
    if (style?.run?.size !== undefined) sizes.set(id, format(style.run));
  }
  const contents = (styles.paragraphStyles ?? []).flatMap((s) =>
    /^TOC\d$/.test(s.id) && s.basedOn === "Normal"
      ? [[s.id, { ...format(s.run), indent: Number(s.paragraph?.indent?.left ?? 0) }] as const]
      : [],
  );
  return { sizes, contents: new Map(contents) };
}

/**
 * The page-number estimator for a document whose text is all in `text` (its input, as JSON, is enough: every character
 * the document prints comes from it or from the fixed text). Gives the numbers estimatePageNumbers gives: it lays out
 * the body's skeleton (./skeleton.ts), whose lines are the body's, with the calibrated widths.
 */
export function fastPageNumbers(input: unknown): PageNumberEstimator {
  calibrate(JSON.stringify(input) + BASE);
  let exact = true;
  const measure = estimatePageNumbersWith({
    measureWidth: (text, font) => {
      if (font.name !== FONT) {
        exact = false;
        return 0;
      }
      const width = widthOf(text, faceOf(font.bold, font.italic), font.size);
      if (width === undefined) {
        exact = false;
        return 0;
      }
      return width;
    },
  });
  const styles = skeletonStyles();
  // No list numbers: the documents number their headings in the text, not with Word's lists.
  return (body, context) => {
    exact = true;
    const result = measure(skeletonOf(body, styles, widthOf) as typeof body, context);
    return exact ? result : estimatePageNumbers(body, context);
  };
}
