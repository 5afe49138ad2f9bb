// The audit log page for admins: newest first, a page at a time, filtered with a GET form so every view
// has an address. It reads through the same service and filters as GET /api/audit.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { auditQuery, listAuditEvents } from "../../services/audit/list.js";
import { listOrganisations } from "../../services/organisations/organisations.js";
import { listUsers } from "../../services/users/users.js";
import {
  Button,
  DateInput,
  type DateParts,
  errorList,
  type FieldErrors,
  Select,
  Table,
  TextInput,
} from "../components.js";
import { readDateInput } from "../forms.js";
import { page } from "../layout.js";
import { formatMoment } from "../status.js";

const TEXT_FILTERS = ["actor", "organisation", "entityType", "entityId", "action"] as const;
const LABELS: Record<string, string> = {
  actor: "Who",
  organisation: "Organisation",
  action: "Action",
  entityType: "What kind of record",
  entityId: "Record id",
  from: "The 'from' date",
  to: "The 'to' date",
  before: "The page link",
};
const DATE_FILTERS = { from: "the 'from' date", to: "the 'to' date" } as const;

/** The form's values as typed, and the query for the service (or the errors that stop it). */
function readFilters(url: URL) {
  const get = (k: string) => url.searchParams.get(k)?.trim() ?? "";
  const dates = Object.fromEntries(
    Object.keys(DATE_FILTERS).map((k) => [
      k,
      { day: get(`${k}-day`), month: get(`${k}-month`), year: get(`${k}-year`) },
    ]),
  ) as Record<keyof typeof DATE_FILTERS, DateParts>;
  const text = Object.fromEntries(TEXT_FILTERS.map((k) => [k, get(k)])) as Record<
    (typeof TEXT_FILTERS)[number],
    string
  >;
  const errors: FieldErrors = {};
  const raw: Record<string, string> = {};
  for (const k of TEXT_FILTERS) if (text[k]) raw[k] = text[k];
  for (const [k, label] of Object.entries(DATE_FILTERS) as Array<[keyof typeof DATE_FILTERS, string]>) {
    const d = readDateInput(dates[k], label, false);
    if (d.error) errors[k] = d.error;
    else if (d.iso) raw[k] = d.iso;
  }
  if (get("before")) raw.before = get("before");
  const parsed = auditQuery.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      errors[field] ??= `${LABELS[field] ?? "A filter"} ${issue.message}`;
    }
  }
  return { text, dates, errors, query: Object.keys(errors).length ? null : parsed.data! };
}

/** This view's address with another cursor: the filters stay, the page changes. */
function withCursor(url: URL, before: number | null) {
  const params = new URLSearchParams(url.search);
  params.delete("before");
  if (before !== null) params.set("before", String(before));
  const qs = params.toString();
  return `/admin/audit${qs ? `?${qs}` : ""}`;
}

async function auditPage(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  // A council's administrator opens the evidence an event is about, to see who downloaded its files.
  const evidenceLink = (e: {
    organisationId: string | null;
    entityType: string;
    entityId: string;
    parentType: string | null;
    parentId: string | null;
  }) => {
    const id = e.entityType === "submission" ? e.entityId : e.parentType === "submission" ? e.parentId : null;
    if (!id || e.organisationId !== ctx.actor.organisationId || !can(ctx.actor, "submission.read"))
      return null;
    return (
      <>
        {" "}
        <a class="govuk-link" href={`/submissions/${id}`}>
          See the evidence
        </a>
      </>
    );
  };
  const url = new URL(c.req.url);
  const { text, dates, errors, query } = readFilters(url);
  const [people, orgs, result] = await Promise.all([
    listUsers({ ctx }),
    listOrganisations({ ctx }),
    query ? listAuditEvents({ ctx, input: query }) : null,
  ]);
  const nameOf = new Map(orgs.map((o) => [o.id, o.name]));
  return page(
    c,
    {
      title: "Audit log",
      nav: "audit",
      errors: errorList(errors, Object.keys(DATE_FILTERS)),
      status: query ? 200 : 422,
    },
    <>
      <h1 class="govuk-heading-l">Audit log</h1>
      <p class="govuk-body">Everything that changed, newest first, with who did it.</p>
      <form method="get" action="/admin/audit" novalidate>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <Select
              name="actor"
              label="Who"
              labelSize="s"
              value={text.actor}
              error={errors.actor}
              options={[
                { value: "", text: "Anyone" },
                ...people.map((u) => ({
                  value: u.id,
                  text: `${u.name} (${nameOf.get(u.organisationId) ?? ""})`,
                })),
              ]}
            />
            <Select
              name="organisation"
              label="Organisation"
              labelSize="s"
              value={text.organisation}
              error={errors.organisation}
              options={[
                { value: "", text: "Any organisation" },
                ...orgs.map((o) => ({ value: o.id, text: o.name })),
              ]}
            />
            <TextInput
              name="action"
              label="Action"
              hint="For example, submission.create or user.update"
              labelSize="s"
              value={text.action}
              error={errors.action}
              spellcheck={false}
            />
          </div>
          <div class="govuk-grid-column-one-half">
            <TextInput
              name="entityType"
              label="What kind of record"
              hint="For example, submission, contract or user"
              labelSize="s"
              value={text.entityType}
              error={errors.entityType}
              spellcheck={false}
            />
            <TextInput
              name="entityId"
              label="Record id"
              labelSize="s"
              value={text.entityId}
              error={errors.entityId}
              spellcheck={false}
            />
          </div>
        </div>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <DateInput name="from" legend="From" legendSize="s" value={dates.from} error={errors.from} />
          </div>
          <div class="govuk-grid-column-one-half">
            <DateInput name="to" legend="To" legendSize="s" value={dates.to} error={errors.to} />
          </div>
        </div>
        <Button secondary>Apply filters</Button>
      </form>
      {result ? (
        result.events.length ? (
          <>
            <Table
              caption="Events"
              captionSize="m"
              head={["When", "Who", "Organisation", "Action", "Record"]}
            >
              {result.events.map((e) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{formatMoment(e.at)}</td>
                  <td class="govuk-table__cell">{e.actorName ?? "WithUs"}</td>
                  <td class="govuk-table__cell">{e.organisationName ?? ""}</td>
                  <td class="govuk-table__cell">
                    <code>{e.action}</code>
                  </td>
                  <td class="govuk-table__cell">
                    {e.entityType} <span class="app-key">{e.entityId}</span>
                    {evidenceLink(e)}
                  </td>
                </tr>
              ))}
            </Table>
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of the audit log">
              {query?.before !== undefined ? (
                <div class="govuk-pagination__prev">
                  <a class="govuk-link govuk-pagination__link" href={withCursor(url, null)} rel="prev">
                    <span class="govuk-pagination__link-title">Newest events</span>
                  </a>
                </div>
              ) : null}
              {result.nextBefore !== null ? (
                <div class="govuk-pagination__next">
                  <a
                    class="govuk-link govuk-pagination__link"
                    href={withCursor(url, result.nextBefore)}
                    rel="next"
                  >
                    <span class="govuk-pagination__link-title">Older events</span>
                  </a>
                </div>
              ) : null}
            </nav>
          </>
        ) : (
          <p class="govuk-body">No events match these filters.</p>
        )
      ) : null}
    </>,
  );
}

export const auditPages = new Hono<AppEnv>().get("/admin/audit", authorize("audit.read"), (c) =>
  auditPage(c),
);
