// The representative's journey, in plain words: the services their group checks, and each service's promises,
// how they are going and what it shared with the group (checked in group-evidence.tsx). Nothing about
// individual people.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { londonDate } from "../../model/dates.js";
import { VIEW_WORDS } from "../../model/involvement.js";
import { listAssessments } from "../../services/assessments/assessments.js";
import { findContract, getContract, listContracts } from "../../services/contracts/queries.js";
import { promisesOf } from "../../services/involvement/promises.js";
import { largePrintSummaryOfContract } from "../../services/involvement/public-summary.js";
import { sharedEvidence } from "../../services/involvement/shared-evidence.js";
import { Breadcrumbs } from "../components.js";
import { pathId } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";
import { ConfirmedRatings } from "./confirmed-ratings.js";
import { promiseName } from "./group-evidence.js";
import { PromiseItem, StandingAnswer, StandingKey } from "./promise-standings.js";

type Ctx = Context<AppEnv>;

async function servicesPage(c: Ctx) {
  const ctx = serviceCtx(c);
  const contracts = await listContracts({ ctx, input: {} });
  return page(
    c,
    { title: "Services your group checks", nav: "contracts" },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Services your group checks</h1>
        <p class="govuk-body-l">You speak for {ctx.actor.organisationName}.</p>
        <p class="govuk-body">
          For each service you can see what it promised. You can see how each promise is going. You can look
          at what the service shared with your group, and say if it matches what you have seen.
        </p>
        {contracts.length === 0 ? (
          <p class="govuk-body">No services yet. The council will add them.</p>
        ) : (
          <ul class="govuk-list govuk-list--spaced">
            {contracts.map((k) => (
              <li>
                <a class="govuk-link govuk-!-font-size-24" href={`/involvement/contracts/${k.id}`}>
                  {k.serviceName}
                </a>
                <br />
                <span class="govuk-body">Run by {k.providerName}</span>
              </li>
            ))}
          </ul>
        )}
        {contracts[0] ? (
          <p class="govuk-body">
            <a
              class="govuk-link"
              href={`/contracts/${contracts[0].id}/user-groups/${ctx.actor.organisationId}/invitations`}
            >
              Who is in your group, and inviting someone else
            </a>
          </p>
        ) : null}
      </div>
    </div>,
  );
}

async function contractPage(c: Ctx) {
  const ctx = serviceCtx(c);
  const contract = await getContract({ ctx, input: { id: pathId(c, "contract") } });
  const [promises, evidence, assessed] = await Promise.all([
    promisesOf({ ctx, input: { contractId: contract.id, today: londonDate(ctx.now) } }),
    sharedEvidence({ ctx, input: { contractId: contract.id } }),
    can(ctx.actor, "assessment.read") ? listAssessments({ ctx, input: { contractId: contract.id } }) : null,
  ]);
  const waiting = evidence.filter((e) => e.myView === null);
  return page(
    c,
    {
      title: contract.serviceName,
      nav: "contracts",
      before: (
        <Breadcrumbs
          items={[{ href: "/involvement", text: "Your services" }, { text: contract.serviceName }]}
        />
      ),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">Run by {contract.providerName}</span>
        <h1 class="govuk-heading-l">{contract.serviceName}</h1>
        <h2 class="govuk-heading-m">Things to check</h2>
        {evidence.length === 0 ? (
          <p class="govuk-body">The service has not shared anything with your group yet.</p>
        ) : (
          <>
            <p class="govuk-body">
              {waiting.length === 0
                ? "You have given your view on everything shared with you."
                : `${waiting.length} ${waiting.length === 1 ? "thing is" : "things are"} waiting for your view.`}
            </p>
            <ul class="govuk-list govuk-list--spaced">
              {evidence.map((e) => (
                <li>
                  <a class="govuk-link" href={`/involvement/evidence/${e.id}`}>
                    {promiseName(
                      promises.find((p) => p.clauseKey === e.clauseKey),
                      e.clauseTitle,
                    )}
                  </a>
                  <br />
                  Shared on {formatDay(e.createdAt)}.{" "}
                  {e.myView
                    ? `You said: ${VIEW_WORDS[e.myView].mine.toLowerCase()}.`
                    : "Waiting for your view."}
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="govuk-body">
          <a class="govuk-link" href={`/contracts/${contract.id}/you-said-we-did`}>
            What changed because of what people said
          </a>
        </p>
        <h2 class="govuk-heading-m">What the service promised, and how it is going</h2>
        <p class="govuk-body">
          <a class="govuk-link" href={`/involvement/contracts/${contract.id}/large-print.docx`} download>
            Get the promises in large print (Word file)
          </a>
        </p>
        <StandingAnswer promises={promises} />
        <h3 class="govuk-heading-s">What the words mean</h3>
        <StandingKey />
        <ul class="govuk-list app-promise-list">
          {promises.map((p) => (
            <PromiseItem p={p} />
          ))}
        </ul>
        {assessed ? <ConfirmedRatings assessments={assessed.assessments} /> : null}
      </div>
    </div>,
  );
}

export const representativePages = new Hono<AppEnv>()
  .get("/involvement", authorize("involvement.home"), servicesPage)
  .get("/involvement/contracts/:id", authorize("involvement.home"), async (c) => {
    // 404 before anything is read when the contract is not one of the group's.
    const ctx = serviceCtx(c);
    await findContract({ ctx, input: { id: pathId(c, "contract") } });
    return contractPage(c);
  })
  .get("/involvement/contracts/:id/large-print.docx", authorize("contract.read"), async (c) => {
    const ctx = serviceCtx(c);
    const doc = await largePrintSummaryOfContract({ ctx, input: { contractId: pathId(c, "contract") } });
    return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${doc.fileName}"`,
      "cache-control": "private, no-store",
    });
  });
