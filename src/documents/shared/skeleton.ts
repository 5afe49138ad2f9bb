// A lighter copy of a written body for the page-number estimator: each plain paragraph's text is broken into lines here,
// with the measured widths, as the estimator would break it, and the paragraph is handed on as that many lines of one
// character each, ended by line breaks. The lines are as many and as tall (same paragraph properties, same font size),
// so the pages, and every page number, come out the same; but the estimator, whose time goes on placing each word, has
// a few tokens a line instead of a dozen. A paragraph this cannot break with certainty (a field, a bookmark, a list, a
// tab it does not know, a word too long for its line, or one that would wrap where Word might break inside it, as at a
// hyphen) is handed on as it is. Nothing is changed in place: the body that is written is the one docx was given.

/** docx's written XML: an element is an object with one key, its children an array or an object of attributes. */
type Xml = unknown;
type Element = Record<string, unknown>;

/** Twentieths of a point to points. */
const pt = (twips: number) => twips / 20;

/** The estimator's tolerance when it asks whether a word fits on a line, in points. */
const TOLERANCE = 0.01;

/** Measures a string in a face (0 regular, 1 bold, 2 italic, 3 bold italic) at a size, in points; undefined if unknown. */
export type Measure = (text: string, face: number, size: number) => number | undefined;

/** What a body's paragraphs are written in: the default size and the sizes of the styles a plain paragraph may have. */
export interface SkeletonStyles {
  /** Half-points and whether bold, by style id; "" for a paragraph with no style. Others are not simplified. */
  sizes: ReadonlyMap<string, { size: number; bold: boolean }>;
  /** The contents' entry styles: size in half-points, whether bold, and left indent in twentieths of a point. */
  contents: ReadonlyMap<string, { size: number; bold: boolean; indent: number }>;
}

const children = (e: unknown): unknown[] => {
  if (!e || typeof e !== "object") return [];
  const value = Object.values(e as Element)[0];
  return Array.isArray(value) ? value : [];
};
const nameOf = (e: unknown): string | undefined =>
  e && typeof e === "object" ? Object.keys(e as Element)[0] : undefined;
const attr = (e: unknown, key: string): unknown => {
  if (!e || typeof e !== "object") return undefined;
  const value = Object.values(e as Element)[0] as { _attr?: Record<string, unknown> } | unknown[] | undefined;
  if (Array.isArray(value)) {
    const a = value.find((c) => c && typeof c === "object" && "_attr" in (c as Element)) as
      | { _attr: Record<string, unknown> }
      | undefined;
    return a?._attr[key];
  }
  return (value as { _attr?: Record<string, unknown> } | undefined)?._attr?.[key];
};
const find = (list: unknown[], name: string) => list.find((c) => nameOf(c) === name);

/** The properties a paragraph may have and still be simplified; others (lists, frames, borders...) keep it whole. */
const PARAGRAPH_PROPERTIES = new Set([
  "w:pStyle",
  "w:spacing",
  "w:ind",
  "w:tabs",
  "w:jc",
  "w:keepNext",
  "w:keepLines",
  "w:pageBreakBefore",
  "w:widowControl",
  "w:contextualSpacing",
  "w:rPr",
]);
/** The run properties that leave a word's width to the width tables. */
const RUN_PROPERTIES = new Set([
  "w:b",
  "w:bCs",
  "w:i",
  "w:iCs",
  "w:sz",
  "w:szCs",
  "w:color",
  "w:lang",
  "w:noProof",
]);

/** Characters inside a word at which no line breaks: letters, digits and the punctuation that holds to them. */
const HOLDS = /^[\p{L}\p{N}.,;:'’"“”()%£\u00a0]$/u;

interface Piece {
  text: string;
  face: number;
}

/**
 * How many lines a paragraph's text takes, broken as the estimator breaks it (each word on the line it fits on, spaces
 * at a line's end hanging past it), or undefined when that is not certain.
 */
function lineCount(
  pieces: Piece[],
  size: number,
  geometry: { first: number; rest: number; end: number; stop?: number },
  measure: Measure,
): number | undefined {
  // Words across runs: a word is the characters between spaces, each in its run's face.
  type Word = { parts: Piece[]; tab: boolean };
  const words: Array<{ word: Word; space: number }> = [];
  let current: Word = { parts: [], tab: false };
  let pendingSpace = 0;
  const flush = () => {
    if (current.parts.length > 0) words.push({ word: current, space: pendingSpace });
    current = { parts: [], tab: false };
    pendingSpace = 0;
  };
  const spaces: Array<number | undefined> = [];
  const append = (text: string, face: number) => {
    const last = current.parts.at(-1);
    if (last && last.face === face && last.text !== "\t") last.text += text;
    else current.parts.push({ text, face });
  };
  for (const { text, face } of pieces) {
    // Words are what lies between spaces; a tab is only the one of a numbered paragraph, the first on its line.
    const segments = text.split(" ");
    for (let i = 0; i < segments.length; i++) {
      if (i > 0) {
        if (current.parts.length > 0) flush();
        spaces[face] ??= measure(" ", face, size);
        const w = spaces[face];
        if (w === undefined) return undefined;
        pendingSpace += w;
      }
      const segment = segments[i]!;
      if (segment === "") continue;
      const tab = segment.indexOf("\t");
      if (tab < 0) {
        append(segment, face);
        continue;
      }
      if (
        words.length > 0 ||
        current.tab ||
        geometry.stop === undefined ||
        segment.indexOf("\t", tab + 1) >= 0
      ) {
        return undefined;
      }
      if (tab > 0) append(segment.slice(0, tab), face);
      current.tab = true;
      current.parts.push({ text: "\t", face });
      if (tab < segment.length - 1) append(segment.slice(tab + 1), face);
    }
  }
  flush();
  if (words.length === 0) return 1;
  // Spaces before the first word take room on its line: not a case the documents have, so not one to guess at.
  if (words[0]!.space > 0) return undefined;
  let lines = 1;
  let position = geometry.first;
  let started = false;
  for (const { word, space: before } of words) {
    let width = 0;
    let afterTab = false;
    for (const part of word.parts) {
      if (part.text === "\t") {
        // The number before the tab must end short of the stop; the text then starts at the stop.
        if (position + width > (geometry.stop ?? 0) - TOLERANCE) return undefined;
        position = geometry.stop ?? 0;
        width = 0;
        afterTab = true;
        continue;
      }
      const w = measure(part.text, part.face, size);
      if (w === undefined) return undefined;
      width += w;
    }
    if (afterTab) {
      if (position + width > geometry.end + TOLERANCE) return undefined;
      position += width;
      started = true;
      continue;
    }
    const needs = (started ? before : 0) + width;
    if (started && position + needs > geometry.end + TOLERANCE) {
      // It wraps: certain only if Word would not break inside it.
      const text = word.parts.map((p) => p.text).join("");
      const inner = [...text].slice(0, -1);
      if (!inner.every((c) => HOLDS.test(c))) return undefined;
      lines += 1;
      position = geometry.rest;
      if (position + width > geometry.end + TOLERANCE) return undefined;
      position += width;
      continue;
    }
    if (!started && position + width > geometry.end + TOLERANCE) return undefined;
    position += needs;
    started = true;
  }
  return lines;
}

const faceOfRun = (props: unknown[], bold: boolean): number =>
  ((find(props, "w:b") ? attr(find(props, "w:b"), "w:val") !== false : bold) ? 1 : 0) +
  (find(props, "w:i") && attr(find(props, "w:i"), "w:val") !== false ? 2 : 0);

/** The simplified paragraph, or the paragraph itself. `width` is the text width of its column or cell, in points. */
function simplifyParagraph(p: unknown, width: number, styles: SkeletonStyles, measure: Measure): unknown {
  const content = children(p);
  const pPr = nameOf(content[0]) === "w:pPr" ? children(content[0]) : [];
  if (!pPr.every((c) => PARAGRAPH_PROPERTIES.has(nameOf(c) ?? ""))) return p;
  const style = (attr(find(pPr, "w:pStyle"), "w:val") as string | undefined) ?? "";
  const format = styles.sizes.get(style);
  if (format === undefined) return p;
  const jc = attr(find(pPr, "w:jc"), "w:val");
  if (jc !== undefined && jc !== "left" && jc !== "start" && jc !== "center") return p;
  const hasProperties = nameOf(content[0]) === "w:pPr";
  // A heading's bookmark is kept, around its lines.
  const marks = content.slice(hasProperties ? 1 : 0).filter((c) => nameOf(c) !== "w:r");
  if (!marks.every((c) => nameOf(c) === "w:bookmarkStart" || nameOf(c) === "w:bookmarkEnd")) return p;
  const runs = content.filter((c) => nameOf(c) === "w:r");
  if (runs.length === 0) return p;
  const pieces: Piece[] = [];
  let size: number | undefined;
  for (const r of runs) {
    const parts = children(r);
    const rPr = parts[0] && nameOf(parts[0]) === "w:rPr" ? parts[0] : undefined;
    const props = rPr ? children(rPr) : [];
    if (!props.every((c) => RUN_PROPERTIES.has(nameOf(c) ?? ""))) return p;
    const runSize = Number(attr(find(props, "w:sz"), "w:val") ?? format.size);
    if (size !== undefined && runSize !== size) return p;
    size = runSize;
    const face = faceOfRun(props, format.bold);
    for (const part of parts.slice(rPr ? 1 : 0)) {
      const name = nameOf(part);
      if (name === "w:t") {
        const text = children(part).find((c) => typeof c === "string") as string | undefined;
        if (text) pieces.push({ text, face });
      } else if (name === "w:tab") pieces.push({ text: "\t", face });
      else return p;
    }
  }
  if (size === undefined) return p;
  const ind = find(pPr, "w:ind");
  const left = pt(Number(attr(ind, "w:left") ?? attr(ind, "w:start") ?? 0));
  const right = pt(Number(attr(ind, "w:right") ?? attr(ind, "w:end") ?? 0));
  const hanging = pt(Number(attr(ind, "w:hanging") ?? 0));
  const firstLine = pt(Number(attr(ind, "w:firstLine") ?? 0));
  const tabs = children(find(pPr, "w:tabs"));
  const stops = tabs.map((t) => ({ val: attr(t, "w:val"), pos: pt(Number(attr(t, "w:pos"))) }));
  // A numbered paragraph's one left stop, where its hanging indent ends too; or, with no stop, the hanging indent's end.
  const stop =
    stops.length === 0
      ? hanging > 0
        ? left
        : undefined
      : stops.length === 1 && stops[0]!.val === "left" && hanging > 0 && stops[0]!.pos === left
        ? left
        : Number.NaN;
  if (Number.isNaN(stop)) return p;
  const lines = lineCount(
    pieces,
    size / 2,
    { first: left - hanging + firstLine, rest: left, end: width - right, stop },
    measure,
  );
  if (lines === undefined) return p;
  // Only the size matters to a line's height: the style's, or the runs' own.
  const runContent: unknown[] =
    size === format.size ? [] : [{ "w:rPr": [{ "w:sz": { _attr: { "w:val": size } } }] }];
  // A letter a line, the lines parted by line breaks. (A line of a break alone is not always as tall as a line of
  // text is to the layout: the contents of an issued core schedule moved a page with it.)
  for (let i = 0; i < lines; i++) {
    if (i > 0) runContent.push({ "w:br": {} });
    runContent.push({ "w:t": [{ _attr: { "xml:space": "preserve" } }, "x"] });
  }
  return {
    "w:p": [
      ...(hasProperties ? [content[0]] : []),
      ...marks.filter((c) => nameOf(c) === "w:bookmarkStart"),
      { "w:r": runContent },
      ...marks.filter((c) => nameOf(c) === "w:bookmarkEnd"),
    ],
  };
}

/** A table with each cell's plain paragraphs simplified to the width of its column, less the cell's margins. */
function simplifyTable(t: unknown, styles: SkeletonStyles, measure: Measure): unknown {
  const content = children(t);
  const tblPr = children(find(content, "w:tblPr"));
  const margins = children(find(tblPr, "w:tblCellMar"));
  const margin = (side: string) => {
    const m = find(margins, side);
    return m && attr(m, "w:type") === "dxa" ? pt(Number(attr(m, "w:w"))) : undefined;
  };
  const left = margin("w:left") ?? margin("w:start");
  const right = margin("w:right") ?? margin("w:end");
  if (left === undefined || right === undefined) return t;
  const grid = children(find(content, "w:tblGrid")).map((g) => pt(Number(attr(g, "w:w"))));
  if (grid.length === 0 || grid.some((g) => !Number.isFinite(g))) return t;
  return {
    "w:tbl": content.map((row) => {
      if (nameOf(row) !== "w:tr") return row;
      let column = 0;
      const cells = children(row).map((cell) => {
        if (nameOf(cell) !== "w:tc") return { cell, lines: undefined };
        const parts = children(cell);
        const tcPr = children(find(parts, "w:tcPr"));
        const span = Number(attr(find(tcPr, "w:gridSpan"), "w:val") ?? 1);
        const width = grid.slice(column, column + span).reduce((a, b) => a + b, 0);
        column += span;
        // Cells with margins of their own, or merged ones, are handed on as they are.
        if (find(tcPr, "w:tcMar") || find(tcPr, "w:vMerge")) return { cell, lines: undefined };
        let lines: number[] | undefined = [];
        const simplified = parts.map((c) => {
          if (nameOf(c) !== "w:p") return c;
          const s = simplifyParagraph(c, width - left - right, styles, measure);
          if (s === c) lines = undefined;
          else lines?.push(children(children(s).at(-1)).filter((e) => nameOf(e) === "w:t").length);
          return s;
        });
        const plain = tcPr.every((e) => nameOf(e) === "w:tcW" || nameOf(e) === "w:shd");
        return { cell: { "w:tc": simplified }, lines: plain && span === 1 ? lines : undefined };
      });
      return { "w:tr": collapseRow(children(row), cells, grid) };
    }),
  };
}

/**
 * A row as one cell, its tallest, across the table's width, when every cell is simplified, all their paragraphs are
 * formatted alike, and one cell has at least as many lines and paragraphs as each of the others: it is then the row's
 * height, and the reader has one cell to read instead of several. Otherwise the row's cells as they are.
 */
function collapseRow(
  original: unknown[],
  cells: Array<{ cell: unknown; lines: number[] | undefined }>,
  grid: number[],
): unknown[] {
  const tcs = cells.filter((c) => nameOf(c.cell) === "w:tc");
  const mapped = cells.map((c) => c.cell);
  if (tcs.length < 2 || tcs.length !== grid.length || tcs.some((c) => c.lines === undefined)) return mapped;
  const formats = new Set(
    tcs.flatMap((c) =>
      children(c.cell).flatMap((p) => (nameOf(p) === "w:p" ? [JSON.stringify(children(p)[0])] : [])),
    ),
  );
  if (formats.size !== 1) return mapped;
  const total = (l: number[]) => l.reduce((a, b) => a + b, 0);
  const tallest = tcs.find((c) =>
    tcs.every((o) => total(c.lines!) >= total(o.lines!) && c.lines!.length >= o.lines!.length),
  );
  if (!tallest) return mapped;
  const width = Math.round(grid.reduce((a, b) => a + b, 0) * 20);
  return [
    ...original.filter((e) => nameOf(e) === "w:trPr"),
    {
      "w:tc": [
        {
          "w:tcPr": [
            { "w:tcW": { _attr: { "w:type": "dxa", "w:w": width } } },
            { "w:gridSpan": { _attr: { "w:val": grid.length } } },
          ],
        },
        ...children(tallest.cell).filter((e) => nameOf(e) === "w:p"),
      ],
    },
  ];
}

/** The text of a paragraph's runs, hyperlinks' too, up to its first tab; undefined if it has no tab. */
function titleOf(p: unknown): string | undefined {
  let text = "";
  let tab = false;
  const walk = (e: unknown) => {
    if (tab) return;
    const name = nameOf(e);
    if (name === "w:tab" && !Array.isArray((e as Element)[name])) {
      tab = true;
      return;
    }
    if (name === "w:instrText" || name === "w:pPr") return;
    if (name === "w:t") {
      text += (children(e).find((c) => typeof c === "string") as string | undefined) ?? "";
      return;
    }
    for (const c of children(e)) walk(c);
  };
  walk(p);
  return tab ? text : undefined;
}

/**
 * The table of contents as lines: each entry one line, when every entry's title, its page number (two digits at most)
 * and room for the leader fit on one; otherwise as it is. Its page numbers then do not change its pages.
 */
function simplifyContents(sdt: unknown, width: number, styles: SkeletonStyles, measure: Measure): unknown {
  const parts = children(sdt);
  const content = find(parts, "w:sdtContent");
  const entries = children(content);
  const line = (pPr: unknown, size: number) => ({
    "w:p": [
      ...(pPr ? [pPr] : []),
      {
        "w:r": [
          { "w:rPr": [{ "w:sz": { _attr: { "w:val": size } } }] },
          { "w:t": [{ _attr: { "xml:space": "preserve" } }, "x"] },
        ],
      },
    ],
  });
  const simplified: unknown[] = [];
  for (const [i, entry] of entries.entries()) {
    if (nameOf(entry) !== "w:p") return sdt;
    const pPr = children(entry)[0];
    const style = nameOf(pPr) === "w:pPr" ? (attr(find(children(pPr), "w:pStyle"), "w:val") as string) : "";
    const format = styles.contents.get(style);
    const title = titleOf(entry);
    if (!format || title === undefined) {
      // The paragraph that closes the contents' field, after the last entry: an empty line.
      const last = i === entries.length - 1 && !titleOf(entry) && JSON.stringify(entry).indexOf('"w:t"') < 0;
      if (!last) return sdt;
      simplified.push(line(undefined, styles.sizes.get("")?.size ?? 22));
      continue;
    }
    const size = format.size / 2;
    const words = measure(title, format.bold ? 1 : 0, size);
    const digits = measure("00", format.bold ? 1 : 0, size);
    if (words === undefined || digits === undefined) return sdt;
    if (pt(format.indent) + words + digits + 2 * size > width) return sdt;
    simplified.push(line(pPr, format.size));
  }
  return { "w:sdt": parts.map((c) => (c === content ? { "w:sdtContent": simplified } : c)) };
}

/** The text width of each section of a body, in points, for each of its blocks, in order. */
function sectionWidths(blocks: unknown[]): number[] {
  const widthOf = (sectPr: unknown) => {
    const props = children(sectPr);
    const size = Number(attr(find(props, "w:pgSz"), "w:w"));
    const mar = find(props, "w:pgMar");
    return pt(size - Number(attr(mar, "w:left") ?? 0) - Number(attr(mar, "w:right") ?? 0));
  };
  const widths: number[] = new Array(blocks.length).fill(Number.NaN);
  let end = blocks.length;
  // A section's properties end it: in its last paragraph's properties, or, for the last section, at the body's end.
  const last = find(blocks, "w:sectPr");
  let width = last ? widthOf(last) : Number.NaN;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    const sectPr = nameOf(b) === "w:p" ? find(children(find(children(b), "w:pPr")), "w:sectPr") : undefined;
    if (sectPr) {
      for (let j = i + 1; j < end; j++) widths[j] = width;
      end = i + 1;
      width = widthOf(sectPr);
    }
  }
  for (let j = 0; j < end; j++) widths[j] = width;
  return widths;
}

/** The body with its plain paragraphs and table cells cut down to their lines. */
export function skeletonOf(body: Xml, styles: SkeletonStyles, measure: Measure): Xml {
  const blocks = children(body);
  if (nameOf(body) !== "w:body" || blocks.length === 0) return body;
  const widths = sectionWidths(blocks);
  return {
    "w:body": blocks.map((b, i) => {
      const width = widths[i]!;
      if (!Number.isFinite(width)) return b;
      if (nameOf(b) === "w:p") return simplifyParagraph(b, width, styles, measure);
      if (nameOf(b) === "w:tbl") return simplifyTable(b, styles, measure);
      if (nameOf(b) === "w:sdt") return simplifyContents(b, width, styles, measure);
      return b;
    }),
  };
}
