// The reviewer's journey: the queue of evidence waiting for a decision (oldest first), a submission with
// its clause, narrative, figures and files, and the decision form (accept with a verdict, or request
// changes with a comment). Decisions go through reviewSubmission, as POST /api/submissions/:id/reviews.
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { VERDICTS, type Verdict } from "../../model/compliance.js";
import { londonDate } from "../../model/dates.js";
import { getObligation } from "../../services/contracts/queries.js";
import { openEvidenceFile } from "../../services/evidence/download.js";
import { attachmentDisposition } from "../../services/evidence/file-name.js";
import { reviewQueue } from "../../services/evidence/queue.js";
import { reviewSubmission } from "../../services/evidence/review.js";
import { type FieldErrors, Table } from "../components.js";
import { redirectWith } from "../flash.js";
import { pathId, readForm, TEXT_LIMITS, textFieldProblem } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, VERDICT } from "../status.js";
import { submissionPage } from "./submission-page.js";

type Ctx = Context<AppEnv>;

const submissionId = (c: Ctx) => pathId(c, "submission");

export const reviewPages = new Hono<AppEnv>()
  .get("/reviews", authorize("review.queue"), async (c) => {
    const ctx = serviceCtx(c);
    const queue = await reviewQueue(ctx.db, ctx.actor);
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
    const errors: FieldErrors = {};
    if (values.decision !== "accepted" && values.decision !== "changes_requested")
      errors.decision = "Choose whether to accept the evidence or request changes";
    else if (values.decision === "accepted" && !VERDICTS.includes(values.verdict as Verdict))
      errors.verdict = "Choose a verdict";
    else if (values.decision === "changes_requested" && !values.comment)
      errors.comment = "Say what the provider needs to change";
    if (!errors.comment && (values.decision === "changes_requested" || values.comment)) {
      // Changes requested needs a comment of the API's length; an acceptance's comment may be left out.
      const limits =
        values.decision === "changes_requested"
          ? TEXT_LIMITS.reviewComment
          : { min: 0, max: TEXT_LIMITS.reviewComment.max };
      const problem = textFieldProblem(values.comment, "the comment", limits);
      if (problem) errors.comment = problem;
    }
    const responseProblem = textFieldProblem(values.responseToViews, "your answer", {
      min: 0,
      max: TEXT_LIMITS.reviewComment.max,
    });
    if (responseProblem) errors.responseToViews = responseProblem;
    if (Object.keys(errors).length) return submissionPage(c, ctx, id, { values, errors, general: [] });
    try {
      const s = await reviewSubmission({
        ctx,
        submissionId: id,
        input:
          values.decision === "accepted"
            ? {
                decision: "accepted",
                verdict: values.verdict as Verdict,
                comment: values.comment || undefined,
                responseToViews: values.responseToViews || undefined,
              }
            : {
                decision: "changes_requested",
                comment: values.comment,
                responseToViews: values.responseToViews || undefined,
              },
      });
      const ob = await getObligation(ctx.db, ctx.actor, s.obligationId, londonDate(ctx.now));
      return redirectWith(c, "/reviews", {
        kind: "success",
        heading:
          values.decision === "accepted"
            ? `${ob.clauseKey}, ${ob.period}: accepted as ${VERDICT[values.verdict]![0].toLowerCase()}`
            : `${ob.clauseKey}, ${ob.period}: returned to the provider for changes`,
      });
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict")
        return submissionPage(c, ctx, id, { values, errors: {}, general: [e.message] });
      if (e instanceof AppError && e.errors?.some((x) => x.path === "responseToViews"))
        return submissionPage(c, ctx, id, {
          values,
          errors: { responseToViews: "Answer the people who disagreed: say how you weighed their view" },
          general: [],
        });
      throw e;
    }
  })
  .get("/files/:id", authorize("file.read"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "file");
    const { file, body } = await openEvidenceFile({ ctx, id, files: c.get("deps").files });
    return c.body(body, 200, {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": attachmentDisposition(file.name),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
