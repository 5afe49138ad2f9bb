// What people who use the service said about a piece of evidence, shown beside it to reviewers, the
// commissioner and the provider (a name only as far as its writer chose: otherwise "A member of <group>"),
// with whose view is still awaited and which views came after the decision.
import { memberOf, VIEW_WORDS } from "../../model/involvement.js";
import type { ViewsOfSubmission } from "../../services/involvement/validations.js";
import { Paragraphs } from "../components.js";
import { formatDay } from "../status.js";

export const needsResponse = (v: ViewsOfSubmission) =>
  v.validations.some((x) => x.view === "disagree" || x.view === "partly");

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function ViewsPanel({ views }: { views: ViewsOfSubmission }) {
  if (!views.validations.length && !views.pending.length && !views.dueBy) return null;
  return (
    <section class="app-views" aria-labelledby="views-heading">
      <h2 class="govuk-heading-m" id="views-heading">
        What people who use the service said
      </h2>
      {views.validations.length === 0 ? (
        <p class="govuk-body">No views yet.</p>
      ) : (
        <ul class="govuk-list govuk-list--spaced">
          {views.validations.map((v) => (
            <li>
              <strong>{VIEW_WORDS[v.view].theirs}</strong>
              <br />
              <span class="govuk-body-s">
                {v.name ? `${v.name}, ${v.userGroupName}` : capitalise(memberOf(v.userGroupName))},{" "}
                {formatDay(v.createdAt)}
                {v.afterDecision ? ". Given after the council decided" : ""}
              </span>
              {v.comment ? <Paragraphs text={v.comment} /> : null}
            </li>
          ))}
        </ul>
      )}
      {views.pending.length ? (
        <p class="govuk-body">
          Waiting for a view from {views.pending.map((g) => g.name).join(", ")}, until{" "}
          {formatDay(views.dueBy)}.
        </p>
      ) : null}
    </section>
  );
}
