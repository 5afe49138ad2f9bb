// One error type for the whole service, answered as RFC 9457 problem+json.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_CODES = {
  bad_request: { status: 400, title: "Bad request" },
  unauthenticated: { status: 401, title: "Sign in required" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  payload_too_large: { status: 413, title: "Too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  locked: { status: 423, title: "Account locked" },
  too_many_requests: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** JSON-pointer-like path to the field, e.g. "clauses/3/parameters/response_rate". */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status() {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what = "resource") =>
  new AppError("not_found", `No such ${what}, or it is not yours to see.`);
export const conflict = (detail: string) => new AppError("conflict", detail);
export const forbidden = (detail = "You are not allowed to do this.") => new AppError("forbidden", detail);
export const validation = (errors: FieldError[], detail = "Some values are not valid.") =>
  new AppError("validation_failed", detail, errors);

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function problemBody(
  code: ErrorCode,
  detail: string,
  requestId?: string,
  errors?: FieldError[],
): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `https://withus.invalid/problems/${code.replace(/_/g, "-")}`,
    title,
    status,
    detail,
    ...(requestId ? { requestId } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(c: Context, code: ErrorCode, detail: string, errors?: FieldError[]) {
  const requestId = c.get("requestId") as string | undefined;
  const body = problemBody(code, detail, requestId, errors);
  body.instance = new URL(c.req.url).pathname;
  return c.body(JSON.stringify(body), ERROR_CODES[code].status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
  });
}

/** Map an HTTPException thrown by Hono middleware to our codes. */
export function codeForStatus(status: number): ErrorCode {
  const hit = Object.entries(ERROR_CODES).find(([, v]) => v.status === status);
  return (hit?.[0] as ErrorCode | undefined) ?? (status >= 500 ? "internal" : "bad_request");
}

export { HTTPException };

/** zod issue path -> "a/b/0/c". */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join("/");
}

/** PostgreSQL unique violation (23505), on either driver. */
export function isUniqueViolation(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if ((cur as { code?: string }).code === "23505") return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** The PostgreSQL SQLSTATE behind an error, on either driver, looking through wrappers such as drizzle's. */
export function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A value the database refused as data (SQLSTATE class 22: a NUL character in text, a number or date out
 * of range) is the caller's mistake, not ours: it becomes a 422, whichever route let it through.
 */
export function asClientError(err: Error): Error {
  if (err instanceof AppError) return err;
  const state = sqlState(err);
  if (state?.startsWith("22")) {
    return new AppError(
      "validation_failed",
      "A value sent cannot be stored: check for unusual characters (such as a NUL byte) or numbers and dates out of range.",
    );
  }
  return err;
}

/** What of an unexpected error goes in the log: its kind and cause, never a failed query's parameters. */
export function loggableError(err: unknown): { error: string; stack?: string } {
  if (!(err instanceof Error)) return { error: String(err) };
  const cause = (err as { cause?: unknown }).cause;
  // drizzle's query errors put every parameter (password hashes included) in their message.
  if (cause instanceof Error && /^Failed query/.test(err.message)) {
    const state = sqlState(err);
    return {
      error: `${err.name}: ${cause.message}${state ? ` (SQLSTATE ${state})` : ""}`,
      stack: cause.stack,
    };
  }
  return { error: `${err.name}: ${err.message}`, stack: err.stack };
}
