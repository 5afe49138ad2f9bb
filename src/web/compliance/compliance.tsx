// Compliance in the browser: one contract's dashboard (RAG rating, counts, a table of clauses by
// quarter, and compliance over time as a chart with a table of the same numbers), the view across the
// organisation's contracts for a period, and the Word and CSV exports. The same compliance services as
// /api/contracts/:id/compliance, /api/compliance and the compliance report.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, COMMISSIONING, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { ObligationStatus } from "../../model/compliance.js";
import { count, emptyTally, percentCompliant } from "../../model/compliance.js";
import {
  type ContractCompliance,
  contractCompliance,
} from "../../services/compliance/contract-compliance.js";
import { complianceMatrix } from "../../services/compliance/matrix.js";
import { complianceReportCsv, complianceReportDocx } from "../../services/compliance/report.js";
import { todayOf } from "../../services/contracts/obligation-status.js";
import { listContracts } from "../../services/contracts/queries.js";
import {
  lastEndedQuarterLabel,
  ONGOING_LABEL,
  precedingLabels,
  reportingYearLabel,
  reportingYearOf,
  WHOLE_TERM_LABEL,
} from "../../services/contracts/schedule.js";
import { Button, Select, SummaryList, Table, Tag } from "../components.js";
import { contractCrumbs, contractId } from "../contracts/contracts.js";
import { page } from "../layout.js";
import { formatDay, OBLIGATION_STATUS, RagTag, VERDICT } from "../status.js";
import { ChartLegend, LineChart, type Series } from "./chart.js";

type Ctx = Context<AppEnv>;

/** Worse first: the status a cell shows when a quarter holds several obligations of one clause. */
const SEVERITY: ObligationStatus[] = [
  "overdue",
  "changes_requested",
  "open",
  "submitted",
  "accepted",
  "not_applicable",
  "not_due",
];

function quarterOf(date: string, reportingYearStart: number) {
  const year = reportingYearOf(date, reportingYearStart);
  const q = Math.floor(((Number(date.slice(5, 7)) - reportingYearStart + 12) % 12) / 3) + 1;
  return `${reportingYearLabel(year, reportingYearStart)} Q${q}`;
}

function cellText(
  status: ObligationStatus,
  verdict: string | null,
): { text: string; colour: Parameters<typeof Tag>[0]["colour"] } {
  if (status === "accepted" && verdict && VERDICT[verdict])
    return { text: VERDICT[verdict][0], colour: VERDICT[verdict][1] };
  const [text, colour] = OBLIGATION_STATUS[status] ?? [status, "grey"];
  return { text, colour };
}

/** A table cell's link to an obligation: its status (the verdict, once accepted) as a tag, named for screen readers. */
function ObligationLink(p: {
  obligationId: string;
  status: ObligationStatus;
  verdict: string | null;
  name: string;
}) {
  const t = cellText(p.status, p.verdict);
  return (
    <a class="govuk-link" href={`/obligations/${p.obligationId}`}>
      <Tag text={t.text} colour={t.colour} />
      <span class="govuk-visually-hidden">{` ${p.name}`}</span>
    </a>
  );
}

/** Quarters (by the end of each period) from the contract start to today, and compliance in each. */
function byQuarter(c: ContractCompliance) {
  const rys = c.contract.reportingYearStart;
  const today = c.asOf;
  const current = quarterOf(today, rys);
  const yearEnd = quarterOf(`${reportingYearOf(today, rys) + 1}-${String(rys).padStart(2, "0")}-01`, rys);
  // Columns: every quarter from the start to the end of this reporting year (or of the contract).
  const columns: string[] = [];
  let upToNow = 0;
  for (let d = `${c.contract.startDate.slice(0, 8)}01`; d <= c.contract.endDate; ) {
    const q = quarterOf(d, rys);
    if (q === yearEnd) break;
    if (!columns.includes(q)) columns.push(q);
    if (q === current) upToNow = columns.length;
    const [y, m] = d.split("-").map(Number) as [number, number];
    d = `${m + 3 > 12 ? y + 1 : y}-${String(((m + 2) % 12) + 1).padStart(2, "0")}-01`;
  }
  // The chart and its table stop at the current quarter: later ones have nothing to show yet.
  const quarters = columns.slice(0, upToNow || columns.length);
  const column = (p: { period: string; periodEnd: string | null }): string | null => {
    if (!p.periodEnd || p.period === WHOLE_TERM_LABEL || p.period === ONGOING_LABEL) return "term";
    const q = quarterOf(p.periodEnd, rys);
    return columns.includes(q) ? q : null;
  };
  const stats = quarters.map((q) => {
    const t = emptyTally();
    let due = 0;
    let received = 0;
    for (const cl of c.clauses) {
      for (const p of cl.periods) {
        if (column(p) !== q) continue;
        count(t, p.status, p.verdict, false);
        if (p.status !== "not_due" && p.status !== "not_applicable" && p.status !== "open") {
          due++;
          if (p.status !== "overdue") received++;
        }
      }
    }
    const assessed = t.compliant + t.partiallyCompliant + t.nonCompliant;
    return {
      quarter: q,
      assessed,
      percent: percentCompliant(t),
      due,
      received: due ? Math.round((received / due) * 1000) / 10 : null,
    };
  });
  return { quarters, columns, column, stats };
}

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
  .get("/contracts/:id/compliance", authorize(COMMISSIONING), async (c) => {
    const ctx = serviceCtx(c);
    const data = await contractCompliance(ctx.db, ctx.actor, contractId(c), ctx.now);
    const { contract, summary } = data;
    const { quarters, columns, column, stats } = byQuarter(data);
    const series: Series[] = [
      {
        name: "Compliance (compliant plus half of partially compliant, of evidence assessed)",
        values: stats.map((s) => s.percent),
      },
      { name: "Evidence received (of evidence due)", values: stats.map((s) => s.received) },
    ];
    const hasTerm = data.clauses.some((cl) => cl.periods.some((p) => column(p) === "term"));
    return page(
      c,
      {
        title: `Compliance: ${contract.reference}`,
        nav: "compliance",
        before: contractCrumbs(contract, "Compliance"),
      },
      <>
        <span class="govuk-caption-l">{contract.providerName}</span>
        <h1 class="govuk-heading-l">Compliance: {contract.reference}</h1>
        <p class="govuk-body">As of {formatDay(data.asOf)}.</p>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <SummaryList
              rows={[
                { key: "Rating", value: <RagTag rag={summary.rag} /> },
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
          </div>
        </div>
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
        <Table
          caption="Clauses by quarter"
          captionSize="s"
          captionHidden
          head={[
            "Clause",
            "Rating",
            ...columns.map((q) => ({ text: q, nowrap: true })),
            hasTerm ? "Whole term or ongoing" : null,
          ]}
          scroll="Clauses by quarter"
          className="app-rag-table"
        >
          {data.clauses.map((cl) => (
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
      </>,
    );
  })
  .get("/contracts/:id/compliance/report.docx", authorize(COMMISSIONING), async (c) => {
    const ctx = serviceCtx(c);
    const { contract, bytes } = await complianceReportDocx(
      ctx.db,
      ctx.actor,
      contractId(c),
      ctx.now,
      c.get("deps").renderer,
    );
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="compliance-${contract.reference.replace(/[^A-Za-z0-9-]+/g, "-")}-${todayOf(ctx.now)}.docx"`,
      "cache-control": "private, no-store",
    });
  })
  .get("/contracts/:id/compliance/report.csv", authorize(COMMISSIONING), async (c) => {
    const ctx = serviceCtx(c);
    const { contract, csv } = await complianceReportCsv(ctx.db, ctx.actor, contractId(c), ctx.now);
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="compliance-${contract.reference.replace(/[^A-Za-z0-9-]+/g, "-")}-${todayOf(ctx.now)}.csv"`,
      "cache-control": "private, no-store",
    });
  })
  .get("/compliance", authorize(COMMISSIONING), async (c) => complianceAcross(c));

async function complianceAcross(c: Ctx) {
  const ctx = serviceCtx(c);
  const today = todayOf(ctx.now);
  const last = lastEndedQuarterLabel(today);
  const periodOptions = precedingLabels(last, 8).reverse();
  const wanted = c.req.query("period");
  const period = wanted && periodOptions.includes(wanted) ? wanted : last;
  // The providers the caller has contracts with (listing organisations would give a reviewer only their own).
  const contracts = await listContracts(ctx.db, ctx.actor);
  const providers = [...new Map(contracts.map((k) => [k.providerOrganisationId, k.providerName])).entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  const providerId = providers.find((p) => p.id === c.req.query("provider"))?.id;
  const data = await complianceMatrix(
    ctx.db,
    ctx.actor,
    { period, providerOrganisationId: providerId },
    ctx.now,
  );
  const series: Series[] = data.contracts.slice(0, 3).map((k) => ({
    name: `${k.reference} (${k.providerName})`,
    values: k.trend.map((t) => t.percentCompliant),
  }));
  return page(
    c,
    { title: "Compliance across contracts", nav: "compliance" },
    <>
      <h1 class="govuk-heading-l">Compliance across contracts</h1>
      <form method="get" action="/compliance" class="app-filter">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <Select
              name="period"
              label="Period"
              labelSize="s"
              value={period}
              options={periodOptions.map((p) => ({ value: p, text: p }))}
            />
          </div>
          <div class="govuk-grid-column-one-half">
            <Select
              name="provider"
              label="Provider"
              labelSize="s"
              value={providerId ?? ""}
              options={[
                { value: "", text: "All providers" },
                ...providers.map((p) => ({ value: p.id, text: p.name })),
              ]}
            />
          </div>
        </div>
        <Button secondary>Show</Button>
      </form>
      {data.contracts.length === 0 ? (
        <p class="govuk-body">No contract has evidence for {period}.</p>
      ) : (
        <>
          <Table
            caption={`Contracts in ${period}`}
            head={[
              "Contract",
              "Rating",
              ...["Compliance", "Overdue", "Waiting for review"].map((text) => ({ text, numeric: true })),
            ]}
            scroll={`Contracts in ${period}`}
          >
            {data.contracts.map((k) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={`/contracts/${k.id}/compliance`}>
                    {k.reference}
                  </a>
                  <br />
                  <span class="govuk-body-s">{k.providerName}</span>
                </th>
                <td class="govuk-table__cell">
                  <RagTag rag={k.summary.rag} />
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  {k.summary.percentCompliant === null ? "–" : `${k.summary.percentCompliant}%`}
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{k.summary.overdue}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{k.summary.counts.submitted}</td>
              </tr>
            ))}
          </Table>
          <h2 class="govuk-heading-m">Clauses by contract in {period}</h2>
          <Table
            caption="Clauses by contract"
            captionSize="s"
            captionHidden
            head={["Clause", ...data.contracts.map((k) => ({ text: k.reference, nowrap: true }))]}
            scroll={`Clauses by contract in ${period}`}
            className="app-rag-table"
          >
            {data.clauses.map((cl) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <span class="app-key">{cl.key}</span> <span class="govuk-body-s">{cl.title}</span>
                </th>
                {data.contracts.map((k) => {
                  const cell = k.cells.find((x) => x.clauseKey === cl.key);
                  if (!cell)
                    return (
                      <td class="govuk-table__cell">
                        <span class="govuk-visually-hidden">Nothing due</span>
                      </td>
                    );
                  return (
                    <td class="govuk-table__cell">
                      <ObligationLink
                        obligationId={cell.obligationId}
                        status={cell.status}
                        verdict={cell.verdict}
                        name={`${cl.key}, ${k.reference}`}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </Table>
          <h2 class="govuk-heading-m">Compliance over the last {data.periods.length} periods</h2>
          {series.length ? (
            <>
              <LineChart
                id="trend-across"
                title={`Compliance by period for ${series.length === 1 ? "one contract" : `${series.length} contracts`}`}
                description={data.contracts
                  .slice(0, 3)
                  .map(
                    (k) =>
                      `${k.reference}: ${k.trend.map((t) => `${t.period} ${t.percentCompliant === null ? "not assessed" : `${t.percentCompliant}%`}`).join(", ")}`,
                  )
                  .join("; ")}
                periods={data.periods}
                series={series}
              />
              <ChartLegend series={series} />
            </>
          ) : null}
          <Table
            caption="Compliance by period"
            captionSize="s"
            head={["Contract", ...data.periods.map((p) => ({ text: p, numeric: true, nowrap: true }))]}
            scroll="Compliance by period, as a table"
          >
            {data.contracts.map((k) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {k.reference}
                </th>
                {k.trend.map((t) => (
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {t.percentCompliant === null ? "–" : `${t.percentCompliant}%`}
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        </>
      )}
      <h2 class="govuk-heading-m">Each contract's dashboard</h2>
      <ul class="govuk-list">
        {contracts.map((k) => (
          <li>
            <a class="govuk-link" href={`/contracts/${k.id}/compliance`}>
              {k.reference}, {k.providerName}
            </a>
          </li>
        ))}
      </ul>
    </>,
  );
}
