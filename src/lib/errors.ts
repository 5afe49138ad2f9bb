// One error type for the whole service: a kind (with the HTTP status and title it stands for, as plain
// data), a message for a person and, for a form, the fields at fault. It knows nothing of requests:
// middleware/problem.ts answers it as RFC 9457 problem+json, web/error-pages.tsx as a page.

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

/** zod issue path -> "a/b/0/c". */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join("/");
}
