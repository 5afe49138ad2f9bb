// Errors on web pages: the same AppError the API answers as problem+json becomes a page here. A visitor
// who is not signed in is sent to sign in; other failures get a GOV.UK-style error page.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { asClientError } from "../lib/db-errors.js";
import { AppError } from "../lib/errors.js";
import { loggableError } from "../lib/log.js";
import type { AppEnv } from "../middleware/context.js";
import { page } from "./layout.js";

type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

export function notFoundPage(c: Context<AppEnv>) {
  return page(
    c,
    { title: "Page not found", status: 404 },
    <>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
      <p class="govuk-body">
        The page may also belong to another organisation, in which case you cannot see it.{" "}
        <a class="govuk-link" href="/">
          Go to your home page
        </a>
        .
      </p>
    </>,
  );
}

function messagePage(c: Context<AppEnv>, status: ErrorStatus, title: string, message: string) {
  return page(
    c,
    { title, status },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">{message}</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          Go to your home page
        </a>
      </p>
    </>,
  );
}

const NEXT_BASE = "http://x.invalid";
// Whitespace, control characters and backslashes: browsers strip or reinterpret them ("/\t/evil" -> "//evil").
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused.
const UNSAFE_IN_NEXT = /[\s\\\u0000-\u001f\u007f-\u009f]/;

/** Where to return after signing in: only a path (and query) on this site, else undefined (the home page). */
export function safeNext(next: string | undefined | null): string | undefined {
  if (!next?.startsWith("/") || UNSAFE_IN_NEXT.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return undefined;
  }
  // Dot segments can still resolve to "//host" on this origin, which a browser reads as another site.
  if (url.origin !== NEXT_BASE || url.pathname.startsWith("//")) return undefined;
  return url.pathname + url.search;
}

export function webErrorHandler(error: Error, c: Context<AppEnv>) {
  const err = asClientError(error);
  if (err instanceof AppError) {
    switch (err.code) {
      case "unauthenticated": {
        const url = new URL(c.req.url);
        const next = c.req.method === "GET" ? safeNext(url.pathname + url.search) : undefined;
        return c.redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in", 303);
      }
      case "not_found":
        return notFoundPage(c);
      case "forbidden":
        return messagePage(c, 403, "You cannot do this", err.message);
      case "conflict":
        return messagePage(c, 409, "This cannot be done now", err.message);
      case "gone":
        return messagePage(c, 410, "This file has been removed", err.message);
      case "payload_too_large":
        return messagePage(c, 413, "The upload is too large", err.message);
      case "unsupported_media_type":
        return messagePage(c, 415, "The file type is not accepted", err.message);
      case "too_many_requests":
      case "locked":
        return messagePage(c, 429, "Try again later", err.message);
      // Something WithUs relies on (the virus scanner) cannot be reached: the person's request was fine.
      case "unavailable":
        return messagePage(c, 503, "Try again later", err.message);
      case "validation_failed":
      case "bad_request":
        return messagePage(c, err.code === "bad_request" ? 400 : 422, "There is a problem", err.message);
      default:
        break;
    }
  }
  if (err instanceof HTTPException && err.status < 500) {
    return messagePage(c, 400, "There is a problem", err.message || "The request could not be read.");
  }
  c.get("deps")?.log.error("unhandled error", { requestId: c.get("requestId"), ...loggableError(err) });
  return messagePage(
    c,
    500,
    "Sorry, there is a problem with the service",
    `Try again later. If you report this, quote the reference ${c.get("requestId") ?? "(none)"}.`,
  );
}

/** Whether an error on this request should be answered with a page rather than problem+json. */
export function wantsPage(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/api" || path === "/openapi.json") return false;
  return (c.req.header("accept") ?? "").includes("text/html");
}
