// On the contract page: the user groups linked to the contract (a commissioner links and unlinks them) and
// the service's public page (published or not, with how people can get involved). The forms post to the
// same services as POST/DELETE /api/contracts/:id/user-groups and PATCH /api/contracts/:id.
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../../services/context.js";
import { findContract, getContract } from "../../services/contracts/queries.js";
import { updateContract } from "../../services/contracts/update.js";
import {
  type LinkedGroup,
  linkUserGroup,
  listUserGroups,
  unlinkUserGroup,
} from "../../services/involvement/user-groups.js";
import { listOrganisations } from "../../services/organisations/organisations.js";
import {
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Radios,
  Select,
  Textarea,
  TextInput,
} from "../components.js";
import { contractCrumbs } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, pathId, readForm, TEXT_LIMITS, textFieldProblem } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

/** The section on the contract page. */
export async function peopleSection(
  ctx: ServiceCtx,
  contract: { id: string; public: boolean; slug: string | null },
  /** The group to choose in the linking form (the one just registered from it). */
  chosen?: string,
) {
  const groups = await listUserGroups(ctx.db, ctx.actor, contract.id);
  const options =
    ctx.actor.role === "commissioner"
      ? (await listOrganisations({ ctx, kind: "user_group" })).filter(
          (o) => !groups.some((g) => g.organisationId === o.id),
        )
      : [];
  const props = { actor: ctx.actor, contract, groups, options, chosen };
  return <PeopleSection {...props} />;
}

function PeopleSection(p: {
  actor: Actor;
  contract: { id: string; public: boolean; slug: string | null };
  groups: LinkedGroup[];
  options: Array<{ id: string; name: string }>;
  chosen?: string;
}) {
  const commissioner = p.actor.role === "commissioner";
  return (
    <section aria-labelledby="people-heading">
      <h2 class="govuk-heading-m" id="people-heading">
        People who use the service
      </h2>
      <p class="govuk-body">
        Representatives of these groups see the service's promises, how each is going, and the evidence the
        provider shares with them. They can say whether it matches their experience.
      </p>
      {p.groups.length === 0 ? (
        <p class="govuk-body">No group is linked to this contract.</p>
      ) : (
        <ul class="govuk-list">
          {p.groups.map((g) => (
            <li>
              {g.name}
              {commissioner ? (
                <a
                  class="govuk-link app-inline-form"
                  href={`/contracts/${p.contract.id}/user-groups/${g.organisationId}/invitations`}
                >
                  Invite a representative<span class="govuk-visually-hidden"> of {g.name}</span>
                </a>
              ) : null}
              {commissioner ? (
                <form
                  method="post"
                  action={`/contracts/${p.contract.id}/user-groups/${g.organisationId}/remove`}
                  class="app-inline-form"
                >
                  <CsrfField token={p.actor.csrfToken} />
                  <button type="submit" class="app-link-button">
                    Unlink<span class="govuk-visually-hidden"> {g.name}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {commissioner && p.options.length ? (
        <form method="post" action={`/contracts/${p.contract.id}/user-groups`} novalidate>
          <CsrfField token={p.actor.csrfToken} />
          <Select
            name="organisationId"
            label="Link a group"
            labelSize="s"
            options={[
              { value: "", text: "Choose a group" },
              ...p.options.map((o) => ({ value: o.id, text: o.name })),
            ]}
            value={p.chosen}
          />
          <Button secondary>Link group</Button>
        </form>
      ) : null}
      {commissioner && can(p.actor, "organisation.register") ? (
        <p class="govuk-body">
          Is the group not on WithUs yet?{" "}
          <a class="govuk-link" href={`/organisations/register?kind=user_group&contract=${p.contract.id}`}>
            Register it
          </a>
        </p>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={`/contracts/${p.contract.id}/you-said-we-did`}>
          You said, we did
        </a>
        : what people said and what changed. The provider writes each entry; a reviewer approves it.
      </p>
      <h3 class="govuk-heading-s">Public page</h3>
      <p class="govuk-body">
        {p.contract.public && p.contract.slug ? (
          <>
            Published at{" "}
            <a class="govuk-link" href={`/services/${p.contract.slug}`}>
              /services/{p.contract.slug}
            </a>
            .
          </>
        ) : (
          "Not published. Only people who sign in can see this contract."
        )}
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={`/involvement/contracts/${p.contract.id}/large-print.docx`} download>
          The plain-language summary in large print (Word file)
        </a>
      </p>
      {commissioner ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`/contracts/${p.contract.id}/public-page`}>
            Change the public page
          </a>
        </p>
      ) : null}
    </section>
  );
}

interface PublicValues {
  public: string;
  involvementContact: string;
  contactEmail: string;
  contactPhone: string;
  validationDays: string;
}

async function publicPageForm(c: Ctx, values?: PublicValues, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const contract = await getContract(ctx.db, ctx.actor, pathId(c, "contract"));
  const v = values ?? {
    public: contract.public ? "yes" : "no",
    involvementContact: contract.involvementContact ?? "",
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
  involvementContact: "involvementContact",
  contactEmail: "contactEmail",
  contactPhone: "contactPhone",
  validationDays: "validationDays",
};

export const contractPeoplePages = new Hono<AppEnv>()
  .post("/contracts/:id/user-groups", authorize("involvement.link"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    // Another organisation's contract is not found, whatever the form holds.
    await findContract(ctx.db, ctx.actor, id);
    const organisationId = (await readForm(c)).str("organisationId", "short");
    if (!isUuid(organisationId)) {
      return redirectWith(c, `/contracts/${id}`, { kind: "important", heading: "Choose a group to link." });
    }
    try {
      const g = await linkUserGroup({ ctx, contractId: id, organisationId });
      return redirectWith(c, `/contracts/${id}`, {
        kind: "success",
        heading: `${g.name} is linked to this contract.`,
      });
    } catch (e) {
      if (e instanceof AppError && (e.code === "conflict" || e.code === "validation_failed"))
        return redirectWith(c, `/contracts/${id}`, {
          kind: "important",
          heading: e.errors?.[0]?.message ?? e.message,
        });
      throw e;
    }
  })
  .post("/contracts/:id/user-groups/:org/remove", authorize("involvement.link"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    await readForm(c);
    const org = c.req.param("org");
    if (!isUuid(org)) return c.notFound();
    await unlinkUserGroup({ ctx, contractId: id, organisationId: org });
    return redirectWith(c, `/contracts/${id}`, { kind: "success", heading: "The group is unlinked." });
  })
  .get("/contracts/:id/public-page", authorize("public_page.manage"), (c) => publicPageForm(c))
  .post("/contracts/:id/public-page", authorize("public_page.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    const form = await readForm(c);
    const values: PublicValues = {
      public: form.str("public", "short"),
      involvementContact: form.str("involvementContact"),
      contactEmail: form.str("contactEmail", "short"),
      contactPhone: form.str("contactPhone", "short"),
      validationDays: form.str("validationDays", "short"),
    };
    const errors: FieldErrors = form.textErrors({});
    if (values.public !== "yes" && values.public !== "no")
      errors.public = "Choose whether to publish the page";
    const contactProblem = textFieldProblem(
      values.involvementContact,
      "how to get involved",
      TEXT_LIMITS.involvementContact,
    );
    if (contactProblem) errors.involvementContact = contactProblem;
    if (values.contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.contactEmail))
      errors.contactEmail = "Enter an email address like name@example.org";
    if (values.contactPhone && !/^\+?[0-9][0-9 ()-]{5,30}$/.test(values.contactPhone))
      errors.contactPhone = "Enter a phone number, like 01632 960 001";
    const days = Number(values.validationDays);
    if (!/^\d+$/.test(values.validationDays) || days < 3 || days > 90)
      errors.validationDays = "Enter a number of days from 3 to 90";
    if (Object.keys(errors).length) return publicPageForm(c, values, errors);
    try {
      await updateContract({
        ctx,
        id,
        input: {
          public: values.public === "yes",
          involvementContact: values.involvementContact || null,
          contactEmail: values.contactEmail || null,
          contactPhone: values.contactPhone || null,
          validationDays: days,
        },
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, (p) => FIELD_OF[p]);
      if (mapped) return publicPageForm(c, values, { ...mapped.fields });
      throw e;
    }
    return redirectWith(c, `/contracts/${id}`, {
      kind: "success",
      heading:
        values.public === "yes" ? "The public page is published." : "The public page is not published.",
    });
  });
