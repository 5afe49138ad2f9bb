// What the council decided about evidence shared with a group, in plain words, with the reviewer's
// answer to the group's views: the reviewer is told the group sees it, so the group must. No names.
import type { SubmissionView } from "../../services/evidence/queries.js";
import { Paragraphs } from "../components.js";
import { formatDay } from "../status.js";

type Review = SubmissionView["reviews"][number];

function decisionInWords(r: Review): string {
  if (r.decision === "changes_requested") return "The council sent it back to the service to put right.";
  if (r.verdict === "compliant") return "The council checked it. The promise was kept.";
  if (r.verdict === "partially_compliant") return "The council checked it. The promise was partly kept.";
  return "The council checked it. The promise was not kept.";
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
