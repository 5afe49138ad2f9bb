// The page for one submission: the evidence, the figures against targets, and the reviewer's decision.

import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import { can, canOnRow, homeOf } from "../../model/access-policy.js";
import { VERDICTS } from "../../model/compliance.js";
import { londonDate } from "../../model/dates.js";
import { inUnit } from "../../model/performance.js";
import type { ServiceCtx } from "../../services/context.js";
import {
  clauseOfObligation,
  type MetricDefinition,
  metricDefinitions,
} from "../../services/contracts/obligation-clause.js";
import { findObligation, getContract, getObligation } from "../../services/contracts/queries.js";
import { listDownloads } from "../../services/evidence/download.js";
import { getSubmission, listSubmissions } from "../../services/evidence/queries.js";
import { viewsOfSubmission } from "../../services/involvement/validations.js";
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
import { contractCrumbs, periodText } from "../contracts/crumbs.js";
import { ClauseAsked, EvidenceFileName, SubmissionHistory, targetText } from "../evidence/components.js";
import { needsResponse, ViewsPanel } from "../involvement/views-panel.js";
import { page } from "../layout.js";
import { formatBytes, formatDay, formatMoment, ObligationTag, SubmissionTag, VERDICT } from "../status.js";

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

export interface DecisionValues {
  decision: string;
  verdict: string;
  comment: string;
  responseToViews: string;
}

export async function submissionPage(
  c: Context<AppEnv>,
  ctx: ServiceCtx,
  id: string,
  decision?: { values: DecisionValues; errors: FieldErrors; general: string[] },
) {
  const s = await getSubmission({ ctx, input: { id } });
  const today = londonDate(ctx.now);
  const ob = await getObligation({ ctx, input: { id: s.obligationId, today } });
  const contract = await getContract({ ctx, input: { id: s.contractId } });
  const clause = await clauseOfObligation({
    ctx,
    input: await findObligation({ ctx, input: { id: s.obligationId } }),
  });
  const defs = metricDefinitions(clause);
  const others = (await listSubmissions({ ctx, input: { obligationId: s.obligationId } })).filter(
    (x) => x.id !== s.id,
  );
  const canDecide = can(ctx.actor, "submission.review") && s.status === "submitted";
  const mayRemove = canOnRow(ctx.actor, "file.redact", { ...contract, reviewed: s.status !== "submitted" });
  // A council's administrator reads the page for its access log, without the contract's other pages or
  // the files themselves.
  const mayDownload = can(ctx.actor, "file.read");
  const mayReadContract = can(ctx.actor, "contract.read");
  // Who downloaded each file: for the provider and the commissioning organisation's admins.
  const downloads: Record<string, Awaited<ReturnType<typeof listDownloads>>> = {};
  if (can(ctx.actor, "file.downloads")) {
    for (const f of s.files) downloads[f.id] = await listDownloads({ ctx, input: { id: f.id } });
  }
  const views = await viewsOfSubmission({ ctx, input: { submissionId: s.id, today } });
  const v = decision?.values ?? { decision: "", verdict: "", comment: "", responseToViews: "" };
  const e = decision?.errors ?? {};
  const errs = [...errorList(e), ...(decision?.general ?? []).map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: `Evidence for ${ob.clauseKey}, ${ob.period}`,
      nav: homeOf(ctx.actor) === "reviewer" ? "reviews" : "contracts",
      errors: errs,
      status: errs.length ? (decision?.general.length ? 409 : 422) : 200,
      before: mayReadContract ? contractCrumbs(contract, `${ob.clauseKey}, ${ob.period}`) : undefined,
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
              value: mayReadContract ? (
                <a class="govuk-link" href={`/obligations/${ob.id}`}>{`${ob.clauseKey} ${ob.clauseTitle}`}</a>
              ) : (
                `${ob.clauseKey} ${ob.clauseTitle}`
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
                  <td class="govuk-table__cell">{val === undefined ? "Not given" : inUnit(val, d.unit)}</td>
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
                <EvidenceFileName file={f} link={mayDownload} />
                {f.redactedAt ? null : (
                  <>
                    {" "}
                    <span class="govuk-hint govuk-!-display-inline">
                      ({FILE_TYPES[f.contentType.split(";")[0]!] ?? f.contentType}, {formatBytes(f.size)})
                    </span>
                    {mayRemove ? (
                      <>
                        {" "}
                        <a class="govuk-link" href={`/files/${f.id}/remove`}>
                          Remove<span class="govuk-visually-hidden"> {f.name}</span>
                        </a>
                      </>
                    ) : null}
                  </>
                )}
                {downloads[f.id] ? (
                  <details class="govuk-details govuk-!-margin-top-1 govuk-!-margin-bottom-2">
                    <summary class="govuk-details__summary">
                      <span class="govuk-details__summary-text">
                        Who downloaded it<span class="govuk-visually-hidden"> ({f.name})</span>
                      </span>
                    </summary>
                    <div class="govuk-details__text">
                      {downloads[f.id]!.length ? (
                        <ul class="govuk-list">
                          {downloads[f.id]!.map((d) => (
                            <li>
                              {d.name}, {formatMoment(d.at)}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        "No one yet."
                      )}
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="govuk-body">No files were sent with this submission.</p>
        )}
        <ViewsPanel views={views} />
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
                  ...(r.responseToViews
                    ? [{ key: "Answer to people's views", value: <Paragraphs text={r.responseToViews} /> }]
                    : []),
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
              {needsResponse(views) ? (
                <Textarea
                  name="responseToViews"
                  label="Your answer to the people who disagreed"
                  labelSize="s"
                  hint="Required. Say how you weighed their view, and what will happen because of it. The provider and the group see this."
                  value={v.responseToViews}
                  error={e.responseToViews}
                  rows={4}
                />
              ) : null}
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
            <SubmissionHistory submissions={others} metricDefs={defs} fileLinks={mayDownload} />
          </>
        ) : null}
      </div>
    </div>,
  );
}
