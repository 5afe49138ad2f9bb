// GOV.UK form inputs: text, textarea, select, date and file.
import type { Child } from "hono/jsx";
import { describedBy, ErrorMessage, Fieldset, Hint, Label } from "./forms.js";

export interface InputProps {
  name: string;
  id?: string;
  label: Child;
  hint?: Child;
  value?: string | number | null;
  error?: string;
  /** govuk-input--width-N or govuk-!-width-... */
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full" | "three-quarters" | "two-thirds" | "one-half";
  type?: "text" | "email" | "password" | "number" | "search" | "tel";
  inputmode?: "numeric" | "decimal" | "text" | "email";
  autocomplete?: string;
  spellcheck?: boolean;
  prefix?: string;
  suffix?: string;
  heading?: boolean;
  labelSize?: "l" | "m" | "s";
}

function widthClass(w: InputProps["width"]) {
  if (!w) return "";
  return /^\d+$/.test(w) ? ` govuk-input--width-${w}` : ` govuk-!-width-${w}`;
}

export function TextInput(p: InputProps) {
  const id = p.id ?? p.name;
  const input = (
    <input
      class={`govuk-input${widthClass(p.width)}${p.error ? " govuk-input--error" : ""}`}
      id={id}
      name={p.name}
      type={p.type ?? "text"}
      value={p.value === null || p.value === undefined ? "" : String(p.value)}
      inputmode={p.inputmode}
      autocomplete={p.autocomplete}
      spellcheck={p.spellcheck}
      aria-describedby={describedBy(id, p.hint, p.error)}
    />
  );
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={p.label} heading={p.heading} size={p.labelSize} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} text={p.error} />
      {p.prefix || p.suffix ? (
        <div class="govuk-input__wrapper">
          {p.prefix ? (
            <div class="govuk-input__prefix" aria-hidden="true">
              {p.prefix}
            </div>
          ) : null}
          {input}
          {p.suffix ? (
            <div class="govuk-input__suffix" aria-hidden="true">
              {p.suffix}
            </div>
          ) : null}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function Textarea(p: {
  name: string;
  id?: string;
  label: Child;
  hint?: Child;
  value?: string | null;
  error?: string;
  rows?: number;
  heading?: boolean;
  labelSize?: "l" | "m" | "s";
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={p.label} heading={p.heading} size={p.labelSize} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} text={p.error} />
      <textarea
        class={`govuk-textarea${p.error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.value ?? ""}
      </textarea>
    </div>
  );
}

export interface Option {
  value: string;
  text: string;
}

export function Select(p: {
  name: string;
  id?: string;
  label: Child;
  hint?: Child;
  options: Option[];
  value?: string | null;
  error?: string;
  labelSize?: "l" | "m" | "s";
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={p.label} size={p.labelSize} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} text={p.error} />
      <select
        class={`govuk-select${p.error ? " govuk-select--error" : ""}`}
        id={id}
        name={p.name}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === (p.value ?? "")}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export function DateInput(p: {
  name: string;
  legend: Child;
  legendSize?: "l" | "m" | "s";
  hint?: Child;
  value?: DateParts;
  error?: string;
}) {
  const id = p.name;
  const v = p.value ?? { day: "", month: "", year: "" };
  const part = (key: keyof DateParts, label: string, width: "2" | "4") => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={`${id}-${key}`}>
          {label}
        </label>
        <input
          class={`govuk-input govuk-date-input__input govuk-input--width-${width}${p.error ? " govuk-input--error" : ""}`}
          id={`${id}-${key}`}
          name={`${p.name}-${key}`}
          type="text"
          inputmode="numeric"
          value={v[key]}
        />
      </div>
    </div>
  );
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Fieldset
        legend={p.legend}
        legendSize={p.legendSize}
        role="group"
        describedBy={describedBy(id, p.hint ?? true, p.error)}
      >
        <div id={`${id}-hint`} class="govuk-hint">
          {p.hint ?? "For example, 1 4 2026"}
        </div>
        <ErrorMessage id={id} text={p.error} />
        <div class="govuk-date-input" id={id}>
          {part("day", "Day", "2")}
          {part("month", "Month", "2")}
          {part("year", "Year", "4")}
        </div>
      </Fieldset>
    </div>
  );
}

export function FileUpload(p: {
  name: string;
  id?: string;
  label: Child;
  hint?: Child;
  error?: string;
  multiple?: boolean;
  accept?: string;
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={p.label} size="m" />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} text={p.error} />
      {/* The plain input: GOV.UK Frontend's enhanced drop zone labels its button in a way axe-core flags (label in name). */}
      <input
        class={`govuk-file-upload${p.error ? " govuk-file-upload--error" : ""}`}
        id={id}
        name={p.name}
        type="file"
        multiple={p.multiple}
        accept={p.accept}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </div>
  );
}
