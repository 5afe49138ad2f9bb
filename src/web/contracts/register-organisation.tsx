// Registering a provider (or a group of people who use the service) that is not on WithUs yet, with its
// first user invited: reached from the contract-letting form ("the provider is not on WithUs yet"), from
// the contract page's user-group linking form ("the group is not on WithUs yet", carrying the contract so
// the commissioner comes back to link the group) and from a commissioning administrator's users page.
// The same service as POST /api/organisations/register.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can, REGISTRABLE, type RegistrableKind } from "../../model/access-policy.js";
import { NameTaken, NearMatch } from "../../services/organisations/organisations.js";
import {
  ADDRESS_TAKEN,
  AlreadyOnWithUs,
  registerOrganisation,
} from "../../services/organisations/register.js";
import { NotADuplicate, nearText, takenText } from "../admin/admin-forms.js";
import {
  BackLink,
  errorList,
  type FieldErrors,
  Fieldset,
  FormPage,
  InsetText,
  TextInput,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, labelled, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

interface Values {
  kind: RegistrableKind;
  name: string;
  personName: string;
  email: string;
  /** The specification the commissioner was letting, to go back to the contract form with. */
  specification: string;
  /** The contract a group is being registered for, to go back to and link the group to. */
  contract: string;
}

const WORDS: Record<RegistrableKind, { title: string; noun: string; nameLabel: string; firstUser: string }> =
  {
    provider: {
      title: "Register a provider",
      noun: "provider",
      nameLabel: "Name of the provider",
      firstUser:
        "They will be the provider's administrator: they add their colleagues and manage their sign-in.",
    },
    user_group: {
      title: "Register a group of people who use the service",
      noun: "group",
      nameLabel: "Name of the group",
      firstUser:
        "They will be the group's representative: they see what the contract's provider shares with the group.",
    },
  };

const kindOf = (v: string | undefined): RegistrableKind => (v === "user_group" ? "user_group" : "provider");

/** The contract page a group was registered from, with the group chosen in its linking form. */
function contractPage(values: Values, groupId?: string) {
  const q = groupId ? `?${new URLSearchParams({ group: groupId })}` : "";
  return `/contracts/${values.contract}${q}#people-heading`;
}

/** Whether this registration is for a group, from a contract whose groups the caller links. */
const forContract = (actor: Parameters<typeof can>[0], values: Values) =>
  values.kind === "user_group" && isUuid(values.contract) && can(actor, "involvement.link");

/** The contract form, with the provider chosen when there is one. */
function contractForm(values: Values, providerId?: string) {
  const q = new URLSearchParams();
  if (isUuid(values.specification)) q.set("specification", values.specification);
  if (providerId) q.set("provider", providerId);
  return `/contracts/new${q.size ? `?${q}` : ""}`;
}

function registerPage(
  c: Ctx,
  values: Values,
  errors: FieldErrors,
  extra: {
    existing?: { id: string; name: string };
    near?: ReadonlyArray<{ id: string; name: string }>;
    general?: string[];
  } = {},
) {
  const { near, general = [] } = extra;
  // A near match is offered to choose as one already on WithUs is.
  const existing = extra.existing ?? (near?.length === 1 ? near[0] : undefined);
  const errs = [...errorList(errors), ...general.map((text) => ({ href: "", text }))];
  const actor = c.get("actor");
  const words = WORDS[values.kind];
  const letting = can(actor, "contract.write");
  const linking = forContract(actor, values);
  const back = linking ? contractPage(values) : letting ? contractForm(values) : "/admin/users";
  return page(
    c,
    {
      title: words.title,
      nav: letting ? "contracts" : "users",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href={back} />,
    },
    <FormPage
      title={words.title}
      action="/organisations/register"
      csrf={actor?.csrfToken}
      submit="Register and send the invitation"
      intro={
        existing && letting && values.kind === "provider" ? (
          <InsetText>
            <a class="govuk-link" href={contractForm(values, existing.id)}>
              Let the contract to {existing.name}
            </a>
          </InsetText>
        ) : existing && linking ? (
          <InsetText>
            <a class="govuk-link" href={contractPage(values, existing.id)}>
              Go back to the contract and link {existing.name}
            </a>
          </InsetText>
        ) : (
          <p class="govuk-body">
            Only register a {words.noun} that is not on WithUs yet. Organisations are shared: a {words.noun}{" "}
            that works with other councils is already here, and you choose it from the list instead.
          </p>
        )
      }
    >
      <input type="hidden" name="kind" value={values.kind} />
      <input type="hidden" name="specification" value={values.specification} />
      <input type="hidden" name="contract" value={values.contract} />
      <TextInput name="name" label={words.nameLabel} labelSize="s" value={values.name} error={errors.name} />
      <NotADuplicate near={near} />
      <Fieldset legend="Who should we invite?" legendSize="m">
        <p class="govuk-body">
          We will email them a link to join WithUs, valid for 7 days. {words.firstUser}
        </p>
        <TextInput
          name="personName"
          label="Full name"
          labelSize="s"
          value={values.personName}
          error={errors.personName}
          autocomplete="off"
          spellcheck={false}
        />
        <TextInput
          name="email"
          label="Email address"
          labelSize="s"
          type="email"
          value={values.email}
          error={errors.email}
          autocomplete="off"
          spellcheck={false}
        />
      </Fieldset>
    </FormPage>,
  );
}

export const registerOrganisationPages = new Hono<AppEnv>()
  .get("/organisations/register", authorize("organisation.register"), (c) =>
    registerPage(
      c,
      {
        kind: kindOf(c.req.query("kind")),
        name: "",
        personName: "",
        email: "",
        specification: isUuid(c.req.query("specification")) ? c.req.query("specification")! : "",
        contract: isUuid(c.req.query("contract")) ? c.req.query("contract")! : "",
      },
      {},
    ),
  )
  .post("/organisations/register", authorize("organisation.register"), async (c) => {
    const form = await readForm(c);
    const values: Values = {
      kind: kindOf(form.str("kind")),
      name: form.str("name"),
      personName: form.str("personName"),
      email: form.str("email"),
      specification: isUuid(form.str("specification")) ? form.str("specification") : "",
      contract: isUuid(form.str("contract")) ? form.str("contract") : "",
    };
    const ctx = serviceCtx(c);
    try {
      const { organisation } = await registerOrganisation({
        ctx,
        input: {
          name: values.name,
          kind: values.kind,
          confirmNotDuplicate: form.str("confirmNotDuplicate") === "true",
          firstUser: { name: values.personName, email: values.email, role: REGISTRABLE[values.kind] },
        },
      });
      const flash = {
        kind: "success" as const,
        heading: `${organisation.name} is registered`,
        body: `We have emailed ${values.email} an invitation, valid for 7 days.`,
      };
      if (values.kind === "provider" && can(ctx.actor, "contract.write"))
        return redirectWith(c, contractForm(values, organisation.id), flash);
      if (forContract(ctx.actor, values))
        return redirectWith(c, contractPage(values, organisation.id), {
          ...flash,
          body: `${flash.body} Now link the group to this contract.`,
        });
      return redirectWith(c, can(ctx.actor, "contract.read") ? "/contracts" : "/admin/users", flash);
    } catch (e) {
      if (e instanceof AlreadyOnWithUs) {
        const words = WORDS[values.kind];
        return registerPage(
          c,
          values,
          {
            name: `${e.existing.name} is already on WithUs: choose it from the list of ${words.noun}s instead`,
          },
          { existing: e.existing },
        );
      }
      if (e instanceof NameTaken) return registerPage(c, values, { name: takenText(e.existing.name) });
      if (e instanceof NearMatch)
        return registerPage(c, values, { name: nearText(e.matches) }, { near: e.matches });
      const mapped = errorsFromAppError(
        e,
        (p) => ({ "firstUser/email": "email", "firstUser/name": "personName", name: "name" })[p],
        // The service's words, but the page's where a field was left empty or the address is taken.
        (err) =>
          err.path === "name" && !values.name
            ? "Enter the name of the organisation"
            : err.path === "firstUser/name" && !values.personName
              ? "Enter the full name of the person to invite"
              : err.path === "firstUser/email" && !values.email
                ? "Enter their email address"
                : err.path === "firstUser/email" && err.message === ADDRESS_TAKEN
                  ? "This person is already on WithUs with another organisation: enter someone else's email address"
                  : labelled({ name: "the name", "firstUser/name": "the full name" })(err),
      );
      if (!mapped) throw e;
      return registerPage(c, values, mapped.fields, { general: mapped.general });
    }
  });
