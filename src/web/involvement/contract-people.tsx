// On the contract page: the user groups linked to the contract (a commissioner links and unlinks them) and
// whether the service's public page is published (set in public-page-form.tsx). The forms post to the
// same services as POST/DELETE /api/contracts/:id/user-groups.
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../../services/context.js";
import { findContract } from "../../services/contracts/queries.js";
import {
  type LinkedGroup,
  linkUserGroup,
  listUserGroups,
  unlinkUserGroup,
} from "../../services/involvement/user-groups.js";
import { listOrganisations } from "../../services/organisations/organisations.js";
import { Button, CsrfField, Select } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, pathId, readForm } from "../forms.js";

/** The section on the contract page. */
export async function peopleSection(
  ctx: ServiceCtx,
  contract: { id: string; public: boolean; slug: string | null },
  /** The group to choose in the linking form (the one just registered from it). */
  chosen?: string,
) {
  const groups = await listUserGroups({ ctx, input: { contractId: contract.id } });
  const options = can(ctx.actor, "involvement.link")
    ? (await listOrganisations({ ctx, input: { kind: "user_group" } })).filter(
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
  const commissioner = can(p.actor, "involvement.link");
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

export const contractPeoplePages = new Hono<AppEnv>()
  .post("/contracts/:id/user-groups", authorize("involvement.link"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    // Another organisation's contract is not found, whatever the form holds.
    await findContract({ ctx, input: { id } });
    const organisationId = (await readForm(c)).str("organisationId");
    if (!isUuid(organisationId)) {
      return redirectWith(c, `/contracts/${id}`, { kind: "important", heading: "Choose a group to link." });
    }
    try {
      const g = await linkUserGroup({ ctx, input: { contractId: id, organisationId } });
      return redirectWith(c, `/contracts/${id}`, {
        kind: "success",
        heading: `${g.name} is linked to this contract.`,
      });
    } catch (e) {
      const shown = errorsFromAppError(e, {}, undefined, { codes: ["conflict", "validation_failed"] });
      if (!shown) throw e;
      return redirectWith(c, `/contracts/${id}`, { kind: "important", heading: shown.general[0]! });
    }
  })
  .post("/contracts/:id/user-groups/:org/remove", authorize("involvement.link"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    await readForm(c);
    const org = c.req.param("org");
    if (!isUuid(org)) return c.notFound();
    await unlinkUserGroup({ ctx, input: { contractId: id, organisationId: org } });
    return redirectWith(c, `/contracts/${id}`, { kind: "success", heading: "The group is unlinked." });
  });
