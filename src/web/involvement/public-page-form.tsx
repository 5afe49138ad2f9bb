// The service's public page, as its commissioner sets it: published or not, the address it reads at, how
// people can get involved, and how many days the linked groups have to give their view. The same service as
// PATCH /api/contracts/:id.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { getContract } from "../../services/contracts/queries.js";
import { updateContract } from "../../services/contracts/update.js";
import {
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Radios,
  Textarea,
  TextInput,
} from "../components.js";
import { contractCrumbs } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

interface PublicValues {
  public: string;
  slug: string;
  involvementContact: string;
  involvementContactName: string;
  contactEmail: string;
  contactPhone: string;
  validationDays: string;
}

async function publicPageForm(c: Ctx, values?: PublicValues, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const contract = await getContract({ ctx, input: { id: pathId(c, "contract") } });
  const v = values ?? {
    public: contract.public ? "yes" : "no",
    slug: contract.slug ?? "",
    involvementContact: contract.involvementContact ?? "",
    involvementContactName: contract.involvementContactName ?? "",
    contactEmail: contract.contactEmail ?? "",
    contactPhone: contract.contactPhone ?? "",
    validationDays: String(contract.validationDays),
  };
  return page(
    c,
    {
      title: "The service's public page",
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: contractCrumbs(contract, "Public page"),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">Contract {contract.reference}</span>
        <h1 class="govuk-heading-l">The service's public page</h1>
        <p class="govuk-body">
          Anyone can read it, without signing in: the service's promises in plain words, how each is going,
          approved "you said, we did" entries and how to get involved. It never shows files, the provider's
          descriptions of evidence, or anyone's name.
        </p>
        <form method="post" action={`/contracts/${contract.id}/public-page`} novalidate>
          <CsrfField token={ctx.actor.csrfToken} />
          <Radios
            name="public"
            legend="Publish the page?"
            legendSize="s"
            value={v.public}
            error={errors.public}
            items={[
              { value: "yes", text: "Yes, publish it" },
              { value: "no", text: "No", hint: "The page's address then answers 'not found'" },
            ]}
          />
          <TextInput
            name="slug"
            label="The page's address"
            labelSize="s"
            hint="Lower-case letters, numbers and hyphens, like northshire-recovery. Leave it empty and we make one from the service's name. Once people have the address, changing it breaks their links."
            prefix="/services/"
            spellcheck={false}
            autocomplete="off"
            value={v.slug}
            error={errors.slug}
          />
          <Textarea
            name="involvementContact"
            label="How people can get involved"
            labelSize="s"
            hint="Short sentences. For example, when and where the forum meets."
            value={v.involvementContact}
            error={errors.involvementContact}
            rows={4}
          />
          <TextInput
            name="involvementContactName"
            label="Who at the service people can contact to get involved"
            labelSize="s"
            hint="A person or a team. Needed to publish the page, with a phone number."
            value={v.involvementContactName}
            error={errors.involvementContactName}
          />
          <TextInput
            name="contactEmail"
            label="Email address for getting involved"
            labelSize="s"
            type="email"
            autocomplete="off"
            spellcheck={false}
            value={v.contactEmail}
            error={errors.contactEmail}
          />
          <TextInput
            name="contactPhone"
            label="Phone number for getting involved"
            labelSize="s"
            hint="A UK number, like 01632 960 001. Needed to publish the page."
            type="tel"
            width="20"
            value={v.contactPhone}
            error={errors.contactPhone}
          />
          <TextInput
            name="validationDays"
            label="Days a group has to give its view on shared evidence"
            labelSize="s"
            width="3"
            inputmode="numeric"
            value={v.validationDays}
            error={errors.validationDays}
          />
          <Button>Save</Button>
        </form>
      </div>
    </div>,
  );
}

const FIELD_OF: Record<string, string> = {
  public: "public",
  slug: "slug",
  involvementContact: "involvementContact",
  involvementContactName: "involvementContactName",
  contactEmail: "contactEmail",
  contactPhone: "contactPhone",
  validationDays: "validationDays",
};

export const publicPageFormPages = new Hono<AppEnv>()
  .get("/contracts/:id/public-page", authorize("public_page.manage"), (c) => publicPageForm(c))
  .post("/contracts/:id/public-page", authorize("public_page.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    const form = await readForm(c);
    const values: PublicValues = {
      public: form.str("public"),
      slug: form.str("slug").toLowerCase(),
      involvementContact: form.str("involvementContact"),
      involvementContactName: form.str("involvementContactName"),
      contactEmail: form.str("contactEmail"),
      contactPhone: form.str("contactPhone"),
      validationDays: form.str("validationDays"),
    };
    try {
      await updateContract({
        ctx,
        input: {
          id,
          // Parsed once here; what each field may hold is the service's to say.
          public: values.public === "yes" ? true : values.public === "no" ? false : null,
          ...(values.slug ? { slug: values.slug } : {}),
          involvementContact: values.involvementContact || null,
          involvementContactName: values.involvementContactName || null,
          contactEmail: values.contactEmail || null,
          contactPhone: values.contactPhone || null,
          validationDays: /^\d+$/.test(values.validationDays) ? Number(values.validationDays) : Number.NaN,
        },
      });
    } catch (e) {
      // The service judges every field; the one conflict a change here can meet: the address is another
      // service's.
      const mapped = errorsFromAppError(
        e,
        FIELD_OF,
        labelled({ involvementContact: "how to get involved" }),
        {
          whole: { conflict: { at: "slug", say: "Another service's page has this address. Choose another" } },
        },
      );
      if (mapped) return publicPageForm(c, values, { ...mapped.fields });
      throw e;
    }
    return redirectWith(c, `/contracts/${id}`, {
      kind: "success",
      heading:
        values.public === "yes" ? "The public page is published." : "The public page is not published.",
    });
  });
