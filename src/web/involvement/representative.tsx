// The representative's journey, in plain words: the services their group checks, each service's promises
// and how they are going, the evidence the provider shared with the group, and saying whether it matches
// what they have seen (POST as /api/submissions/:id/validations). Nothing about individual people.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { VALIDATION_VIEWS, type ValidationView } from "../../model/involvement.js";
import { todayOf } from "../../services/contracts/obligation-status.js";
import { findContract, getContract, getObligation, listContracts } from "../../services/contracts/queries.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { promisesOf } from "../../services/involvement/promises.js";
import { largePrintSummaryOfContract } from "../../services/involvement/public-summary.js";
import { sharedEvidence } from "../../services/involvement/shared-evidence.js";
import { createValidation, viewsOfSubmission } from "../../services/involvement/validations.js";
import {
  Breadcrumbs,
  Button,
  Checkboxes,
  CsrfField,
  errorList,
  type FieldErrors,
  Paragraphs,
  Radios,
  Textarea,
} from "../components.js";
import { EvidenceFileName } from "../evidence/components.js";
import { redirectWith } from "../flash.js";
import { pathId, readForm, TEXT_LIMITS, textFieldProblem } from "../forms.js";
import { page } from "../layout.js";
import { formatBytes, formatDay } from "../status.js";
import { CouncilAnswer } from "./council-answer.js";

type Ctx = Context<AppEnv>;

export const VIEW_WORDS: Record<ValidationView, string> = {
  agree: "Yes, it matches what I have seen",
  partly: "Partly",
  disagree: "No, it does not match what I have seen",
};

const when = (p: { periodStart: string; periodEnd: string | null }) =>
  p.periodEnd
    ? `${formatDay(p.periodStart)} to ${formatDay(p.periodEnd)}`
    : `Since ${formatDay(p.periodStart)}`;

async function servicesPage(c: Ctx) {
  const ctx = serviceCtx(c);
  const contracts = await listContracts(ctx.db, ctx.actor);
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
  const contract = await getContract(ctx.db, ctx.actor, pathId(c, "contract"));
  const [promises, evidence] = await Promise.all([
    promisesOf(ctx.db, contract.id, todayOf(ctx.now)),
    sharedEvidence(ctx.db, ctx.actor, contract.id),
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
                    {e.clauseTitle}
                  </a>
                  <br />
                  Shared on {formatDay(e.createdAt)}.{" "}
                  {e.myView ? `You said: ${VIEW_WORDS[e.myView].toLowerCase()}.` : "Waiting for your view."}
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
        <ul class="govuk-list app-promise-list">
          {promises.map((p) => (
            <li class="app-promise">
              <p class="govuk-body">{p.plainLanguage}</p>
              {p.latest.length ? (
                <dl class="app-promise-status">
                  {p.latest.map((l) => (
                    <div>
                      <dt class="govuk-body-s">{when(l)}</dt>
                      <dd class="govuk-body govuk-!-font-weight-bold">{l.words}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </div>,
  );
}

interface ViewValues {
  view: string;
  comment: string;
  showMyName: boolean;
}

async function evidencePage(c: Ctx, values?: ViewValues, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const s = await getSubmission(ctx.db, ctx.actor, pathId(c, "evidence"));
  const today = todayOf(ctx.now);
  const [ob, contract, views] = await Promise.all([
    getObligation(ctx.db, ctx.actor, s.obligationId, today),
    getContract(ctx.db, ctx.actor, s.contractId),
    viewsOfSubmission(ctx.db, ctx.actor, s.id, today),
  ]);
  const mine = views.validations.find((v) => v.mine);
  const v = values ?? { view: "", comment: "", showMyName: false };
  return page(
    c,
    {
      title: ob.clauseTitle,
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: (
        <Breadcrumbs
          items={[
            { href: "/involvement", text: "Your services" },
            { href: `/involvement/contracts/${contract.id}`, text: contract.serviceName },
            { text: "Shared with your group" },
          ]}
        />
      ),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{contract.serviceName}</span>
        <h1 class="govuk-heading-l">{ob.clauseTitle}</h1>
        <p class="govuk-body">
          The service shared this with your group on {formatDay(s.createdAt)}. It is about {when(ob)}.
        </p>
        <h2 class="govuk-heading-m">What the service says</h2>
        <Paragraphs text={s.narrative} />
        {s.files.length ? (
          <>
            <h2 class="govuk-heading-m">Files</h2>
            <ul class="govuk-list">
              {s.files.map((f) => (
                <li>
                  <EvidenceFileName file={f} />
                  {f.redactedAt ? null : (
                    <span class="govuk-hint govuk-!-display-inline"> ({formatBytes(f.size)})</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <CouncilAnswer reviews={s.reviews} />
        {mine ? (
          <>
            <h2 class="govuk-heading-m">Your view</h2>
            <p class="govuk-body">
              You said: <strong>{VIEW_WORDS[mine.view]}</strong>.
            </p>
            {mine.comment ? <Paragraphs text={mine.comment} /> : null}
            <p class="govuk-body">
              {mine.showMyName
                ? "The service can see your name."
                : "The service cannot see your name. The council can."}
            </p>
          </>
        ) : (
          <form method="post" action={`/involvement/evidence/${s.id}/view`} novalidate>
            <CsrfField token={ctx.actor.csrfToken} />
            <Radios
              name="view"
              legend="Does this match what you have seen?"
              legendSize="m"
              value={v.view}
              error={errors.view}
              items={VALIDATION_VIEWS.map((x) => ({ value: x, text: VIEW_WORDS[x] }))}
            />
            <Textarea
              name="comment"
              label="Tell us more (you do not have to)"
              labelSize="s"
              hint="What did you see? Do not write other people's names."
              value={v.comment}
              error={errors.comment}
              rows={5}
            />
            <Checkboxes
              name="showMyName"
              legend="Your name"
              legendSize="s"
              hint="The council can always see who wrote this. The service only sees your name if you tick the box."
              values={v.showMyName ? ["yes"] : []}
              items={[{ value: "yes", text: "Show my name to the service" }]}
            />
            <Button>Send my view</Button>
          </form>
        )}
      </div>
    </div>,
  );
}

export const representativePages = new Hono<AppEnv>()
  .get("/involvement", authorize("involvement.home"), servicesPage)
  .get("/involvement/contracts/:id", authorize("involvement.home"), async (c) => {
    // 404 before anything is read when the contract is not one of the group's.
    const ctx = serviceCtx(c);
    await findContract(ctx.db, ctx.actor, pathId(c, "contract"));
    return contractPage(c);
  })
  .get("/involvement/contracts/:id/large-print.docx", authorize("contract.read"), async (c) => {
    const ctx = serviceCtx(c);
    const doc = await largePrintSummaryOfContract(
      ctx.db,
      c.get("deps").renderer,
      ctx.actor,
      pathId(c, "contract"),
    );
    return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${doc.fileName}"`,
      "cache-control": "private, no-store",
    });
  })
  .get("/involvement/evidence/:id", authorize("evidence.validate"), (c) => evidencePage(c))
  .post("/involvement/evidence/:id/view", authorize("evidence.validate"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "evidence");
    const form = await readForm(c);
    const values: ViewValues = {
      view: form.str("view", "short"),
      comment: form.str("comment"),
      showMyName: form.all("showMyName").includes("yes"),
    };
    const errors: FieldErrors = {};
    if (!(VALIDATION_VIEWS as readonly string[]).includes(values.view)) {
      errors.view = "Choose yes, partly or no";
    }
    const commentProblem = textFieldProblem(
      values.comment,
      "what you tell us",
      TEXT_LIMITS.validationComment,
    );
    if (commentProblem) errors.comment = commentProblem;
    if (Object.keys(errors).length) return evidencePage(c, values, errors);
    await createValidation({
      ctx,
      submissionId: id,
      input: { view: values.view as ValidationView, comment: values.comment, showMyName: values.showMyName },
    });
    return redirectWith(c, `/involvement/evidence/${id}`, {
      kind: "success",
      heading: "Thank you. We have your view.",
    });
  });
