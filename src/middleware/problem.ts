// The domain error (lib/errors.ts) answered as RFC 9457 problem+json, for the API and for any request
// that is not a page.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERROR_CODES, type ErrorCode, type FieldError } from "../lib/errors.js";

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
