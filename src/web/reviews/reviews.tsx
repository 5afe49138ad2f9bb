// The reviewer's journey: the queue of evidence waiting for a decision (oldest first), a submission with
// its clause, narrative, figures and files, and the decision form (accept with a verdict, or request
// changes with a comment). Decisions go through reviewSubmission, as POST /api/submissions/:id/reviews.
import type { Context } from "hono";
import { Hono } from "hono";
import { VERDICTS, type Verdict } from "../../db/schema/index.js";
import { AppError } from "../../lib/errors.js";
import { authorize, COMMISSIONING, DOMAIN_ROLES, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { ServiceCtx } from "../../services/context.js";
import {
  clauseOfObligation,
  type MetricDefinition,
  metricDefinitions,
} from "../../services/contracts/obligation-clause.js";
import { todayOf } from "../../services/contracts/obligation-status.js";
import { findObligation, getContract, getObligation } from "../../services/contracts/queries.js";
import { openEvidenceFile } from "../../services/evidence/download.js";
import { attachmentDisposition } from "../../services/evidence/file-name.js";
import { getSubmission, listSubmissions } from "../../services/evidence/queries.js";
import { reviewQueue } from "../../services/evidence/queue.js";
import { reviewSubmission } from "../../services/evidence/review.js";
import {
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Paragraphs,
  Radios,
  SummaryList,
  Table,
  Textarea,
} from "../components.js";
import { contractCrumbs, periodText } from "../contracts/contracts.js";
import { redirectWith } from "../flash.js";
import { pathId, readForm, TEXT_LIMITS, textFieldProblem } from "../forms.js";
import { page } from "../layout.js";
import { ClauseAsked, SubmissionHistory, targetText } from "../provider/obligation.js";
import { formatBytes, formatDay, formatMoment, ObligationTag, SubmissionTag, VERDICT } from "../status.js";

type Ctx = Context<AppEnv>;

const FILE_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "application/msword": "Word",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
  "application/vnd.ms-excel": "Excel",
  "text/csv": "CSV",
  "text/plain": "Text",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
};

function metricMet(d: MetricDefinition, v: number | string | undefined): string {
  if (v === undefined) return "Not given";
  if (d.target === null) return "No target";
  const n = Number(v);
  const ok = d.comparator === "at_most" ? n <= d.target : n >= d.target;
  return ok ? "Met" : "Not met";
}

interface DecisionValues {
  decision: string;
  verdict: string;
  comment: string;
}

async function submissionPage(
  c: Ctx,
  ctx: ServiceCtx,
  id: string,
  decision?: { values: DecisionValues; errors: FieldErrors; general: string[] },
) {
  const s = await getSubmission(ctx.db, ctx.actor, id);
  const today = todayOf(ctx.now);
  const ob = await getObligation(ctx.db, ctx.actor, s.obligationId, today);
  const contract = await getContract(ctx.db, ctx.actor, s.contractId);
  const clause = await clauseOfObligation(ctx.db, await findObligation(ctx.db, ctx.actor, s.obligationId));
  const defs = metricDefinitions(clause);
  const others = (await listSubmissions(ctx.db, ctx.actor, s.obligationId)).filter((x) => x.id !== s.id);
  const canDecide = ctx.actor.role === "reviewer" && s.status === "submitted";
  const v = decision?.values ?? { decision: "", verdict: "", comment: "" };
  const e = decision?.errors ?? {};
  const errs = [...errorList(e), ...(decision?.general ?? []).map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: `Evidence for ${ob.clauseKey}, ${ob.period}`,
      nav: ctx.actor.role === "reviewer" ? "reviews" : "contracts",
      errors: errs,
      status: errs.length ? (decision?.general.length ? 409 : 422) : 200,
      before: contractCrumbs(contract, `${ob.clauseKey}, ${ob.period}`),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {contract.reference}, {contract.providerName}
        </span>
        <h1 class="govuk-heading-l">
          Evidence for {ob.clauseKey}, {ob.period}
        </h1>
        <SummaryList
          rows={[
            {
              key: "Clause",
              value: (
                <a class="govuk-link" href={`/obligations/${ob.id}`}>{`${ob.clauseKey} ${ob.clauseTitle}`}</a>
              ),
            },
            {
              key: "This submission",
              value: (
                <>
                  Version {s.version} <SubmissionTag status={s.status} />
                </>
              ),
            },
            { key: "Obligation status", value: <ObligationTag status={ob.status} verdict={ob.verdict} /> },
            { key: "Submitted", value: `${formatMoment(s.createdAt)} by ${s.submittedByName ?? "unknown"}` },
            { key: "Period", value: periodText(ob) },
            { key: "Evidence covers", value: `${formatDay(s.coveredFrom)} to ${formatDay(s.coveredTo)}` },
            { key: "Due", value: ob.dueDate ? formatDay(ob.dueDate) : "Each time it happens" },
          ]}
        />
        <h2 class="govuk-heading-m">What the provider says</h2>
        <Paragraphs text={s.narrative} />
        {defs.length ? (
          <Table
            caption="Figures reported"
            head={["Measure", "Reported", "Target", "Result"]}
            scroll="Figures reported"
          >
            {defs.map((d) => {
              const val = s.metrics[d.name];
              return (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{d.label}</td>
                  <td class="govuk-table__cell">
                    {val === undefined ? "Not given" : `${val}${d.unit === "percent" ? "%" : ""}`}
                  </td>
                  <td class="govuk-table__cell">{targetText(d) ?? "None"}</td>
                  <td class="govuk-table__cell">{metricMet(d, val)}</td>
                </tr>
              );
            })}
          </Table>
        ) : null}
        <h2 class="govuk-heading-m">Files</h2>
        {s.files.length ? (
          <ul class="govuk-list">
            {s.files.map((f) => (
              <li>
                <a class="govuk-link app-long-text" href={`/files/${f.id}`}>
                  {f.name}
                </a>{" "}
                <span class="govuk-hint govuk-!-display-inline">
                  ({FILE_TYPES[f.contentType] ?? f.contentType}, {formatBytes(f.size)})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="govuk-body">No files were sent with this submission.</p>
        )}
        {s.reviews.length ? (
          <>
            <h2 class="govuk-heading-m">Decision</h2>
            {s.reviews.map((r) => (
              <SummaryList
                rows={[
                  {
                    key: "Decision",
                    value:
                      r.decision === "accepted"
                        ? `Accepted as ${(VERDICT[r.verdict ?? ""]?.[0] ?? "").toLowerCase()}`
                        : "Changes requested",
                  },
                  { key: "Reviewer", value: `${r.reviewerName ?? "Unknown"}, ${formatMoment(r.createdAt)}` },
                  ...(r.comment ? [{ key: "Comment", value: <Paragraphs text={r.comment} /> }] : []),
                ]}
              />
            ))}
          </>
        ) : null}
        {canDecide ? (
          <>
            <h2 class="govuk-heading-m">Your decision</h2>
            <form method="post" action={`/submissions/${s.id}/review`} novalidate>
              <CsrfField token={ctx.actor.csrfToken} />
              <Radios
                name="decision"
                legend="Does the evidence meet the clause?"
                legendSize="s"
                value={v.decision}
                error={e.decision}
                items={[
                  { value: "accepted", text: "Accept the evidence", hint: "Then choose a verdict below" },
                  {
                    value: "changes_requested",
                    text: "Request changes",
                    hint: "The provider is told what to change and can submit again",
                  },
                ]}
              />
              {/* Not a conditional reveal: GOV.UK Frontend marks revealing radios with aria-expanded, which axe-core refuses on a radio. */}
              <Radios
                name="verdict"
                legend="Verdict, if you accept it"
                legendSize="s"
                value={v.verdict}
                error={e.verdict}
                items={VERDICTS.map((x) => ({ value: x, text: VERDICT[x]![0] }))}
              />
              <Textarea
                name="comment"
                label="Comment for the provider"
                labelSize="s"
                hint="Required when you request changes: say what is missing or needs changing."
                value={v.comment}
                error={e.comment}
                rows={4}
              />
              <Button>Save decision</Button>
            </form>
          </>
        ) : null}
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">The clause and what the reviewer checks</span>
          </summary>
          <div class="govuk-details__text">
            <ClauseAsked clause={clause} headingLevel={3} />
          </div>
        </details>
        {others.length ? (
          <>
            <h2 class="govuk-heading-m">Other versions</h2>
            <SubmissionHistory submissions={others} metricDefs={defs} />
          </>
        ) : null}
      </div>
    </div>,
  );
}

const submissionId = (c: Ctx) => pathId(c, "submission");

export const reviewPages = new Hono<AppEnv>()
  .get("/reviews", authorize(COMMISSIONING), async (c) => {
    const ctx = serviceCtx(c);
    const queue = await reviewQueue(ctx.db, ctx.actor);
    const today = todayOf(ctx.now);
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
  .get("/submissions/:id", authorize(DOMAIN_ROLES), async (c) =>
    submissionPage(c, serviceCtx(c), submissionId(c)),
  )
  .post("/submissions/:id/review", authorize(["reviewer"]), async (c) => {
    const ctx = serviceCtx(c);
    const id = submissionId(c);
    const form = await readForm(c);
    const values = {
      decision: form.str("decision"),
      verdict: form.str("verdict"),
      comment: form.str("comment"),
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
              }
            : { decision: "changes_requested", comment: values.comment },
      });
      const ob = await getObligation(ctx.db, ctx.actor, s.obligationId, todayOf(ctx.now));
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
      throw e;
    }
  })
  .get("/files/:id", authorize(DOMAIN_ROLES), async (c) => {
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
