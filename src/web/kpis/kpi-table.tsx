// A KPI list as a table, and how a KPI's target and tolerance read on the pages.
import { formatTarget, KPI_FREQUENCY_WORDS, type Kpi, toleranceWidth } from "../../model/kpis.js";
import { DEFAULT_TOLERANCE_PERCENT, inUnit } from "../../model/performance.js";
import { Table } from "../components.js";

const kpiTarget = (k: Pick<Kpi, "target" | "unit" | "comparator">) => formatTarget(k);

/** "10% of the target (within 8 percentage points)". */
function kpiTolerance(k: Pick<Kpi, "target" | "unit"> & { tolerancePercent: number }) {
  return `${k.tolerancePercent}% of the target (within ${inUnit(toleranceWidth(k), k.unit, { points: true })})`;
}

export function KpiTable({ kpis }: { kpis: Array<Kpi & { tolerancePercent?: number }> }) {
  if (!kpis.length) return <p class="govuk-body">No KPIs have been chosen.</p>;
  const tolerance = kpis.some((k) => k.tolerancePercent !== undefined);
  return (
    <Table
      caption="Key performance indicators"
      head={[
        "Clause",
        "Measure",
        "Target",
        "How often",
        ...(tolerance ? ["Approaching target within"] : []),
        "Most material",
      ]}
      scroll="Key performance indicators"
    >
      {kpis.map((k) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <span class="app-key">{k.clauseKey}</span> {k.clauseTitle}
          </td>
          <td class="govuk-table__cell">{k.metricLabel}</td>
          <td class="govuk-table__cell">{kpiTarget(k)}</td>
          <td class="govuk-table__cell">{KPI_FREQUENCY_WORDS[k.frequency]}</td>
          {tolerance ? (
            <td class="govuk-table__cell">
              {kpiTolerance({ ...k, tolerancePercent: k.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT })}
            </td>
          ) : null}
          <td class="govuk-table__cell">{k.mostMaterial ? "Yes" : "No"}</td>
        </tr>
      ))}
    </Table>
  );
}
