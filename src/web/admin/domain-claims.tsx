// Email domain claims in the admin pages: an organisation's administrator asks for a domain and sees where
// each claim stands; the service operator approves or refuses, and moves or deactivates the accounts other
// organisations have at the domain. The same services as /api/organisations/:id/domain-claims and
// /api/domain-claims.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { kindAllowsRole, ROLE_POLICY } from "../../model/access-policy.js";
import { formatDate } from "../../model/dates.js";
import { DOMAIN_CLAIM_STATUS_WORDS, type DomainClaimStatus } from "../../model/email-domains.js";
import {
  type DomainClaimView,
  decideDomainClaim,
  getDomainClaim,
  listDomainClaims,
  listOrganisationDomainClaims,
  requestDomainClaim,
  resolveDomainConflict,
} from "../../services/organisations/domain-claims.js";
import { getOrganisation } from "../../services/organisations/organisations.js";
import {
  ActionForm,
  BackLink,
  Button,
  errorList,
  type FieldErrors,
  FormPage,
  SummaryList,
  Table,
  Tag,
  TextInput,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

const COLOUR: Record<DomainClaimStatus, "yellow" | "green" | "red"> = {
  requested: "yellow",
  approved: "green",
  refused: "red",
};

const StatusTag = ({ status }: { status: DomainClaimStatus }) => (
  <Tag text={DOMAIN_CLAIM_STATUS_WORDS[status]} colour={COLOUR[status]} />
);

const allowedText = (c: DomainClaimView) =>
  c.allowedOrganisations.length ? c.allowedOrganisations.map((o) => o.name).join(", ") : "None";

async function domainsPage(c: Ctx, value: string, errors: FieldErrors, general: string[] = []) {
  const ctx = serviceCtx(c);
  const claims = await listOrganisationDomainClaims({
    ctx,
    input: { organisationId: ctx.actor.organisationId },
  });
  const status = Object.keys(errors).length || general.length ? 422 : 200;
  return page(
    c,
    {
      title: "Email domains",
      nav: "domains",
      errors: [...errorList(errors), ...general.map((text) => ({ text, href: "#domain" }))],
      status,
    },
    <>
      <FormPage
        caption={ctx.actor.organisationName}
        title="Email domains"
        action="/admin/domains"
        csrf={c.get("actor")?.csrfToken}
        submit="Ask for this domain"
        intro={
          <p class="govuk-body">
            Ask for your organisation's own email domain. Once the service operator approves it, new accounts
            at that domain can only be in your organisation. Shared and personal domains, such as nhs.net or
            gmail.com, cannot be claimed.
          </p>
        }
      >
        <TextInput
          name="domain"
          label="Email domain"
          hint="The part of your colleagues' addresses after the @, like council.gov.uk"
          value={value}
          error={errors.domain}
          spellcheck={false}
          autocomplete="off"
          labelSize="s"
        />
      </FormPage>
      {claims.length ? (
        <Table caption="Your claims" captionSize="m" head={["Domain", "Also allowed", "Asked on", "Status"]}>
          {claims.map((claim) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{claim.domain}</td>
              <td class="govuk-table__cell">{allowedText(claim)}</td>
              <td class="govuk-table__cell">{formatDate(claim.createdAt)}</td>
              <td class="govuk-table__cell">
                <StatusTag status={claim.status} />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>,
  );
}

async function claimPage(c: Ctx, id: string) {
  const ctx = serviceCtx(c);
  const claim = await getDomainClaim({ ctx, input: { id } });
  const claimant = await getOrganisation({ ctx, input: { id: claim.organisationId } });
  const csrf = c.get("actor")?.csrfToken;
  return page(
    c,
    {
      title: `Claim to ${claim.domain}`,
      nav: "domain-claims",
      before: <BackLink href="/admin/domain-claims" />,
    },
    <>
      <span class="govuk-caption-l">{claim.organisationName}</span>
      <h1 class="govuk-heading-l">Claim to {claim.domain}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <StatusTag status={claim.status} /> },
          { key: "Asked for by", value: claim.organisationName },
          { key: "Also allowed", value: allowedText(claim) },
          { key: "Asked on", value: formatDate(claim.createdAt) },
          ...(claim.heldBy ? [{ key: "Held now by", value: claim.heldBy.name }] : []),
          ...(claim.otherSingleSignOn
            ? [{ key: "Single sign-on now", value: claim.otherSingleSignOn.name }]
            : []),
        ]}
      />
      {claim.status === "requested" ? (
        <ActionForm
          action={`/admin/domain-claims/${claim.id}/decision`}
          csrf={csrf}
          className="govuk-button-group"
        >
          <Button name="decision" value="approve">
            Approve
          </Button>
          <Button name="decision" value="refuse" secondary>
            Refuse
          </Button>
        </ActionForm>
      ) : null}
      <h2 class="govuk-heading-m">Accounts of other organisations at {claim.domain}</h2>
      {claim.conflicts.length === 0 ? (
        <p class="govuk-body">There are none.</p>
      ) : (
        <Table
          caption={`Accounts of other organisations at ${claim.domain}`}
          captionHidden
          head={["Name", "Email", "Organisation", "Role", "Action"]}
        >
          {claim.conflicts.map((u) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{u.name}</td>
              <td class="govuk-table__cell">{u.email}</td>
              <td class="govuk-table__cell">{u.organisationName}</td>
              <td class="govuk-table__cell">
                {ROLE_POLICY[u.role].label}
                {u.active ? "" : " (deactivated)"}
              </td>
              <td class="govuk-table__cell">
                <ActionForm action={`/admin/domain-claims/${claim.id}/conflicts/${u.id}`} csrf={csrf}>
                  {kindAllowsRole(claimant.kind, u.role) ? (
                    <Button name="action" value="move" secondary>
                      Move to {claim.organisationName}
                      <span class="govuk-visually-hidden"> ({u.email})</span>
                    </Button>
                  ) : null}
                  {u.active ? (
                    <Button name="action" value="deactivate" warning>
                      Deactivate<span class="govuk-visually-hidden"> {u.email}</span>
                    </Button>
                  ) : null}
                </ActionForm>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>,
  );
}

export const domainClaimPages = new Hono<AppEnv>()
  .get("/admin/domains", authorize("domain_claim.request"), (c) => domainsPage(c, "", {}))
  .post("/admin/domains", authorize("domain_claim.request"), async (c) => {
    const ctx = serviceCtx(c);
    const domain = (await readForm(c)).str("domain");
    if (!domain) return domainsPage(c, domain, { domain: "Enter an email domain, like council.gov.uk" });
    try {
      await requestDomainClaim({ ctx, input: { organisationId: ctx.actor.organisationId, domain } });
    } catch (e) {
      // The messages start with the domain as typed, which keeps its lower case.
      const mapped = errorsFromAppError(
        e,
        (p) => (p === "domain" ? "domain" : undefined),
        (err) => err.message,
      );
      if (!mapped) throw e;
      return domainsPage(c, domain, mapped.fields, mapped.general);
    }
    return redirectWith(c, "/admin/domains", {
      kind: "success",
      heading: "Your claim is with the service operator",
    });
  })
  .get("/admin/domain-claims", authorize("domain_claim.decide"), async (c) => {
    const claims = await listDomainClaims({ ctx: serviceCtx(c) });
    return page(
      c,
      { title: "Domain claims", nav: "domain-claims", wide: true },
      <>
        <h1 class="govuk-heading-l">Domain claims</h1>
        {claims.length === 0 ? (
          <p class="govuk-body">No organisation has asked for an email domain yet.</p>
        ) : (
          <Table
            caption="Domain claims"
            captionHidden
            head={["Domain", "Organisation", "Asked on", "Status"]}
          >
            {claims.map((claim) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/admin/domain-claims/${claim.id}`}>
                    {claim.domain}
                  </a>
                </td>
                <td class="govuk-table__cell">{claim.organisationName}</td>
                <td class="govuk-table__cell">{formatDate(claim.createdAt)}</td>
                <td class="govuk-table__cell">
                  <StatusTag status={claim.status} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </>,
    );
  })
  .get("/admin/domain-claims/:id", authorize("domain_claim.decide"), (c) =>
    claimPage(c, pathId(c, "domain claim")),
  )
  .post("/admin/domain-claims/:id/decision", authorize("domain_claim.decide"), async (c) => {
    const id = pathId(c, "domain claim");
    const decision = (await readForm(c)).str("decision");
    if (decision !== "approve" && decision !== "refuse") return claimPage(c, id);
    const claim = await decideDomainClaim({ ctx: serviceCtx(c), input: { id, decision } });
    return redirectWith(c, `/admin/domain-claims/${id}`, {
      kind: "success",
      heading: `${claim.domain} ${decision === "approve" ? "approved for" : "refused to"} ${claim.organisationName}`,
    });
  })
  .post("/admin/domain-claims/:id/conflicts/:userId", authorize("domain_claim.decide"), async (c) => {
    const id = pathId(c, "domain claim");
    const userId = c.req.param("userId");
    const action = (await readForm(c)).str("action");
    if (!isUuid(userId) || (action !== "move" && action !== "deactivate")) return claimPage(c, id);
    const user = await resolveDomainConflict({ ctx: serviceCtx(c), input: { claimId: id, userId, action } });
    return redirectWith(c, `/admin/domain-claims/${id}`, {
      kind: "success",
      heading: `${user.email} ${action === "move" ? "moved" : "deactivated"}`,
    });
  });
