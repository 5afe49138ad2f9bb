// The administrator's forms: add an organisation, add a user.
import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import { ROLE_POLICY, rolesForKind } from "../../model/access-policy.js";
import type { OrganisationKind } from "../../model/identity.js";
import {
  BackLink,
  Checkboxes,
  errorList,
  type FieldErrors,
  FormPage,
  Radios,
  TextInput,
} from "../components.js";
import { errorsFromAppError, labelled } from "../forms.js";
import { page } from "../layout.js";

export const KIND_TEXT: Record<OrganisationKind, string> = {
  commissioner: "Commissioning organisation",
  provider: "Provider",
  user_group: "Group of people who use the service",
};

/**
 * The organisations service's refusal of a name (or a kind) in the forms' words: the page's own for a name
 * left empty or a kind not chosen, the service's labelled for the rest ("The name must be 200 characters or
 * fewer"). A name that looks like or is close to another organisation's is answered by NameTaken and
 * NearMatch, which the pages read first.
 */
export function orgErrors(e: unknown, name: string) {
  const say = labelled({ name: "The name" });
  return errorsFromAppError(e, { name: "name", kind: "kind" }, (err) => {
    if (err.path === "name" && !name) return "Enter the name of the organisation";
    if (err.path === "kind") return "Choose what kind of organisation it is";
    return say(err);
  });
}

/** The question at the name field when the name is close to organisations the person can see. */
export const nearText = (near: ReadonlyArray<{ name: string }>) =>
  `Did you mean ${near.map((o) => o.name).join(" or ")}? ${near.length === 1 ? "It is" : "They are"} already on WithUs. If this is a different organisation, say so below`;

/** The box that says a name close to another organisation's is not a duplicate (confirmNotDuplicate). */
export function NotADuplicate({ near }: { near?: ReadonlyArray<{ name: string }> }) {
  if (!near?.length) return null;
  return (
    <Checkboxes
      name="confirmNotDuplicate"
      legend="Is this a different organisation?"
      legendSize="s"
      values={[]}
      items={[
        {
          value: "true",
          text: `Yes: it is not ${near.map((o) => o.name).join(" or ")}`,
        },
      ]}
    />
  );
}

/** The message at the name field when the name looks like an organisation's already on WithUs. */
export const takenText = (existing: string) =>
  `${existing} is already on WithUs. Two organisations cannot have names that look the same: choose another name`;

export function newOrgPage(
  c: Context<AppEnv>,
  values: { name: string; kind: string },
  errors: FieldErrors,
  near?: ReadonlyArray<{ name: string }>,
) {
  return page(
    c,
    {
      title: "Add an organisation",
      nav: "organisations",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: <BackLink href="/admin/organisations" />,
    },
    <FormPage
      title="Add an organisation"
      action="/admin/organisations"
      csrf={c.get("actor")?.csrfToken}
      submit="Add organisation"
    >
      <TextInput
        name="name"
        label="Name of the organisation"
        value={values.name}
        error={errors.name}
        labelSize="s"
      />
      <NotADuplicate near={near} />
      <Radios
        name="kind"
        legend="What kind of organisation is it?"
        legendSize="s"
        value={values.kind}
        error={errors.kind}
        items={[
          {
            value: "commissioner",
            text: KIND_TEXT.commissioner,
            hint: "A local authority or other body that commissions services",
          },
          {
            value: "provider",
            text: KIND_TEXT.provider,
            hint: "A treatment service that delivers a contract",
          },
        ]}
      />
    </FormPage>,
  );
}

export function newUserPage(
  c: Context<AppEnv>,
  org: { id: string; name: string; kind: OrganisationKind },
  values: { name: string; email: string; role: string },
  errors: FieldErrors,
  general: string[] = [],
) {
  const roles = rolesForKind(org.kind);
  const errs = [...errorList(errors), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: "Add a user",
      nav: "organisations",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href={`/admin/organisations/${org.id}`} />,
    },
    <FormPage
      caption={org.name}
      title="Add a user"
      action={`/admin/organisations/${org.id}/users`}
      csrf={c.get("actor")?.csrfToken}
      submit="Add user"
    >
      <TextInput
        name="name"
        label="Full name"
        value={values.name}
        error={errors.name}
        autocomplete="off"
        spellcheck={false}
        labelSize="s"
      />
      <TextInput
        name="email"
        label="Email address"
        type="email"
        value={values.email}
        error={errors.email}
        autocomplete="off"
        spellcheck={false}
        labelSize="s"
      />
      {roles.length > 1 ? (
        <Radios
          name="role"
          legend="Role"
          legendSize="s"
          value={values.role}
          error={errors.role}
          items={roles.map((r) => ({ value: r, text: ROLE_POLICY[r].label, hint: ROLE_POLICY[r].hint }))}
        />
      ) : (
        <input type="hidden" name="role" value={roles[0]} />
      )}
      {/* Only the operator sets a first password (addUser says why); everyone else's is an invitation. */}
      {c.get("actor")?.operator ? (
        <TextInput
          name="password"
          label="First password (optional)"
          hint="Leave this blank and we will email the person an invitation to choose their own password. If you set one, it must be at least 12 characters; give it to them safely."
          type="password"
          value=""
          error={errors.password}
          autocomplete="new-password"
          labelSize="s"
        />
      ) : null}
    </FormPage>,
  );
}
