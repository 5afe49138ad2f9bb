// On a contract's compliance page: what people who use the service said about the evidence, per clause
// and period (agree, partly, disagree), and where a reviewer found a promise kept that they said was not.
import type { ContractCompliance } from "../../services/compliance/contract-compliance.js";
import { Table } from "../components.js";

export function PeoplesViews({ clauses }: { clauses: ContractCompliance["clauses"] }) {
  const rows = clauses.flatMap((cl) =>
    cl.periods
      .filter((p) => p.views.agree + p.views.partly + p.views.disagree > 0)
      .map((p) => ({ clause: cl, period: p })),
  );
  return (
    <>
      <h2 class="govuk-heading-m">What people who use the service said</h2>
      {rows.length === 0 ? (
        <p class="govuk-body">People who use the service have not given a view on the evidence yet.</p>
      ) : (
        <Table
          caption="Views of people who use the service, by clause and period"
          captionSize="s"
          captionHidden
          head={[
            "Clause",
            "Period",
            { text: "Agree", numeric: true },
            { text: "Partly", numeric: true },
            { text: "Disagree", numeric: true },
            { text: "Disagreements the reviewer overrode", numeric: true },
          ]}
          scroll="Views of people who use the service"
        >
          {rows.map(({ clause, period }) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                <span class="app-key">{clause.clauseKey}</span>{" "}
                <span class="govuk-body-s">{clause.clauseTitle}</span>
              </th>
              <td class="govuk-table__cell">{period.period}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{period.views.agree}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{period.views.partly}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{period.views.disagree}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{period.overriddenDisagreements}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
