// The page for one contract: its obligations grouped by period, filtered by what needs doing.
import type { Context } from "hono";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can, canOnRow } from "../../model/access-policy.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import type { ObligationStatus } from "../../model/compliance.js";
import { londonDate, MONTHS } from "../../model/dates.js";
import { specificationName } from "../../model/specification-name.js";
import { getContract, listObligations, type ObligationView } from "../../services/contracts/queries.js";
import { assessmentSection } from "../assessments/parts.js";
import { ButtonLink, Details, SummaryList, TaskItem, TaskList } from "../components.js";
import { peopleSection } from "../involvement/contract-people.js";
import { kpiSection } from "../kpis/contract-kpis.js";
import { page } from "../layout.js";
import { formatDay, OBLIGATION_STATUS, ObligationTag } from "../status.js";
import { contractCrumbs, contractId, periodText } from "./crumbs.js";

/** What provider staff still have to act on. */
const TODO: ObligationStatus[] = ["overdue", "changes_requested", "open"];

const FILTERS: Array<{ status: ObligationStatus; text: string }> = [
  { status: "overdue", text: "Overdue" },
  { status: "changes_requested", text: "Returned for changes" },
  { status: "open", text: "Due" },
  { status: "submitted", text: "Waiting for review" },
  { status: "accepted", text: "Accepted" },
];

function groupByPeriod(list: ObligationView[]) {
  const groups = new Map<
    string,
    {
      label: string;
      periodStart: string;
      periodEnd: string | null;
      dueDate: string | null;
      items: ObligationView[];
    }
  >();
  for (const o of list) {
    let g = groups.get(o.period);
    if (!g) {
      g = {
        label: o.period,
        periodStart: o.periodStart,
        periodEnd: o.periodEnd,
        dueDate: o.dueDate,
        items: [],
      };
      groups.set(o.period, g);
    }
    g.items.push(o);
  }
  return [...groups.values()].sort(
    (a, b) =>
      (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") ||
      a.periodStart.localeCompare(b.periodStart) ||
      a.label.localeCompare(b.label),
  );
}

export async function contractPage(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  const contract = await getContract({ ctx, input: { id: contractId(c) } });
  const today = londonDate(ctx.now);
  const all = await listObligations({ ctx, input: { contractId: contract.id, today } });
  const provider = ctx.actor.organisationKind === "provider";
  const started = all.filter((o) => o.status !== "not_due");
  // The commissioner's own commitments: the commissioner hands in their evidence, never the provider.
  const commitments = canOnRow(ctx.actor, "evidence.submit", { party: "commissioner" })
    ? started.filter((o) => o.party === "commissioner")
    : [];
  const mine = (o: ObligationView) => !provider || o.party === "provider";
  const later = all.filter((o) => o.status === "not_due");
  const asked = c.req.query("status");
  // Provider staff start from what they have to do; commissioning staff from everything.
  const view: ObligationStatus | "todo" | "all" =
    FILTERS.find((f) => f.status === asked)?.status ??
    (asked === "todo" || asked === "all" ? asked : provider ? "todo" : "all");
  const shown =
    view === "all"
      ? started
      : view === "todo"
        ? started.filter((o) => TODO.includes(o.status) && mine(o))
        : started.filter((o) => o.status === view);
  const counts = Object.fromEntries(
    FILTERS.map((f) => [f.status, started.filter((o) => o.status === f.status).length]),
  ) as Record<ObligationStatus, number>;
  // Whose promise it is: the council's overdue commitments are named apart, never as the provider's.
  const councilOverdue = started.filter((o) => o.party === "commissioner" && o.status === "overdue").length;
  const todo = started.filter((o) => TODO.includes(o.status) && mine(o)).length;
  const views: Array<{ key: string; text: string; n: number }> = [
    { key: "todo", text: "To do", n: todo },
    ...FILTERS.map((f) => ({ key: f.status, text: f.text, n: counts[f.status] })),
    { key: "all", text: "All", n: started.length },
  ];
  const groups = groupByPeriod(shown);
  const people = await peopleSection(ctx, contract, c.req.query("group"));
  const kpis = await kpiSection(ctx, contract);
  const assessments = await assessmentSection(ctx, contract);
  const laterGroups = groupByPeriod(later);
  return page(
    c,
    { title: `Contract ${contract.reference}`, nav: "contracts", before: contractCrumbs(contract) },
    <>
      <span class="govuk-caption-l">{provider ? contract.commissionerName : contract.providerName}</span>
      <h1 class="govuk-heading-l">Contract {contract.reference}</h1>
      <SummaryList
        rows={[
          { key: "Provider", value: contract.providerName },
          { key: "Commissioner", value: contract.commissionerName },
          {
            key: "Specification",
            value: (
              <a class="govuk-link" href={`/specifications/${contract.specificationId}`}>
                {specificationName({
                  title: contract.specificationTitle,
                  reference: contract.specificationReference,
                  version: contract.specificationVersion,
                })}
              </a>
            ),
          },
          { key: "Term", value: `${formatDay(contract.startDate)} to ${formatDay(contract.endDate)}` },
          { key: "Reporting year starts", value: MONTHS[contract.reportingYearStart - 1] },
          { key: "Evidence due", value: `${contract.gracePeriodDays} days after each period ends` },
        ]}
      />
      <div class="app-actions">
        {can(ctx.actor, "compliance.read") ? (
          <ButtonLink href={`/contracts/${contract.id}/compliance`}>Compliance dashboard</ButtonLink>
        ) : null}
        {can(ctx.actor, "maturity.read") ? (
          <ButtonLink href={`/contracts/${contract.id}/involvement-reviews`} secondary>
            Involvement maturity
          </ButtonLink>
        ) : null}
      </div>
      {people}
      {kpis}
      {assessments}
      {commitments.length ? (
        <section aria-labelledby="commitments">
          <h2 class="govuk-heading-m" id="commitments">
            Your commitments
          </h2>
          <p class="govuk-body">
            These clauses bind your organisation, not the provider. You hand in their evidence, and a reviewer
            checks it as any other.
          </p>
          <ObligationList items={commitments} idPrefix="mine" />
        </section>
      ) : null}
      <h2 class="govuk-heading-m">Evidence so far</h2>
      <p class="govuk-body">
        {counts.overdue} overdue
        {councilOverdue
          ? ` (${councilOverdue} of them the commissioner's own ${councilOverdue === 1 ? "commitment" : "commitments"}, not the provider's)`
          : ""}
        , {counts.changes_requested} returned for changes, {counts.open} due, {counts.submitted} waiting for
        review, {counts.accepted} accepted. {later.length} more are not due yet.
      </p>
      <nav aria-label="Show evidence by status" class="app-filter-links">
        <ul class="govuk-list app-actions">
          {views.map((v) => (
            <li>
              {view === v.key ? (
                <strong aria-current="true">
                  {v.text} ({v.n})
                </strong>
              ) : (
                <a class="govuk-link" href={`/contracts/${contract.id}?status=${v.key}`}>
                  {v.text} ({v.n})
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="govuk-heading-m">{views.find((v) => v.key === view)?.text}</h2>
      {groups.length === 0 ? (
        <p class="govuk-body">
          {view === "todo"
            ? "Nothing needs doing now."
            : view === "all"
              ? "No evidence is due yet."
              : `Nothing is ${OBLIGATION_STATUS[view]?.[0].toLowerCase()}.`}
        </p>
      ) : null}
      {groups.map((g, gi) => (
        <section aria-labelledby={`period-${gi}`}>
          <h3 class="govuk-heading-s app-task-list-heading" id={`period-${gi}`}>
            {g.label}
          </h3>
          <p class="govuk-body-s">
            {periodText(g)}
            {g.dueDate ? `. Evidence due by ${formatDay(g.dueDate)}.` : "."}
          </p>
          <ObligationList items={g.items} idPrefix="ob" />
        </section>
      ))}
      {laterGroups.length && (view === "all" || view === "todo") ? (
        <Details summary={`Periods not started yet (${laterGroups.length})`}>
          <ul class="govuk-list">
            {laterGroups.map((g) => (
              <li>
                {g.label}: {g.items.length} {g.items.length === 1 ? "clause" : "clauses"}, starts{" "}
                {formatDay(g.periodStart)}
              </li>
            ))}
          </ul>
        </Details>
      ) : null}
    </>,
  );
}

function ObligationList({ items, idPrefix }: { items: ObligationView[]; idPrefix: string }) {
  return (
    <TaskList>
      {items.map((o) => (
        <TaskItem
          id={`${idPrefix}-${o.id}`}
          href={`/obligations/${o.id}`}
          name={
            <>
              <span class="app-key">{o.clauseKey}</span> {o.clauseTitle}
            </>
          }
          hint={`${FREQUENCIES[o.frequency as Frequency] ?? o.frequency}${o.party === "commissioner" ? ". The commissioner's own commitment" : ""}`}
          status={<ObligationTag status={o.status} verdict={o.verdict} />}
        />
      ))}
    </TaskList>
  );
}
