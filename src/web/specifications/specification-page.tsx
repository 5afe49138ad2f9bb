// The page for one specification: its state, the task list while it is a draft, its clauses and documents.

import type { Context } from "hono";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import { countOf } from "../../model/plural.js";
import { specificationName } from "../../model/specification-name.js";
import { listContracts } from "../../services/contracts/queries.js";
import { kpisOf } from "../../services/specifications/kpis.js";
import {
  findSpecification,
  listSpecifications,
  selectionsOf,
} from "../../services/specifications/queries.js";
import {
  Breadcrumbs,
  ButtonLink,
  NotificationBanner,
  SummaryList,
  type SummaryRow,
  TaskItem,
  TaskList,
} from "../components.js";
import { KpiTable } from "../kpis/kpi-table.js";
import { page } from "../layout.js";
import { formatDay, formatMoment, SpecificationTag } from "../status.js";
import { specId } from "./crumbs.js";

export async function specificationPage(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  const spec = await findSpecification({ ctx, input: { id: specId(c) } });
  const commissioner = can(ctx.actor, "specification.write");
  const lineage = (await listSpecifications({ ctx, input: {} }))
    .filter((s) => s.lineageId === spec.lineageId)
    .sort((a, b) => a.version - b.version);
  const clauses = spec.snapshot
    ? spec.snapshot.clauses.map((x) => ({ key: x.key, title: x.title, frequency: x.frequency as string }))
    : (await selectionsOf({ ctx, input: { specificationId: spec.id } })).map((x) => ({
        key: x.key,
        title: x.title,
        frequency: x.content.frequency as string,
      }));
  const kpis = await kpisOf({ ctx, input: spec });
  const contracts =
    spec.status === "draft" ? [] : await listContracts({ ctx, input: { specificationId: spec.id } });
  const newer = lineage.find((s) => s.version > spec.version);
  const detailRows: SummaryRow[] = [
    { key: "Reference", value: spec.reference ?? "Not given" },
    { key: "Name of the service", value: spec.serviceName },
    { key: "Area", value: spec.area ?? "Not given" },
    { key: "Commissioning lead", value: spec.commissionerLead ?? "Not given" },
    { key: "Provider", value: spec.providerName ?? "Not given" },
    {
      key: "Service period",
      value:
        spec.periodStart || spec.periodEnd
          ? `${formatDay(spec.periodStart) || "not set"} to ${formatDay(spec.periodEnd) || "not set"}`
          : "Not given",
    },
    { key: "Review date", value: spec.reviewDate ? formatDay(spec.reviewDate) : "Not given" },
    { key: "Days to hand in evidence", value: `${spec.gracePeriodDays} days after each period ends` },
  ];
  const draft = spec.status === "draft";
  const editable = draft && commissioner;
  const docs = [
    { href: `/api/specifications/${spec.id}/document`, text: "Service specification (Word)" },
    {
      href: `/api/specifications/${spec.id}/commitments-document`,
      text: "The council's statement of commitments, apart from the provider's specification (Word)",
    },
    {
      href: `/api/specifications/${spec.id}/summary-document`,
      text: "Plain-language summary for people who use the service (Word)",
    },
    {
      href: `/api/specifications/${spec.id}/summary-document/large-print`,
      text: "The same summary in large print (Word)",
    },
    ...(spec.revisesId && can(ctx.actor, "specification.changes")
      ? [
          {
            href: `/api/specifications/${spec.id}/changes/document`,
            text: "What changed, with tracked changes (Word)",
          },
        ]
      : []),
    {
      href: `/api/specifications/${spec.id}/obligations?format=csv`,
      text: "Evidence schedule (CSV spreadsheet)",
    },
  ];
  return page(
    c,
    {
      title: specificationName(spec),
      nav: "specifications",
      before: (
        <Breadcrumbs items={[{ href: "/specifications", text: "Specifications" }, { text: spec.title }]} />
      ),
    },
    <>
      {spec.status === "superseded" && newer ? (
        <NotificationBanner
          id="superseded-title"
          heading={
            <>
              This version has been replaced.{" "}
              <a class="govuk-notification-banner__link" href={`/specifications/${newer.id}`}>
                Go to version {newer.version}
              </a>
              .
            </>
          }
        />
      ) : null}
      <span class="govuk-caption-l">Specification, version {spec.version}</span>
      <h1 class="govuk-heading-l">
        {spec.title} <SpecificationTag status={spec.status} />
      </h1>
      {spec.revisionNote ? <p class="govuk-inset-text">Revision: {spec.revisionNote}</p> : null}
      {editable ? (
        <>
          <h2 class="govuk-heading-m">Prepare the specification</h2>
          <TaskList>
            <TaskItem
              id="task-details"
              name="Specification details"
              href={`/specifications/${spec.id}/details`}
              status="Completed"
            />
            <TaskItem
              id="task-choose"
              name="Choose clauses"
              href={`/specifications/${spec.id}/choose`}
              hint={
                clauses.length
                  ? `${clauses.length} ${clauses.length === 1 ? "clause" : "clauses"} chosen`
                  : undefined
              }
              status={clauses.length ? "Completed" : "Incomplete"}
              tag={clauses.length ? undefined : "blue"}
            />
            <TaskItem
              id="task-parameters"
              name="Set parameters and order"
              href={clauses.length ? `/specifications/${spec.id}/clauses` : undefined}
              hint="Each clause starts with its default values"
              status={clauses.length ? "Completed" : "Cannot start yet"}
            />
            <TaskItem
              id="task-kpis"
              name="Choose key performance indicators"
              href={clauses.length ? `/specifications/${spec.id}/kpis` : undefined}
              hint={
                kpis.length
                  ? countOf(kpis.length, "KPI")
                  : "The figures a contract's performance is judged by"
              }
              status={clauses.length ? "Optional" : "Cannot start yet"}
            />
            <TaskItem
              id="task-co-production"
              name="Record who helped write it"
              href={`/specifications/${spec.id}/co-production`}
              hint={
                spec.coProduction
                  ? undefined
                  : "Without this record the summary does not say people who use services helped write it"
              }
              status={spec.coProduction ? "Completed" : "Not yet started"}
            />
            <TaskItem
              id="task-preview"
              name="Preview the specification"
              href={clauses.length ? `/specifications/${spec.id}/preview` : undefined}
              status={clauses.length ? "Optional" : "Cannot start yet"}
            />
            <TaskItem
              id="task-issue"
              name="Issue the specification"
              href={clauses.length ? `/specifications/${spec.id}/issue` : undefined}
              hint="Once issued it cannot change; a revision makes the next version"
              status={clauses.length ? "Not yet started" : "Cannot start yet"}
              tag={clauses.length ? "blue" : undefined}
            />
          </TaskList>
        </>
      ) : null}
      {!draft && commissioner ? (
        <div class="app-actions">
          {spec.status === "issued" ? (
            <>
              <ButtonLink href={`/contracts/new?specification=${spec.id}`}>Let a contract</ButtonLink>
              {newer ? null : (
                <ButtonLink href={`/specifications/${spec.id}/revise`} secondary>
                  Start a revision
                </ButtonLink>
              )}
            </>
          ) : null}
        </div>
      ) : null}
      <h2 class="govuk-heading-m">Details</h2>
      <SummaryList
        rows={[
          ...(spec.issuedAt ? [{ key: "Issued", value: formatMoment(spec.issuedAt) }] : []),
          ...detailRows.map((r) =>
            editable
              ? {
                  ...r,
                  action: {
                    href: `/specifications/${spec.id}/details`,
                    text: "Change",
                    hidden: String(r.key).toLowerCase(),
                  },
                }
              : r,
          ),
          ...(spec.contentHash
            ? [
                {
                  key: "Fingerprint",
                  value: <span class="app-long-text">{spec.contentHash}</span>,
                },
              ]
            : []),
        ]}
      />
      {(["introduction", "populationNeed", "outcomes", "scope"] as const).some((k) => spec.sections[k]) ? (
        <p class="govuk-body">
          The document's sections are shown in the{" "}
          <a class="govuk-link" href={`/specifications/${spec.id}/preview`}>
            preview
          </a>
          .
        </p>
      ) : null}
      <h2 class="govuk-heading-m">Documents</h2>
      {clauses.length ? (
        <>
          {draft ? (
            <p class="govuk-body">
              Draft documents say DRAFT on every page and are made when you download them.
            </p>
          ) : null}
          <ul class="govuk-list">
            {docs.map((d) => (
              <li>
                <a class="govuk-link" href={d.href} download>
                  {d.text}
                </a>
              </li>
            ))}
            <li>
              <a class="govuk-link" href={`/specifications/${spec.id}/preview`}>
                Read the specification as a web page
              </a>
            </li>
          </ul>
        </>
      ) : (
        <p class="govuk-body">Documents can be made once the specification has clauses.</p>
      )}
      {spec.revisesId && can(ctx.actor, "specification.changes") ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`/specifications/${spec.id}/changes`}>
            See what changed from version {spec.version - 1}
          </a>
        </p>
      ) : null}
      <h2 class="govuk-heading-m" id="clauses">
        Clauses ({clauses.length})
      </h2>
      {clauses.length ? (
        <ol class="govuk-list govuk-list--number">
          {clauses.map((cl) => (
            <li>
              <a class="govuk-link" href={`/clauses/${cl.key}`}>
                <span class="app-key">{cl.key}</span> {cl.title}
              </a>{" "}
              <span class="govuk-hint govuk-!-display-inline">
                ({FREQUENCIES[cl.frequency as Frequency] ?? cl.frequency})
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="govuk-body">No clauses chosen yet.</p>
      )}
      <h2 class="govuk-heading-m" id="kpis">
        Key performance indicators
      </h2>
      <KpiTable kpis={kpis} />
      {contracts.length ? (
        <>
          <h2 class="govuk-heading-m">Contracts let on this version</h2>
          <ul class="govuk-list">
            {contracts.map((k) => (
              <li>
                <a class="govuk-link" href={`/contracts/${k.id}`}>
                  {k.reference}
                </a>{" "}
                with {k.providerName}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {lineage.length > 1 ? (
        <>
          <h2 class="govuk-heading-m">Versions</h2>
          <ul class="govuk-list">
            {lineage.map((v) => (
              <li>
                {v.id === spec.id ? (
                  <>Version {v.version} (this one)</>
                ) : (
                  <a class="govuk-link" href={`/specifications/${v.id}`}>
                    Version {v.version}
                  </a>
                )}{" "}
                <SpecificationTag status={v.status} />
                {v.issuedAt ? ` issued ${formatDay(v.issuedAt)}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>,
  );
}
