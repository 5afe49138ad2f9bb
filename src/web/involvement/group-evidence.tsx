// Evidence the provider shared with a group, as its representative checks it: the promise it is about, in
// plain words, what the service says and its files, the form to say whether it matches what they have seen
// (POST as /api/submissions/:id/validations), asked for while the council has not decided, and what the
// council decided. Before their first view a representative reads the privacy notice, once. No one's name.
import type { Context } from "hono";
import { Hono } from "hono";
import type { FieldError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { londonDate } from "../../model/dates.js";
import {
  NAME_REACH_WORDS,
  VALIDATION_VIEWS,
  VIEW_NAME_REACHES,
  VIEW_WORDS,
  viewsPrivacyNotice,
} from "../../model/involvement.js";
import { promiseSentence } from "../../model/plain-summary.js";
import { getContract, getObligation } from "../../services/contracts/queries.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { acknowledgeViewsNotice, viewsNoticeReadAt } from "../../services/involvement/privacy-notice.js";
import { promisesOf } from "../../services/involvement/promises.js";
import { createValidation, viewsOfSubmission } from "../../services/involvement/validations.js";
import {
  Breadcrumbs,
  Button,
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
const VIEW_FIELDS = { view: "view", comment: "comment", nameReach: "nameReach" };

/** The service's problems in the words of the form. */
function viewMessage(err: FieldError): string {
  if (err.path === "view" && err.message === "choose agree, partly or disagree")
    return "Choose yes, partly or no";
  if (err.path === "nameReach") return "Choose who can see your name";
  return labelled({ comment: "what you tell us" })(err);
}

const when = (p: { periodStart: string; periodEnd: string | null }) =>
  p.periodEnd
    ? `${formatDay(p.periodStart)} to ${formatDay(p.periodEnd)}`
    : `Since ${formatDay(p.periodStart)}`;

/** A promise named by its first plain sentence, not the clause's title (model/plain-summary.ts). */
export const promiseName = (p: { plainLanguage: string } | undefined, title: string): string =>
  promiseSentence({ plainLanguage: p?.plainLanguage ?? "", title });

interface ViewValues {
  view: string;
  comment: string;
  nameReach: string;
}

/** The privacy notice, with the button that says it was read; shown in place of the form until then. */
function PrivacyNotice({ action, group, csrf }: { action: string; group: string; csrf: string | undefined }) {
  const notice = viewsPrivacyNotice(group);
  return (
    <section class="govuk-inset-text" aria-labelledby="privacy-notice-heading">
      <h2 class="govuk-heading-m" id="privacy-notice-heading">
        {notice.heading}
      </h2>
      <p class="govuk-body">
        Please read this before you give your first view. You only need to read it once.
      </p>
      {notice.paragraphs.map((line) => (
        <p class="govuk-body">{line}</p>
      ))}
      <form method="post" action={action} novalidate>
        <CsrfField token={csrf} />
        <Button>I have read this</Button>
      </form>
    </section>
  );
}

function ViewForm(p: {
  id: string;
  csrf: string | undefined;
  group: string;
  decided: boolean;
  values: ViewValues;
  errors: FieldErrors;
}) {
  const { values: v, errors } = p;
  return (
    <form method="post" action={`/involvement/evidence/${p.id}/view`} novalidate>
      <CsrfField token={p.csrf} />
      <h2 class="govuk-heading-m">Your view</h2>
      <p class="govuk-body">
        {p.decided
          ? "The council has already decided. You can still give your view. It will be marked as given after the council decided."
          : "The council has not decided yet. It reads your view before it decides."}
      </p>
      <Radios
        name="view"
        legend="Does this match what you have seen?"
        legendSize="s"
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
      <Radios
        name="nameReach"
        legend="Who can see your name?"
        legendSize="s"
        value={v.nameReach}
        error={errors.nameReach}
        items={VIEW_NAME_REACHES.map((x) => ({ value: x, text: NAME_REACH_WORDS[x].choice(p.group) }))}
      />
      <Button>Send my view</Button>
    </form>
  );
}

async function evidencePage(c: Ctx, values?: ViewValues, errors: FieldErrors = {}) {
  const ctx = serviceCtx(c);
  const s = await getSubmission({ ctx, input: { id: pathId(c, "evidence") } });
  const today = londonDate(ctx.now);
  const [ob, contract, views, promises] = await Promise.all([
    getObligation({ ctx, input: { id: s.obligationId, today } }),
    getContract({ ctx, input: { id: s.contractId } }),
    viewsOfSubmission({ ctx, input: { submissionId: s.id, today } }),
    promisesOf({ ctx, input: { contractId: s.contractId, today } }),
  ]);
  const promise = promises.find((p) => p.clauseKey === ob.clauseKey);
  const mine = views.validations.find((v) => v.mine);
  const noticeRead = mine ? true : Boolean(await viewsNoticeReadAt({ ctx }));
  const decided = s.reviews.length > 0;
  const v = values ?? { view: "", comment: "", nameReach: "council" };
  const group = ctx.actor.organisationName;
  const ask = mine ? (
    <>
      <h2 class="govuk-heading-m">Your view</h2>
      <p class="govuk-body">
        You said: <strong>{VIEW_WORDS[mine.view].mine}</strong>.
        {mine.afterDecision ? " You gave it after the council decided." : ""}
      </p>
      {mine.comment ? <Paragraphs text={mine.comment} /> : null}
      <p class="govuk-body">{NAME_REACH_WORDS[mine.nameReach].given}</p>
    </>
  ) : noticeRead ? (
    <ViewForm
      id={s.id}
      csrf={ctx.actor.csrfToken}
      group={group}
      decided={decided}
      values={v}
      errors={errors}
    />
  ) : (
    <PrivacyNotice action={`/involvement/evidence/${s.id}/notice`} group={group} csrf={ctx.actor.csrfToken} />
  );
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
        {/* Asked before the decision: the view comes first while the council has not decided. */}
        {decided ? null : ask}
        <CouncilAnswer reviews={s.reviews} />
        {decided ? ask : null}
      </div>
    </div>,
  );
}

export const groupEvidencePages = new Hono<AppEnv>()
  .get("/involvement/evidence/:id", authorize("evidence.validate"), (c) => evidencePage(c))
  .post("/involvement/evidence/:id/notice", authorize("evidence.validate"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "evidence");
    // Only from evidence the caller may check (404 otherwise), so the address cannot be used blind.
    await getSubmission({ ctx, input: { id } });
    await acknowledgeViewsNotice({ ctx });
    return c.redirect(`/involvement/evidence/${id}`, 303);
  })
  .post("/involvement/evidence/:id/view", authorize("evidence.validate"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "evidence");
    const form = await readForm(c);
    const values: ViewValues = {
      view: form.str("view"),
      comment: form.str("comment"),
      nameReach: form.str("nameReach"),
    };
    // The notice comes first: a form sent without it (an old tab) shows the notice again.
    if (!(await viewsNoticeReadAt({ ctx }))) return evidencePage(c);
    try {
      await createValidation({
        ctx,
        input: {
          submissionId: id,
          view: values.view || undefined,
          comment: values.comment,
          nameReach: values.nameReach || undefined,
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
