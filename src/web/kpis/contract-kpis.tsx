// The contract's KPIs and procurement details: a section on the contract's page, the KPI form (the same
// service as PUT /api/contracts/:id/kpis) and the procurement form (the same service as PATCH).
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { DEFAULT_TOLERANCE_PERCENT } from "../../model/performance.js";
import { formatPence, kpiRuleApplies, PROCUREMENT_REGIME_WORDS } from "../../model/procurement.js";
import type { ServiceCtx } from "../../services/context.js";
import { listContractKpis, setContractKpis } from "../../services/contracts/kpis.js";
import { type ContractView, getContract } from "../../services/contracts/queries.js";
import { findSpecification, kpiClausesOf } from "../../services/specifications/queries.js";
import {
  ButtonLink,
  errorList,
  type FieldErrors,
  FormPage,
  SummaryList,
  withGeneral,
} from "../components.js";
import { contractCrumbs, contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
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
import { procurementPages } from "./procurement-form.js";

/** The contract page's section: procurement details and the KPIs, with the links to change them. */
export async function kpiSection(ctx: ServiceCtx, contract: ContractView) {
  if (!can(ctx.actor, "kpi.read")) return null;
  const kpis = await listContractKpis({ ctx, input: { contractId: contract.id } });
  return (
    <section aria-labelledby="kpis">
      <h2 class="govuk-heading-m" id="kpis">
        Key performance indicators
      </h2>
      <SummaryList
        rows={[
          { key: "Procured under", value: PROCUREMENT_REGIME_WORDS[contract.procurementRegime] },
          ...(contract.procurementRegime === "procurement_act"
            ? [{ key: "Light touch", value: contract.lightTouch ? "Yes" : "No" }]
            : []),
          {
            key: "Estimated value (including VAT)",
            value:
              contract.estimatedValuePence === null ? "Not given" : formatPence(contract.estimatedValuePence),
          },
          { key: "Procurement title", value: contract.title ?? "Not given" },
          { key: "Procurement identifier", value: contract.procurementIdentifier ?? "Not given" },
          ...(contract.kpiExemptionReason
            ? [{ key: "Why performance is not assessed by KPIs", value: contract.kpiExemptionReason }]
            : []),
        ]}
      />
      {kpiRuleApplies(contract) ? (
        <p class="govuk-body">
          This contract is over £5 million under the Procurement Act 2023 and not light touch: it needs at
          least three KPIs (section 52), and its performance is assessed against them at least every 12
          months.
        </p>
      ) : null}
      <p class="govuk-body">
        A KPI is 'approaching target' when it falls short by no more than its tolerance, a share of the target
        ({DEFAULT_TOLERANCE_PERCENT}% unless changed).
      </p>
      <KpiTable kpis={kpis} />
      <div class="app-actions">
        {can(ctx.actor, "kpi.write") ? (
          <ButtonLink href={`/contracts/${contract.id}/kpis`} secondary>
            Change KPIs
          </ButtonLink>
        ) : null}
        {can(ctx.actor, "contract.write") ? (
          <ButtonLink href={`/contracts/${contract.id}/procurement`} secondary>
            Change procurement details
          </ButtonLink>
        ) : null}
      </div>
    </section>
  );
}

async function candidatesOf(ctx: ServiceCtx, contract: ContractView) {
  const spec = await findSpecification({ ctx, input: { id: contract.specificationId } });
  return kpiCandidates(await kpiClausesOf({ ctx, input: spec }));
}

export const contractKpiPages = new Hono<AppEnv>()
  .get("/contracts/:id/kpis", authorize("kpi.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const candidates = await candidatesOf(ctx, contract);
    const kpis = await listContractKpis({ ctx, input: { contractId: contract.id } });
    return kpiFormPage(c, contract, candidates, kpiValues(candidates, kpis), {});
  })
  .post("/contracts/:id/kpis", authorize("kpi.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const candidates = await candidatesOf(ctx, contract);
    const form = await readForm(c);
    const { input, indexOf, values } = readKpiForm(form, candidates, true);
    try {
      const saved = await setContractKpis({ ctx, input: { contractId: contract.id, kpis: input } });
      return redirectWith(c, `/contracts/${contract.id}#kpis`, {
        kind: "success",
        heading: saved.length === 1 ? "1 KPI saved" : `${saved.length} KPIs saved`,
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, kpiFieldFor(indexOf));
      if (!mapped) throw e;
      const errors = withGeneral(mapped.fields, mapped.general);
      return kpiFormPage(c, contract, candidates, values, errors);
    }
  })
  .route("/", procurementPages);

function kpiFormPage(
  c: Context<AppEnv>,
  contract: ContractView,
  candidates: Candidate[],
  values: KpiValue[],
  errors: FieldErrors,
) {
  return page(
    c,
    {
      title: "Change the contract's KPIs",
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: contractCrumbs(contract, "KPIs"),
    },
    <FormPage
      title="Change the contract's KPIs"
      caption={`Contract ${contract.reference}`}
      action={`/contracts/${contract.id}/kpis`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save KPIs"
      intro={
        <p class="govuk-body">
          Choose the figures the provider's performance is judged by, with each target, how often it is
          measured and how far short still reads 'approaching target'. Mark three as the most material (all of
          them when there are fewer). The KPIs can change until the first assessment is confirmed.
        </p>
      }
    >
      <KpiFields candidates={candidates} values={values} errors={errors} withTolerance />
    </FormPage>,
  );
}
