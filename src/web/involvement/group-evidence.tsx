// Evidence the provider shared with a group, as its representative checks it: the promise it is about, in
// plain words, what the service says and its files, what the council decided, and the form to say whether
// it matches what they have seen (POST as /api/submissions/:id/validations). No one's name.
import type { Context } from "hono";
import { Hono } from "hono";
import type { FieldError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { londonDate } from "../../model/dates.js";
import { VALIDATION_VIEWS, VIEW_WORDS } from "../../model/involvement.js";
import { getContract, getObligation } from "../../services/contracts/queries.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { promisesOf } from "../../services/involvement/promises.js";
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
import { errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatBytes, formatDay } from "../status.js";
import { CouncilAnswer } from "./council-answer.js";

type Ctx = Context<AppEnv>;

/** The form's fields are named as the service's input. */
const VIEW_FIELDS = { view: "view", comment: "comment" };

/** The service's problems in the words of the form. */
function viewMessage(err: FieldError): string {
  if (err.path === "view" && err.message === "choose agree, partly or disagree")
    return "Choose yes, partly or no";
  return labelled({ comment: "what you tell us" })(err);
}

export const when = (p: { periodStart: string; periodEnd: string | null }) =>
  p.periodEnd
    ? `${formatDay(p.periodStart)} to ${formatDay(p.periodEnd)}`
    : `Since ${formatDay(p.periodStart)}`;

/** A promise named by its first plain sentence ("We will help you run your own group."), not the clause's title. */
export function promiseName(p: { plainLanguage: string } | undefined, title: string): string {
  const first = /^[^.!?]*[.!?]/.exec(p?.plainLanguage.trim() ?? "")?.[0];
  return first && first.length <= 120 ? first : title;
}

interface ViewValues {
  view: string;
  comment: string;
  showMyName: boolean;
}

async function evidencePage(c: Ctx, values?: ViewValues, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const s = await getSubmission(ctx.db, ctx.actor, pathId(c, "evidence"));
  const today = londonDate(ctx.now);
  const [ob, contract, views, promises] = await Promise.all([
    getObligation(ctx.db, ctx.actor, s.obligationId, today),
    getContract(ctx.db, ctx.actor, s.contractId),
    viewsOfSubmission({ ctx, input: { submissionId: s.id, today } }),
    promisesOf({ ctx, input: { contractId: s.contractId, today } }),
  ]);
  const promise = promises.find((p) => p.clauseKey === ob.clauseKey);
  const mine = views.validations.find((v) => v.mine);
  const v = values ?? { view: "", comment: "", showMyName: false };
  return page(
    c,
    {
      title: "Check what the service shared",
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
        <h1 class="govuk-heading-l">Check what the service shared</h1>
        <p class="govuk-body">
          The service shared this with your group on {formatDay(s.createdAt)}. It is about {when(ob)}.
        </p>
        <h2 class="govuk-heading-m">What the service promised</h2>
        <Paragraphs text={promise?.plainLanguage ?? ob.clauseTitle} />
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
              You said: <strong>{VIEW_WORDS[mine.view].mine}</strong>.
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
              items={VALIDATION_VIEWS.map((x) => ({ value: x, text: VIEW_WORDS[x].mine }))}
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

export const groupEvidencePages = new Hono<AppEnv>()
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
    try {
      await createValidation({
        ctx,
        input: {
          submissionId: id,
          view: values.view || undefined,
          comment: values.comment,
          showMyName: values.showMyName,
        },
      });
    } catch (e) {
      // A second view from the same person (409) is said at the question, as a refused answer is.
      const shown = errorsFromAppError(e, VIEW_FIELDS, viewMessage, { whole: { conflict: "view" } });
      if (!shown) throw e;
      return evidencePage(c, values, shown.fields);
    }
    return redirectWith(c, `/involvement/evidence/${id}`, {
      kind: "success",
      heading: "Thank you. We have your view.",
    });
  });
