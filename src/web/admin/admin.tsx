// Administration in the browser: organisations (commissioning bodies and providers) and their users.
// The same services and the same access policy as /api/organisations and /api/users: administrators manage
// their own organisation's users, the operator every organisation.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can, ROLE_POLICY } from "../../model/access-policy.js";
import {
  type Actor,
  hasJoined,
  type Joining,
  type OrganisationKind,
  type Role,
} from "../../model/identity.js";
import { countOf } from "../../model/plural.js";
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  NameTaken,
  NearMatch,
} from "../../services/organisations/organisations.js";
import { addUser, cancelInvitation, resendInvitation } from "../../services/users/invitations.js";
import { listUsers, updateUser } from "../../services/users/users.js";
import { ActionForm, Breadcrumbs, ButtonLink, SummaryList, Table, Tag, withGeneral } from "../components.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";
import { KIND_TEXT, nearText, newOrgPage, newUserPage, orgErrors, takenText } from "./admin-forms.js";

type Ctx = Context<AppEnv>;

const orgId = (c: Ctx) => pathId(c, "organisation");

export const adminPages = new Hono<AppEnv>()
  .get("/admin", authorize("user.manage"), (c) =>
    c.redirect(can(c.get("actor"), "organisation.manage") ? "/admin/organisations" : "/admin/users", 303),
  )
  .get("/admin/organisations", authorize("organisation.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const orgs = await listOrganisations({ ctx });
    const people = await listUsers({ ctx });
    return page(
      c,
      { title: "Organisations", nav: "organisations" },
      <>
        <h1 class="govuk-heading-l">Organisations</h1>
        <ButtonLink href="/admin/organisations/new">Add an organisation</ButtonLink>
        <Table
          caption={countOf(orgs.length, "organisation")}
          head={["Name", "Kind", { text: "Users", numeric: true }]}
          scroll="Organisations"
        >
          {orgs.map((o) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                <a class="govuk-link" href={`/admin/organisations/${o.id}`}>
                  {o.name}
                </a>
              </td>
              <td class="govuk-table__cell">
                <Tag text={KIND_TEXT[o.kind]} colour={o.kind === "provider" ? "purple" : "blue"} />
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {people.filter((u) => u.organisationId === o.id).length}
              </td>
            </tr>
          ))}
        </Table>
      </>,
    );
  })
  .get("/admin/organisations/new", authorize("organisation.manage"), (c) =>
    newOrgPage(c, { name: "", kind: "" }, {}),
  )
  .post("/admin/organisations", authorize("organisation.manage"), async (c) => {
    const form = await readForm(c);
    const values = { name: form.str("name"), kind: form.str("kind") };
    const confirmed = form.str("confirmNotDuplicate") === "true";
    // The form settles which kind was chosen (the two it offers); createOrganisation judges the rest.
    const kind = values.kind === "commissioner" || values.kind === "provider" ? values.kind : "";
    let org: Awaited<ReturnType<typeof createOrganisation>>;
    try {
      org = await createOrganisation({
        ctx: serviceCtx(c),
        input: { name: values.name, kind: kind as OrganisationKind, confirmNotDuplicate: confirmed },
      });
    } catch (e) {
      if (e instanceof NearMatch) return newOrgPage(c, values, { name: nearText(e.matches) }, e.matches);
      if (e instanceof NameTaken) return newOrgPage(c, values, { name: takenText(e.existing.name) });
      const mapped = orgErrors(e, values.name);
      if (!mapped) throw e;
      return newOrgPage(c, values, withGeneral(mapped.fields, mapped.general));
    }
    return redirectWith(c, `/admin/organisations/${org.id}`, {
      kind: "success",
      heading: `${org.name} added`,
      body: "Now add its users.",
    });
  })
  .get("/admin/organisations/:id", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const org = await getOrganisation({ ctx, input: { id: orgId(c) } });
    const people = await listUsers({ ctx, input: { organisationId: org.id } });
    return page(
      c,
      {
        title: org.name,
        nav: can(ctx.actor, "organisation.manage") ? "organisations" : "users",
        before: (
          <Breadcrumbs
            items={[
              can(ctx.actor, "organisation.manage")
                ? { href: "/admin/organisations", text: "Organisations" }
                : { href: "/admin/users", text: "Users" },
              { text: org.name },
            ]}
          />
        ),
      },
      <>
        <h1 class="govuk-heading-l">{org.name}</h1>
        <SummaryList
          rows={[
            {
              key: "Name",
              value: org.name,
              action: can(ctx.actor, "organisation.manage")
                ? { href: `/admin/organisations/${org.id}/name`, text: "Change", hidden: "the name" }
                : undefined,
            },
            { key: "Kind", value: KIND_TEXT[org.kind] },
            { key: "Added", value: formatDay(org.createdAt) },
          ]}
        />
        <h2 class="govuk-heading-m">Users</h2>
        <ButtonLink href={`/admin/organisations/${org.id}/users/new`}>Add a user</ButtonLink>
        <UserTable people={people} actor={ctx.actor} back={`/admin/organisations/${org.id}`} />
      </>,
    );
  })
  .get("/admin/organisations/:id/users/new", authorize("user.manage"), async (c) => {
    const org = await getOrganisation({ ctx: serviceCtx(c), input: { id: orgId(c) } });
    return newUserPage(c, org, { name: "", email: "", role: "" }, {});
  })
  .post("/admin/organisations/:id/users", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const org = await getOrganisation({ ctx, input: { id: orgId(c) } });
    const form = await readForm(c);
    const values = { name: form.str("name"), email: form.str("email"), role: form.str("role") };
    const password = form.raw("password");
    try {
      const input = { ...values, organisationId: org.id };
      await addUser({ ctx, input: password ? { ...input, password } : input });
    } catch (e) {
      // The service's errors at the fields, in the page's words where the field was left empty; a
      // conflict: the address already has an account.
      const mapped = errorsFromAppError(
        e,
        (p) => (["name", "email", "role", "password"].includes(p) ? p : undefined),
        (err) =>
          err.path === "name" && !values.name
            ? "Enter the person's full name"
            : err.path === "email" && !values.email
              ? "Enter an email address"
              : err.path === "role"
                ? "Choose a role"
                : err.path === "password"
                  ? capitalise(err.message.replace(/^password /, "The password "))
                  : labelled({ name: "the full name" })(err),
        { whole: { conflict: "email" } },
      );
      if (!mapped) throw e;
      return newUserPage(c, org, values, mapped.fields, mapped.general);
    }
    return redirectWith(c, `/admin/organisations/${org.id}`, {
      kind: "success",
      heading: `${values.name} ${password ? "added" : "invited"} as ${ROLE_POLICY[values.role as Role].label.toLowerCase()}`,
      body: password ? undefined : `We have emailed ${values.email} an invitation, valid for 7 days.`,
    });
  })
  .get("/admin/users", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const people = await listUsers({ ctx });
    const orgs = new Map((await listOrganisations({ ctx })).map((o) => [o.id, o.name]));
    return page(
      c,
      { title: "Users", nav: "users" },
      <>
        <h1 class="govuk-heading-l">Users</h1>
        <p class="govuk-body">To add a user, go to their organisation.</p>
        {can(ctx.actor, "organisation.register") ? (
          <p class="govuk-body">
            <a class="govuk-link" href="/organisations/register?kind=provider">
              Register a provider that is not on WithUs yet
            </a>
          </p>
        ) : null}
        <UserTable people={people} orgs={orgs} actor={ctx.actor} back="/admin/users" />
      </>,
    );
  })
  .post("/admin/users/:id/invitation", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "user");
    const form = await readForm(c);
    const cancel = form.str("action") === "cancel";
    if (cancel) await cancelInvitation({ ctx, input: { userId: id } });
    else await resendInvitation({ ctx, input: { userId: id } });
    return redirectWith(c, safeBack(form.str("back")), {
      kind: "success",
      heading: cancel ? "The invitation is cancelled" : "A new invitation is on its way",
    });
  })
  .post("/admin/users/:id/active", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "user");
    const form = await readForm(c);
    const active = form.str("active") === "true";
    const user = await updateUser({ ctx, input: { id, active } });
    return redirectWith(c, safeBack(form.str("back")), {
      kind: "success",
      heading: `${user.name} ${active ? "can sign in again" : "can no longer sign in"}`,
    });
  });

/** Where a user-list action returns to: one of the two lists of users, nowhere else. */
const safeBack = (back: string) =>
  back === "/admin/users" || /^\/admin\/organisations\/[0-9a-f-]{36}$/.test(back) ? back : "/admin/users";

function UserTable(p: {
  people: Array<
    Joining &
      Record<"id" | "name" | "email" | "organisationId", string> & {
        role: Role;
        active: boolean;
        operator: boolean;
      }
  >;
  orgs?: Map<string, string>;
  /** The caller: only an operator deactivates an operator or changes their role. */
  actor: Actor;
  back: string;
}) {
  if (!p.people.length) return <p class="govuk-body">No users yet.</p>;
  return (
    <Table
      caption="Users"
      captionSize="s"
      captionHidden
      head={[
        "Name",
        "Email address",
        p.orgs ? "Organisation" : null,
        "Role",
        "Status",
        { text: <span class="govuk-visually-hidden">Action</span> },
      ]}
      scroll="Users"
    >
      {p.people.map((u) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            {u.name}
            <br />
            <a class="govuk-link govuk-body-s" href={`/admin/users/${u.id}/tokens`}>
              Sign-in and API tokens<span class="govuk-visually-hidden"> of {u.name}</span>
            </a>
          </td>
          <td class="govuk-table__cell app-long-text">{u.email}</td>
          {p.orgs ? (
            <td class="govuk-table__cell">
              <a class="govuk-link" href={`/admin/organisations/${u.organisationId}`}>
                {p.orgs.get(u.organisationId) ?? ""}
              </a>
            </td>
          ) : null}
          <td class="govuk-table__cell">{ROLE_POLICY[u.role].label}</td>
          <td class="govuk-table__cell">
            {!u.active ? (
              <Tag text="Deactivated" colour="grey" />
            ) : hasJoined(u) ? (
              <Tag text="Active" colour="green" />
            ) : (
              <Tag text="Invited" colour="blue" />
            )}
          </td>
          <td class="govuk-table__cell">
            {u.id === p.actor.userId ? (
              "You"
            ) : u.operator && !p.actor.operator ? (
              "Service operator"
            ) : u.active && !hasJoined(u) ? (
              <>
                <ActionForm
                  action={`/admin/users/${u.id}/invitation`}
                  csrf={p.actor.csrfToken}
                  fields={{ action: "resend", back: p.back }}
                >
                  <button type="submit" class="app-link-button">
                    Send a new invitation<span class="govuk-visually-hidden"> to {u.name}</span>
                  </button>
                </ActionForm>
                <ActionForm
                  action={`/admin/users/${u.id}/invitation`}
                  csrf={p.actor.csrfToken}
                  fields={{ action: "cancel", back: p.back }}
                >
                  <button type="submit" class="app-link-button">
                    Cancel the invitation<span class="govuk-visually-hidden"> of {u.name}</span>
                  </button>
                </ActionForm>
              </>
            ) : (
              <ActionForm
                action={`/admin/users/${u.id}/active`}
                csrf={p.actor.csrfToken}
                fields={{ active: u.active ? "false" : "true", back: p.back }}
              >
                <button type="submit" class="app-link-button">
                  {u.active ? "Deactivate" : "Reactivate"}
                  <span class="govuk-visually-hidden"> {u.name}</span>
                </button>
              </ActionForm>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
