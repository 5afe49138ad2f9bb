// Reading HTML forms: the CSRF check every web form handler makes, typed field access, GOV.UK date
// inputs, and turning a service's validation errors into messages placed at the fields.
import type { Context } from "hono";
import type { Actor, AppEnv } from "../lib/context.js";
import { AppError, type FieldError } from "../lib/errors.js";
import type { DateParts, FieldErrors } from "./components.js";

export class Form {
  constructor(private readonly data: Record<string, string | File | Array<string | File>>) {}
  /** The trimmed text of a field ("" when absent), with browsers' CRLF line ends as LF. */
  str(name: string): string {
    const v = this.data[name];
    const one = Array.isArray(v) ? v[0] : v;
    return typeof one === "string" ? one.replace(/\r\n?/g, "\n").trim() : "";
  }
  /** The raw text of a field, untrimmed (passwords). */
  raw(name: string): string {
    const v = this.data[name];
    const one = Array.isArray(v) ? v[0] : v;
    return typeof one === "string" ? one : "";
  }
  all(name: string): string[] {
    const v = this.data[name] ?? this.data[`${name}[]`];
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    return list.filter((x): x is string => typeof x === "string");
  }
  date(name: string): DateParts {
    return { day: this.str(`${name}-day`), month: this.str(`${name}-month`), year: this.str(`${name}-year`) };
  }
}

export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return actor;
}

/** Reads a urlencoded form and checks its _csrf field against the session's token. */
export async function readForm(c: Context<AppEnv>): Promise<Form> {
  const body = (await c.req.parseBody({ all: true })) as Record<string, string | File | Array<string | File>>;
  const form = new Form(body);
  checkCsrf(c, form.str("_csrf"));
  return form;
}

export function checkCsrf(c: Context<AppEnv>, sent: string | undefined) {
  const actor = actorOf(c);
  if (!sent || !actor.csrfToken || sent !== actor.csrfToken) {
    throw new AppError("forbidden", "The form has expired. Go back, reload the page and try again.");
  }
}

/** GOV.UK date input -> ISO date, or a message saying what is wrong with it. */
export function parseDate(
  parts: DateParts,
  label: string,
  required: boolean,
): { iso: string | null; error?: string } {
  const { day, month, year } = parts;
  if (!day && !month && !year) return required ? { iso: null, error: `Enter ${label}` } : { iso: null };
  const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean) as string[];
  if (missing.length)
    return { iso: null, error: `${capitalise(label)} must include a ${missing.join(" and ")}` };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (![d, m, y].every(Number.isInteger) || !/^\d{4}$/.test(year)) {
    return { iso: null, error: `${capitalise(label)} must be a real date` };
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { iso: null, error: `${capitalise(label)} must be a real date` };
  }
  return { iso: date.toISOString().slice(0, 10) };
}

export function isoToParts(iso: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! }
    : { day: "", month: "", year: "" };
}

export function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A service's validation failure as field messages. `fieldFor` maps an API error path to the form's
 * field id (undefined: not a field on this form, so the message goes to the summary only).
 */
export function errorsFromAppError(
  e: unknown,
  fieldFor: (path: string) => string | undefined,
  describe?: (err: FieldError) => string,
): { fields: FieldErrors; general: string[] } | null {
  if (!(e instanceof AppError)) return null;
  if (e.code !== "validation_failed" && e.code !== "conflict" && e.code !== "bad_request") return null;
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const err of e.errors ?? []) {
    const id = fieldFor(err.path);
    const text = describe ? describe(err) : capitalise(err.message);
    if (id && !fields[id]) fields[id] = text;
    else if (!id) general.push(text);
  }
  if (!e.errors?.length) general.push(e.message);
  return { fields, general };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an address segment is an id at all (anything else is answered 404 before a query). */
export const isUuid = (s: string | undefined | null): s is string => Boolean(s && UUID.test(s));
