// Evidence components shared by the provider's and the reviewer's pages: what the clause asks, the figures
// reported against its targets, and the history of submissions.
import type { RenderedClause } from "../../model/clause-schema.js";
import { inUnit } from "../../model/performance.js";
import { type MetricDefinition, metricDefinitions } from "../../services/contracts/obligation-clause.js";
import type { fileView, SubmissionView } from "../../services/evidence/queries.js";
import { Paragraphs, SummaryList, Table } from "../components.js";
import { capitalise } from "../forms.js";
import { formatBytes, formatDay, formatMoment, SubmissionTag, VERDICT } from "../status.js";

export function targetText(m: Pick<MetricDefinition, "comparator" | "target" | "unit">): string | null {
  if (m.target === null) return null;
  return `${m.comparator === "at_most" ? "at most" : "at least"} ${inUnit(m.target, m.unit)}`;
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
              <td class="govuk-table__cell">{v === undefined ? "Not given" : inUnit(v, d.unit)}</td>
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

/**
 * An evidence file's name: a download link, or plain text for someone who may not download it; a removed
 * file (redacted, or past retention) keeps its name, marked removed, with when and why.
 */
export function EvidenceFileName({
  file: f,
  link = true,
}: {
  file: ReturnType<typeof fileView>;
  link?: boolean;
}) {
  if (f.redactedAt) {
    return (
      <>
        <span class="app-long-text">{f.name}</span> <strong class="govuk-tag govuk-tag--grey">Removed</strong>
        <span class="govuk-hint">
          Removed on {formatDay(f.redactedAt.slice(0, 10))}: {f.redactionReason}
        </span>
      </>
    );
  }
  return link ? (
    <a class="govuk-link app-long-text" href={`/files/${f.id}`}>
      {f.name}
    </a>
  ) : (
    <span class="app-long-text">{f.name}</span>
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
  fileLinks = true,
}: {
  submissions: SubmissionView[];
  metricDefs: MetricDefinition[];
  /** False for someone who may see the evidence but not download its files. */
  fileLinks?: boolean;
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
                          <EvidenceFileName file={f} link={fileLinks} />
                          {f.redactedAt ? null : ` (${formatBytes(f.size)})`}
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
                                  {d?.label ?? k}: {inUnit(v, d?.unit ?? "")}
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
