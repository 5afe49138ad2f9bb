// The form to set up a contract from an issued specification.

import type { Context } from "hono";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { MONTHS } from "../../model/dates.js";
import { specificationName } from "../../model/specification-name.js";
import { listOrganisations } from "../../services/organisations/organisations.js";
import { listSpecifications } from "../../services/specifications/queries.js";
import {
  BackLink,
  Button,
  CsrfField,
  DateInput,
  type DateParts,
  errorList,
  type FieldErrors,
  Select,
  TextInput,
} from "../components.js";
import { page } from "../layout.js";

export interface NewContractValues {
  specificationId: string;
  providerOrganisationId: string;
  reference: string;
  startDate: DateParts;
  endDate: DateParts;
  reportingYearStart: string;
}

export async function newContractPage(
  c: Context<AppEnv>,
  values: NewContractValues,
  errors: FieldErrors,
  general: string[] = [],
) {
  const ctx = serviceCtx(c);
  const specs = await listSpecifications({ ctx, input: { status: "issued" } });
  const providers = await listOrganisations({ ctx, input: { kind: "provider" } });
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
                ...specs.map((s) => ({ value: s.id, text: specificationName(s) })),
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
            <p class="govuk-body">
              Is the provider not on WithUs yet?{" "}
              <a
                class="govuk-link"
                href={`/organisations/register?kind=provider${values.specificationId ? `&specification=${values.specificationId}` : ""}`}
              >
                Register the provider
              </a>{" "}
              and invite its first user, then come back here to let the contract.
            </p>
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
