// Request-wide middleware: who is calling, CSRF for cookie-authenticated writes, and request logging.
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { AppError } from "../lib/errors.js";
import { actorFromSession, actorFromToken, SESSION_COOKIE } from "../services/auth/sessions.js";
import { type AppEnv, nowOf } from "./context.js";
import { refuseCrossSite } from "./origin.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Resolves the caller from a bearer token or the session cookie; anonymous callers get null. */
export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get("deps");
  const now = nowOf(deps);
  const auth = c.req.header("authorization");
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const actor = m ? await actorFromToken(c.get("db"), deps.secret, m[1]!, now) : null;
    // A bad token is an error, not a silent fall-back to anonymous: scripts should hear about it.
    if (!actor) throw new AppError("unauthenticated", "The API token is not valid, or has been revoked.");
    c.set("actor", actor);
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    const actor = cookie ? await actorFromSession(c.get("db"), deps.secret, cookie, now) : null;
    c.set("actor", actor);
    // Remembered so the API can tell such a caller to sign in again (401), not answer as to a stranger (404).
    if (cookie && !actor) c.set("sessionEnded", true);
  }
  await next();
});

/**
 * CSRF for cookie-authenticated writes. A write whose Origin (or Referer) is another site is refused.
 * Without either header, the request must carry the session's token (X-CSRF-Token or a _csrf form field).
 * Bearer-token calls are not sent by browsers on their own, so they need neither.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const actor = c.get("actor");
  if (SAFE.has(c.req.method) || !actor || actor.via !== "session") return next();
  const origin = refuseCrossSite(c);
  const sent = c.req.header("x-csrf-token") ?? (await formToken(c.req.raw));
  const tokenOk = sent !== undefined && sent === actor.csrfToken;
  if (!origin && !tokenOk)
    throw new AppError("forbidden", "The form has expired. Go back, reload the page and try again.");
  await next();
});

/** Reads _csrf from a urlencoded form without consuming the body the handler will read. */
async function formToken(req: Request): Promise<string | undefined> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  const text = await req.clone().text();
  return new URLSearchParams(text).get("_csrf") ?? undefined;
}

export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const start = performance.now();
  await next();
  c.get("deps").log.info("request", {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    status: c.res.status,
    ms: Math.round(performance.now() - start),
    user: c.get("actor")?.userId,
  });
});
