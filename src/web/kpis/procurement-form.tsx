// The contract's procurement details as a form: the same service as PATCH /api/contracts/:id.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import {
  PROCUREMENT_REGIME_WORDS,
  PROCUREMENT_REGIMES,
  type ProcurementRegime,
} from "../../model/procurement.js";
import { type ContractView, getContract } from "../../services/contracts/queries.js";
import { updateContract } from "../../services/contracts/update.js";
import {
  Checkboxes,
  errorList,
  type FieldErrors,
  FormPage,
  Radios,
  Textarea,
  TextInput,
} from "../components.js";
import { contractCrumbs, contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, readForm } from "../forms.js";
import { page } from "../layout.js";

interface Values {
  procurementRegime: string;
  lightTouch: boolean;
  value: string;
  title: string;
  procurementIdentifier: string;
  kpiExemptionReason: string;
}

const FIELD: Record<string, keyof Values> = {
  procurementRegime: "procurementRegime",
  lightTouch: "lightTouch",
  estimatedValuePence: "value",
  title: "title",
  procurementIdentifier: "procurementIdentifier",
  kpiExemptionReason: "kpiExemptionReason",
  // s.52's rule is met by three KPIs or by the reason recorded here.
  kpis: "kpiExemptionReason",
};

const valuesOf = (c: ContractView): Values => ({
  procurementRegime: c.procurementRegime,
  lightTouch: c.lightTouch,
  value: c.estimatedValuePence === null ? "" : (c.estimatedValuePence / 100).toFixed(2),
  title: c.title ?? "",
  procurementIdentifier: c.procurementIdentifier ?? "",
  kpiExemptionReason: c.kpiExemptionReason ?? "",
});

/** "£5,250,000" -> pence; NaN for what is not an amount, for the service to refuse at the field. */
function pence(text: string): number | null {
  const t = text.replace(/[£,\s]/g, "");
  if (t === "") return null;
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}

export const procurementPages = new Hono<AppEnv>()
  .get("/contracts/:id/procurement", authorize("contract.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    return procurementPage(c, contract, valuesOf(contract), {});
  })
  .post("/contracts/:id/procurement", authorize("contract.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const form = await readForm(c);
    const values: Values = {
      procurementRegime: form.str("procurementRegime"),
      lightTouch: form.all("lightTouch").length > 0,
      value: form.str("value"),
      title: form.str("title"),
      procurementIdentifier: form.str("procurementIdentifier"),
      kpiExemptionReason: form.str("kpiExemptionReason"),
    };
    try {
      await updateContract({
        ctx,
        input: {
          id: contract.id,
          procurementRegime: values.procurementRegime as ProcurementRegime,
          lightTouch: values.lightTouch,
          estimatedValuePence: pence(values.value),
          title: values.title,
          procurementIdentifier: values.procurementIdentifier,
          kpiExemptionReason: values.kpiExemptionReason,
        },
      });
      return redirectWith(c, `/contracts/${contract.id}#kpis`, {
        kind: "success",
        heading: "Procurement details saved",
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, (p) => FIELD[p], labelled({}));
      if (!mapped) throw e;
      return procurementPage(c, contract, values, mapped.fields);
    }
  });

function procurementPage(c: Context<AppEnv>, contract: ContractView, v: Values, errors: FieldErrors) {
  return page(
    c,
    {
      title: "Procurement details",
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: contractCrumbs(contract, "Procurement details"),
    },
    <FormPage
      title="Procurement details"
      caption={`Contract ${contract.reference}`}
      action={`/contracts/${contract.id}/procurement`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save procurement details"
      intro={
        <p class="govuk-body">
          What a contract performance notice names the contract by, and whether the Procurement Act 2023 asks
          for three KPIs.
        </p>
      }
    >
      <Radios
        name="procurementRegime"
        legend="Which rules was the contract procured under?"
        legendSize="s"
        items={PROCUREMENT_REGIMES.map((r) => ({ value: r, text: PROCUREMENT_REGIME_WORDS[r] }))}
        value={v.procurementRegime}
        error={errors.procurementRegime}
      />
      <Checkboxes
        name="lightTouch"
        legend="Light touch"
        legendSize="s"
        items={[{ value: "yes", text: "It is a light touch contract under the Procurement Act 2023" }]}
        values={v.lightTouch ? ["yes"] : []}
        error={errors.lightTouch}
      />
      <TextInput
        name="value"
        label="Estimated value, including VAT"
        hint="In pounds, like 5,250,000"
        prefix="£"
        width="10"
        inputmode="decimal"
        value={v.value}
        error={errors.value}
      />
      <TextInput name="title" label="Procurement title" value={v.title} error={errors.title} />
      <TextInput
        name="procurementIdentifier"
        label="Procurement identifier"
        hint="As the procurement's notices name it"
        width="20"
        value={v.procurementIdentifier}
        error={errors.procurementIdentifier}
      />
      <Textarea
        name="kpiExemptionReason"
        label="Why performance cannot be assessed by KPIs (optional)"
        hint="Only where the Procurement Act 2023 would otherwise ask for three KPIs and this contract has fewer"
        value={v.kpiExemptionReason}
        error={errors.kpiExemptionReason}
        rows={3}
      />
    </FormPage>,
  );
}
