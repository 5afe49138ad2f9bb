// The two forms of the involvement-maturity review: the provider's ratings with evidence, and the reviewer's
// confirmation of each rating (a reason for every change). What must be answered is asked here in GOV.UK
// words; the lengths are the service's to judge (model/limits.ts), and the page shows its errors.
import { INDICATOR_KEYS, INDICATORS, type Indicator, MAX_SCORE } from "../../model/maturity.js";
import type {
  InvolvementReviewView,
  ProviderReviewInput,
  ReviewerInput,
} from "../../services/maturity/reviews.js";
import { CsrfField, type FieldErrors, Radios, Textarea, TextInput } from "../components.js";
import type { Form } from "../forms.js";

export type ProviderValues = Record<string, string>;

export const emptyProviderValues = (year: number): ProviderValues => ({
  year: String(year),
  completedWith: "",
  participants: "",
  disagreement: "",
});

const scoreItems = (k: Indicator) =>
  INDICATORS[k].scores.map((text, score) => ({ value: String(score), text: `${score}: ${text}` }));

function readScore(v: string): number | undefined {
  return /^[0-4]$/.test(v) ? Number(v) : undefined;
}

export function readProvider(form: Form): {
  values: ProviderValues;
  errors: FieldErrors;
  input?: ProviderReviewInput;
} {
  const values: ProviderValues = {
    year: form.str("year", "short"),
    completedWith: form.str("completedWith", "short"),
    participants: form.str("participants", "short"),
    disagreement: form.str("disagreement"),
  };
  for (const k of INDICATOR_KEYS) {
    values[`${k}-score`] = form.str(`${k}-score`, "short");
    values[`${k}-evidence`] = form.str(`${k}-evidence`);
  }
  const errors: FieldErrors = {};
  const year = /^\d{4}$/.test(values.year!) ? Number(values.year) : undefined;
  if (!year) errors.year = "Enter the year the review is for, like 2026";
  if (!values.completedWith) errors.completedWith = "Enter the forum or organisation you completed it with";
  const participants = /^\d{1,5}$/.test(values.participants!) ? Number(values.participants) : undefined;
  if (participants === undefined) errors.participants = "Enter how many service users took part, like 6";
  const ratings = {} as ProviderReviewInput["ratings"];
  for (const k of INDICATOR_KEYS) {
    const score = readScore(values[`${k}-score`]!);
    const evidence = values[`${k}-evidence`]!;
    if (score === undefined)
      errors[`${k}-score`] = `Choose the description that matches ${INDICATORS[k].label.toLowerCase()}`;
    if (!evidence)
      errors[`${k}-evidence`] = `Say where the evidence for ${INDICATORS[k].label.toLowerCase()} is`;
    ratings[k] = { score: score ?? 0, evidence };
  }
  form.textErrors(errors);
  if (Object.keys(errors).length) return { values, errors };
  return {
    values,
    errors,
    input: {
      year: year!,
      completedWith: values.completedWith!,
      participants: participants!,
      disagreement: values.disagreement || null,
      ratings,
    },
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

export function readConfirm(form: Form): {
  values: Record<string, string>;
  errors: FieldErrors;
  input?: ReviewerInput;
} {
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  const ratings: ReviewerInput["ratings"] = {};
  for (const k of INDICATOR_KEYS) {
    values[`${k}-score`] = form.str(`${k}-score`, "short");
    values[`${k}-reason`] = form.str(`${k}-reason`);
    const score = readScore(values[`${k}-score`]!);
    if (score === undefined)
      errors[`${k}-score`] = `Choose your rating for ${INDICATORS[k].label.toLowerCase()}`;
    ratings[k] = { score: score ?? 0, reason: values[`${k}-reason`] || null };
  }
  form.textErrors(errors);
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { ratings } };
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
