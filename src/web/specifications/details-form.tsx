// The specification's details as a form: used to start a draft and to change a draft's details.
// Checked here with GOV.UK messages, by model/limits.ts; the service checks again (limits, period order). The
// reference is the service's alone to judge (its characters, and whether another specification has it).
import { BUNDLE_KEYS, BUNDLES, type BundleKey } from "../../model/bundles.js";
import type { SpecificationSections } from "../../model/document-input.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import type { SpecificationFields } from "../../services/specifications/write.js";
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

const TITLE = TEXT_LIMITS.specificationTitle;
const SERVICE = TEXT_LIMITS.serviceName;
const DETAIL = TEXT_LIMITS.specificationDetail;
const SECTION = TEXT_LIMITS.specificationSection;
const { gracePeriodDays: GRACE, caseload: CASELOAD, sites: SITES } = NUMBER_LIMITS;
const n = (x: number) => x.toLocaleString("en-GB");

export function readDetails(form: Form): {
  values: DetailsValues;
  errors: FieldErrors;
  input?: Required<Pick<SpecificationFields, "title" | "serviceName">> & SpecificationFields;
  bundle?: BundleKey;
} {
  const values: DetailsValues = {
    title: form.str("title", "short"),
    reference: form.str("reference", "short"),
    serviceName: form.str("serviceName", "short"),
    area: form.str("area", "short"),
    commissionerLead: form.str("commissionerLead", "short"),
    providerName: form.str("providerName", "short"),
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
  const errors: FieldErrors = {};
  if (!values.title) errors.title = "Enter a title for the specification";
  else if (values.title.length < TITLE.min) errors.title = `Title must be ${TITLE.min} characters or more`;
  else if (values.title.length > TITLE.max) errors.title = `Title must be ${TITLE.max} characters or fewer`;
  if (!values.serviceName) errors.serviceName = "Enter the name of the service";
  else if (values.serviceName.length < SERVICE.min)
    errors.serviceName = `Service name must be ${SERVICE.min} characters or more`;
  else if (values.serviceName.length > SERVICE.max)
    errors.serviceName = `Service name must be ${SERVICE.max} characters or fewer`;
  for (const k of ["area", "commissionerLead", "providerName"] as const) {
    if (values[k].length > DETAIL.max) errors[k] = `Must be ${DETAIL.max} characters or fewer`;
  }
  const start = readDateInput(values.periodStart, "the date the service starts", false);
  const end = readDateInput(values.periodEnd, "the date the service ends", false);
  const review = readDateInput(values.reviewDate, "the review date", false);
  if (start.error) errors.periodStart = start.error;
  if (end.error) errors.periodEnd = end.error;
  else if (start.iso && end.iso && end.iso < start.iso)
    errors.periodEnd = "The end date must be on or after the start date";
  if (review.error) errors.reviewDate = review.error;
  let grace = 28;
  if (values.gracePeriodDays) {
    if (!/^\d+$/.test(values.gracePeriodDays))
      errors.gracePeriodDays = "Days to hand in evidence must be a whole number, like 28";
    else {
      grace = Number(values.gracePeriodDays);
      if (grace > GRACE.max)
        errors.gracePeriodDays = `Days to hand in evidence must be ${GRACE.max} or fewer`;
    }
  }
  const caseload = wholeNumber(values.caseload, CASELOAD);
  if (caseload === undefined)
    errors.caseload = `Active caseload must be a whole number between ${n(CASELOAD.min)} and ${n(CASELOAD.max)}, like 1200`;
  const sites = wholeNumber(values.sites, SITES);
  if (sites === undefined)
    errors.sites = `Number of sites must be a whole number between ${n(SITES.min)} and ${n(SITES.max)}`;
  const bundle = (BUNDLE_KEYS as readonly string[]).includes(values.bundle)
    ? (values.bundle as BundleKey)
    : undefined;
  if (!bundle && values.bundle !== "none") errors.bundle = "Choose how to start the specification";
  for (const k of ["introduction", "populationNeed", "outcomes", "scope"] as const) {
    if (values[k].length > SECTION.max) errors[k] = `Must be ${n(SECTION.max)} characters or fewer`;
  }
  form.textErrors(errors);
  if (Object.keys(errors).length) return { values, errors };
  const opt = (s: string) => (s ? s : null);
  return {
    values,
    errors,
    input: {
      title: values.title,
      reference: values.reference,
      serviceName: values.serviceName,
      area: opt(values.area),
      commissionerLead: opt(values.commissionerLead),
      providerName: opt(values.providerName),
      periodStart: start.iso,
      periodEnd: end.iso,
      reviewDate: review.iso,
      gracePeriodDays: grace,
      caseload: caseload ?? null,
      sites: sites ?? null,
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

/** A blank field is null; a whole number within bounds is itself; anything else is undefined (an error). */
function wholeNumber(s: string, { min, max }: { min: number; max: number }): number | null | undefined {
  if (!s) return null;
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

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

/** The service's messages at the form's fields, in the form's words where they need a subject. */
export const describeDetail = labelled({ reference: "the reference" });
