// Compliance across every contract of the organisation.

import type { Context } from "hono";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { londonDate } from "../../model/dates.js";
import { countOf } from "../../model/plural.js";
import { complianceMatrix } from "../../services/compliance/matrix.js";
import { listContracts } from "../../services/contracts/queries.js";
import { lastEndedQuarterLabel, precedingLabels } from "../../services/contracts/schedule.js";
import { Button, Select, Table } from "../components.js";
import { page } from "../layout.js";
import { RagTag } from "../status.js";
import { ObligationLink } from "./cells.js";
import { ChartLegend, LineChart, type Series } from "./chart.js";

export async function complianceAcross(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  const today = londonDate(ctx.now);
  const last = lastEndedQuarterLabel(today);
  const periodOptions = precedingLabels(last, 8).reverse();
  const wanted = c.req.query("period");
  const period = wanted && periodOptions.includes(wanted) ? wanted : last;
  // The providers the caller has contracts with (listing organisations would give a reviewer only their own).
  const contracts = await listContracts({ ctx, input: {} });
  const providers = [...new Map(contracts.map((k) => [k.providerOrganisationId, k.providerName])).entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  const providerId = providers.find((p) => p.id === c.req.query("provider"))?.id;
  const data = await complianceMatrix({ ctx, input: { period, providerOrganisationId: providerId } });
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
          <h2 class="govuk-heading-m">Compliance over the last {countOf(data.periods.length, "period")}</h2>
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
