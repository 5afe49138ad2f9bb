// The Word "Contract performance assessment" for the contract review meeting: a confirmed assessment's ratings
// against the contract's KPIs, the figures each came from, every rating a person changed with their reason,
// and the draft notice's fields for the council to publish. Made from the confirmed assessment alone, dated by
// its confirmation, so the same assessment always gives the same bytes.
import { Document, Paragraph, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { formatDate } from "../model/dates.js";
import type { AssessmentDocumentInput } from "../model/document-input.js";
import { formatTarget } from "../model/kpis.js";
import { RATING_WORDS, RATINGS } from "../model/performance.js";
import { MEASURE_CLASSIFICATION, MEASURE_CLASSIFICATION_NOTE } from "../model/performance-notice.js";
import { formatPence } from "../model/procurement.js";
import {
  A4_PAGE,
  dataTable,
  heading,
  labelTable,
  pageFooter,
  runningHeader,
  spacer,
  TEXT_WIDTH,
} from "./shared/blocks.js";
import { packDocument } from "./shared/package.js";
import { documentStyles } from "./shared/styles.js";

const ASSESSMENT_TITLE = "Contract performance assessment";

const RATING_MEANING: Record<(typeof RATINGS)[number], string> = {
  good: "the KPI was met or exceeded",
  approaching_target: "short of the KPI by no more than its tolerance",
  requires_improvement: "short of the KPI by more than the tolerance, up to twice it",
  inadequate: "short by more than twice the tolerance, or no figure was reported",
  other: "none of the four fits; the reason says why",
};

const text = (s: string) => new Paragraph({ children: [new TextRun(s)] });
const orNotRecorded = (s: string | null) => (s?.trim() ? s : "Not recorded");

export async function renderAssessment(raw: AssessmentDocumentInput): Promise<Uint8Array> {
  const { assessment, record, notice } = xmlSafeDeep(raw);
  const c = record.contract;
  const period = `${formatDate(assessment.periodStart)} to ${formatDate(assessment.periodEnd)}`;
  const confirmed = formatDate(record.confirmedAt.slice(0, 10));
  const changed = assessment.ratings.filter((r) => r.rating !== r.proposed || r.reason);
  const counts = RATINGS.map((r) => [r, assessment.ratings.filter((x) => x.rating === r).length] as const);

  const doc = new Document({
    title: `${ASSESSMENT_TITLE}: ${c.reference}`,
    subject: c.title ?? c.serviceName,
    creator: record.authority.name,
    description: `Performance of ${record.supplier.name} against the KPIs of contract ${c.reference}, ${period}, confirmed ${confirmed}.`,
    keywords: "contract review; key performance indicators; contract performance notice",
    customProperties: [
      { name: "ContractReference", value: c.reference },
      { name: "AssessmentPeriodEnd", value: assessment.periodEnd },
    ],
    styles: documentStyles(),
    sections: [
      {
        properties: { page: A4_PAGE },
        headers: {
          default: runningHeader(`${ASSESSMENT_TITLE}: ${c.reference}`),
        },
        footers: { default: pageFooter(`Confirmed ${confirmed}`) },
        children: [
          new Paragraph({ style: "Title", children: [new TextRun(ASSESSMENT_TITLE)] }),
          new Paragraph({
            spacing: { after: 240 },
            children: [
              new TextRun({ text: `${record.supplier.name}: ${c.title ?? c.serviceName}`, size: 28 }),
            ],
          }),
          heading(1, "Contract details"),
          labelTable([
            ["Contract reference", c.reference],
            [
              "Procurement",
              `${orNotRecorded(c.title)} (identifier: ${orNotRecorded(c.procurementIdentifier)})`,
            ],
            ["Service", c.serviceName],
            ["Provider", record.supplier.name],
            ["Commissioner", record.authority.name],
            ["Contract term", `${formatDate(c.startDate)} to ${formatDate(c.endDate)}`],
            [
              "Estimated value",
              c.estimatedValuePence === null
                ? "Not recorded"
                : `${formatPence(c.estimatedValuePence)} including VAT`,
            ],
            ["Period assessed", period],
            ["Confirmed", `${confirmed}${record.confirmedByName ? ` by ${record.confirmedByName}` : ""}`],
          ]),
          spacer(),
          heading(1, "Which rules apply"),
          text(notice.applicability.text),
          heading(1, "Summary"),
          text(
            `${assessment.ratings.length} ${assessment.ratings.length === 1 ? "KPI was" : "KPIs were"} assessed: ${counts
              .filter(([, n]) => n > 0)
              .map(([r, n]) => `${RATING_WORDS[r]} ${n}`)
              .join(", ")}.`,
          ),
          text(
            changed.length === 0
              ? "Every rating is the one the figures proposed."
              : `The council changed or explained ${changed.length} of the proposed ${changed.length === 1 ? "rating" : "ratings"}; the reasons are below.`,
          ),
          heading(1, "Ratings against each KPI"),
          text(
            "Each KPI's target, the latest figure reported by the end of the period (counts and numbers year to date against the pro-rated target), the rating the figures proposed and the rating the council confirmed.",
          ),
          dataTable(
            [
              { header: "KPI", width: 2826 },
              { header: "Target", width: 1500 },
              { header: "Figure", width: 1700 },
              { header: "Proposed", width: 1500 },
              { header: "Confirmed rating", width: TEXT_WIDTH - 7526 },
            ],
            assessment.ratings.map((r) => [
              `${r.clauseKey} ${r.clauseTitle}: ${r.metricLabel}${r.mostMaterial ? " (most material)" : ""}`,
              `${formatTarget({ target: r.target, unit: r.unit, comparator: r.comparator })}${r.proRated ? ` (${formatTarget({ target: r.annualTarget, unit: r.unit, comparator: r.comparator })} a year, pro-rated)` : ""}`,
              r.figure
                ? `${r.figure.value ?? "None"} (${r.figure.period}${r.figure.accepted ? "" : ", reported, not yet checked"})`
                : "No figure reported",
              RATING_WORDS[r.proposed],
              [new TextRun({ text: RATING_WORDS[r.rating], bold: true })],
            ]),
          ),
          spacer(),
          heading(1, "Ratings the council changed, and why"),
          ...(changed.length === 0
            ? [text("None: the council confirmed every rating the figures proposed.")]
            : [
                dataTable(
                  [
                    { header: "KPI", width: 2826 },
                    { header: "From", width: 1500 },
                    { header: "To", width: 1500 },
                    { header: "Reason", width: TEXT_WIDTH - 5826 },
                  ],
                  changed.map((r) => [
                    `${r.clauseKey}: ${r.metricLabel}`,
                    RATING_WORDS[r.proposed],
                    RATING_WORDS[r.rating],
                    r.reason ?? "",
                  ]),
                ),
                spacer(),
              ]),
          heading(1, "Contract performance notice: the draft"),
          text(`${notice.draftStatement} ${MEASURE_CLASSIFICATION_NOTE}`),
          dataTable(
            [
              { header: "Field (Procurement Regulations 2024, reg 39)", width: 3600 },
              { header: "Value", width: TEXT_WIDTH - 3600 },
            ],
            notice.fields.map((f) => [
              f.field,
              f.value?.trim() ? f.value : "Not recorded: add it before publishing",
            ]),
          ),
          spacer(),
          heading(2, "Find a Tender codes"),
          dataTable(
            [
              { header: "Rating", width: 4513 },
              { header: "Code (inferred mapping)", width: TEXT_WIDTH - 4513 },
            ],
            RATINGS.map((r) => [RATING_WORDS[r], MEASURE_CLASSIFICATION[r]]),
          ),
          spacer(),
          heading(1, "What the ratings mean"),
          ...RATINGS.map(
            (r) =>
              new Paragraph({
                children: [
                  new TextRun({ text: RATING_WORDS[r], bold: true }),
                  new TextRun(`: ${RATING_MEANING[r]}.`),
                ],
              }),
          ),
        ],
      },
    ],
  });
  return packDocument(doc, record.confirmedAt);
}
