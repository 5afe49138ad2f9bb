// Specifications in the browser: the list, starting a draft, a specification's page (a task list while
// it is a draft; its documents, versions and contracts once issued) and changing a draft's details.
import { type Context, Hono } from "hono";
import { authorize, DOMAIN_ROLES, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import { listContracts } from "../../services/contracts/queries.js";
import {
  findSpecification,
  listSpecifications,
  selectionsOf,
} from "../../services/specifications/queries.js";
import { createSpecification, updateSpecification } from "../../services/specifications/write.js";
import {
  BackLink,
  Breadcrumbs,
  ButtonLink,
  errorList,
  SummaryList,
  type SummaryRow,
  Table,
  Tag,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, formatMoment, SpecificationTag } from "../status.js";
import { DetailsForm, detailsField, detailsFromSpec, EMPTY_DETAILS, readDetails } from "./details-form.js";

const DATE_FIELDS = ["periodStart", "periodEnd", "reviewDate"];
/** The :id of a specification route, or a 404 for anything that is not an id. */
export const specId = (c: Context<AppEnv>) => pathId(c, "specification");

export function specCrumbs(spec: { id: string; title: string; version: number }, here?: string) {
  return (
    <Breadcrumbs
      items={[
        { href: "/specifications", text: "Specifications" },
        here
          ? { href: `/specifications/${spec.id}`, text: `${spec.title} (version ${spec.version})` }
          : { text: `${spec.title} (version ${spec.version})` },
        ...(here ? [{ text: here }] : []),
      ]}
    />
  );
}

function TaskItem(p: {
  id: string;
  name: string;
  href?: string;
  hint?: string;
  status: string;
  tag?: "blue" | "grey";
}) {
  return (
    <li class={`govuk-task-list__item${p.href ? " govuk-task-list__item--with-link" : ""}`}>
      <div class="govuk-task-list__name-and-hint">
        {p.href ? (
          <a
            class="govuk-link govuk-task-list__link"
            href={p.href}
            aria-describedby={`${p.id}-status${p.hint ? ` ${p.id}-hint` : ""}`}
          >
            {p.name}
          </a>
        ) : (
          <div>{p.name}</div>
        )}
        {p.hint ? (
          <div id={`${p.id}-hint`} class="govuk-task-list__hint">
            {p.hint}
          </div>
        ) : null}
      </div>
      <div
        class={`govuk-task-list__status${!p.href ? " govuk-task-list__status--cannot-start-yet" : ""}`}
        id={`${p.id}-status`}
      >
        {p.tag ? <Tag text={p.status} colour={p.tag === "blue" ? "blue" : "grey"} /> : p.status}
      </div>
    </li>
  );
}

export const specificationPages = new Hono<AppEnv>()
  .get("/specifications", authorize(DOMAIN_ROLES), async (c) => {
    const ctx = serviceCtx(c);
    const specs = await listSpecifications(ctx.db, ctx.actor);
    const commissioner = ctx.actor.role === "commissioner";
    return page(
      c,
      { title: "Specifications", nav: "specifications" },
      <>
        <h1 class="govuk-heading-l">Specifications</h1>
        <p class="govuk-body">
          A specification sets out the service-user involvement a provider must deliver and evidence. Build
          one from the clause library, then issue it and let it as a contract.
        </p>
        {commissioner ? <ButtonLink href="/specifications/new">Start a new specification</ButtonLink> : null}
        {specs.length === 0 ? (
          <p class="govuk-body">There are no specifications yet.</p>
        ) : (
          <Table
            caption="Your organisation's specifications"
            head={["Title", "Version", "Status", "Last changed"]}
            scroll="Specifications"
          >
            {specs.map((s) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/specifications/${s.id}`}>
                    {s.title}
                  </a>
                </td>
                <td class="govuk-table__cell">{s.version}</td>
                <td class="govuk-table__cell">
                  <SpecificationTag status={s.status} />
                </td>
                <td class="govuk-table__cell">{formatDay(s.updatedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </>,
    );
  })
  .get("/specifications/new", authorize(["commissioner"]), (c) => {
    return page(
      c,
      {
        title: "Start a new specification",
        nav: "specifications",
        before: <BackLink href="/specifications" />,
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">Start a new specification</h1>
          <p class="govuk-body">You can change these details until you issue the specification.</p>
          <DetailsForm
            action="/specifications"
            csrf={c.get("actor")?.csrfToken}
            values={EMPTY_DETAILS}
            errors={{}}
            submit="Save and continue"
          />
        </div>
      </div>,
    );
  })
  .post("/specifications", authorize(["commissioner"]), async (c) => {
    const form = await readForm(c);
    const { values, errors, input } = readDetails(form);
    const show = (errs: typeof errors, general: string[] = []) =>
      page(
        c,
        {
          title: "Start a new specification",
          nav: "specifications",
          errors: [...errorList(errs, DATE_FIELDS), ...general.map((text) => ({ href: "", text }))],
          status: 422,
          before: <BackLink href="/specifications" />,
        },
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h1 class="govuk-heading-l">Start a new specification</h1>
            <DetailsForm
              action="/specifications"
              csrf={c.get("actor")?.csrfToken}
              values={values}
              errors={errs}
              submit="Save and continue"
            />
          </div>
        </div>,
      );
    if (!input) return show(errors);
    try {
      const spec = await createSpecification({ ctx: serviceCtx(c), input });
      return redirectWith(c, `/specifications/${spec.id}`, {
        kind: "success",
        heading: "Specification started",
        body: "Now choose its clauses.",
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, detailsField);
      if (!mapped) throw e;
      return show(mapped.fields, mapped.general);
    }
  })
  .get("/specifications/:id", authorize(DOMAIN_ROLES), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification(ctx.db, ctx.actor, specId(c));
    const commissioner = ctx.actor.role === "commissioner";
    const lineage = (await listSpecifications(ctx.db, ctx.actor))
      .filter((s) => s.lineageId === spec.lineageId)
      .sort((a, b) => a.version - b.version);
    const clauses = spec.snapshot
      ? spec.snapshot.clauses.map((x) => ({ key: x.key, title: x.title, frequency: x.frequency as string }))
      : (await selectionsOf(ctx.db, spec.id)).map((x) => ({
          key: x.key,
          title: x.title,
          frequency: x.content.frequency as string,
        }));
    const contracts =
      spec.status === "draft" ? [] : await listContracts(ctx.db, ctx.actor, { specificationId: spec.id });
    const newer = lineage.find((s) => s.version > spec.version);
    const detailRows: SummaryRow[] = [
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
        href: `/api/specifications/${spec.id}/summary-document`,
        text: "Plain-language summary for people who use the service (Word)",
      },
      ...(spec.revisesId && ctx.actor.role !== "provider"
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
        title: `${spec.title} (version ${spec.version})`,
        nav: "specifications",
        before: (
          <Breadcrumbs items={[{ href: "/specifications", text: "Specifications" }, { text: spec.title }]} />
        ),
      },
      <>
        {spec.status === "superseded" && newer ? (
          <div
            class="govuk-notification-banner"
            role="region"
            aria-labelledby="superseded-title"
            data-module="govuk-notification-banner"
          >
            <div class="govuk-notification-banner__header">
              <h2 class="govuk-notification-banner__title" id="superseded-title">
                Important
              </h2>
            </div>
            <div class="govuk-notification-banner__content">
              <p class="govuk-notification-banner__heading">
                This version has been replaced.{" "}
                <a class="govuk-notification-banner__link" href={`/specifications/${newer.id}`}>
                  Go to version {newer.version}
                </a>
                .
              </p>
            </div>
          </div>
        ) : null}
        <span class="govuk-caption-l">Specification, version {spec.version}</span>
        <h1 class="govuk-heading-l">
          {spec.title} <SpecificationTag status={spec.status} />
        </h1>
        {spec.revisionNote ? <p class="govuk-inset-text">Revision: {spec.revisionNote}</p> : null}
        {editable ? (
          <>
            <h2 class="govuk-heading-m">Prepare the specification</h2>
            <ul class="govuk-task-list">
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
            </ul>
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
        {spec.revisesId && ctx.actor.role !== "provider" ? (
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
  })
  .get("/specifications/:id/details", authorize(["commissioner"]), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification(ctx.db, ctx.actor, specId(c));
    return detailsPage(c, spec, detailsFromSpec(spec), {});
  })
  .post("/specifications/:id/details", authorize(["commissioner"]), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification(ctx.db, ctx.actor, specId(c));
    const form = await readForm(c);
    const { values, errors, input } = readDetails(form);
    if (!input) return detailsPage(c, spec, values, errors);
    try {
      await updateSpecification({ ctx, id: spec.id, input });
    } catch (e) {
      const mapped = errorsFromAppError(e, detailsField);
      if (!mapped) throw e;
      return detailsPage(c, spec, values, mapped.fields, mapped.general);
    }
    return redirectWith(c, `/specifications/${spec.id}`, { kind: "success", heading: "Details saved" });
  });

function detailsPage(
  c: import("hono").Context<AppEnv>,
  spec: { id: string; title: string; version: number; status: string },
  values: ReturnType<typeof detailsFromSpec>,
  errors: Record<string, string>,
  general: string[] = [],
) {
  const errs = [...errorList(errors, DATE_FIELDS), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: "Specification details",
      nav: "specifications",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href={`/specifications/${spec.id}`} />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {spec.title}, version {spec.version}
        </span>
        <h1 class="govuk-heading-l">Specification details</h1>
        {spec.status !== "draft" ? (
          <p class="govuk-body">
            This version is {spec.status} and cannot change. Start a revision to make changes.
          </p>
        ) : (
          <DetailsForm
            action={`/specifications/${spec.id}/details`}
            csrf={c.get("actor")?.csrfToken}
            values={values}
            errors={errors}
            submit="Save details"
          />
        )}
      </div>
    </div>,
  );
}
