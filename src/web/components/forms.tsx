// GOV.UK Design System components as hono/jsx functions: the markup of govuk-frontend's macros, with
// labels, hints and error messages wired by id so assistive technology reads them together. This file:
// error summary and messages, the parts every field shares, buttons, and the form shell.
import type { Child } from "hono/jsx";

export interface ErrorItem {
  /** The id of the field the message belongs to (the summary links to it). */
  href: string;
  text: string;
}

/** Field id -> message, in the order the fields appear on the page. */
export type FieldErrors = Record<string, string>;

/** The key prefix of an error that belongs to no field: listed in the summary, linked to nothing. */
const GENERAL_ERROR = "general-";

/** A page's errors as one list: those at its fields, then those that belong to no field (GENERAL_ERROR). */
export function withGeneral(fields: FieldErrors, general: readonly string[]): FieldErrors {
  const errors: FieldErrors = { ...fields };
  general.forEach((text, i) => {
    errors[`${GENERAL_ERROR}${i}`] = text;
  });
  return errors;
}

/** The summary's links: to the field, or to the first box of a date input. */
export function errorList(errors: FieldErrors, dateFields: string[] = []): ErrorItem[] {
  return Object.entries(errors).map(([id, text]) => ({
    href: id.startsWith(GENERAL_ERROR) ? "" : dateFields.includes(id) ? `#${id}-day` : `#${id}`,
    text,
  }));
}

export function ErrorSummary({ errors }: { errors: ErrorItem[] }) {
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li>{e.href ? <a href={e.href}>{e.text}</a> : e.text}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}

export function describedBy(id: string, hint?: Child, error?: string, extra?: string) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : "", extra ?? ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function Hint({ id, hint }: { id: string; hint?: Child }) {
  if (!hint) return null;
  return (
    <div id={`${id}-hint`} class="govuk-hint">
      {hint}
    </div>
  );
}

export function Label(props: { id: string; label: Child; heading?: boolean; size?: "l" | "m" | "s" }) {
  const cls = `govuk-label${props.size ? ` govuk-label--${props.size}` : props.heading ? " govuk-label--l" : ""}`;
  const label = (
    <label class={cls} for={props.id}>
      {props.label}
    </label>
  );
  return props.heading ? <h1 class="govuk-label-wrapper">{label}</h1> : label;
}

export function CsrfField({ token }: { token: string | undefined }) {
  return <input type="hidden" name="_csrf" value={token ?? ""} />;
}

export function Button(p: {
  children: Child;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
  id?: string;
}) {
  const cls = `govuk-button${p.secondary ? " govuk-button--secondary" : ""}${p.warning ? " govuk-button--warning" : ""}`;
  return (
    <button
      type="submit"
      class={cls}
      data-module="govuk-button"
      data-prevent-double-click="true"
      name={p.name}
      value={p.value}
      id={p.id}
    >
      {p.children}
    </button>
  );
}

export function ButtonLink(p: { href: string; children: Child; secondary?: boolean; start?: boolean }) {
  const cls = `govuk-button${p.secondary ? " govuk-button--secondary" : ""}${p.start ? " govuk-button--start" : ""}`;
  return (
    <a href={p.href} role="button" draggable="false" class={cls} data-module="govuk-button">
      {p.children}
    </a>
  );
}

/** A one-button form: POSTs with the CSRF token, for actions such as "Move up". */
export function ActionForm(p: {
  action: string;
  csrf: string | undefined;
  children: Child;
  fields?: Record<string, string>;
  className?: string;
}) {
  return (
    <form method="post" action={p.action} class={p.className ?? "app-inline-form"}>
      <CsrfField token={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      {p.children}
    </form>
  );
}

export function Fieldset(p: {
  legend: Child;
  legendSize?: "l" | "m" | "s";
  heading?: boolean;
  describedBy?: string;
  role?: string;
  children: Child;
}) {
  const cls = `govuk-fieldset__legend${p.legendSize ? ` govuk-fieldset__legend--${p.legendSize}` : ""}`;
  return (
    <fieldset class="govuk-fieldset" aria-describedby={p.describedBy} role={p.role}>
      <legend class={cls}>
        {p.heading ? <h1 class="govuk-fieldset__heading">{p.legend}</h1> : p.legend}
      </legend>
      {p.children}
    </fieldset>
  );
}

/**
 * The shell of a one-question-or-few page: two-thirds column, optional caption, the heading, and a
 * POST form (no browser validation: the server's messages are the GOV.UK ones) with the CSRF token and
 * the submit button.
 */
export function FormPage(p: {
  title: Child;
  caption?: Child;
  action: string;
  csrf: string | undefined;
  submit: Child;
  /** Shown between the heading and the form. */
  intro?: Child;
  children: Child;
}) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {p.caption ? <span class="govuk-caption-l">{p.caption}</span> : null}
        <h1 class="govuk-heading-l">{p.title}</h1>
        {p.intro}
        <form method="post" action={p.action} novalidate>
          <CsrfField token={p.csrf} />
          {p.children}
          <Button>{p.submit}</Button>
        </form>
      </div>
    </div>
  );
}
