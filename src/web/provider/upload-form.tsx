// The evidence upload form: what was typed, the fields as the evidence service reads them, the
// service's objections in the page's words (through the one helper), and the form itself.
import type { FieldError } from "../../lib/errors.js";
import { normaliseText } from "../../lib/text.js";
import { londonDate } from "../../model/dates.js";
import { describeKinds, type EvidenceKind } from "../../model/evidence-kinds.js";
import { unitSuffix } from "../../model/performance.js";
import type { MetricDefinition } from "../../services/contracts/obligation-clause.js";
import type { ObligationView } from "../../services/contracts/queries.js";
import type { AttachableFile } from "../../services/evidence/attachable.js";
import {
  Button,
  Checkboxes,
  CsrfField,
  DateInput,
  type DateParts,
  Details,
  type ErrorItem,
  errorList,
  type FieldErrors,
  FileUpload,
  InsetText,
  Radios,
  Textarea,
  TextInput,
} from "../components.js";
import { targetText } from "../evidence/components.js";
import { capitalise, errorsFromAppError } from "../forms.js";
import { formatBytes, formatDay } from "../status.js";

export interface UploadValues {
  narrative: string;
  coveredFrom: DateParts;
  coveredTo: DateParts;
  metrics: Record<string, string>;
  noPersonalData: boolean;
  /** "yes": the user groups linked to the contract may see it (default no). */
  shareable: string;
  /** Files already sent for the contract that this submission uses again. */
  attachFileIds: string[];
}

const metricId = (name: string) => `metric-${name}`;

/** What was typed, to show the form again after a refusal. */
export function typedValues(raw: Record<string, string>): UploadValues {
  const get = (k: string) => normaliseText(raw[k] ?? "");
  const parts = (name: string) => ({
    day: get(`${name}-day`),
    month: get(`${name}-month`),
    year: get(`${name}-year`),
  });
  return {
    narrative: get("narrative"),
    coveredFrom: parts("coveredFrom"),
    coveredTo: parts("coveredTo"),
    metrics: Object.fromEntries(
      Object.keys(raw)
        .filter((k) => k.startsWith("metric-"))
        .map((k) => [k.slice("metric-".length), get(k)]),
    ),
    noPersonalData: get("noPersonalData") === "true",
    shareable: get("shareable") === "yes" ? "yes" : "no",
    attachFileIds: get("attachFileIds").split(",").filter(Boolean),
  };
}

/**
 * The form's fields as the evidence service reads them, as the API takes them: the dates from their
 * three boxes, the figures as one object, as typed. Nothing is judged here: the service is the one rule.
 */
export function submissionFieldsOf(raw: Record<string, string>): Record<string, string> {
  const v = typedValues(raw);
  const date = (p: DateParts) =>
    p.day || p.month || p.year ? `${p.year}-${p.month.padStart(2, "0")}-${p.day.padStart(2, "0")}` : "";
  const metrics = Object.fromEntries(Object.entries(v.metrics).filter(([, typed]) => typed !== ""));
  return {
    narrative: v.narrative,
    coveredFrom: date(v.coveredFrom),
    coveredTo: date(v.coveredTo),
    ...(raw.noPersonalData !== undefined ? { noPersonalData: raw.noPersonalData } : {}),
    ...(Object.keys(metrics).length ? { metrics: JSON.stringify(metrics) } : {}),
    shareable: v.shareable,
    ...(v.attachFileIds.length ? { attachFileIds: v.attachFileIds.join(",") } : {}),
  };
}

/** The service's field paths as this form's field ids, in the order the page shows them. */
function fieldOf(path: string): string | undefined {
  if (["narrative", "coveredFrom", "coveredTo", "files", "noPersonalData", "attachFileIds"].includes(path))
    return path;
  if (path.startsWith("metrics/")) return metricId(path.slice("metrics/".length));
  return undefined;
}

const DATE_LABELS: Record<string, string> = {
  coveredFrom: "the date the evidence covers from",
  coveredTo: "the date the evidence covers to",
};

/** The service's message in this page's words. */
function describeServiceError(
  err: FieldError,
  defs: MetricDefinition[],
  sent: Record<string, string> = {},
): string {
  const labels: Record<string, string> = {
    narrative: "The description",
    coveredFrom: "The start of the period covered",
    coveredTo: "The end of the period covered",
  };
  if (err.path === "narrative" && err.message === "is required")
    return "Describe the evidence you are submitting";
  const dateLabel = DATE_LABELS[err.path];
  if (dateLabel) {
    if (!["day", "month", "year"].some((part) => sent[`${err.path}-${part}`]?.trim()))
      return `Enter ${dateLabel}`;
    if (/^must be a date as/.test(err.message)) return `${capitalise(dateLabel)} must be a real date`;
    if (err.message === "must be on or after coveredFrom")
      return "The end of the period covered must be on or after its start";
  }
  if (err.path.startsWith("metrics/")) {
    const d = defs.find((x) => x.name === err.path.slice(8));
    return `${d?.label ?? "This figure"} ${err.message}`;
  }
  // The API names the file by its id; a person chose it by its name from a list, so say which list.
  if (err.path === "attachFileIds") {
    return / was removed /.test(err.message)
      ? "A file you chose from the files you already sent has since been removed, so it cannot be used"
      : "Choose files to use again only from the list of files already sent for this contract";
  }
  if (err.path === "files" || err.path === "noPersonalData")
    return capitalise(err.message.replace(/^"(.+)" is empty$/, "The file $1 is empty"));
  return `${labels[err.path] ?? "This"} ${err.message}`;
}

/**
 * A refused upload as the page shows it, through the one helper (errorsFromAppError): the service's
 * messages at their fields in page order, a file the service refused at the file input, and which files
 * to choose again. Null for an error the page does not show (rethrown).
 */
export function uploadErrors(
  failure: unknown,
  defs: MetricDefinition[],
  sent: Record<string, string>,
  read: { fileNames: string[]; complete: boolean },
): { errors: FieldErrors; summary: ErrorItem[]; status: number } | null {
  const shown = errorsFromAppError(failure, fieldOf, (err) => describeServiceError(err, defs, sent), {
    // unavailable: the virus scanner cannot be reached, so nothing was kept (scanning fails closed).
    whole: { payload_too_large: "files", unsupported_media_type: "files", unavailable: "files" },
  });
  if (!shown) return null;
  const order = ["narrative", "coveredFrom", "coveredTo", ...defs.map((d) => metricId(d.name))];
  const errors: FieldErrors = {};
  for (const id of [...order, ...Object.keys(shown.fields)])
    if (shown.fields[id]) errors[id] ??= shown.fields[id];
  if (read.fileNames.length) {
    const names = read.fileNames.join(", ");
    // Reading stopped part way: there may be more files than the names seen.
    const again = read.complete
      ? `Nothing was saved, so choose your ${read.fileNames.length === 1 ? "file" : "files"} again: ${names}`
      : `Nothing was saved, so choose your files again (${names}, and any others you chose)`;
    errors.files = errors.files ? `${errors.files} ${again}` : again;
  }
  const summary = [
    ...errorList(errors, ["coveredFrom", "coveredTo"]),
    ...shown.general.map((text) => ({ href: "", text })),
  ];
  return { errors, summary, status: shown.status };
}

export function UploadForm(p: {
  ob: ObligationView;
  defs: MetricDefinition[];
  values: UploadValues;
  errors: FieldErrors;
  csrf: string | undefined;
  limits: { maxFileBytes: number; maxFiles: number; kinds: readonly EvidenceKind[] };
  resubmit: boolean;
  /** Files already sent for this contract that this submission can use again. */
  attachable: AttachableFile[];
  /** The clause is one people who use the service check: only then is sharing with their group asked. */
  askShareable: boolean;
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
              suffix={unitSuffix(d.unit)}
              spellcheck={false}
              labelSize="s"
            />
          ))}
        </>
      ) : null}
      {p.askShareable ? (
        <Radios
          name="shareable"
          legend="Can the group of people who use the service see this evidence and its files?"
          legendSize="s"
          hint="People who use the service check this promise. Only the groups the council has linked to this contract would see it. Say no if the files name people or could identify them."
          value={v.shareable || "no"}
          inline
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
        />
      ) : null}
      {/* Before the files: the browser sends fields in page order, and they are checked before any file. */}
      <InsetText>
        Evidence must not identify anyone who uses the service: no names, dates of birth, addresses, NHS
        numbers or case notes. Send counts, summaries and anonymised or pseudonymised extracts instead.
      </InsetText>
      <Checkboxes
        name="noPersonalData"
        legend="Personal data"
        legendSize="s"
        items={[
          {
            value: "true",
            text: "I confirm that this evidence does not identify anyone who uses the service",
          },
        ]}
        values={v.noPersonalData ? ["true"] : []}
        error={e.noPersonalData}
      />
      {p.attachable.length ? (
        <AttachList files={p.attachable} values={v.attachFileIds} error={e.attachFileIds} />
      ) : null}
      <FileUpload
        name="files"
        label={p.attachable.length ? "Upload new files" : "Upload files"}
        multiple
        error={e.files}
        hint={`Up to ${p.limits.maxFiles} files, each up to ${formatBytes(p.limits.maxFileBytes)}. Accepted: ${describeKinds(p.limits.kinds)}. Hold Ctrl (or Cmd on a Mac) to choose several.`}
      />
      <Button>{p.resubmit ? "Submit evidence again" : "Submit evidence"}</Button>
    </form>
  );
}

/**
 * Files already sent for the contract, to use again without uploading them: folded away until wanted,
 * each named with the clause, period and day it was sent for. Ticked boxes are fields, so they come
 * before the file input (see lib/multipart.ts).
 */
function AttachList(p: { files: AttachableFile[]; values: string[]; error: string | undefined }) {
  return (
    <Details
      summary={`Use a file you already sent for this contract (${p.files.length})`}
      open={p.values.length > 0 || Boolean(p.error)}
    >
      <Checkboxes
        name="attachFileIds"
        legend="Files you already sent"
        legendSize="s"
        hint="Tick any file that is also evidence for this. It is added to this submission as it is, without uploading it again. You can also upload new files below."
        small
        values={p.values}
        error={p.error}
        items={p.files.map((f) => ({
          value: f.id,
          text: f.name,
          hint: `Sent for ${f.clauseKey} ${f.clauseTitle}, ${f.period}, on ${formatDay(londonDate(f.sentAt))} (${formatBytes(f.size)})`,
        }))}
      />
    </Details>
  );
}
