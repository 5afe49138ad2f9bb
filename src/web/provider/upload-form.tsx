// The evidence upload form: reading it, explaining the service's objections, and drawing it.
import type { FieldError } from "../../lib/errors.js";
import { normaliseText } from "../../lib/text.js";
import { londonDate } from "../../model/dates.js";
import { describeKinds, type EvidenceKind } from "../../model/evidence-kinds.js";
import type { MetricDefinition } from "../../services/contracts/obligation-clause.js";
import type { ObligationView } from "../../services/contracts/queries.js";
import type { AttachableFile } from "../../services/evidence/attachable.js";
import { MAX_NARRATIVE_LENGTH, metricValueProblem } from "../../services/evidence/submit.js";
import {
  Button,
  Checkboxes,
  CsrfField,
  DateInput,
  type DateParts,
  Details,
  type FieldErrors,
  FileUpload,
  InsetText,
  Radios,
  Textarea,
  TextInput,
} from "../components.js";
import { targetText } from "../evidence/components.js";
import { capitalise, readDateInput, textFieldProblem } from "../forms.js";
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

export const metricId = (name: string) => `metric-${name}`;

/** Checks the form's text fields; when they pass, the fields as the evidence service reads them. */
export function readUpload(raw: Record<string, string>, defs: MetricDefinition[]) {
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
    noPersonalData: get("noPersonalData") === "true",
    shareable: get("shareable") === "yes" ? "yes" : "no",
    attachFileIds: get("attachFileIds").split(",").filter(Boolean),
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
  if (!values.noPersonalData)
    errors.noPersonalData = "Confirm that the evidence does not identify anyone who uses the service";
  for (const d of defs) {
    const v = values.metrics[d.name]!;
    if (!v) continue;
    // As people type figures ("1,250", "85%"); the rule for the number is the service's own.
    const n = Number(v.replace(/,/g, "").replace(/%$/, ""));
    const problem = metricValueProblem(d, n);
    if (problem) errors[metricId(d.name)] = `${d.label} ${problem}`;
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
          noPersonalData: "true",
          ...(Object.keys(metrics).length ? { metrics: JSON.stringify(metrics) } : {}),
          shareable: values.shareable,
          ...(values.attachFileIds.length ? { attachFileIds: values.attachFileIds.join(",") } : {}),
        }
      : null,
  };
}

/** The service's field paths as this form's field ids. */
export function fieldOf(path: string): string | undefined {
  if (["narrative", "coveredFrom", "coveredTo", "files", "noPersonalData", "attachFileIds"].includes(path))
    return path;
  if (path.startsWith("metrics/")) return metricId(path.slice("metrics/".length));
  return undefined;
}

export function describeServiceError(err: FieldError, defs: MetricDefinition[]): string {
  const labels: Record<string, string> = {
    narrative: "The description",
    coveredFrom: "The start of the period covered",
    coveredTo: "The end of the period covered",
  };
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
  if (err.path === "files")
    return capitalise(err.message.replace(/^"(.+)" is empty$/, "The file $1 is empty"));
  return `${labels[err.path] ?? "This"} ${err.message}`;
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
              suffix={d.unit === "percent" ? "%" : d.unit === "days" ? "days" : undefined}
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
 * before the file input (see upload-stream.ts).
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
