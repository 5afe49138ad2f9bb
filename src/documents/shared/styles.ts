// The styles every WithUs document shares: real Heading 1-3 styles with outline levels (so LibreOffice and the
// page-number estimator find them), British English proofing, and Arial, which the estimator has width tables for.
import { type IStylesOptions, LineRuleType } from "docx";

export const FONT = "Arial";
const LANGUAGE = "en-GB";
export const HEADING_COLOUR = "1D3A5F";
export const BORDER_COLOUR = "7A7A7A";
export const LABEL_SHADING = "E8EEF4";

export interface StyleSizes {
  /** Body text, in points. */
  body: number;
  title: number;
  heading1: number;
  heading2: number;
  heading3: number;
}

const STANDARD_SIZES: StyleSizes = { body: 11, title: 26, heading1: 16, heading2: 13, heading3: 11.5 };

const halfPoints = (pt: number) => Math.round(pt * 2);

export function documentStyles(sizes: StyleSizes = STANDARD_SIZES): IStylesOptions {
  const heading = (pt: number, outlineLevel: number, before: number) => ({
    paragraph: { outlineLevel, keepNext: true, keepLines: true, spacing: { before, after: 120 } },
    run: { font: FONT, size: halfPoints(pt), bold: true, color: HEADING_COLOUR },
  });
  return {
    default: {
      document: {
        run: { font: FONT, size: halfPoints(sizes.body), language: { value: LANGUAGE } },
        // lineRule said outright: LibreOffice reads a bare w:line as exact, Word as a multiple.
        paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
      },
      title: {
        paragraph: { spacing: { after: 240 } },
        run: { font: FONT, size: halfPoints(sizes.title), bold: true, color: HEADING_COLOUR },
      },
      heading1: heading(sizes.heading1, 0, 360),
      heading2: heading(sizes.heading2, 1, 240),
      heading3: heading(sizes.heading3, 2, 200),
    },
    paragraphStyles: [
      tocStyle("TOC1", 0, true),
      tocStyle("TOC2", 240, false),
      tocStyle("TOC3", 480, false),
      {
        id: "TableText",
        name: "Table Text",
        basedOn: "Normal",
        quickFormat: true,
        // Single spacing: the page-number estimator cannot yet split a table row whose lines use multiple spacing.
        paragraph: { spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } },
        run: { size: halfPoints(Math.max(sizes.body - 1, 9)) },
      },
    ],
  };
}

function tocStyle(id: string, indent: number, bold: boolean) {
  return {
    id,
    name: `toc ${id.slice(3)}`,
    basedOn: "Normal",
    next: "Normal",
    paragraph: { indent: { left: indent }, spacing: { before: bold ? 120 : 0, after: 40 } },
    run: { bold },
  };
}
