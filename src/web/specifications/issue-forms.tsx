// The forms to issue a specification and to start a revision.
import type { AppEnv } from "../../middleware/context.js";
import {
  BackLink,
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Textarea,
  WarningText,
} from "../components.js";
import { page } from "../layout.js";

export function issuePage(
  c: import("hono").Context<AppEnv>,
  spec: { id: string; title: string; version: number; status: string; revisesId: string | null },
  clauseCount: number,
  problems: string[],
) {
  return page(
    c,
    {
      title: "Issue this specification",
      nav: "specifications",
      errors: problems.map((text) => ({ href: "", text })),
      status: problems.length ? 422 : 200,
      before: <BackLink href={`/specifications/${spec.id}`} />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {spec.title}, version {spec.version}
        </span>
        <h1 class="govuk-heading-l">Are you sure you want to issue this specification?</h1>
        {spec.status !== "draft" ? (
          <p class="govuk-body">This version is already {spec.status}.</p>
        ) : (
          <>
            <p class="govuk-body">
              Version {spec.version} has {clauseCount} {clauseCount === 1 ? "clause" : "clauses"}. Issuing it:
            </p>
            <ul class="govuk-list govuk-list--bullet">
              <li>freezes its text, so later changes to the clause library do not alter it</li>
              <li>makes its Word documents once, to be downloaded unchanged from then on</li>
              {spec.revisesId ? <li>replaces version {spec.version - 1}, which becomes superseded</li> : null}
              <li>lets you let it as a contract with a provider</li>
            </ul>
            <WarningText>
              You cannot change an issued specification. To make changes later, start a revision.
            </WarningText>
            <form method="post" action={`/specifications/${spec.id}/issue`} novalidate>
              <CsrfField token={c.get("actor")?.csrfToken} />
              <div class="govuk-button-group">
                <Button>Issue specification</Button>
                <a class="govuk-link" href={`/specifications/${spec.id}`}>
                  Cancel
                </a>
              </div>
            </form>
          </>
        )}
      </div>
    </div>,
  );
}

export function revisePage(
  c: import("hono").Context<AppEnv>,
  spec: { id: string; title: string; version: number },
  note: string,
  errors: FieldErrors,
) {
  return page(
    c,
    {
      title: "Start a revision",
      nav: "specifications",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: <BackLink href={`/specifications/${spec.id}`} />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {spec.title}, version {spec.version}
        </span>
        <h1 class="govuk-heading-l">Start a revision</h1>
        <p class="govuk-body">
          Version {spec.version + 1} starts as a draft copy of version {spec.version}. Version {spec.version}{" "}
          stays in force until you issue the new one.
        </p>
        <form method="post" action={`/specifications/${spec.id}/revise`} novalidate>
          <CsrfField token={c.get("actor")?.csrfToken} />
          <Textarea
            name="note"
            label="Why are you revising it? (optional)"
            labelSize="s"
            hint="This goes in the document's version history"
            value={note}
            error={errors.note}
            rows={3}
          />
          <Button>Start revision</Button>
        </form>
      </div>
    </div>,
  );
}
