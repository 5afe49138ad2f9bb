// On the representative's contract page: the council's latest confirmed performance assessment, each key
// performance indicator's rating in the notice's five words with what it means in plain words, and the
// council's reason where it gave one. Drafts never reach it (assessmentScope gives a group confirmed ones).
import type { AssessmentRating } from "../../model/assessment.js";
import { RATING_MEANINGS, RATING_WORDS, type Rating } from "../../model/performance.js";
import { Tag, type TagColour } from "../components.js";
import { formatDay } from "../status.js";

/** Tag colours only; the words are the model's. */
const COLOURS: Record<Rating, TagColour> = {
  good: "green",
  approaching_target: "yellow",
  requires_improvement: "orange",
  inadequate: "red",
  other: "grey",
};

interface Confirmed {
  periodStart: string;
  periodEnd: string;
  confirmedAt: string | null;
  ratings: AssessmentRating[];
}

export function ConfirmedRatings({
  assessments,
}: {
  assessments: ReadonlyArray<Confirmed & { status: string }>;
}) {
  const confirmed = assessments.filter((a) => a.status === "confirmed");
  const latest = confirmed[confirmed.length - 1];
  return (
    <section aria-labelledby="ratings-heading">
      <h2 class="govuk-heading-m" id="ratings-heading">
        How the council rated the service
      </h2>
      {latest ? (
        <>
          <p class="govuk-body">
            The council looked at the service's figures from {formatDay(latest.periodStart)} to{" "}
            {formatDay(latest.periodEnd)} and gave each of its main targets a rating
            {latest.confirmedAt ? ` on ${formatDay(latest.confirmedAt)}` : ""}.
          </p>
          <ul class="govuk-list govuk-list--spaced app-confirmed-ratings">
            {latest.ratings.map((r) => (
              <li>
                <p class="govuk-body govuk-!-margin-bottom-1">
                  {r.metricLabel} ({r.clauseTitle}):{" "}
                  <Tag text={RATING_WORDS[r.rating]} colour={COLOURS[r.rating]} />
                </p>
                <p class="govuk-body-s govuk-!-margin-bottom-1">{RATING_MEANINGS[r.rating]}</p>
                {r.reason ? <p class="govuk-body-s">The council's reason: {r.reason}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="govuk-body">
          The council has not rated the service yet. It rates it at least once a year, and you will see the
          ratings here.
        </p>
      )}
    </section>
  );
}
