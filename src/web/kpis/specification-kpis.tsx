// The specification's KPIs as a form while it is a draft (the same service as PUT /api/specifications/:id/kpis),
// and as a list once issued.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { type Kpi, MOST_MATERIAL } from "../../model/kpis.js";
import { kpisOf, setSpecificationKpis } from "../../services/specifications/kpis.js";
import {
  findSpecification,
  kpiClausesOf,
  type SpecificationRow,
} from "../../services/specifications/queries.js";
import { errorList, type FieldErrors, FormPage, withGeneral } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
import { specCrumbs, specId } from "../specifications/crumbs.js";
import {
  type Candidate,
  KpiFields,
  type KpiValue,
  kpiCandidates,
  kpiFieldFor,
  kpiValues,
  readKpiForm,
} from "./kpi-form.js";
import { KpiTable } from "./kpi-table.js";

export const specificationKpiPages = new Hono<AppEnv>()
  .get("/specifications/:id/kpis", authorize("specification.read"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const kpis = await kpisOf({ ctx, input: spec });
    if (spec.status !== "draft" || !can(ctx.actor, "specification.write")) return kpiListPage(c, spec, kpis);
    const candidates = kpiCandidates(await kpiClausesOf({ ctx, input: spec }));
    return kpiFormPage(c, spec, candidates, kpiValues(candidates, kpis), {});
  })
  .post("/specifications/:id/kpis", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const candidates = kpiCandidates(await kpiClausesOf({ ctx, input: spec }));
    const form = await readForm(c);
    const { input, indexOf, values } = readKpiForm(form, candidates, false);
    try {
      const saved = await setSpecificationKpis({ ctx, input: { specificationId: spec.id, kpis: input } });
      return redirectWith(c, `/specifications/${spec.id}`, {
        kind: "success",
        heading: saved.length === 1 ? "1 KPI saved" : `${saved.length} KPIs saved`,
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, kpiFieldFor(indexOf));
      if (!mapped) throw e;
      const errors = withGeneral(mapped.fields, mapped.general);
      return kpiFormPage(c, spec, candidates, values, errors);
    }
  });

function kpiFormPage(
  c: Context<AppEnv>,
  spec: SpecificationRow,
  candidates: Candidate[],
  values: KpiValue[],
  errors: FieldErrors,
) {
  return page(
    c,
    {
      title: "Key performance indicators",
      nav: "specifications",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: specCrumbs(spec, "Key performance indicators"),
    },
    <FormPage
      title="Key performance indicators"
      caption={`${spec.title}, version ${spec.version}`}
      action={`/specifications/${spec.id}/kpis`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save KPIs"
      intro={
        <>
          <p class="govuk-body">
            Choose the figures the provider's performance will be judged by. Each is one of a clause's
            figures, with its target and how often it is measured. Mark up to {MOST_MATERIAL} as the most
            material: contracts under the Procurement Act 2023 publish those.
          </p>
          <p class="govuk-body">
            A contract let on this specification starts with these KPIs, and they can be changed on the
            contract until its first confirmed assessment.
          </p>
          {candidates.length === 0 ? (
            <p class="govuk-body">None of the provider's clauses in this specification report figures yet.</p>
          ) : null}
        </>
      }
    >
      <KpiFields candidates={candidates} values={values} errors={errors} withTolerance={false} />
    </FormPage>,
  );
}

function kpiListPage(c: Context<AppEnv>, spec: SpecificationRow, kpis: Kpi[]) {
  return page(
    c,
    {
      title: "Key performance indicators",
      nav: "specifications",
      before: specCrumbs(spec, "Key performance indicators"),
    },
    <>
      <span class="govuk-caption-l">
        {spec.title}, version {spec.version}
      </span>
      <h1 class="govuk-heading-l">Key performance indicators</h1>
      <KpiTable kpis={kpis} />
    </>,
  );
}
