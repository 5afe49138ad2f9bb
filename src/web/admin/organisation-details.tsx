// An organisation's details as a contract performance notice (UK9, Procurement Regulations 2024 reg 39)
// names it: postal address, email address and identifier. Its administrators see and change them here,
// with the same service as PUT /api/organisations/:id/details.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { getOrganisation, setOrganisationDetails } from "../../services/organisations/organisations.js";
import { errorList, type FieldErrors, FormPage, InsetText, Textarea, TextInput } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, readForm } from "../forms.js";
import { page } from "../layout.js";

interface Values {
  postalAddress: string;
  email: string;
  identifier: string;
}

const LABELS = {
  postalAddress: "The postal address",
  email: "The email address",
  identifier: "The identifier",
};

const PATH = "/admin/organisation";

export const organisationDetailsPages = new Hono<AppEnv>()
  .get(PATH, authorize("organisation.details"), async (c) => {
    const ctx = serviceCtx(c);
    const org = await getOrganisation({ ctx, input: { id: ctx.actor.organisationId } });
    const values = {
      postalAddress: org.postalAddress ?? "",
      email: org.email ?? "",
      identifier: org.identifier ?? "",
    };
    return detailsPage(c, org, values, {});
  })
  .post(PATH, authorize("organisation.details"), async (c) => {
    const ctx = serviceCtx(c);
    const org = await getOrganisation({ ctx, input: { id: ctx.actor.organisationId } });
    const form = await readForm(c);
    const values: Values = {
      postalAddress: form.str("postalAddress"),
      email: form.str("email"),
      identifier: form.str("identifier"),
    };
    try {
      await setOrganisationDetails({ ctx, input: { organisationId: org.id, ...values } });
      return redirectWith(c, PATH, { kind: "success", heading: "Organisation details saved" });
    } catch (e) {
      const mapped = errorsFromAppError(
        e,
        { postalAddress: "postalAddress", email: "email", identifier: "identifier" },
        labelled(LABELS),
      );
      if (!mapped) throw e;
      return detailsPage(c, org, values, mapped.fields);
    }
  });

function detailsPage(
  c: Context<AppEnv>,
  org: { id: string; name: string; kind: string } & Partial<Record<keyof Values, string | null>>,
  v: Values,
  errors: FieldErrors,
) {
  const missing = (["postalAddress", "email", "identifier"] as const).filter((k) => !org[k]);
  const council = org.kind === "commissioner";
  return page(
    c,
    {
      title: "Organisation details",
      nav: "details",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
    },
    <FormPage
      title="Organisation details"
      caption={org.name}
      action={PATH}
      csrf={c.get("actor")?.csrfToken}
      submit="Save the details"
      intro={
        <>
          <p class="govuk-body">
            A contract performance notice (UK9), which a council publishes at least every 12 months for a
            contract under the Procurement Act 2023, names{" "}
            {council ? "the council as the contracting authority" : "each provider as a supplier"} by its
            name, postal address, email address and an identifier. WithUs fills the notice's draft from what
            you give here.
          </p>
          {missing.length ? (
            <InsetText>
              Still missing for a notice: {missing.map((k) => LABELS[k].replace(/^The /, "")).join(", ")}.
            </InsetText>
          ) : null}
        </>
      }
    >
      <Textarea
        name="postalAddress"
        label="Postal address"
        hint="The full address with its postcode, as the organisation receives post"
        value={v.postalAddress}
        error={errors.postalAddress}
        rows={4}
      />
      <TextInput
        name="email"
        type="email"
        label="Email address"
        hint="A shared address for the organisation, not a person's own"
        autocomplete="email"
        spellcheck={false}
        value={v.email}
        error={errors.email}
      />
      <TextInput
        name="identifier"
        label="Identifier"
        hint={
          council
            ? "The council's identifier on Find a Tender or the Public Procurement Organisation Number, like PPON-1234-5678"
            : "The provider's Public Procurement Organisation Number or Companies House number, like GB-COH-01234567"
        }
        width="20"
        spellcheck={false}
        value={v.identifier}
        error={errors.identifier}
      />
    </FormPage>,
  );
}
