// The specification's details as a form: used to start a draft and to change a draft's details.
// Only what a form must settle is checked here; every length and bound, the period's order and the reference
// (its characters, and whether another specification has it) are the service's to judge (model/limits.ts).

import type { FieldError } from "../../lib/errors.js";
import { BUNDLE_KEYS, BUNDLES, type BundleKey } from "../../model/bundles.js";
import type { SpecificationSections } from "../../model/document-input.js";
import { PERIOD_END_MESSAGE, type SpecificationFields } from "../../services/specifications/write.js";
import {
  CsrfField,
  DateInput,
  type DateParts,
  type FieldErrors,
  Radios,
  Textarea,
  TextInput,
} from "../components.js";
import { type Form, isoToParts, labelled, readDateInput } from "../forms.js";

export interface DetailsValues {
  title: string;
  reference: string;
  serviceName: string;
  area: string;
  commissionerLead: string;
  providerName: string;
  periodStart: DateParts;
  periodEnd: DateParts;
  reviewDate: DateParts;
  gracePeriodDays: string;
  caseload: string;
  sites: string;
  /** Only when starting: "none", or a bundle's key. */
  bundle: string;
  introduction: string;
  populationNeed: string;
  outcomes: string;
  scope: string;
}

export const EMPTY_DETAILS: DetailsValues = {
  title: "",
  reference: "",
  serviceName: "",
  area: "",
  commissionerLead: "",
  providerName: "",
  periodStart: isoToParts(null),
  periodEnd: isoToParts(null),
  reviewDate: isoToParts(null),
  gracePeriodDays: "28",
  caseload: "",
  sites: "",
  // No starting set is chosen for the commissioner (GOV.UK: do not preselect radios); blank means none.
  bundle: "",
  introduction: "",
  populationNeed: "",
  outcomes: "",
  scope: "",
};

export function detailsFromSpec(s: {
  title: string;
  reference: string | null;
  serviceName: string;
  area: string | null;
  commissionerLead: string | null;
  providerName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  reviewDate: string | null;
  gracePeriodDays: number;
  caseload: number | null;
  sites: number | null;
  sections: SpecificationSections;
}): DetailsValues {
  return {
    title: s.title,
    reference: s.reference ?? "",
    serviceName: s.serviceName,
    area: s.area ?? "",
    commissionerLead: s.commissionerLead ?? "",
    providerName: s.providerName ?? "",
    periodStart: isoToParts(s.periodStart),
    periodEnd: isoToParts(s.periodEnd),
    reviewDate: isoToParts(s.reviewDate),
    gracePeriodDays: String(s.gracePeriodDays),
    caseload: s.caseload === null ? "" : String(s.caseload),
    sites: s.sites === null ? "" : String(s.sites),
    bundle: "none",
    introduction: s.sections.introduction ?? "",
    populationNeed: s.sections.populationNeed ?? "",
    outcomes: s.sections.outcomes ?? "",
    scope: s.sections.scope ?? "",
  };
}

/**
 * Reads the form once. Only what a form must settle itself is read here (a date's parts, whether the
 * bundle is one on offer); every length, bound and character is the service's (model/limits.ts,
 * lib/text.ts), shown at its field with detailsErrors. A number that is not one reaches the service as
 * NaN, a date that is not one as "", to be refused there.
 */
export function readDetails(form: Form): {
  values: DetailsValues;
  /** Only a choice the page did not offer: the service judges everything else. */
  errors: FieldErrors;
  /** The page's words for a date it could not read (the service refuses it as ""). */
  unreadable: FieldErrors;
  input?: Required<Pick<SpecificationFields, "title" | "serviceName">> & SpecificationFields;
  bundle?: BundleKey;
} {
  const values: DetailsValues = {
    title: form.str("title"),
    reference: form.str("reference"),
    serviceName: form.str("serviceName"),
    area: form.str("area"),
    commissionerLead: form.str("commissionerLead"),
    providerName: form.str("providerName"),
    periodStart: form.date("periodStart"),
    periodEnd: form.date("periodEnd"),
    reviewDate: form.date("reviewDate"),
    gracePeriodDays: form.str("gracePeriodDays"),
    caseload: form.str("caseload").replace(/,/g, ""),
    sites: form.str("sites"),
    bundle: form.str("bundle") || "none",
    introduction: form.str("introduction"),
    populationNeed: form.str("populationNeed"),
    outcomes: form.str("outcomes"),
    scope: form.str("scope"),
  };
  const unreadable: FieldErrors = {};
  const start = readDateInput(values.periodStart, "the date the service starts", false);
  const end = readDateInput(values.periodEnd, "the date the service ends", false);
  const review = readDateInput(values.reviewDate, "the review date", false);
  if (start.error) unreadable.periodStart = start.error;
  if (end.error) unreadable.periodEnd = end.error;
  if (review.error) unreadable.reviewDate = review.error;
  const grace = values.gracePeriodDays ? whole(values.gracePeriodDays) : 28;
  const caseload = values.caseload ? whole(values.caseload) : null;
  const sites = values.sites ? whole(values.sites) : null;
  const bundle = (BUNDLE_KEYS as readonly string[]).includes(values.bundle)
    ? (values.bundle as BundleKey)
    : undefined;
  // Only a choice that is not on offer (a form the page did not make) stops here.
  if (!bundle && values.bundle !== "none")
    return { values, unreadable, errors: { ...unreadable, bundle: "Choose how to start the specification" } };
  // The service judges the rest, the dates too: a date that cannot be read goes to it as "" (never a date,
  // so always refused) and is told in the page's words (detailsErrors), with the service's other errors.
  const opt = (s: string) => (s ? s : null);
  return {
    values,
    unreadable,
    errors: {},
    input: {
      title: values.title,
      reference: values.reference,
      serviceName: values.serviceName,
      area: opt(values.area),
      commissionerLead: opt(values.commissionerLead),
      providerName: opt(values.providerName),
      periodStart: start.error ? "" : start.iso,
      periodEnd: end.error ? "" : end.iso,
      reviewDate: review.error ? "" : review.iso,
      gracePeriodDays: grace,
      caseload,
      sites,
      sections: {
        introduction: values.introduction,
        populationNeed: values.populationNeed,
        outcomes: values.outcomes,
        scope: values.scope,
      },
    },
    bundle,
  };
}

/** How the service's errors read at the form's fields: its words, labelled; the page's own for a blank. */
export function detailsErrors(values: DetailsValues, unreadable: FieldErrors): (err: FieldError) => string {
  const say = labelled({
    title: "The title",
    serviceName: "The service name",
    reference: "The reference",
    area: "The area",
    commissionerLead: "The commissioning lead",
    providerName: "The provider",
    gracePeriodDays: "Days to hand in evidence",
    caseload: "The active caseload",
    sites: "The number of sites",
    ...Object.fromEntries(
      SECTIONS.map(([name, label]) => [`sections/${name}`, `The ${label.toLowerCase()}`]),
    ),
  });
  return (err) => {
    const own = unreadable[err.path];
    if (own) return own;
    if (err.path === "title" && !values.title) return "Enter a title for the specification";
    if (err.path === "serviceName" && !values.serviceName) return "Enter the name of the service";
    if (err.path === "periodEnd" && err.message === PERIOD_END_MESSAGE)
      return "The end date must be on or after the start date";
    return say(err);
  };
}

/** A whole number as typed, or NaN for the service to refuse at the field. */
const whole = (s: string) => (/^\d+$/.test(s) ? Number(s) : Number.NaN);

/** The optional one-line fields: name, label and hint. */
const OPTIONAL_TEXT: Array<
  [name: "reference" | "area" | "commissionerLead" | "providerName", label: string, hint?: string]
> = [
  [
    "reference",
    "Your reference (optional)",
    "Your council's own reference for this specification, printed on its documents. Letters, numbers, spaces, hyphens (-), slashes (/) and full stops (.)",
  ],
  ["area", "Area (optional)", "The local authority area the service covers"],
  ["commissionerLead", "Commissioning lead (optional)"],
  ["providerName", "Provider (optional)", "If it is already known"],
];

const DATES: Array<[name: "periodStart" | "periodEnd" | "reviewDate", legend: string]> = [
  ["periodStart", "Date the service starts (optional)"],
  ["periodEnd", "Date the service ends (optional)"],
  ["reviewDate", "Review date (optional)"],
];

/** The document's sections, one text area each. */
const SECTIONS: Array<[name: "introduction" | "populationNeed" | "outcomes" | "scope", label: string]> = [
  ["introduction", "Introduction"],
  ["populationNeed", "Population and need"],
  ["outcomes", "Outcomes"],
  ["scope", "Scope"],
];

export function DetailsForm(p: {
  action: string;
  csrf: string | undefined;
  values: DetailsValues;
  errors: FieldErrors;
  submit: string;
  /** Starting a specification: offer the bundles. */
  bundleChoice?: boolean;
}) {
  const { values: v, errors: e } = p;
  return (
    <form method="post" action={p.action} novalidate>
      <CsrfField token={p.csrf} />
      {p.bundleChoice ? (
        <Radios
          name="bundle"
          legend="How do you want to start?"
          legendSize="m"
          hint="You can add and remove clauses afterwards."
          value={v.bundle}
          error={e.bundle}
          items={[
            ...BUNDLE_KEYS.map((k) => ({
              value: k,
              text: `${BUNDLES[k].title}: ${BUNDLES[k].clauses.length} clauses`,
              hint: BUNDLES[k].description,
            })),
            { value: "none", text: "No clauses: I will choose them myself" },
          ]}
        />
      ) : null}
      <TextInput
        name="title"
        label="Title"
        hint="For example, Adult drug and alcohol treatment: service-user involvement"
        value={v.title}
        error={e.title}
        labelSize="s"
      />
      <TextInput
        name="serviceName"
        label="Name of the service"
        value={v.serviceName}
        error={e.serviceName}
        labelSize="s"
      />
      {OPTIONAL_TEXT.map(([name, label, hint]) => (
        <TextInput
          name={name}
          label={label}
          hint={hint}
          value={v[name]}
          error={e[name]}
          labelSize="s"
          width="two-thirds"
        />
      ))}
      {DATES.map(([name, legend]) => (
        <DateInput name={name} legend={legend} legendSize="s" value={v[name]} error={e[name]} />
      ))}
      <TextInput
        name="gracePeriodDays"
        label="Days to hand in evidence after each period ends"
        hint="Evidence becomes overdue after this many days. Usually 28."
        value={v.gracePeriodDays}
        error={e.gracePeriodDays}
        width="3"
        inputmode="numeric"
        suffix="days"
        labelSize="s"
      />
      <TextInput
        name="caseload"
        label="Active caseload (optional)"
        hint="People in structured treatment, as reported to NDTMS. Some clauses set their defaults from it, for example the number of interviews in a user-led consultation."
        value={v.caseload}
        error={e.caseload}
        width="5"
        inputmode="numeric"
        suffix="people"
        labelSize="s"
      />
      <TextInput
        name="sites"
        label="Number of sites (optional)"
        value={v.sites}
        error={e.sites}
        width="3"
        inputmode="numeric"
        suffix="sites"
        labelSize="s"
      />
      <h2 class="govuk-heading-m">Sections of the document (optional)</h2>
      <p class="govuk-body">Leave a blank line between paragraphs.</p>
      {SECTIONS.map(([name, label]) => (
        <Textarea name={name} label={label} value={v[name]} error={e[name]} labelSize="s" />
      ))}
      <button type="submit" class="govuk-button" data-module="govuk-button">
        {p.submit}
      </button>
    </form>
  );
}

/** Field ids for the service's error paths: each detail is its own field, and each section too. */
export function detailsField(path: string): string | undefined {
  const [top, section] = path.split("/") as [string, string | undefined];
  if (top === "sections") return section;
  return Object.hasOwn(EMPTY_DETAILS, top) ? top : undefined;
}
