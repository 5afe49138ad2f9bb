// The appendix GOV-05 relies on: its four indicators, each with the 0-4 descriptors the provider is scored
// against, printed in the document so the contract does not lean on anything outside it.
import { Paragraph, type Table, TextRun } from "docx";
import { INDICATOR_KEYS, INDICATORS } from "../../model/maturity.js";
import { dataTable, heading, spacer, TEXT_WIDTH } from "./blocks.js";

export const MATURITY_CLAUSE = "GOV-05";
const MATURITY_APPENDIX_TITLE = "Involvement review: indicators and descriptors (GOV-05)";

export function maturityAppendix(letter: string, pageBreakBefore = true): Array<Paragraph | Table> {
  return [
    heading(1, `Appendix ${letter}: ${MATURITY_APPENDIX_TITLE}`, { pageBreakBefore }),
    new Paragraph({
      children: [
        new TextRun(
          "Clause GOV-05's yearly review scores each indicator from 0 to 4: the score is the highest descriptor the evidence fully supports. These scores, not any label for the kind of organisation, are what the contract holds the provider to. The descriptors are written for this library; the research the review draws on names approaches but does not define scores.",
        ),
      ],
    }),
    ...INDICATOR_KEYS.flatMap((key) => {
      const ind = INDICATORS[key];
      return [
        heading(2, ind.label),
        new Paragraph({
          children: [new TextRun({ text: "Evidence: ", bold: true }), new TextRun(ind.evidence)],
        }),
        dataTable(
          [
            { header: "Score", width: 900 },
            { header: "Descriptor", width: TEXT_WIDTH - 900 },
          ],
          ind.scores.map((s, i) => [String(i), s]),
        ),
        spacer(),
      ];
    }),
  ];
}
