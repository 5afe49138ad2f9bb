// GOV.UK content components: tags, summary lists, tables, panels, banners, task lists and text blocks.
import type { Child } from "hono/jsx";

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

/** One row of a GOV.UK task list; without an href the task cannot be started yet. */
export function TaskItem(p: {
  id: string;
  name: Child;
  href?: string;
  hint?: Child;
  /** Plain text, or shown as a tag when `tag` is given; any other status is passed as a Child. */
  status: Child;
  tag?: "blue" | "grey";
}) {
  return (
    <li class={`govuk-task-list__item${p.href ? " govuk-task-list__item--with-link" : ""}`}>
      <div class="govuk-task-list__name-and-hint">
        {p.href ? (
          <a
            class="govuk-link govuk-task-list__link"
            href={p.href}
            aria-describedby={`${p.id}-status${p.hint ? ` ${p.id}-hint` : ""}`}
          >
            {p.name}
          </a>
        ) : (
          <div>{p.name}</div>
        )}
        {p.hint ? (
          <div id={`${p.id}-hint`} class="govuk-task-list__hint">
            {p.hint}
          </div>
        ) : null}
      </div>
      <div
        class={`govuk-task-list__status${!p.href ? " govuk-task-list__status--cannot-start-yet" : ""}`}
        id={`${p.id}-status`}
      >
        {p.tag ? <Tag text={String(p.status)} colour={p.tag === "blue" ? "blue" : "grey"} /> : p.status}
      </div>
    </li>
  );
}

export function TaskList({ children }: { children: Child }) {
  return <ul class="govuk-task-list">{children}</ul>;
}

/**
 * GOV.UK notification banner. A success banner is an alert (read out at once); any other is a
 * labelled region. `id` names the title, so two banners on a page stay distinct.
 */
export function NotificationBanner(p: { id: string; heading: Child; success?: boolean; children?: Child }) {
  const inner = (
    <>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={p.id}>
          {p.success ? "Success" : "Important"}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{p.heading}</p>
        {p.children}
      </div>
    </>
  );
  return p.success ? (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby={p.id}
      data-module="govuk-notification-banner"
    >
      {inner}
    </div>
  ) : (
    <div
      class="govuk-notification-banner"
      role="region"
      aria-labelledby={p.id}
      data-module="govuk-notification-banner"
    >
      {inner}
    </div>
  );
}
