// The Word "Performance record for a direct award decision": for each of the Provider Selection Regime's five
// key criteria, the evidence across the contract's life from the clauses tagged with it. Made from the stored
// record alone and dated by it, so the same record always gives the same bytes.
import { Document, Paragraph, TextRun } from "docx";
import { xmlSafeDeep } from "../lib/text.js";
import { formatDate } from "../model/dates.js";
import type { DirectAwardRecord } from "../model/direct-award.js";
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

const TITLE = "Performance record for a direct award decision";
const text = (s: string) => new Paragraph({ children: [new TextRun(s)] });

export async function renderDirectAwardRecord(raw: DirectAwardRecord): Promise<Uint8Array> {
  const r = xmlSafeDeep(raw);
  const c = r.contract;
  const made = formatDate(r.generatedAt.slice(0, 10));
  const doc = new Document({
    title: `${TITLE}: ${c.reference}`,
    subject: c.title ?? c.serviceName,
    creator: c.commissionerName,
    description: `How ${c.providerName} has performed on contract ${c.reference}, against the Provider Selection Regime's key criteria, up to ${formatDate(r.asOf)}.`,
    keywords: "Provider Selection Regime; direct award; key criteria; contract performance",
    customProperties: [{ name: "ContractReference", value: c.reference }],
    styles: documentStyles(),
    sections: [
      {
        properties: { page: A4_PAGE },
        headers: {
          default: runningHeader(`${TITLE}: ${c.reference}`),
        },
        footers: { default: pageFooter(`Made ${made}`) },
        children: [
          new Paragraph({ style: "Title", children: [new TextRun(TITLE)] }),
          new Paragraph({
            spacing: { after: 240 },
            children: [new TextRun({ text: `${c.providerName}: ${c.title ?? c.serviceName}`, size: 28 })],
          }),
          heading(1, "Contract details"),
          labelTable([
            ["Contract reference", c.reference],
            ["Service", c.serviceName],
            ["Provider", c.providerName],
            ["Commissioner", c.commissionerName],
            ["Contract term", `${formatDate(c.startDate)} to ${formatDate(c.endDate)}`],
            ["Evidence up to", formatDate(r.asOf)],
            ["Record made", `${made}${r.generatedByName ? ` by ${r.generatedByName}` : ""}`],
          ]),
          spacer(),
          heading(1, "About this record"),
          text(
            "Under the Provider Selection Regime, a council may award a new contract to the existing provider without a competition (Direct Award Process C) when the provider is satisfying the current contract and is likely to satisfy the new one, judged against the regime's key criteria. This record gathers the evidence WithUs holds for each criterion: the figures reported against targets, the ratings the council confirmed, whether the evidence each clause asks for came in and was accepted, what people who use the service said about it, and what changed in answer to them.",
          ),
          text(
            "It was kept exactly as it was made: later figures, decisions or changes to the contract do not alter it. The decision itself, and the judgement on each criterion, are the council's.",
          ),
          ...r.criteria.flatMap((cr) => [
            heading(1, cr.name),
            ...(cr.clauses.length === 0
              ? [text("No clause of this contract is tagged as evidence for this criterion.")]
              : [
                  text(
                    `Evidence from ${cr.clauses.length} ${cr.clauses.length === 1 ? "clause" : "clauses"}: ${cr.clauses.map((x) => x.clauseKey).join(", ")}.`,
                  ),
                  ...cr.clauses.flatMap((cl) => [
                    heading(2, `${cl.clauseKey} ${cl.clauseTitle}`),
                    cl.evidence.length === 0
                      ? text("No evidence is due for this clause yet.")
                      : dataTable(
                          [
                            { header: "Evidence", width: 2000 },
                            { header: "Period", width: 1900 },
                            { header: "What it shows", width: TEXT_WIDTH - 3900 },
                          ],
                          cl.evidence.map((e) => [e.kind, e.period ?? "Whole contract", e.detail]),
                        ),
                    spacer(),
                  ]),
                ]),
          ]),
        ],
      },
    ],
  });
  return packDocument(doc, r.generatedAt);
}
