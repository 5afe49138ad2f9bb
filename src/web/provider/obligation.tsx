// One obligation: the clause as the contract words it, what evidence is asked for, the upload form for
// provider staff (narrative, covered dates, the clause's metrics, files) with its limits stated, and the
// history of submissions and reviewers' comments. Uploads go to the same submitEvidence service as
// POST /api/obligations/:id/submissions, streamed through (see upload-stream.ts).
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError, type FieldError } from "../../lib/errors.js";
import { normaliseText } from "../../lib/text.js";
import { authorize, DOMAIN_ROLES, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { FREQUENCIES, type Frequency, type RenderedClause } from "../../model/clause-schema.js";
import type { ServiceCtx } from "../../services/context.js";
import {
  clauseOfObligation,
  type MetricDefinition,
  metricDefinitions,
} from "../../services/contracts/obligation-clause.js";
import { todayOf } from "../../services/contracts/obligation-status.js";
import {
  findObligation,
  getContract,
  getObligation,
  type ObligationView,
} from "../../services/contracts/queries.js";
import { getSubmission, listSubmissions, type SubmissionView } from "../../services/evidence/queries.js";
import { uploadLimits } from "../../services/evidence/receive-upload.js";
import { ACCEPTED_DESCRIPTION } from "../../services/evidence/sniff.js";
import { MAX_NARRATIVE_LENGTH, submitEvidence } from "../../services/evidence/submit.js";
import { reinstateObligation, waiveObligation } from "../../services/evidence/waive.js";
import {
  ActionForm,
  Button,
  ButtonLink,
  CsrfField,
  DateInput,
  type DateParts,
  type ErrorItem,
  errorList,
  type FieldErrors,
  FileUpload,
  InsetText,
  Panel,
  Paragraphs,
  SummaryList,
  Table,
  Textarea,
  TextInput,
} from "../components.js";
import { contractCrumbs, periodText } from "../contracts/contracts.js";
import { redirectWith } from "../flash.js";
import {
  capitalise,
  isoToParts,
  pathId,
  readDateInput,
  readForm,
  TEXT_LIMITS,
  textFieldProblem,
} from "../forms.js";
import { page } from "../layout.js";
import { formatBytes, formatDay, formatMoment, ObligationTag, SubmissionTag, VERDICT } from "../status.js";
import { type Prepared, reencodeUpload } from "./upload-stream.js";

type Ctx = Context<AppEnv>;

export const obligationId = (c: Ctx) => pathId(c, "obligation");

export interface UploadValues {
  narrative: string;
  coveredFrom: DateParts;
  coveredTo: DateParts;
  metrics: Record<string, string>;
}

const metricId = (name: string) => `metric-${name}`;

export function targetText(m: Pick<MetricDefinition, "comparator" | "target" | "unit">): string | null {
  if (m.target === null) return null;
  const unit = m.unit === "percent" ? "%" : m.unit === "days" ? " days" : "";
  return `${m.comparator === "at_most" ? "at most" : "at least"} ${m.target}${unit}`;
}

/** Checks the form's text fields; when they pass, the fields as the evidence service reads them. */
function readUpload(raw: Record<string, string>, defs: MetricDefinition[]) {
  const get = (k: string) => normaliseText(raw[k] ?? "");
  const values: UploadValues = {
    narrative: get("narrative"),
    coveredFrom: {
      day: get("coveredFrom-day"),
      month: get("coveredFrom-month"),
      year: get("coveredFrom-year"),
    },
    coveredTo: { day: get("coveredTo-day"), month: get("coveredTo-month"), year: get("coveredTo-year") },
    metrics: Object.fromEntries(defs.map((d) => [d.name, get(metricId(d.name))])),
  };
  const errors: FieldErrors = {};
  if (!values.narrative) errors.narrative = "Describe the evidence you are submitting";
  else {
    const problem = textFieldProblem(values.narrative, "the description", {
      min: 1,
      max: MAX_NARRATIVE_LENGTH,
    });
    if (problem) errors.narrative = problem;
  }
  const from = readDateInput(values.coveredFrom, "the date the evidence covers from", true);
  const to = readDateInput(values.coveredTo, "the date the evidence covers to", true);
  if (from.error) errors.coveredFrom = from.error;
  if (to.error) errors.coveredTo = to.error;
  else if (from.iso && to.iso && to.iso < from.iso)
    errors.coveredTo = "The end of the period covered must be on or after its start";
  const metrics: Record<string, number> = {};
  for (const d of defs) {
    const v = values.metrics[d.name]!;
    if (!v) continue;
    const n = Number(v.replace(/,/g, "").replace(/%$/, ""));
    if (!Number.isFinite(n)) errors[metricId(d.name)] = `${d.label} must be a number`;
    else if (n < 0) errors[metricId(d.name)] = `${d.label} must be 0 or more`;
    else if (d.unit === "percent" && n > 100)
      errors[metricId(d.name)] = `${d.label} is a percentage, so must be 100 or less`;
    else if ((d.unit === "count" || d.unit === "days") && !Number.isInteger(n))
      errors[metricId(d.name)] = `${d.label} must be a whole number`;
    else metrics[d.name] = n;
  }
  const ok = Object.keys(errors).length === 0;
  return {
    values,
    errors,
    fields: ok
      ? {
          narrative: values.narrative,
          coveredFrom: from.iso!,
          coveredTo: to.iso!,
          ...(Object.keys(metrics).length ? { metrics: JSON.stringify(metrics) } : {}),
        }
      : null,
  };
}

/** The service's field paths as this form's field ids. */
function fieldOf(path: string): string | undefined {
  if (path === "narrative" || path === "coveredFrom" || path === "coveredTo" || path === "files") return path;
  if (path.startsWith("metrics/")) return metricId(path.slice("metrics/".length));
  return undefined;
}

function describeServiceError(err: FieldError, defs: MetricDefinition[]): string {
  const labels: Record<string, string> = {
    narrative: "The description",
    coveredFrom: "The start of the period covered",
    coveredTo: "The end of the period covered",
  };
  if (err.path.startsWith("metrics/")) {
    const d = defs.find((x) => x.name === err.path.slice(8));
    return `${d?.label ?? "This figure"} ${err.message}`;
  }
  if (err.path === "files")
    return capitalise(err.message.replace(/^"(.+)" is empty$/, "The file $1 is empty"));
  return `${labels[err.path] ?? "This"} ${err.message}`;
}

function canSubmitNow(ob: ObligationView, role: string): { ok: boolean; why?: string } {
  if (role !== "provider") return { ok: false };
  if (ob.status === "not_applicable")
    return { ok: false, why: "The reviewer marked this not applicable, so it takes no evidence." };
  if (ob.status === "not_due")
    return {
      ok: false,
      why: `This period starts on ${formatDay(ob.periodStart)}. You can submit evidence from then.`,
    };
  if (ob.frequency === "per_event") return { ok: true };
  if (ob.status === "submitted")
    return {
      ok: false,
      why: "Your evidence is waiting for review. If the reviewer asks for changes, you can submit again.",
    };
  if (ob.status === "accepted")
    return { ok: false, why: "Your evidence has been accepted. Nothing more is needed for this period." };
  return { ok: true };
}

function MetricTable({
  defs,
  values,
}: {
  defs: MetricDefinition[];
  values?: Record<string, number | string>;
}) {
  return (
    <Table
      caption={values ? "Figures reported" : "Figures to report"}
      captionSize="s"
      head={["Measure", values ? "Reported" : null, "Target"]}
    >
      {defs.map((d) => {
        const v = values?.[d.name];
        return (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">{d.label}</td>
            {values ? (
              <td class="govuk-table__cell">
                {v === undefined ? "Not given" : `${v}${d.unit === "percent" ? "%" : ""}`}
              </td>
            ) : null}
            <td class="govuk-table__cell">
              {targetText(d) ? capitalise(targetText(d)!) : "No fixed target"}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

export function ClauseAsked({ clause, headingLevel }: { clause: RenderedClause; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 3 ? "h3" : "h2";
  const Sub = headingLevel === 3 ? "h4" : "h3";
  const defs = metricDefinitions(clause);
  return (
    <>
      <H class="govuk-heading-m">What the contract asks for</H>
      <Paragraphs text={clause.requirement} />
      <Sub class="govuk-heading-s">Evidence to hand in</Sub>
      <Paragraphs text={clause.evidence.documents} />
      <Sub class="govuk-heading-s">What the reviewer checks</Sub>
      <Paragraphs text={clause.evidence.reviewerChecks} />
      {clause.threshold ? (
        <>
          <Sub class="govuk-heading-s">Threshold</Sub>
          <Paragraphs text={clause.threshold.description} />
          {defs.length ? <MetricTable defs={defs} /> : null}
        </>
      ) : null}
    </>
  );
}

export function SubmissionHistory({
  submissions,
  metricDefs,
}: {
  submissions: SubmissionView[];
  metricDefs: MetricDefinition[];
}) {
  if (submissions.length === 0) return <p class="govuk-body">Nothing has been submitted yet.</p>;
  return (
    <>
      {submissions.map((s) => (
        <div class="govuk-summary-card">
          <div class="govuk-summary-card__title-wrapper">
            <h3 class="govuk-summary-card__title">
              Version {s.version}, submitted {formatMoment(s.createdAt)}
            </h3>
            <ul class="govuk-summary-card__actions">
              <li class="govuk-summary-card__action">
                <a class="govuk-link" href={`/submissions/${s.id}`}>
                  View<span class="govuk-visually-hidden"> version {s.version}</span>
                </a>
              </li>
            </ul>
          </div>
          <div class="govuk-summary-card__content">
            <SummaryList
              rows={[
                { key: "Status", value: <SubmissionTag status={s.status} /> },
                { key: "Submitted by", value: s.submittedByName ?? "Unknown" },
                { key: "Covers", value: `${formatDay(s.coveredFrom)} to ${formatDay(s.coveredTo)}` },
                {
                  key: "Files",
                  value: s.files.length ? (
                    <ul class="govuk-list">
                      {s.files.map((f) => (
                        <li>
                          <a class="govuk-link app-long-text" href={`/files/${f.id}`}>
                            {f.name}
                          </a>{" "}
                          ({formatBytes(f.size)})
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "None"
                  ),
                },
                ...(Object.keys(s.metrics).length
                  ? [
                      {
                        key: "Figures",
                        value: (
                          <ul class="govuk-list">
                            {Object.entries(s.metrics).map(([k, v]) => {
                              const d = metricDefs.find((x) => x.name === k);
                              return (
                                <li>
                                  {d?.label ?? k}: {String(v)}
                                  {d?.unit === "percent" ? "%" : ""}
                                </li>
                              );
                            })}
                          </ul>
                        ),
                      },
                    ]
                  : []),
                ...s.reviews.map((r) => ({
                  key: r.decision === "accepted" ? "Reviewer's decision" : "Changes requested",
                  value: (
                    <>
                      <p class="govuk-body govuk-!-margin-bottom-1">
                        {r.decision === "accepted"
                          ? `Accepted as ${(VERDICT[r.verdict ?? ""]?.[0] ?? "").toLowerCase()}`
                          : "Returned for changes"}{" "}
                        by {r.reviewerName ?? "a reviewer"}, {formatMoment(r.createdAt)}
                      </p>
                      {r.comment ? (
                        <Paragraphs text={r.comment} className="govuk-body govuk-!-margin-bottom-1" />
                      ) : null}
                    </>
                  ),
                })),
              ]}
            />
          </div>
        </div>
      ))}
    </>
  );
}

function UploadForm(p: {
  ob: ObligationView;
  defs: MetricDefinition[];
  values: UploadValues;
  errors: FieldErrors;
  csrf: string | undefined;
  limits: { maxFileBytes: number; maxFiles: number };
  resubmit: boolean;
}) {
  const { values: v, errors: e } = p;
  return (
    <form method="post" action={`/obligations/${p.ob.id}/submit`} enctype="multipart/form-data" novalidate>
      <CsrfField token={p.csrf} />
      <Textarea
        name="narrative"
        label="Describe the evidence"
        labelSize="s"
        hint="What you did in this period, what the files show, and anything the reviewer should know."
        value={v.narrative}
        error={e.narrative}
        rows={6}
      />
      <DateInput
        name="coveredFrom"
        legend="The evidence covers from"
        legendSize="s"
        value={v.coveredFrom}
        error={e.coveredFrom}
      />
      <DateInput
        name="coveredTo"
        legend="The evidence covers to"
        legendSize="s"
        value={v.coveredTo}
        error={e.coveredTo}
      />
      {p.defs.length ? (
        <>
          <h3 class="govuk-heading-s">Figures for this period</h3>
          <p class="govuk-body">Leave a box empty if you do not have the figure.</p>
          {p.defs.map((d) => (
            <TextInput
              name={metricId(d.name)}
              label={d.label}
              hint={targetText(d) ? `Target: ${targetText(d)}` : undefined}
              value={v.metrics[d.name] ?? ""}
              error={e[metricId(d.name)]}
              width={d.unit === "percent" ? "3" : "4"}
              inputmode="decimal"
              suffix={d.unit === "percent" ? "%" : d.unit === "days" ? "days" : undefined}
              spellcheck={false}
              labelSize="s"
            />
          ))}
        </>
      ) : null}
      <FileUpload
        name="files"
        label="Upload files"
        multiple
        error={e.files}
        hint={`Up to ${p.limits.maxFiles} files, each up to ${formatBytes(p.limits.maxFileBytes)}. Accepted: ${ACCEPTED_DESCRIPTION}. Hold Ctrl (or Cmd on a Mac) to choose several.`}
      />
      <Button>{p.resubmit ? "Submit evidence again" : "Submit evidence"}</Button>
    </form>
  );
}

async function obligationPage(
  c: Ctx,
  ctx: ServiceCtx,
  id: string,
  upload?: { values: UploadValues; errors: FieldErrors; summary: ErrorItem[] },
  status: 200 | 409 | 413 | 415 | 422 = 200,
) {
  const today = todayOf(ctx.now);
  const ob = await getObligation(ctx.db, ctx.actor, id, today);
  const row = await findObligation(ctx.db, ctx.actor, id);
  const contract = await getContract(ctx.db, ctx.actor, ob.contractId);
  const clause = await clauseOfObligation(ctx.db, row);
  const defs = metricDefinitions(clause);
  const history = await listSubmissions(ctx.db, ctx.actor, id);
  const can = canSubmitNow(ob, ctx.actor.role);
  const limits = uploadLimits(c.get("deps").env);
  const latest = history.find((s) => s.latest);
  const reviewer = ctx.actor.role === "reviewer";
  const values: UploadValues = upload?.values ?? {
    narrative: "",
    coveredFrom: isoToParts(ob.periodStart),
    // An open-ended (per event) obligation: today, or its start if that is later.
    coveredTo: isoToParts(ob.periodEnd ?? [ob.periodStart, today].sort()[1]),
    metrics: {},
  };
  return page(
    c,
    {
      title: `${ob.clauseKey} ${ob.clauseTitle}, ${ob.period}`,
      nav: "contracts",
      errors: upload?.summary,
      status,
      before: contractCrumbs(contract, `${ob.clauseKey}, ${ob.period}`),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {ob.status === "changes_requested" && ob.reason ? (
          <div
            class="govuk-notification-banner"
            role="region"
            aria-labelledby="changes-title"
            data-module="govuk-notification-banner"
          >
            <div class="govuk-notification-banner__header">
              <h2 class="govuk-notification-banner__title" id="changes-title">
                Important
              </h2>
            </div>
            <div class="govuk-notification-banner__content">
              <p class="govuk-notification-banner__heading">The reviewer asked for changes</p>
              <Paragraphs text={ob.reason} />
            </div>
          </div>
        ) : null}
        <span class="govuk-caption-l">
          {contract.reference}, {ob.period}
        </span>
        <h1 class="govuk-heading-l">
          <span class="app-key">{ob.clauseKey}</span> {ob.clauseTitle}
        </h1>
        <SummaryList
          rows={[
            { key: "Status", value: <ObligationTag status={ob.status} verdict={ob.verdict} /> },
            { key: "Period", value: periodText(ob) },
            { key: "Evidence due", value: ob.dueDate ? formatDay(ob.dueDate) : "Each time it happens" },
            { key: "How often", value: FREQUENCIES[ob.frequency as Frequency] ?? ob.frequency },
            ...(ob.status === "not_applicable" && ob.reason
              ? [{ key: "Why not applicable", value: ob.reason }]
              : []),
            ...(ctx.actor.role !== "provider" ? [{ key: "Provider", value: contract.providerName }] : []),
          ]}
        />
        {reviewer && latest?.status === "submitted" ? (
          <ButtonLink href={`/submissions/${latest.id}`}>Review the evidence</ButtonLink>
        ) : null}
        <ClauseAsked clause={clause} />
        {ctx.actor.role === "provider" ? (
          <>
            <h2 class="govuk-heading-m" id="submit">
              {!can.ok
                ? "Submitting evidence"
                : history.length && ob.frequency !== "per_event"
                  ? "Submit evidence again"
                  : "Submit evidence"}
            </h2>
            {can.ok ? (
              <UploadForm
                ob={ob}
                defs={defs}
                values={values}
                errors={upload?.errors ?? {}}
                csrf={ctx.actor.csrfToken}
                limits={limits}
                resubmit={history.length > 0 && ob.frequency !== "per_event"}
              />
            ) : (
              <InsetText>{can.why}</InsetText>
            )}
          </>
        ) : null}
        <h2 class="govuk-heading-m">Submissions and reviewers' comments</h2>
        <SubmissionHistory submissions={history} metricDefs={defs} />
        {reviewer ? <WaiveForms ob={ob} csrf={ctx.actor.csrfToken} errors={{}} /> : null}
      </div>
    </div>,
  );
}

function WaiveForms({
  ob,
  csrf,
  errors,
  reason,
}: {
  ob: ObligationView;
  csrf: string | undefined;
  errors: FieldErrors;
  reason?: string;
}) {
  if (ob.status === "not_applicable") {
    return (
      <>
        <h2 class="govuk-heading-m">Not applicable</h2>
        <ActionForm action={`/obligations/${ob.id}/reinstate`} csrf={csrf} className="">
          <Button secondary>Reinstate this obligation</Button>
        </ActionForm>
      </>
    );
  }
  if (ob.status === "accepted" || ob.status === "submitted") return null;
  return (
    <>
      <h2 class="govuk-heading-m">Mark as not applicable</h2>
      <p class="govuk-body">
        If this evidence cannot apply in this period, say why. It then counts neither for nor against
        compliance.
      </p>
      <form method="post" action={`/obligations/${ob.id}/waive`} novalidate>
        <CsrfField token={csrf} />
        <Textarea
          name="reason"
          label="Reason"
          labelSize="s"
          value={reason ?? ""}
          error={errors.reason}
          rows={3}
        />
        <Button secondary>Mark as not applicable</Button>
      </form>
    </>
  );
}

export const obligationPages = new Hono<AppEnv>()
  .get("/obligations/:id", authorize(DOMAIN_ROLES), async (c) =>
    obligationPage(c, serviceCtx(c), obligationId(c)),
  )
  .post("/obligations/:id/submit", authorize(["provider"]), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    // Someone else's obligation is a 404 before a byte of the upload is read.
    const row = await findObligation(ctx.db, ctx.actor, id);
    const defs = metricDefinitions(await clauseOfObligation(ctx.db, row));
    const limits = uploadLimits(c.get("deps").env);
    let checked: ReturnType<typeof readUpload> | null = null;
    const upload = reencodeUpload({
      body: c.req.raw.body,
      contentType: c.req.header("content-type"),
      csrfToken: ctx.actor.csrfToken,
      maxFiles: limits.maxFiles,
      prepare: (raw): Prepared => {
        checked = readUpload(raw, defs);
        return checked.fields ? { ok: true, fields: checked.fields } : { ok: false };
      },
    });
    let failure: unknown = null;
    let submissionId: string | null = null;
    if (await upload.decided) {
      try {
        const length = Number(c.req.header("content-length"));
        const view = await submitEvidence({
          ctx,
          input: {
            obligationId: id,
            body: upload.body,
            contentType: upload.contentType,
            contentLength: Number.isFinite(length) ? length : undefined,
          },
          files: c.get("deps").files,
          limits,
        });
        submissionId = view.id;
      } catch (e) {
        failure = e;
        upload.discard();
      }
    }
    // Read to the end, so the browser gets its answer and we know every file it sent.
    const sent = await upload.done;
    if (submissionId) return c.redirect(`/submissions/${submissionId}/confirmation`, 303);
    if (failure && !(failure instanceof AppError)) throw failure;
    const values =
      (checked as ReturnType<typeof readUpload> | null)?.values ?? readUpload(sent.fields, defs).values;
    const errors: FieldErrors = { ...((checked as ReturnType<typeof readUpload> | null)?.errors ?? {}) };
    const extra: ErrorItem[] = [];
    let status: 409 | 413 | 415 | 422 = 422;
    if (failure instanceof AppError) {
      if (failure.code === "validation_failed" && failure.errors?.length) {
        for (const err of failure.errors) {
          const field = fieldOf(err.path);
          const text = describeServiceError(err, defs);
          if (field && !errors[field]) errors[field] = text;
          else if (!field) extra.push({ href: "", text });
        }
      } else if (failure.code === "payload_too_large" || failure.code === "unsupported_media_type") {
        errors.files = failure.message;
        status = failure.code === "payload_too_large" ? 413 : 415;
      } else if (failure.code === "conflict") {
        extra.push({ href: "", text: failure.message });
        status = 409;
      } else if (failure.code === "bad_request") {
        extra.push({ href: "", text: failure.message });
      } else throw failure;
    }
    if (sent.fileNames.length) {
      const names = sent.fileNames.join(", ");
      const again = `Nothing was saved, so choose your ${sent.fileNames.length === 1 ? "file" : "files"} again: ${names}`;
      errors.files = errors.files ? `${errors.files} ${again}` : again;
    }
    const summary = [...errorList(errors, ["coveredFrom", "coveredTo"]), ...extra];
    return obligationPage(c, ctx, id, { values, errors, summary }, status);
  })
  .post("/obligations/:id/waive", authorize(["reviewer"]), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    const form = await readForm(c);
    const reason = form.str("reason");
    const problem = reason
      ? textFieldProblem(reason, "the reason", TEXT_LIMITS.waiveReason)
      : "Enter the reason it does not apply";
    if (problem) {
      const ob = await getObligation(ctx.db, ctx.actor, id, todayOf(ctx.now));
      return page(
        c,
        {
          title: "Mark as not applicable",
          nav: "contracts",
          errors: [{ href: "#reason", text: problem }],
          status: 422,
        },
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <span class="govuk-caption-l">
              {ob.clauseKey}, {ob.period}
            </span>
            <h1 class="govuk-heading-l">Mark as not applicable</h1>
            <WaiveForms ob={ob} csrf={ctx.actor.csrfToken} reason={reason} errors={{ reason: problem }} />
          </div>
        </div>,
      );
    }
    await waiveObligation({ ctx, id, reason });
    return redirectWith(c, `/obligations/${id}`, { kind: "success", heading: "Marked as not applicable" });
  })
  .post("/obligations/:id/reinstate", authorize(["reviewer"]), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    await readForm(c);
    await reinstateObligation({ ctx, id });
    return redirectWith(c, `/obligations/${id}`, {
      kind: "success",
      heading: "Reinstated: evidence is expected again",
    });
  })
  .get("/submissions/:id/confirmation", authorize(["provider"]), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "submission");
    const s = await getSubmission(ctx.db, ctx.actor, id);
    const ob = await getObligation(ctx.db, ctx.actor, s.obligationId, todayOf(ctx.now));
    return page(
      c,
      { title: "Evidence submitted", nav: "contracts" },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Panel title="Evidence submitted">
            {ob.clauseKey}, {ob.period}
            <br />
            Version {s.version}
          </Panel>
          <p class="govuk-body">
            We have your evidence: {s.files.length} {s.files.length === 1 ? "file" : "files"}
            {s.files.length ? ` (${s.files.map((f) => f.name).join(", ")})` : ""}.
          </p>
          <h2 class="govuk-heading-m">What happens next</h2>
          <p class="govuk-body">
            A reviewer at the commissioning organisation will check it against the contract. If they ask for
            changes, this clause will show as returned for changes on your contract, with their comments, and
            you can submit again.
          </p>
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href={`/obligations/${ob.id}`}>
                See this evidence and its history
              </a>
            </li>
            <li>
              <a class="govuk-link" href={`/contracts/${ob.contractId}`}>
                Back to the contract's evidence
              </a>
            </li>
          </ul>
        </div>
      </div>,
    );
  });
