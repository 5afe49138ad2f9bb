// GOV.UK Design System components as hono/jsx functions: the markup of govuk-frontend's macros,
// with labels, hints and error messages wired by id so assistive technology reads them together.
import type { Child } from "hono/jsx";

export interface ErrorItem {
  /** The id of the field the message belongs to (the summary links to it). */
  href: string;
  text: string;
}

/** Field id -> message, in the order the fields appear on the page. */
export type FieldErrors = Record<string, string>;

/** The summary's links: to the field, or to the first box of a date input. */
export function errorList(errors: FieldErrors, dateFields: string[] = []): ErrorItem[] {
  return Object.entries(errors).map(([id, text]) => ({
    href: dateFields.includes(id) ? `#${id}-day` : `#${id}`,
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

function describedBy(id: string, hint?: Child, error?: string, extra?: string) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : "", extra ?? ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ id, hint }: { id: string; hint?: Child }) {
  if (!hint) return null;
  return (
    <div id={`${id}-hint`} class="govuk-hint">
      {hint}
    </div>
  );
}

function Label(props: { id: string; label: Child; heading?: boolean; size?: "l" | "m" | "s" }) {
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

export interface InputProps {
  name: string;
  id?: string;
  label: Child;
  hint?: Child;
  value?: string | number | null;
  error?: string;
  /** govuk-input--width-N or govuk-!-width-... */
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full" | "three-quarters" | "two-thirds" | "one-half";
  type?: "text" | "email" | "password" | "number" | "search";
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

function Fieldset(p: {
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

export interface ChoiceItem {
  value: string;
  text: Child;
  hint?: Child;
  /** Shown when the item is chosen (no JavaScript: always shown below the item). */
  conditional?: Child;
}

export function Radios(p: {
  name: string;
  id?: string;
  legend: Child;
  legendSize?: "l" | "m" | "s";
  heading?: boolean;
  hint?: Child;
  items: ChoiceItem[];
  value?: string | null;
  error?: string;
  inline?: boolean;
  small?: boolean;
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Fieldset
        legend={p.legend}
        legendSize={p.legendSize}
        heading={p.heading}
        describedBy={describedBy(id, p.hint, p.error)}
      >
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} text={p.error} />
        <div
          class={`govuk-radios${p.inline ? " govuk-radios--inline" : ""}${p.small ? " govuk-radios--small" : ""}`}
          data-module="govuk-radios"
        >
          {p.items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <>
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={itemId}
                    name={p.name}
                    type="radio"
                    value={item.value}
                    checked={item.value === p.value}
                    aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                    data-aria-controls={item.conditional ? `conditional-${itemId}` : undefined}
                  />
                  <label class="govuk-label govuk-radios__label" for={itemId}>
                    {item.text}
                  </label>
                  {item.hint ? (
                    <div id={`${itemId}-item-hint`} class="govuk-hint govuk-radios__hint">
                      {item.hint}
                    </div>
                  ) : null}
                </div>
                {item.conditional ? (
                  <div
                    class={`govuk-radios__conditional${item.value === p.value ? "" : " govuk-radios__conditional--hidden"}`}
                    id={`conditional-${itemId}`}
                  >
                    {item.conditional}
                  </div>
                ) : null}
              </>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}

export function Checkboxes(p: {
  name: string;
  id?: string;
  legend: Child;
  legendSize?: "l" | "m" | "s";
  hint?: Child;
  items: ChoiceItem[];
  values: string[];
  error?: string;
  small?: boolean;
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Fieldset legend={p.legend} legendSize={p.legendSize} describedBy={describedBy(id, p.hint, p.error)}>
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} text={p.error} />
        <div
          class={`govuk-checkboxes${p.small ? " govuk-checkboxes--small" : ""}`}
          data-module="govuk-checkboxes"
        >
          {p.items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  id={itemId}
                  name={p.name}
                  type="checkbox"
                  value={item.value}
                  checked={p.values.includes(item.value)}
                  aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                />
                <label class="govuk-label govuk-checkboxes__label" for={itemId}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${itemId}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </Fieldset>
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

export type TagColour =
  | "grey"
  | "green"
  | "turquoise"
  | "blue"
  | "light-blue"
  | "purple"
  | "pink"
  | "red"
  | "orange"
  | "yellow";

export function Tag({ text, colour }: { text: string; colour?: TagColour }) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{text}</strong>;
}

export interface SummaryRow {
  key: Child;
  value: Child;
  action?: { href: string; text: string; hidden: string };
}

export function SummaryList({ rows, noBorder }: { rows: SummaryRow[]; noBorder?: boolean }) {
  return (
    <dl class={`govuk-summary-list${noBorder ? " govuk-summary-list--no-border" : ""}`}>
      {rows.map((r) => (
        <div
          class={`govuk-summary-list__row${r.action || !rows.some((x) => x.action) ? "" : " govuk-summary-list__row--no-actions"}`}
        >
          <dt class="govuk-summary-list__key">{r.key}</dt>
          <dd class="govuk-summary-list__value">{r.value}</dd>
          {r.action ? (
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" href={r.action.href}>
                {r.action.text}
                <span class="govuk-visually-hidden"> {r.action.hidden}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

/** A column heading: its text, or its text with GOV.UK's numeric alignment or the app's no-wrap. */
export type TableColumn = string | { text: Child; numeric?: boolean; nowrap?: boolean };

/**
 * A GOV.UK table: caption, a row of column headings (scope="col"; false, null or undefined leaves a
 * column out), and the body's rows as children. With `scroll`, the table sits in a focusable region of
 * that name, so a wide table scrolls sideways on its own rather than the page.
 */
export function Table(p: {
  caption: Child;
  captionSize?: "s" | "m" | "l";
  /** The caption is for assistive technology only. */
  captionHidden?: boolean;
  head: Array<TableColumn | false | null | undefined>;
  /** The scroll region's accessible name; no region without it. */
  scroll?: string;
  className?: string;
  children: Child;
}) {
  const table = (
    <table class={`govuk-table${p.className ? ` ${p.className}` : ""}`}>
      <caption
        class={`govuk-table__caption govuk-table__caption--${p.captionSize ?? "m"}${p.captionHidden ? " govuk-visually-hidden" : ""}`}
      >
        {p.caption}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {p.head.map((h) => {
            if (h === false || h === null || h === undefined) return null;
            const col = typeof h === "string" ? { text: h } : h;
            return (
              <th
                scope="col"
                class={`govuk-table__header${col.numeric ? " govuk-table__header--numeric" : ""}${col.nowrap ? " app-nowrap" : ""}`}
              >
                {col.text}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody class="govuk-table__body">{p.children}</tbody>
    </table>
  );
  if (!p.scroll) return table;
  return (
    <div class="app-table-scroll" tabindex={0} role="region" aria-label={p.scroll}>
      {table}
    </div>
  );
}

export function BackLink({ href, text }: { href: string; text?: string }) {
  return (
    <a href={href} class="govuk-back-link">
      {text ?? "Back"}
    </a>
  );
}

export function Breadcrumbs({ items }: { items: Array<{ href?: string; text: string }> }) {
  return (
    <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol class="govuk-breadcrumbs__list">
        {items.map((i) => (
          <li class="govuk-breadcrumbs__list-item">
            {i.href ? (
              <a class="govuk-breadcrumbs__link" href={i.href}>
                {i.text}
              </a>
            ) : (
              i.text
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function WarningText({ children }: { children: Child }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function InsetText({ children }: { children: Child }) {
  return <div class="govuk-inset-text">{children}</div>;
}

export function Details({ summary, children, open }: { summary: string; children: Child; open?: boolean }) {
  return (
    <details class="govuk-details" open={open}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{summary}</span>
      </summary>
      <div class="govuk-details__text">{children}</div>
    </details>
  );
}

export function Panel({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">{title}</h1>
      {children ? <div class="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

/** Paragraphs from text with blank lines between them. */
export function Paragraphs({ text, className }: { text: string | null | undefined; className?: string }) {
  if (!text?.trim()) return null;
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p class={className ?? "govuk-body"}>{p}</p>
        ))}
    </>
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
