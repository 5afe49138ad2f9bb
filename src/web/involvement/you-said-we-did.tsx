// "You said, we did" in the browser: the provider writes what people said and what changed, a reviewer of
// the council approves it (or not), and approved entries reach the public page and the contract's groups.
// The same services as POST /api/contracts/:id/you-said-we-did and POST /api/you-said-we-did/:id/decision.
import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { getContract } from "../../services/contracts/queries.js";
import {
  createYouSaid,
  decideYouSaid,
  listYouSaid,
  type YouSaidView,
} from "../../services/involvement/you-said-we-did.js";
import {
  ActionForm,
  Breadcrumbs,
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Paragraphs,
  Tag,
  Textarea,
} from "../components.js";
import { contractCrumbs } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";

type Ctx = Context<AppEnv>;

const STATUS: Record<YouSaidView["status"], { text: string; colour: "blue" | "green" | "grey" }> = {
  proposed: { text: "Waiting for approval", colour: "blue" },
  approved: { text: "Approved", colour: "green" },
  rejected: { text: "Not approved", colour: "grey" },
};

const pathOf = (contractId: string) => `/contracts/${contractId}/you-said-we-did`;

interface Values {
  youSaid: string;
  weDid: string;
}

async function youSaidPage(c: Ctx, values: Values = { youSaid: "", weDid: "" }, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const contract = await getContract({ ctx, input: { id: pathId(c, "contract") } });
  const entries = await listYouSaid({ ctx, input: { contractId: contract.id } });
  const representative = ctx.actor.organisationKind === "user_group";
  const mayWrite = can(ctx.actor, "you_said_we_did.write");
  const mayDecide = can(ctx.actor, "you_said_we_did.decide");
  return page(
    c,
    {
      title: "You said, we did",
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: representative ? (
        <Breadcrumbs
          items={[
            { href: "/involvement", text: "Your services" },
            { href: `/involvement/contracts/${contract.id}`, text: contract.serviceName },
            { text: "You said, we did" },
          ]}
        />
      ) : (
        contractCrumbs(contract, "You said, we did")
      ),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {representative ? contract.serviceName : `Contract ${contract.reference}`}
        </span>
        <h1 class="govuk-heading-l">You said, we did</h1>
        {representative ? (
          <p class="govuk-body">What people said about the service, and what changed because of it.</p>
        ) : (
          <p class="govuk-body">
            What people who use the service said, and what changed because of it. The provider writes each
            entry. A reviewer at the council approves it. Approved entries show on the service's public page
            and to the groups linked to this contract. Entries never name anyone.
          </p>
        )}
        {entries.length === 0 ? (
          <p class="govuk-body">Nothing yet.</p>
        ) : (
          <ul class="govuk-list app-you-said">
            {entries.map((y) => (
              <li>
                {representative ? null : (
                  <p class="govuk-body">
                    <Tag {...STATUS[y.status]} /> Written on {formatDay(y.createdAt)}
                  </p>
                )}
                <p class="govuk-body">
                  <strong>You said:</strong>
                </p>
                <Paragraphs text={y.youSaid} />
                <p class="govuk-body">
                  <strong>We did:</strong>
                </p>
                <Paragraphs text={y.weDid} />
                {mayDecide && y.status === "proposed" ? (
                  <div class="app-actions">
                    {(["approved", "rejected"] as const).map((decision) => (
                      <ActionForm
                        action={`${pathOf(contract.id)}/${y.id}/decision`}
                        csrf={ctx.actor.csrfToken}
                        fields={{ decision }}
                      >
                        <Button secondary={decision === "rejected"}>
                          {decision === "approved" ? "Approve" : "Do not approve"}
                          <span class="govuk-visually-hidden">
                            {" "}
                            the entry written on {formatDay(y.createdAt)}
                          </span>
                        </Button>
                      </ActionForm>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayWrite ? (
          <form method="post" action={pathOf(contract.id)} novalidate>
            <CsrfField token={ctx.actor.csrfToken} />
            <h2 class="govuk-heading-m">Write an entry</h2>
            <Textarea
              name="youSaid"
              label="What people said"
              labelSize="s"
              hint="Short sentences. Do not write anyone's name."
              value={values.youSaid}
              error={errors.youSaid}
              rows={3}
            />
            <Textarea
              name="weDid"
              label="What you did about it"
              labelSize="s"
              hint="What changed, and when. A reviewer at the council approves it before anyone else sees it."
              value={values.weDid}
              error={errors.weDid}
              rows={3}
            />
            <Button>Send for approval</Button>
          </form>
        ) : null}
      </div>
    </div>,
  );
}

export const youSaidWeDidPages = new Hono<AppEnv>()
  .get("/contracts/:id/you-said-we-did", authorize("involvement.read"), (c) => youSaidPage(c))
  .post("/contracts/:id/you-said-we-did", authorize("you_said_we_did.write"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    // Another organisation's contract is not found, whatever the form holds.
    await getContract({ ctx, input: { id } });
    const form = await readForm(c);
    const values = { youSaid: form.str("youSaid"), weDid: form.str("weDid") };
    try {
      await createYouSaid({ ctx, input: { ...values, contractId: id } });
    } catch (e) {
      const shown = errorsFromAppError(e, { youSaid: "youSaid", weDid: "weDid" }, (err) =>
        err.path === "youSaid" && !values.youSaid
          ? "Enter what people said"
          : err.path === "weDid" && !values.weDid
            ? "Enter what you did about it"
            : labelled({ youSaid: "what people said", weDid: "what you did about it" })(err),
      );
      if (!shown) throw e;
      return youSaidPage(c, values, shown.fields);
    }
    return redirectWith(c, pathOf(id), {
      kind: "success",
      heading: "Your entry is sent for approval",
      body: "A reviewer at the council will approve it. Then it shows on the public page.",
    });
  })
  .post("/contracts/:id/you-said-we-did/:entry/decision", authorize("you_said_we_did.decide"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "contract");
    const entry = c.req.param("entry");
    // Only an entry of this contract, which the caller may see; anything else is not found.
    const entries = await listYouSaid({ ctx, input: { contractId: id } });
    if (!isUuid(entry) || !entries.some((y) => y.id === entry)) throw notFound("you said, we did entry");
    const decision = (await readForm(c)).str("decision");
    if (decision !== "approved" && decision !== "rejected") {
      return redirectWith(c, pathOf(id), { kind: "important", heading: "Choose approve or do not approve." });
    }
    try {
      await decideYouSaid({ ctx, input: { id: entry, decision } });
    } catch (e) {
      const shown = errorsFromAppError(e, {}, undefined, { codes: ["conflict"] });
      if (!shown) throw e;
      return redirectWith(c, pathOf(id), { kind: "important", heading: shown.general.join(" ") });
    }
    return redirectWith(c, pathOf(id), {
      kind: "success",
      heading: decision === "approved" ? "The entry is approved" : "The entry is not approved",
      body:
        decision === "approved" ? "It now shows on the public page, if the page is published." : undefined,
    });
  });
