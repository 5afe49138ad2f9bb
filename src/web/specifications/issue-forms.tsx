// The forms to issue a specification and to start a revision.
import type { AppEnv } from "../../middleware/context.js";
import {
  CONTACT_FIELDS,
  CONTACT_LABELS,
  type ContactField,
  INDEPENDENT_ROUTE_CLAUSE,
  isPhoneField,
  type SpecificationContacts,
} from "../../model/contacts.js";
import {
  DOCUMENT_SHAPE_WORDS,
  DOCUMENT_SHAPES,
  type DocumentShape,
  documentShapeOf,
  SCHEDULE_TITLE,
  type SpecificationSections,
} from "../../model/document-input.js";
import {
  BackLink,
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  Fieldset,
  Radios,
  Textarea,
  TextInput,
  WarningText,
} from "../components.js";
import { page } from "../layout.js";

const CONTACT_HINTS: Partial<Record<ContactField, string>> = {
  councilContactName: "A person or a team at the council that people can contact to get involved",
  councilContactPhone: "A UK phone number, or a 5-digit text number",
  independentBodyName: `Runs the independent feedback route in ${INDEPENDENT_ROUTE_CLAUSE}. It must not be paid by the provider`,
};

export function issuePage(
  c: import("hono").Context<AppEnv>,
  spec: {
    id: string;
    title: string;
    version: number;
    status: string;
    revisesId: string | null;
    contacts: SpecificationContacts;
    documentShape: DocumentShape | null;
    sections: SpecificationSections;
  },
  clauseKeys: string[],
  problems: string[],
  values: Record<ContactField, string> = contactValues(spec.contacts),
  fieldErrors: FieldErrors = {},
  shape: string = documentShapeOf(spec.documentShape, spec.sections),
) {
  const clauseCount = clauseKeys.length;
  const fields = CONTACT_FIELDS.filter(
    (f) =>
      clauseKeys.includes(INDEPENDENT_ROUTE_CLAUSE) ||
      (f !== "independentBodyName" && f !== "independentBodyPhone"),
  );
  const errors = [...errorList(fieldErrors), ...problems.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: "Issue this specification",
      nav: "specifications",
      errors,
      status: errors.length ? 422 : 200,
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
              <Radios
                name="documentShape"
                legend="What do you want to issue?"
                legendSize="m"
                hint={`A schedule is the involvement part alone, titled "${SCHEDULE_TITLE}", to attach to your own specification. A full specification also prints the introduction, population needs, outcomes and scope, which must all be written.`}
                value={shape}
                error={fieldErrors.documentShape}
                items={DOCUMENT_SHAPES.map((value) => ({ value, text: DOCUMENT_SHAPE_WORDS[value] }))}
              />
              <Fieldset legend="Who people can call" legendSize="m">
                <p class="govuk-body">
                  The summary and the service's public page show these at the top, so people know whom to call
                  besides the provider. They are all needed to issue.
                </p>
                {fields.map((f) => (
                  <TextInput
                    name={f}
                    label={CONTACT_LABELS[f]}
                    labelSize="s"
                    hint={
                      CONTACT_HINTS[f] ??
                      (isPhoneField(f) ? "A UK phone number, like 01632 960 001" : undefined)
                    }
                    type={isPhoneField(f) ? "tel" : "text"}
                    width={isPhoneField(f) ? "20" : undefined}
                    autocomplete="off"
                    value={values[f]}
                    error={fieldErrors[f]}
                  />
                ))}
              </Fieldset>
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

function contactValues(c: SpecificationContacts): Record<ContactField, string> {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, c[f] ?? ""])) as Record<ContactField, string>;
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
