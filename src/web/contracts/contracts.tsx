// Contracts in the browser: the list (a provider sees only its own), letting a new contract, and a
// contract's page with its evidence schedule as a task list by period. The same services as /api/contracts.
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../lib/errors.js";
import { authorize, DOMAIN_ROLES, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import type { ObligationStatus } from "../../model/compliance.js";
import { MONTHS } from "../../model/dates.js";
import { createContract } from "../../services/contracts/create.js";
import { todayOf } from "../../services/contracts/obligation-status.js";
import {
  getContract,
  listContracts,
  listObligations,
  type ObligationView,
} from "../../services/contracts/queries.js";
import { listOrganisations } from "../../services/organisations/organisations.js";
import { listSpecifications } from "../../services/specifications/queries.js";
import {
  BackLink,
  Breadcrumbs,
  Button,
  ButtonLink,
  CsrfField,
  DateInput,
  type DateParts,
  Details,
  errorList,
  type FieldErrors,
  Select,
  SummaryList,
  Table,
  TextInput,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isoToParts, isUuid, pathId, readDateInput, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, OBLIGATION_STATUS, ObligationTag } from "../status.js";

type Ctx = Context<AppEnv>;

export const contractId = (c: Ctx) => pathId(c, "contract");

export function contractCrumbs(contract: { id: string; reference: string }, here?: string) {
  return (
    <Breadcrumbs
      items={[
        { href: "/contracts", text: "Contracts" },
        here ? { href: `/contracts/${contract.id}`, text: contract.reference } : { text: contract.reference },
        ...(here ? [{ text: here }] : []),
      ]}
    />
  );
}

export function periodText(o: { periodStart: string; periodEnd: string | null }) {
  return o.periodEnd
    ? `${formatDay(o.periodStart)} to ${formatDay(o.periodEnd)}`
    : `From ${formatDay(o.periodStart)}, each time it happens`;
}

interface NewContractValues {
  specificationId: string;
  providerOrganisationId: string;
  reference: string;
  startDate: DateParts;
  endDate: DateParts;
  reportingYearStart: string;
}

async function newContractPage(
  c: Ctx,
  values: NewContractValues,
  errors: FieldErrors,
  general: string[] = [],
) {
  const ctx = serviceCtx(c);
  const specs = await listSpecifications(ctx.db, ctx.actor, "issued");
  const providers = await listOrganisations({ ctx, kind: "provider" });
  const errs = [
    ...errorList(errors, ["startDate", "endDate"]),
    ...general.map((text) => ({ href: "", text })),
  ];
  return page(
    c,
    {
      title: "Let a contract",
      nav: "contracts",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href="/contracts" />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Let a contract</h1>
        <p class="govuk-body">
          The contract turns every clause of the specification into evidence due per reporting period. The
          provider's staff can then see this contract, and only this contract.
        </p>
        {specs.length === 0 ? (
          <p class="govuk-body">
            You need an issued specification first.{" "}
            <a class="govuk-link" href="/specifications">
              Go to specifications
            </a>
            .
          </p>
        ) : (
          <form method="post" action="/contracts" novalidate>
            <CsrfField token={ctx.actor.csrfToken} />
            <Select
              name="specificationId"
              label="Specification"
              labelSize="s"
              hint="Only issued specifications can be let"
              value={values.specificationId}
              error={errors.specificationId}
              options={[
                { value: "", text: "Choose a specification" },
                ...specs.map((s) => ({ value: s.id, text: `${s.title} (version ${s.version})` })),
              ]}
            />
            <Select
              name="providerOrganisationId"
              label="Provider"
              labelSize="s"
              value={values.providerOrganisationId}
              error={errors.providerOrganisationId}
              options={[
                { value: "", text: "Choose a provider" },
                ...providers.map((p) => ({ value: p.id, text: p.name })),
              ]}
            />
            <TextInput
              name="reference"
              label="Contract reference"
              labelSize="s"
              hint="Your own reference, for example NCC-DAT-2026-01"
              value={values.reference}
              error={errors.reference}
              width="20"
              spellcheck={false}
            />
            <DateInput
              name="startDate"
              legend="Start date"
              legendSize="s"
              value={values.startDate}
              error={errors.startDate}
            />
            <DateInput
              name="endDate"
              legend="End date"
              legendSize="s"
              value={values.endDate}
              error={errors.endDate}
            />
            <Select
              name="reportingYearStart"
              label="Month the reporting year starts"
              labelSize="s"
              hint="Quarters and half-years are counted from this month. Local government years start in April."
              value={values.reportingYearStart}
              error={errors.reportingYearStart}
              options={MONTHS.map((m, i) => ({ value: String(i + 1), text: m }))}
            />
            <Button>Let contract</Button>
          </form>
        )}
      </div>
    </div>,
  );
}

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

export const contractPages = new Hono<AppEnv>()
  .get("/contracts", authorize(DOMAIN_ROLES), async (c) => {
    const ctx = serviceCtx(c);
    const list = await listContracts(ctx.db, ctx.actor);
    const provider = ctx.actor.role === "provider";
    return page(
      c,
      { title: provider ? "My contracts" : "Contracts", nav: "contracts" },
      <>
        <h1 class="govuk-heading-l">{provider ? "My contracts" : "Contracts"}</h1>
        {provider ? (
          <p class="govuk-body">
            The contracts {ctx.actor.organisationName} holds. Open one to see what evidence is due.
          </p>
        ) : null}
        {ctx.actor.role === "commissioner" ? (
          <ButtonLink href="/contracts/new">Let a contract</ButtonLink>
        ) : null}
        {list.length === 0 ? (
          <p class="govuk-body">There are no contracts yet.</p>
        ) : (
          <Table
            caption="Contracts"
            captionHidden
            head={["Reference", provider ? "Commissioner" : "Provider", "Specification", "Term"]}
            scroll="Contracts"
          >
            {list.map((k) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/contracts/${k.id}`}>
                    {k.reference}
                  </a>
                </td>
                <td class="govuk-table__cell">{provider ? k.commissionerName : k.providerName}</td>
                <td class="govuk-table__cell">
                  {k.specificationTitle} (version {k.specificationVersion})
                </td>
                <td class="govuk-table__cell">
                  {formatDay(k.startDate)} to {formatDay(k.endDate)}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </>,
    );
  })
  .get("/contracts/new", authorize(["commissioner"]), async (c) => {
    const ctx = serviceCtx(c);
    const wanted = c.req.query("specification");
    let start = isoToParts(null);
    let end = isoToParts(null);
    let specificationId = "";
    if (isUuid(wanted)) {
      const spec = (await listSpecifications(ctx.db, ctx.actor, "issued")).find((s) => s.id === wanted);
      if (spec) {
        specificationId = spec.id;
        start = isoToParts(spec.periodStart);
        end = isoToParts(spec.periodEnd);
      }
    }
    return newContractPage(
      c,
      {
        specificationId,
        providerOrganisationId: "",
        reference: "",
        startDate: start,
        endDate: end,
        reportingYearStart: "4",
      },
      {},
    );
  })
  .post("/contracts", authorize(["commissioner"]), async (c) => {
    const form = await readForm(c);
    const values: NewContractValues = {
      specificationId: form.str("specificationId"),
      providerOrganisationId: form.str("providerOrganisationId"),
      reference: form.str("reference", "short"),
      startDate: form.date("startDate"),
      endDate: form.date("endDate"),
      reportingYearStart: form.str("reportingYearStart") || "4",
    };
    const errors: FieldErrors = {};
    if (!isUuid(values.specificationId)) errors.specificationId = "Choose a specification";
    if (!isUuid(values.providerOrganisationId)) errors.providerOrganisationId = "Choose a provider";
    if (!values.reference) errors.reference = "Enter a contract reference";
    else if (values.reference.length > 100)
      errors.reference = "The reference must be 100 characters or fewer";
    const start = readDateInput(values.startDate, "the start date", true);
    const end = readDateInput(values.endDate, "the end date", true);
    if (start.error) errors.startDate = start.error;
    if (end.error) errors.endDate = end.error;
    else if (start.iso && end.iso && end.iso < start.iso)
      errors.endDate = "The end date must be on or after the start date";
    const month = Number(values.reportingYearStart);
    if (!Number.isInteger(month) || month < 1 || month > 12)
      errors.reportingYearStart = "Choose the month the reporting year starts";
    form.textErrors(errors);
    if (Object.keys(errors).length) return newContractPage(c, values, errors);
    try {
      const contract = await createContract({
        ctx: serviceCtx(c),
        input: {
          specificationId: values.specificationId,
          providerOrganisationId: values.providerOrganisationId,
          reference: values.reference,
          startDate: start.iso!,
          endDate: end.iso!,
          reportingYearStart: month,
        },
      });
      return redirectWith(c, `/contracts/${contract.id}`, {
        kind: "success",
        heading: `Contract ${contract.reference} let to ${contract.providerName}`,
        body: `${contract.obligationCount} pieces of evidence are scheduled over the term.`,
      });
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict" && /reference/.test(e.message)) {
        return newContractPage(c, values, { reference: e.message });
      }
      if (e instanceof AppError && e.code === "not_found")
        return newContractPage(c, values, { specificationId: "Choose a specification" });
      const mapped = errorsFromAppError(
        e,
        (p) =>
          [
            "specificationId",
            "providerOrganisationId",
            "reference",
            "startDate",
            "endDate",
            "reportingYearStart",
          ].includes(p)
            ? p
            : undefined,
        (err) =>
          `${err.path === "endDate" ? "The end date" : err.path === "startDate" ? "The start date" : "This"} ${err.message}`,
      );
      if (!mapped) throw e;
      return newContractPage(c, values, mapped.fields, mapped.general);
    }
  })
  .get("/contracts/:id", authorize(DOMAIN_ROLES), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract(ctx.db, ctx.actor, contractId(c));
    const today = todayOf(ctx.now);
    const all = await listObligations(ctx.db, ctx.actor, contract.id, today);
    const provider = ctx.actor.role === "provider";
    const started = all.filter((o) => o.status !== "not_due");
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
          ? started.filter((o) => TODO.includes(o.status))
          : started.filter((o) => o.status === view);
    const counts = Object.fromEntries(
      FILTERS.map((f) => [f.status, started.filter((o) => o.status === f.status).length]),
    ) as Record<ObligationStatus, number>;
    const todo = started.filter((o) => TODO.includes(o.status)).length;
    const views: Array<{ key: string; text: string; n: number }> = [
      { key: "todo", text: "To do", n: todo },
      ...FILTERS.map((f) => ({ key: f.status, text: f.text, n: counts[f.status] })),
      { key: "all", text: "All", n: started.length },
    ];
    const groups = groupByPeriod(shown);
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
                  {contract.specificationTitle} (version {contract.specificationVersion})
                </a>
              ),
            },
            { key: "Term", value: `${formatDay(contract.startDate)} to ${formatDay(contract.endDate)}` },
            { key: "Reporting year starts", value: MONTHS[contract.reportingYearStart - 1] },
            { key: "Evidence due", value: `${contract.gracePeriodDays} days after each period ends` },
          ]}
        />
        {provider ? null : (
          <div class="app-actions">
            <ButtonLink href={`/contracts/${contract.id}/compliance`}>Compliance dashboard</ButtonLink>
          </div>
        )}
        <h2 class="govuk-heading-m">Evidence so far</h2>
        <p class="govuk-body">
          {counts.overdue} overdue, {counts.changes_requested} returned for changes, {counts.open} due,{" "}
          {counts.submitted} waiting for review, {counts.accepted} accepted. {later.length} more are not due
          yet.
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
            <ul class="govuk-task-list">
              {g.items.map((o) => (
                <li class="govuk-task-list__item govuk-task-list__item--with-link">
                  <div class="govuk-task-list__name-and-hint">
                    <a
                      class="govuk-link govuk-task-list__link"
                      href={`/obligations/${o.id}`}
                      aria-describedby={`ob-${o.id}-status`}
                    >
                      <span class="app-key">{o.clauseKey}</span> {o.clauseTitle}
                    </a>
                    <div class="govuk-task-list__hint">
                      {FREQUENCIES[o.frequency as Frequency] ?? o.frequency}
                    </div>
                  </div>
                  <div class="govuk-task-list__status" id={`ob-${o.id}-status`}>
                    <ObligationTag status={o.status} verdict={o.verdict} />
                  </div>
                </li>
              ))}
            </ul>
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
  });
