// The origin people reach WithUs at: the one every CSRF/origin check, Secure cookie and absolute link uses.
import type { Context } from "hono";
import { AppError } from "../lib/errors.js";
import type { AppEnv } from "./context.js";

/**
 * PUBLIC_URL when set; else, behind a trusted proxy (TRUST_PROXY), the request's Host with
 * X-Forwarded-Proto; else the origin of the URL this server sees (localhost, as before).
 */
export function expectedOrigin(c: Context<AppEnv>): string {
  const env = c.get("deps").env;
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  const seen = new URL(c.req.url);
  if (env.TRUST_PROXY) {
    const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    const host = c.req.header("host");
    if ((proto === "https" || proto === "http") && host) {
      try {
        return new URL(`${proto}://${host}`).origin;
      } catch {
        // A Host that is not a host name: fall back to what this server sees.
      }
    }
  }
  return seen.origin;
}

/** The site a browser says a request came from: its Origin, else its Referer's origin. */
function senderOrigin(c: Context<AppEnv>): string | undefined {
  const origin = c.req.header("origin");
  if (origin) return origin;
  const ref = c.req.header("referer");
  if (!ref) return undefined;
  try {
    return new URL(ref).origin;
  } catch {
    return undefined;
  }
}

/** Refuses a request whose Origin (or Referer) names another site; returns the sender, if any. */
export function refuseCrossSite(c: Context<AppEnv>): string | undefined {
  const sender = senderOrigin(c);
  if (sender && sender !== expectedOrigin(c))
    throw new AppError("forbidden", "This request came from another site and was refused.");
  return sender;
}
