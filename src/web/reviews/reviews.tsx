// The reviewer's journey: the queue of evidence waiting for a decision (oldest first), a submission with
// its clause, narrative, figures and files, and the decision form (accept with a verdict, or request
// changes with a comment). Decisions go through reviewSubmission, as POST /api/submissions/:id/reviews.
import type { Context } from "hono";
import { Hono } from "hono";
import type { FieldError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { VERDICT_WORDS, type Verdict } from "../../model/compliance.js";
import { londonDate } from "../../model/dates.js";
import { getObligation } from "../../services/contracts/queries.js";
import { openEvidenceFile } from "../../services/evidence/download.js";
import { attachmentDisposition } from "../../services/evidence/file-name.js";
import { reviewQueue } from "../../services/evidence/queue.js";
import { reviewSubmission } from "../../services/evidence/review.js";
import { Table } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";
import { submissionPage } from "./submission-page.js";

type Ctx = Context<AppEnv>;

const submissionId = (c: Ctx) => pathId(c, "submission");

/** The decision form's fields are named as the service's input. */
const REVIEW_FIELDS = {
  decision: "decision",
  verdict: "verdict",
  comment: "comment",
  responseToViews: "responseToViews",
};

/** The decision as the form asks for it: a field left empty is not given, and a verdict counts only with acceptance. */
function reviewAsked(v: { decision: string; verdict: string; comment: string; responseToViews: string }) {
  const asked: Record<string, string> = {};
  if (v.decision) asked.decision = v.decision;
  if (v.decision === "accepted" && v.verdict) asked.verdict = v.verdict;
  if (v.comment) asked.comment = v.comment;
  if (v.responseToViews) asked.responseToViews = v.responseToViews;
  return asked;
}

/** The service's problems in the words of the form. */
function reviewMessage(err: FieldError): string {
  if (err.path === "decision") return "Choose whether to accept the evidence or request changes";
  if (err.path === "verdict") return "Choose a verdict";
  if (err.path === "comment" && err.message === "say what needs to change")
    return "Say what the provider needs to change";
  if (err.path === "responseToViews" && / weighed their view$/.test(err.message))
    return "Answer the people who disagreed: say how you weighed their view";
  return labelled({ comment: "the comment", responseToViews: "your answer" })(err);
}

export const reviewPages = new Hono<AppEnv>()
  .get("/reviews", authorize("review.queue"), async (c) => {
    const ctx = serviceCtx(c);
    const queue = await reviewQueue({ ctx });
    const today = londonDate(ctx.now);
    return page(
      c,
      { title: "Review queue", nav: "reviews" },
      <>
        <h1 class="govuk-heading-l">Review queue</h1>
        <p class="govuk-body">
          {queue.length === 0
            ? "Nothing is waiting for review."
            : `${queue.length} ${queue.length === 1 ? "submission is" : "submissions are"} waiting for a decision, oldest first.`}
        </p>
        {queue.length ? (
          <Table
            caption="Submissions waiting for review"
            captionHidden
            head={["Evidence", "Provider", "Submitted", { text: "Files", numeric: true }]}
            scroll="Submissions waiting for review"
          >
            {queue.map((q) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/submissions/${q.id}`}>
                    <span class="app-key">{q.clauseKey}</span> {q.clauseTitle}
                  </a>
                  <br />
                  <span class="govuk-body-s">
                    {q.period}
                    {q.version > 1 ? `, version ${q.version}` : ""}
                    {q.dueDate && q.dueDate < today ? ", submitted late" : ""}
                  </span>
                </td>
                <td class="govuk-table__cell">
                  {q.providerName}
                  <br />
                  <span class="govuk-body-s">{q.reference}</span>
                </td>
                <td class="govuk-table__cell">{formatDay(q.createdAt)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{q.files ?? 0}</td>
              </tr>
            ))}
          </Table>
        ) : null}
      </>,
    );
  })
  .get("/submissions/:id", authorize("submission.read"), async (c) =>
    submissionPage(c, serviceCtx(c), submissionId(c)),
  )
  .post("/submissions/:id/review", authorize("submission.review"), async (c) => {
    const ctx = serviceCtx(c);
    const id = submissionId(c);
    const form = await readForm(c);
    const values = {
      decision: form.str("decision"),
      verdict: form.str("verdict"),
      comment: form.str("comment"),
      responseToViews: form.str("responseToViews"),
    };
    try {
      const s = await reviewSubmission({ ctx, input: { submissionId: id, decision: reviewAsked(values) } });
      const ob = await getObligation({ ctx, input: { id: s.obligationId, today: londonDate(ctx.now) } });
      return redirectWith(c, "/reviews", {
        kind: "success",
        heading:
          values.decision === "accepted"
            ? `${ob.clauseKey}, ${ob.period}: accepted as ${VERDICT_WORDS[values.verdict as Verdict].toLowerCase()}`
            : `${ob.clauseKey}, ${ob.period}: returned to the provider for changes`,
      });
    } catch (e) {
      const shown = errorsFromAppError(e, REVIEW_FIELDS, reviewMessage);
      if (!shown) throw e;
      return submissionPage(c, ctx, id, { values, errors: shown.fields, general: shown.general });
    }
  })
  .get("/files/:id", authorize("file.read"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "file");
    const { file, body } = await openEvidenceFile({ ctx, input: { id } });
    return c.body(body, 200, {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": attachmentDisposition(file.name),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
