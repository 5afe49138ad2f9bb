import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { londonDate } from "../../model/dates.js";
import { byQuarter, SEVERITY } from "../../services/compliance/by-quarter.js";
import {
  type ContractCompliance,
  contractCompliance,
} from "../../services/compliance/contract-compliance.js";
import { contractPerformance } from "../../services/compliance/performance.js";
import { complianceReportCsv, complianceReportDocx } from "../../services/compliance/report.js";
import { listInvolvementReviews } from "../../services/maturity/reviews.js";
import { SummaryList, Table } from "../components.js";
import { contractCrumbs, contractId } from "../contracts/crumbs.js";
import { page } from "../layout.js";
import { formatDay, RagTag } from "../status.js";
import { complianceAcross } from "./across.js";
import { ObligationLink } from "./cells.js";
import { ChartLegend, LineChart, type Series } from "./chart.js";
import { FiguresAgainstTargets } from "./figures.js";
import { PeoplesViews } from "./views.js";

const COUNT_ROWS: Array<[string, (s: ContractCompliance["summary"]) => number]> = [
  ["Accepted as compliant", (s) => s.counts.compliant],
  ["Accepted as partially compliant", (s) => s.counts.partially_compliant],
  ["Accepted as non-compliant", (s) => s.counts.non_compliant],
  ["Waiting for review", (s) => s.counts.submitted],
  ["Returned for changes", (s) => s.counts.changes_requested],
  ["Overdue", (s) => s.counts.overdue],
  ["Due now", (s) => s.counts.open],
  ["Not applicable", (s) => s.counts.not_applicable],
  ["Not due yet", (s) => s.counts.not_due],
];

function percentText(p: number | null) {
  return p === null ? "Nothing assessed yet" : `${p}%`;
}

export const compliancePages = new Hono<AppEnv>()
  .get("/contracts/:id/compliance", authorize("compliance.read"), async (c) => {
    const ctx = serviceCtx(c);
    const data = await contractCompliance({ ctx, input: { contractId: contractId(c) } });
    const figures = await contractPerformance({ ctx, input: { contractId: data.contract.id } });
    const { contract, summary } = data;
    const { quarters, columns, column, stats } = byQuarter(data);
    const series: Series[] = [
      {
        name: "Compliance (compliant plus half of partially compliant, of evidence assessed)",
        values: stats.map((s) => s.percent),
      },
      { name: "Evidence received (of evidence due)", values: stats.map((s) => s.received) },
    ];
    // Whose promise it is: the provider's clauses, and the commissioner's own commitments apart.
    const providerClauses = data.clauses.filter((cl) => cl.party === "provider");
    const councilClauses = data.clauses.filter((cl) => cl.party === "commissioner");
    const council = data.commissionerSummary;
    const hasTerm = data.clauses.some((cl) => cl.periods.some((p) => column(p) === "term"));
    // The maturity reviews are for those the access policy lets read them (not the user groups).
    const maturity = can(ctx.actor, "maturity.read")
      ? await listInvolvementReviews({ ctx, input: { contractId: contract.id } })
      : null;
    return page(
      c,
      {
        title: `Compliance: ${contract.reference}`,
        // Providers and representatives see their contract's compliance from it; the matrix is not theirs.
        nav: can(ctx.actor, "compliance.matrix") ? "compliance" : "contracts",
        before: contractCrumbs(contract, "Compliance"),
      },
      <>
        <span class="govuk-caption-l">{contract.providerName}</span>
        <h1 class="govuk-heading-l">Compliance: {contract.reference}</h1>
        <p class="govuk-body">
          As of {formatDay(data.asOf)}.
          {councilClauses.length
            ? " The rating and figures are the provider's: the commissioner's own commitments are counted apart, below."
            : ""}
        </p>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <SummaryList
              rows={[
                { key: "Rating", value: <RagTag rag={summary.rag} /> },
                { key: "Why", value: summary.ragExplanation },
                { key: "Compliance", value: percentText(summary.percentCompliant) },
                { key: "Evidence assessed", value: String(summary.assessed) },
                ...COUNT_ROWS.map(([k, f]) => ({ key: k, value: String(f(summary)) })),
              ]}
            />
          </div>
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-s">How the rating works</h2>
            <p class="govuk-body-s">
              Red: any evidence judged non-compliant, or overdue by more than 28 days. Amber: any partially
              compliant, returned for changes, or overdue. Green: otherwise.
            </p>
            {/* Only for those who may download them: a link that answers 403 helps no one. */}
            {can(ctx.actor, "compliance.report") ? (
              <>
                <h2 class="govuk-heading-s">Download</h2>
                <ul class="govuk-list">
                  <li>
                    <a class="govuk-link" href={`/contracts/${contract.id}/compliance/report.docx`} download>
                      Compliance report for the contract review meeting (Word)
                    </a>
                  </li>
                  <li>
                    <a class="govuk-link" href={`/contracts/${contract.id}/compliance/report.csv`} download>
                      Every obligation and its status (CSV spreadsheet)
                    </a>
                  </li>
                </ul>
              </>
            ) : null}
          </div>
        </div>
        {maturity ? (
          <>
            <h2 class="govuk-heading-m">Involvement maturity</h2>
            <p class="govuk-body" id="maturity-trend">
              {maturity.reviews.length
                ? `Rated ${maturity.trend}.`
                : "No involvement-maturity review recorded yet."}{" "}
              <a class="govuk-link" href={`/contracts/${contract.id}/involvement-reviews`}>
                Involvement-maturity reviews
              </a>
            </p>
          </>
        ) : null}
        <FiguresAgainstTargets clauses={figures.clauses} heading="Figures against targets" />
        <h2 class="govuk-heading-m">Compliance over time</h2>
        <LineChart
          id="trend"
          title={`Compliance by quarter for contract ${contract.reference}`}
          description={stats
            .map(
              (s) =>
                `${s.quarter}: compliance ${s.percent === null ? "not assessed" : `${s.percent}%`}, evidence received ${s.received === null ? "none due" : `${s.received}%`}`,
            )
            .join("; ")}
          periods={quarters}
          series={series}
        />
        <ChartLegend series={series} />
        <Table
          caption="The chart's numbers"
          captionSize="s"
          head={[
            "Quarter (by period end)",
            ...["Assessed", "Compliance", "Due", "Received"].map((text) => ({ text, numeric: true })),
          ]}
          scroll="Compliance by quarter, as a table"
        >
          {stats.map((s) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                {s.quarter}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{s.assessed}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {s.percent === null ? "–" : `${s.percent}%`}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{s.due}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {s.received === null ? "–" : `${s.received}%`}
              </td>
            </tr>
          ))}
        </Table>
        <h2 class="govuk-heading-m">Clauses by quarter</h2>
        <p class="govuk-body">
          Each cell shows the evidence for periods ending in that quarter. Open a cell to see the evidence.
        </p>
        <ClausesByQuarter
          caption="Clauses by quarter"
          clauses={providerClauses}
          columns={columns}
          column={column}
          hasTerm={hasTerm}
        />
        {councilClauses.length ? (
          <section aria-labelledby="commissioner-commitments">
            <h2 class="govuk-heading-m" id="commissioner-commitments">
              The commissioner's own commitments
            </h2>
            <p class="govuk-body">
              These clauses bind {contract.commissionerName}, not the provider: the commissioner hands in
              their evidence. They are left out of the provider's rating and compliance above.
            </p>
            <SummaryList
              rows={[
                { key: "Overdue", value: String(council.counts.overdue) },
                { key: "Waiting for review", value: String(council.counts.submitted) },
                { key: "Returned for changes", value: String(council.counts.changes_requested) },
                { key: "Accepted", value: String(council.counts.accepted) },
                {
                  // Checked by people who use services: where the council's decision went against their view.
                  key: "Accepted although people who use services disagreed",
                  value: String(
                    councilClauses.reduce(
                      (n, cl) =>
                        n + cl.periods.filter((p) => p.verdict && p.overriddenDisagreements > 0).length,
                      0,
                    ),
                  ),
                },
              ]}
            />
            <FiguresAgainstTargets
              clauses={figures.commissionerClauses}
              heading="The commissioner's figures against targets"
              level={3}
            />
            <ClausesByQuarter
              caption="The commissioner's own commitments by quarter"
              clauses={councilClauses}
              columns={columns}
              column={column}
              hasTerm={hasTerm}
            />
          </section>
        ) : null}
        <PeoplesViews clauses={data.clauses} />
      </>,
    );
  })
  .get("/contracts/:id/compliance/report.docx", authorize("compliance.report"), async (c) => {
    const ctx = serviceCtx(c);
    const { contract, bytes } = await complianceReportDocx({
      ctx: { ...ctx, renderer: c.get("deps").renderer },
      input: { contractId: contractId(c) },
    });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="compliance-${contract.reference.replace(/[^A-Za-z0-9-]+/g, "-")}-${londonDate(ctx.now)}.docx"`,
      "cache-control": "private, no-store",
    });
  })
  .get("/contracts/:id/compliance/report.csv", authorize("compliance.report"), async (c) => {
    const ctx = serviceCtx(c);
    const { contract, csv } = await complianceReportCsv({ ctx, input: { contractId: contractId(c) } });
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="compliance-${contract.reference.replace(/[^A-Za-z0-9-]+/g, "-")}-${londonDate(ctx.now)}.csv"`,
      "cache-control": "private, no-store",
    });
  })
  .get("/compliance", authorize("compliance.matrix"), async (c) => complianceAcross(c));

type Clause = ContractCompliance["clauses"][number];

/** One row per clause, one column per quarter: the worst status of the periods ending in it. */
function ClausesByQuarter({
  caption,
  clauses,
  columns,
  column,
  hasTerm,
}: {
  caption: string;
  clauses: Clause[];
  columns: string[];
  column: (p: Clause["periods"][number]) => string | null;
  hasTerm: boolean;
}) {
  return (
    <Table
      caption={caption}
      captionSize="s"
      captionHidden
      head={[
        "Clause",
        "Rating",
        ...columns.map((q) => ({ text: q, nowrap: true })),
        hasTerm ? "Whole term or ongoing" : null,
      ]}
      scroll={caption}
      className="app-rag-table"
    >
      {clauses.map((cl) => (
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">
            <span class="app-key">{cl.clauseKey}</span> <span class="govuk-body-s">{cl.clauseTitle}</span>
          </th>
          <td class="govuk-table__cell">
            <RagTag rag={cl.rag} />
          </td>
          {[...columns, ...(hasTerm ? ["term"] : [])].map((q) => {
            const here = cl.periods.filter((p) => column(p) === q);
            if (!here.length)
              return (
                <td class="govuk-table__cell">
                  <span class="govuk-visually-hidden">Nothing</span>
                </td>
              );
            const worst = [...here].sort(
              (a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status),
            )[0]!;
            return (
              <td class="govuk-table__cell">
                <ObligationLink
                  obligationId={worst.obligationId}
                  status={worst.status}
                  verdict={worst.verdict}
                  name={`${cl.clauseKey}, ${worst.period}`}
                />
                {here.length > 1 ? <span class="govuk-body-s"> ({here.length} periods)</span> : null}
              </td>
            );
          })}
        </tr>
      ))}
    </Table>
  );
}
