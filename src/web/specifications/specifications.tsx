// Specifications in the browser: the list, starting a draft, a specification's page (a task list while
// it is a draft; its documents, versions and contracts once issued) and changing a draft's details.

import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { BUNDLES } from "../../model/bundles.js";
import { findSpecification, listSpecifications } from "../../services/specifications/queries.js";
import { createSpecification, updateSpecification } from "../../services/specifications/write.js";
import { BackLink, ButtonLink, errorList, Table } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, SpecificationTag } from "../status.js";
import { specId } from "./crumbs.js";
import {
  DetailsForm,
  detailsErrors,
  detailsField,
  detailsFromSpec,
  EMPTY_DETAILS,
  readDetails,
} from "./details-form.js";
import { specificationPage } from "./specification-page.js";

const DATE_FIELDS = ["periodStart", "periodEnd", "reviewDate"];
export const specificationPages = new Hono<AppEnv>()
  .get("/specifications", authorize("specification.read"), async (c) => {
    const ctx = serviceCtx(c);
    const specs = await listSpecifications({ ctx, input: {} });
    const commissioner = can(ctx.actor, "specification.write");
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
  .get("/specifications/new", authorize("specification.write"), (c) => {
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
            bundleChoice
          />
        </div>
      </div>,
    );
  })
  .post("/specifications", authorize("specification.write"), async (c) => {
    const form = await readForm(c);
    const { values, errors, unreadable, input, bundle } = readDetails(form);
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
              bundleChoice
            />
          </div>
        </div>,
      );
    if (!input) return show(errors);
    try {
      const spec = await createSpecification({ ctx: serviceCtx(c), input: { ...input, bundle } });
      return redirectWith(c, `/specifications/${spec.id}`, {
        kind: "success",
        heading: "Specification started",
        body: bundle
          ? `It starts with the ${BUNDLES[bundle].title.toLowerCase()} set of ${spec.clauses?.length ?? 0} clauses. Check them, and add or remove clauses as you need.`
          : "Now choose its clauses.",
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, detailsField, detailsErrors(values, unreadable));
      if (!mapped) throw e;
      return show(mapped.fields, mapped.general);
    }
  })
  .get("/specifications/:id", authorize("specification.read"), (c) => specificationPage(c))
  .get("/specifications/:id/details", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    return detailsPage(c, spec, detailsFromSpec(spec), {});
  })
  .post("/specifications/:id/details", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const form = await readForm(c);
    const { values, errors, unreadable, input } = readDetails(form);
    if (!input) return detailsPage(c, spec, values, errors);
    try {
      await updateSpecification({ ctx, input: { ...input, id: spec.id } });
    } catch (e) {
      const mapped = errorsFromAppError(e, detailsField, detailsErrors(values, unreadable));
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
