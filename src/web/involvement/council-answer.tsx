// What the council decided about evidence shared with a group, in plain words, with the reviewer's
// answer to the group's views: the reviewer is told the group sees it, so the group must. No names.
import { GROUP_DECISION_WORDS } from "../../model/involvement.js";
import type { SubmissionView } from "../../services/evidence/queries.js";
import { Paragraphs } from "../components.js";
import { formatDay } from "../status.js";

type Review = SubmissionView["reviews"][number];

function decisionInWords(r: Review): string {
  const key = r.decision === "changes_requested" ? r.decision : (r.verdict ?? "non_compliant");
  return `The council ${GROUP_DECISION_WORDS[key]}.`;
}

export function CouncilAnswer({ reviews }: { reviews: Review[] }) {
  return (
    <>
      <h2 class="govuk-heading-m">What the council decided</h2>
      {reviews.length === 0 ? (
        <p class="govuk-body">The council has not decided yet.</p>
      ) : (
        reviews.map((r) => (
          <>
            <p class="govuk-body">
              {formatDay(r.createdAt)}: {decisionInWords(r)}
            </p>
            {r.responseToViews ? (
              <>
                <h3 class="govuk-heading-s">The council's answer to your group</h3>
                <Paragraphs text={r.responseToViews} />
              </>
            ) : null}
          </>
        ))
      )}
    </>
  );
}
