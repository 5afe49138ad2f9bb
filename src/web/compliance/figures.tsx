// On a contract's compliance page: figures against targets, a table per clause and metric, period by
// period (the periods begun so far), each under a small chart of the same figures against the target
// (figure-chart.tsx), from the same figures GET /api/contracts/:id/performance gives.
import type { ContractPerformance } from "../../services/compliance/performance.js";
import { Table } from "../components.js";
import { FIGURE_CHART_KEY, FigureChart } from "./figure-chart.js";

const STATE_WORDS = {
  met: "Met",
  below: "Below target",
  not_reported: "Not reported",
  no_target: "Reported",
};

const num = (n: number | null) => (n === null ? "–" : String(Math.round(n * 100) / 100));

export function FiguresAgainstTargets({
  clauses,
  heading,
  level = 2,
}: {
  clauses: ContractPerformance["clauses"];
  heading: string;
  /** 3 inside a section that has its own h2 (the commissioner's own commitments). */
  level?: 2 | 3;
}) {
  if (!clauses.length) return null;
  return (
    <>
      {level === 2 ? <h2 class="govuk-heading-m">{heading}</h2> : <h3 class="govuk-heading-s">{heading}</h3>}
      <p class="govuk-body">
        Counts and numbers are added up over the contract year so far and compared with the yearly target
        pro-rated to the months gone; percentages and times taken (days, weeks, months) are compared as
        reported, never pro-rated. The latest figures handed in count; figures the reviewer has not accepted
        yet say "reported, not yet checked".
      </p>
      <p class="govuk-body">{FIGURE_CHART_KEY}</p>
      {clauses.flatMap((cl) =>
        cl.metrics.map((m) => {
          const { periods } = m;
          if (!periods.length) return null;
          const direction = m.comparator === "at_most" ? "at most" : "at least";
          return (
            <>
              <FigureChart metric={m} periods={periods} label={`${cl.clauseKey} ${m.label}`} />
              <Table
                caption={`${cl.clauseKey} ${cl.clauseTitle}: ${m.label} (${direction} the target${m.proRated ? ", year to date" : ""})`}
                captionSize="s"
                head={[
                  "Period",
                  { text: "Figure", numeric: true },
                  ...(m.proRated ? [{ text: "Year to date", numeric: true }] : []),
                  { text: "Target", numeric: true },
                  "Met, below or not reported",
                ]}
                scroll={`${cl.clauseKey} ${m.label}`}
              >
                {periods.map((p) => (
                  <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                      {p.period}
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{num(p.value)}</td>
                    {m.proRated ? (
                      <td class="govuk-table__cell govuk-table__cell--numeric">{num(p.yearToDate)}</td>
                    ) : null}
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      {p.target === null ? "No target" : `${direction} ${num(p.target)}`}
                    </td>
                    <td class="govuk-table__cell">
                      {STATE_WORDS[p.state]}
                      {p.note ? <span class="govuk-body-s">{` (${p.note})`}</span> : null}
                    </td>
                  </tr>
                ))}
              </Table>
            </>
          );
        }),
      )}
    </>
  );
}
