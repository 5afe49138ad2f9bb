// Inviting representatives into a user group linked to a contract, in the browser: a commissioner invites
// and follows the invitations they sent; a representative invites fellow representatives and sees who is
// in their group. The same services as /api/contracts/:id/user-groups/:organisationId/invitations.
import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { ServiceCtx } from "../../services/context.js";
import { getContract } from "../../services/contracts/queries.js";
import {
  cancelGroupInvitation,
  type GroupInvitations,
  type GroupMember,
  inviteRepresentative,
  listGroupInvitations,
  resendGroupInvitation,
} from "../../services/involvement/group-invitations.js";
import {
  ActionForm,
  Breadcrumbs,
  errorList,
  type FieldErrors,
  FormPage,
  Table,
  Tag,
  TextInput,
} from "../components.js";
import { contractCrumbs } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";

type Ctx = Context<AppEnv>;

/** The contract and group in the address, checked as the API checks them (404 for anyone else's). */
function target(c: Ctx) {
  const contractId = pathId(c, "contract");
  const organisationId = c.req.param("org");
  if (!isUuid(organisationId)) throw notFound("user group");
  return { contractId, organisationId };
}

const pathOf = (t: { contractId: string; organisationId: string }) =>
  `/contracts/${t.contractId}/user-groups/${t.organisationId}/invitations`;

const STATUS: Record<GroupMember["status"], { text: string; colour: "blue" | "green" | "grey" }> = {
  invited: { text: "Invited", colour: "blue" },
  joined: { text: "Joined", colour: "green" },
  cancelled: { text: "Cancelled", colour: "grey" },
};

async function invitationsPage(
  c: Ctx,
  ctx: ServiceCtx,
  values: { name: string; email: string } = { name: "", email: "" },
  errors: FieldErrors = {},
) {
  const t = target(c);
  const group = await listGroupInvitations({ ctx, input: t });
  const contract = await getContract({ ctx, input: { id: t.contractId } });
  const representative = ctx.actor.organisationKind === "user_group";
  const title = representative ? `People in ${group.name}` : `Invite a representative of ${group.name}`;
  return page(
    c,
    {
      title,
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: representative ? (
        <Breadcrumbs items={[{ href: "/involvement", text: "Your services" }, { text: "Your group" }]} />
      ) : (
        contractCrumbs(contract, "Invite a representative")
      ),
    },
    <>
      <FormPage
        title={title}
        caption={representative ? undefined : `Contract ${contract.reference}`}
        action={pathOf(t)}
        csrf={ctx.actor.csrfToken}
        submit="Send the invitation"
        intro={
          representative ? (
            <p class="govuk-body">
              You can invite someone else who speaks for your group. We will email them a link. They use it to
              choose a password. The link works for 7 days.
            </p>
          ) : (
            <>
              <p class="govuk-body">
                We will email them a link to set up their account, in plain words. The link works for 7 days.
                They will see the services {group.name} is linked to, and nothing else.
              </p>
              <p class="govuk-body">
                You will see only the people you invite. The group's representatives can invite others
                themselves.
              </p>
            </>
          )
        }
      >
        <TextInput
          name="name"
          label="Full name"
          labelSize="s"
          autocomplete="off"
          spellcheck={false}
          value={values.name}
          error={errors.name}
        />
        <TextInput
          name="email"
          label="Email address"
          labelSize="s"
          type="email"
          autocomplete="off"
          spellcheck={false}
          value={values.email}
          error={errors.email}
        />
      </FormPage>
      <Members group={group} path={pathOf(t)} csrf={ctx.actor.csrfToken} representative={representative} />
    </>,
  );
}

function Members(p: {
  group: GroupInvitations;
  path: string;
  csrf: string | undefined;
  representative: boolean;
}) {
  const caption = p.representative ? "Who is in your group" : "People you have invited";
  if (!p.group.members.length)
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">No one yet.</p>
      </>
    );
  return (
    <Table
      caption={caption}
      head={[
        "Name",
        p.representative ? null : "Email address",
        "Status",
        { text: <span class="govuk-visually-hidden">Action</span> },
      ]}
      scroll={caption}
    >
      {p.group.members.map((m) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">{m.name}</td>
          {p.representative ? null : <td class="govuk-table__cell app-long-text">{m.email}</td>}
          <td class="govuk-table__cell">
            <Tag {...STATUS[m.status]} />
            <br />
            <span class="govuk-body-s">Invited on {formatDay(m.invitedAt)}</span>
          </td>
          <td class="govuk-table__cell">
            {m.status === "invited" ? (
              <>
                <ActionForm action={`${p.path}/${m.id}/resend`} csrf={p.csrf}>
                  <button type="submit" class="app-link-button">
                    Send a new link<span class="govuk-visually-hidden"> to {m.name}</span>
                  </button>
                </ActionForm>
                <ActionForm action={`${p.path}/${m.id}/cancel`} csrf={p.csrf}>
                  <button type="submit" class="app-link-button">
                    Cancel the invitation<span class="govuk-visually-hidden"> of {m.name}</span>
                  </button>
                </ActionForm>
              </>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Resend or cancel; an invitation already accepted or cancelled is said so on the page. */
async function memberAction(c: Ctx, action: "resend" | "cancel") {
  const ctx = serviceCtx(c);
  const t = target(c);
  await readForm(c);
  const userId = c.req.param("user");
  if (!isUuid(userId)) throw notFound("invitation");
  try {
    const user =
      action === "resend"
        ? await resendGroupInvitation({ ctx, input: { ...t, userId } })
        : await cancelGroupInvitation({ ctx, input: { ...t, userId } });
    return redirectWith(c, pathOf(t), {
      kind: "success",
      heading:
        action === "resend"
          ? `A new link is on its way to ${user.name}`
          : `The invitation of ${user.name} is cancelled`,
    });
  } catch (e) {
    const shown = errorsFromAppError(e, {}, undefined, { codes: ["conflict"] });
    if (!shown) throw e;
    return redirectWith(c, pathOf(t), { kind: "important", heading: shown.general.join(" ") });
  }
}

export const groupInvitationPages = new Hono<AppEnv>()
  .get("/contracts/:id/user-groups/:org/invitations", authorize("user_group.invite"), (c) =>
    invitationsPage(c, serviceCtx(c)),
  )
  .post("/contracts/:id/user-groups/:org/invitations", authorize("user_group.invite"), async (c) => {
    const ctx = serviceCtx(c);
    const t = target(c);
    // Another council's contract, or a group not linked to it, is not found, whatever the form holds.
    const group = await listGroupInvitations({ ctx, input: t });
    const form = await readForm(c);
    const values = { name: form.str("name"), email: form.str("email") };
    try {
      await inviteRepresentative({ ctx, input: { ...t, ...values } });
    } catch (e) {
      // A conflict: the address already has an account.
      const mapped = errorsFromAppError(
        e,
        { name: "name", email: "email" },
        (err) =>
          err.path === "name" && !values.name
            ? "Enter their full name"
            : err.path === "email"
              ? values.email
                ? "Enter an email address like name@example.org"
                : "Enter their email address"
              : labelled({ name: "the full name" })(err),
        { whole: { conflict: "email" } },
      );
      if (!mapped) throw e;
      return invitationsPage(c, ctx, values, mapped.fields);
    }
    return redirectWith(c, pathOf(t), {
      kind: "success",
      heading: `We have invited ${values.name}`,
      body: `They will get an email at ${values.email} with a link to join ${group.name}. The link works for 7 days.`,
    });
  })
  .post("/contracts/:id/user-groups/:org/invitations/:user/resend", authorize("user_group.invite"), (c) =>
    memberAction(c, "resend"),
  )
  .post("/contracts/:id/user-groups/:org/invitations/:user/cancel", authorize("user_group.invite"), (c) =>
    memberAction(c, "cancel"),
  );
