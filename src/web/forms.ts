// Reading HTML forms (CSRF is the middleware's one rule, middleware/request.ts): typed field access, GOV.UK date
// inputs, and turning a service's validation errors into messages placed at the fields.
import type { Context } from "hono";
import { AppError, type ErrorCode, type FieldError, notFound } from "../lib/errors.js";
import { normaliseText } from "../lib/text.js";
import type { AppEnv } from "../middleware/context.js";
import { EARLIEST_YEAR, isoDateProblem, LATEST_YEAR } from "../model/dates.js";
import type { Actor } from "../model/identity.js";
import type { DateParts, FieldErrors } from "./components.js";

export class Form {
  constructor(private readonly data: Record<string, string | File | Array<string | File>>) {}
  /**
   * The text of a field ("" when absent) as the API would keep it: NFC, LF line ends, trimmed. Whether it
   * may be kept (its characters, its length) is the service's to judge (lib/text.ts, model/limits.ts).
   */
  str(name: string): string {
    const v = this.data[name];
    const one = Array.isArray(v) ? v[0] : v;
    return typeof one === "string" ? normaliseText(one) : "";
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
    return list.filter((x): x is string => typeof x === "string").map(normaliseText);
  }
  date(name: string): DateParts {
    return { day: this.str(`${name}-day`), month: this.str(`${name}-month`), year: this.str(`${name}-year`) };
  }
}

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return actor;
}

/**
 * Reads a urlencoded form. CSRF has one rule, checked before any handler runs (middleware/request.ts):
 * a cookie-authenticated write comes from this site (Origin or Referer) or carries the session's token.
 */
export async function readForm(c: Context<AppEnv>): Promise<Form> {
  actorOf(c);
  const body = (await c.req.parseBody({ all: true })) as Record<string, string | File | Array<string | File>>;
  return new Form(body);
}

/** GOV.UK date input -> ISO date, or a message saying what is wrong with it. */
export function readDateInput(
  parts: DateParts,
  label: string,
  required: boolean,
): { iso: string | null; error?: string } {
  const { day, month, year } = parts;
  if (!day && !month && !year) return required ? { iso: null, error: `Enter ${label}` } : { iso: null };
  const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean) as string[];
  if (missing.length)
    return { iso: null, error: `${capitalise(label)} must include a ${missing.join(" and ")}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { iso: null, error: `${capitalise(label)} must be a real date` };
  }
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const problem = isoDateProblem(iso);
  if (!problem) return { iso };
  const y = Number(year);
  // Outside the years WithUs (and its database) handles.
  if (y < EARLIEST_YEAR || y > LATEST_YEAR) {
    return { iso: null, error: `${capitalise(label)} must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}` };
  }
  return { iso: null, error: `${capitalise(label)} must be a real date` };
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

/** The codes a form shows on its own page by default: the rest are answered as errors are elsewhere. */
const FORM_CODES: readonly ErrorCode[] = ["validation_failed", "conflict", "bad_request"];

/**
 * The one way a page turns a service's error into what it shows: each field error at the form's field
 * (`fieldFor` maps an API error path to the field id; undefined: not a field on this form, so the message
 * goes to the summary only), in the page's words when `describe` is given. `codes` are the errors the page
 * shows (validation, conflict and bad request unless told); `whole` places an error without field errors
 * (a file too large, an address already taken) at a field, in the service's words or the page's own
 * (`{ at, say }`). Null for anything else: rethrow it.
 */
export function errorsFromAppError(
  e: unknown,
  /** The form's field id for an error's path (a function, or a table of path to id); undefined: none. */
  fieldFor: ((path: string) => string | undefined) | Readonly<Record<string, string>>,
  describe?: (err: FieldError) => string,
  options: {
    codes?: readonly ErrorCode[];
    whole?: Partial<Record<ErrorCode, string | { at: string; say: string }>>;
  } = {},
): { fields: FieldErrors; general: string[]; status: number } | null {
  if (!(e instanceof AppError)) return null;
  const codes = options.codes ?? [...FORM_CODES, ...(Object.keys(options.whole ?? {}) as ErrorCode[])];
  if (!codes.includes(e.code)) return null;
  const idOf =
    typeof fieldFor === "function"
      ? fieldFor
      : (path: string) => (Object.hasOwn(fieldFor, path) ? fieldFor[path] : undefined);
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const err of e.errors ?? []) {
    const id = idOf(err.path);
    const text = describe ? describe(err) : capitalise(err.message);
    if (id && !fields[id]) fields[id] = text;
    else if (!id) general.push(text);
  }
  if (!e.errors?.length) {
    const at = options.whole?.[e.code];
    if (typeof at === "string") fields[at] = e.message;
    else if (at) fields[at.at] = at.say;
    else general.push(e.message);
  }
  return { fields, general, status: e.status };
}

/**
 * A describe for errorsFromAppError: "<label> <the service's message>" for a path with a label, the
 * message alone otherwise; the text rule's lengths read as every form says them ("The comment must be
 * 5,000 characters or fewer").
 */
export function labelled(labels: Readonly<Record<string, string>>): (err: FieldError) => string {
  const n = (x: string) => Number(x).toLocaleString("en-GB");
  return (err) => {
    const message = err.message
      .replace(/^must be at least (\d+) characters$/, (_, x) => `must be ${n(x)} characters or more`)
      .replace(/^must be at most (\d+) characters$/, (_, x) => `must be ${n(x)} characters or fewer`);
    return capitalise(Object.hasOwn(labels, err.path) ? `${labels[err.path]} ${message}` : message);
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an address segment is an id at all (anything else is answered 404 before a query). */
export const isUuid = (s: string | undefined | null): s is string => Boolean(s && UUID.test(s));

/** The page's :id, or a 404 naming what was asked for when it cannot be an id at all. */
export function pathId(c: Context<AppEnv>, what: string): string {
  const id = c.req.param("id");
  if (!isUuid(id)) throw notFound(what);
  return id;
}
