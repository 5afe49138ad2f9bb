// The two forms of the involvement-maturity review: the provider's ratings with evidence, and the reviewer's
// confirmation of each rating (a reason for every change). The forms are read once; the service judges every
// field (model/limits.ts), and the page says its refusals in GOV.UK words where a field was left empty.
import type { FieldError } from "../../lib/errors.js";
import { INDICATOR_KEYS, INDICATORS, type Indicator, MAX_SCORE } from "../../model/maturity.js";
import type {
  InvolvementReviewView,
  ProviderReviewInput,
  ReviewerInput,
} from "../../services/maturity/reviews.js";
import { CsrfField, type FieldErrors, Radios, Textarea, TextInput } from "../components.js";
import { type Form, labelled } from "../forms.js";

export type ProviderValues = Record<string, string>;

export const emptyProviderValues = (year: number): ProviderValues => ({
  year: String(year),
  completedWith: "",
  participants: "",
  disagreement: "",
});

const scoreItems = (k: Indicator) =>
  INDICATORS[k].scores.map((text, score) => ({ value: String(score), text: `${score}: ${text}` }));

/** A number as typed, or NaN for the service to refuse at the field. */
const numberAsTyped = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN);

/**
 * Reads the provider's form once: numbers as typed (NaN when they are not one) and the ratings chosen. The
 * service judges it all (providerReviewInput); providerErrors says its refusals in the form's words.
 */
export function readProvider(form: Form): { values: ProviderValues; input: ProviderReviewInput } {
  const values: ProviderValues = {
    year: form.str("year"),
    completedWith: form.str("completedWith"),
    participants: form.str("participants"),
    disagreement: form.str("disagreement"),
  };
  const ratings = {} as ProviderReviewInput["ratings"];
  for (const k of INDICATOR_KEYS) {
    values[`${k}-score`] = form.str(`${k}-score`);
    values[`${k}-evidence`] = form.str(`${k}-evidence`);
    ratings[k] = { score: numberAsTyped(values[`${k}-score`]!), evidence: values[`${k}-evidence`]! };
  }
  return {
    values,
    input: {
      year: numberAsTyped(values.year!),
      completedWith: values.completedWith!,
      participants: numberAsTyped(values.participants!),
      disagreement: values.disagreement || null,
      ratings,
    },
  };
}

/** The provider's form field for a path of the service's errors ("ratings/decisions/evidence" -> "decisions-evidence"). */
export const providerField = (path: string) =>
  path
    .replace(/^ratings\//, "")
    .split("/")
    .join("-");

/**
 * recordInvolvementReview's refusals in the form's words: what was left empty, not a number or not chosen
 * in the page's own GOV.UK words, the rest (a length, a year out of range) in the service's.
 */
export function providerErrors(values: ProviderValues): (err: FieldError) => string {
  const say = labelled({});
  return (err) => {
    const field = providerField(err.path);
    const typed = values[field] ?? "";
    if (field === "year" && !/^\d+$/.test(typed)) return "Enter the year the review is for, like 2026";
    if (field === "completedWith" && !typed) return "Enter the forum or organisation you completed it with";
    if (field === "participants" && !/^\d+$/.test(typed))
      return "Enter how many service users took part, like 6";
    const [k, part] = field.split("-") as [Indicator, string];
    if (INDICATORS[k] && part === "score")
      return `Choose the description that matches ${INDICATORS[k].label.toLowerCase()}`;
    if (INDICATORS[k] && part === "evidence" && !typed)
      return `Say where the evidence for ${INDICATORS[k].label.toLowerCase()} is`;
    return say(err);
  };
}

export function ProviderForm(p: {
  action: string;
  csrf: string | undefined;
  values: ProviderValues;
  errors: FieldErrors;
}) {
  const { values: v, errors: e } = p;
  return (
    <form method="post" action={p.action} novalidate>
      <CsrfField token={p.csrf} />
      <TextInput
        name="year"
        label="Year the review is for"
        value={v.year}
        error={e.year}
        width="4"
        inputmode="numeric"
        labelSize="s"
      />
      <TextInput
        name="completedWith"
        label="Forum or lived experience organisation you completed it with"
        value={v.completedWith}
        error={e.completedWith}
        labelSize="s"
      />
      <TextInput
        name="participants"
        label="Service users who took part"
        hint="People who use the service and did not write the review"
        value={v.participants}
        error={e.participants}
        width="3"
        inputmode="numeric"
        labelSize="s"
      />
      {INDICATOR_KEYS.map((k) => (
        <>
          <Radios
            name={`${k}-score`}
            legend={INDICATORS[k].label}
            legendSize="m"
            hint={`Evidence: ${INDICATORS[k].evidence}`}
            items={scoreItems(k)}
            value={v[`${k}-score`]}
            error={e[`${k}-score`]}
          />
          <Textarea
            name={`${k}-evidence`}
            label={`Evidence for ${INDICATORS[k].label.toLowerCase()}`}
            hint="Totals and summaries, and where the reviewer can find them"
            value={v[`${k}-evidence`]}
            error={e[`${k}-evidence`]}
            rows={3}
            labelSize="s"
          />
        </>
      ))}
      <Textarea
        name="disagreement"
        label="Where service users disagreed with a rating, in their own words (optional)"
        value={v.disagreement}
        error={e.disagreement}
        labelSize="s"
      />
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Record the review
      </button>
    </form>
  );
}

/** Reads the reviewer's form once: each rating chosen (NaN when none) and its reason; the service judges them. */
export function readConfirm(form: Form): { values: Record<string, string>; input: ReviewerInput } {
  const values: Record<string, string> = {};
  const ratings: ReviewerInput["ratings"] = {};
  for (const k of INDICATOR_KEYS) {
    values[`${k}-score`] = form.str(`${k}-score`);
    values[`${k}-reason`] = form.str(`${k}-reason`);
    ratings[k] = { score: numberAsTyped(values[`${k}-score`]!), reason: values[`${k}-reason`] || null };
  }
  return { values, input: { ratings } };
}

/** The reviewer's form field for a path of the service's errors ("ratings/decisions/reason" -> "decisions-reason"). */
export const confirmField = (path: string) => {
  const m = /^ratings\/(\w+)\/(score|reason)$/.exec(path);
  return m ? `${m[1]}-${m[2]}` : undefined;
};

/** confirmInvolvementReview's refusals in the form's words: a rating not chosen in the page's own. */
export function confirmErrors(): (err: FieldError) => string {
  const say = labelled({});
  return (err) => {
    const m = /^ratings\/(\w+)\/score$/.exec(err.path);
    const k = m?.[1] as Indicator | undefined;
    return k && INDICATORS[k] ? `Choose your rating for ${INDICATORS[k].label.toLowerCase()}` : say(err);
  };
}

export function ConfirmForm(p: {
  action: string;
  csrf: string | undefined;
  review: InvolvementReviewView;
  values?: Record<string, string>;
  errors: FieldErrors;
}) {
  const r = p.review;
  return (
    <form method="post" action={p.action} novalidate>
      <CsrfField token={p.csrf} />
      {INDICATOR_KEYS.map((k) => {
        const given = r.ratings[k]!;
        return (
          <>
            <Radios
              name={`${k}-score`}
              legend={INDICATORS[k].label}
              legendSize="m"
              hint={`The provider chose ${given.score} of ${MAX_SCORE}. Their evidence: ${given.evidence}`}
              items={scoreItems(k)}
              value={p.values?.[`${k}-score`] ?? String(given.score)}
              error={p.errors[`${k}-score`]}
            />
            <Textarea
              name={`${k}-reason`}
              label="Reason, if you change the provider's rating"
              value={p.values?.[`${k}-reason`]}
              error={p.errors[`${k}-reason`]}
              rows={2}
              labelSize="s"
            />
          </>
        );
      })}
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Confirm the ratings
      </button>
    </form>
  );
}
