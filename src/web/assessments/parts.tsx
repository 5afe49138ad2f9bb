// How an assessment reads on the pages: its ratings with the figures and targets they were judged from,
// the list of a contract's assessments, and the contract page's section with the next due date.
import { can } from "../../model/access-policy.js";
import type { AssessmentRating } from "../../model/assessment.js";
import { formatTarget, KPI_FREQUENCY_WORDS } from "../../model/kpis.js";
import { inUnit, RATING_WORDS, type Rating } from "../../model/performance.js";
import { listAssessments } from "../../services/assessments/assessments.js";
import type { ServiceCtx } from "../../services/context.js";
import type { ContractView } from "../../services/contracts/queries.js";
import { ButtonLink, Details, Paragraphs, Table, Tag, type TagColour } from "../components.js";
import { formatDay } from "../status.js";

export type AssessmentView = Awaited<ReturnType<typeof listAssessments>>["assessments"][number];

const RATING_COLOUR: Record<Rating, TagColour> = {
  good: "green",
  approaching_target: "yellow",
  requires_improvement: "orange",
  inadequate: "red",
  other: "grey",
};

function RatingTag({ rating }: { rating: Rating }) {
  return <Tag text={RATING_WORDS[rating]} colour={RATING_COLOUR[rating]} />;
}

export function StatusTag({ status }: { status: string }) {
  return status === "confirmed" ? (
    <Tag text="Confirmed" colour="green" />
  ) : (
    <Tag text="Draft" colour="grey" />
  );
}

/** The period's target, and the yearly one when it was pro-rated. */
function targetText(r: AssessmentRating) {
  const t = formatTarget({ target: r.target, unit: r.unit, comparator: r.comparator });
  return r.proRated ? `${t} by the period's end (${inUnit(r.annualTarget, r.unit)} a year, pro-rated)` : t;
}

function figureCell(r: AssessmentRating) {
  if (!r.figure || r.figure.value === null) return "No figure reported";
  return (
    <>
      {inUnit(r.figure.value, r.unit)}
      <br />
      <span class="govuk-body-s">
        {r.figure.period}
        {r.figure.accepted ? ", accepted" : ", reported, not yet checked"}
      </span>
    </>
  );
}

/** Why the figures propose what they do, in a sentence. */
function because(r: AssessmentRating) {
  const width = (Math.abs(r.target) * r.tolerancePercent) / 100;
  const band = `${r.tolerancePercent}% of the target (${inUnit(width, r.unit, { points: true })})`;
  if (!r.figure || r.figure.value === null) return "Nothing was reported by the period's end.";
  switch (r.proposed) {
    case "good":
      return "The figure meets the target.";
    case "approaching_target":
      return `Short of the target by no more than ${band}.`;
    case "requires_improvement":
      return `Short of the target by more than ${band}, but no more than twice that.`;
    default:
      return `Short of the target by more than twice ${band}.`;
  }
}

/** Each KPI's rating with the figures that led to it; a change link per KPI while the draft may change. */
export function RatingsTable(p: { ratings: AssessmentRating[]; changeHref?: (kpiId: string) => string }) {
  return (
    <Table
      caption="Ratings against each KPI"
      head={["KPI", "Target", "Figure", "Proposed from the figures", "Rating", p.changeHref ? "" : null]}
      scroll="Ratings against each KPI"
    >
      {p.ratings.map((r) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <span class="app-key">{r.clauseKey}</span> {r.metricLabel}
            <br />
            <span class="govuk-body-s">
              {r.clauseTitle}. {KPI_FREQUENCY_WORDS[r.frequency]}
              {r.mostMaterial ? ". One of the most material" : ""}
            </span>
          </td>
          <td class="govuk-table__cell">{targetText(r)}</td>
          <td class="govuk-table__cell">{figureCell(r)}</td>
          <td class="govuk-table__cell">
            <RatingTag rating={r.proposed} />
            <br />
            <span class="govuk-body-s">{because(r)}</span>
          </td>
          <td class="govuk-table__cell">
            <RatingTag rating={r.rating} />
            {r.reason ? (
              <>
                <br />
                <span class="govuk-body-s">Reason: {r.reason}</span>
              </>
            ) : null}
          </td>
          {p.changeHref ? (
            <td class="govuk-table__cell">
              <a class="govuk-link" href={p.changeHref(r.kpiId)}>
                Change<span class="govuk-visually-hidden"> the rating for {r.metricLabel}</span>
              </a>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

/** The clauses' words as they were when the ratings were proposed. */
export function ClauseWords({ ratings }: { ratings: AssessmentRating[] }) {
  const seen = new Map<string, AssessmentRating>();
  for (const r of ratings) if (r.clauseRequirement && !seen.has(r.clauseKey)) seen.set(r.clauseKey, r);
  if (!seen.size) return null;
  return (
    <Details summary="The clauses as they read when the ratings were proposed">
      {[...seen.values()].map((r) => (
        <>
          <h3 class="govuk-heading-s">
            {r.clauseKey} {r.clauseTitle}
            {r.clauseVersion ? ` (version ${r.clauseVersion})` : ""}
          </h3>
          <Paragraphs text={r.clauseRequirement} />
          {r.clauseThreshold ? <p class="govuk-body">Threshold: {r.clauseThreshold}</p> : null}
        </>
      ))}
    </Details>
  );
}

export const DUE_RULE =
  "An assessment is due 12 months after the contract starts or after the period of the last confirmed one ends, and at the contract's end.";

export function NextDue({ nextDue }: { nextDue: string | null }) {
  return (
    <p class="govuk-body">
      {nextDue ? (
        <>
          Next assessment due by <strong>{formatDay(nextDue)}</strong>.
        </>
      ) : (
        "No further assessment is due: the last one covers the contract to its end."
      )}
    </p>
  );
}

/** The contract page's section: when the next assessment is due, and the way to them. */
export async function assessmentSection(ctx: ServiceCtx, contract: ContractView) {
  if (!can(ctx.actor, "assessment.read")) return null;
  const { assessments, nextDue } = await listAssessments({ ctx, input: { contractId: contract.id } });
  const confirmed = assessments.filter((a) => a.status === "confirmed").length;
  const draft = assessments.some((a) => a.status === "draft");
  return (
    <section aria-labelledby="assessments">
      <h2 class="govuk-heading-m" id="assessments">
        Performance assessments
      </h2>
      <NextDue nextDue={nextDue} />
      <p class="govuk-body">
        {confirmed === 1 ? "1 assessment confirmed" : `${confirmed} assessments confirmed`}
        {draft ? ", and one in draft." : "."}
      </p>
      <ButtonLink href={`/contracts/${contract.id}/assessments`} secondary>
        Performance assessments
      </ButtonLink>
    </section>
  );
}
