// The session cookie and the caller's address, shared by the API's and the pages' sign-in.
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../services/auth/sessions.js";
import type { AppEnv } from "./context.js";
import { expectedOrigin } from "./origin.js";

/**
 * The caller's address, for sign-in throttling. Headers a client can set are believed only when
 * TRUST_PROXY says proxies in front of us set them: each appends the address it was reached from, so with
 * N of them the caller is the Nth address from the right (anything further left the caller may have
 * written). On Workers, Cloudflare sets cf-connecting-ip itself.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as
    | { incoming?: { socket?: { remoteAddress?: string } }; HYPERDRIVE?: unknown }
    | undefined;
  const hops = c.get("deps").env.TRUST_PROXY;
  if (hops) {
    const chain = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean);
    // Fewer addresses than proxies: the leftmost was still written by one of ours.
    const forwarded = chain.at(Math.max(chain.length - hops, 0));
    if (forwarded) return forwarded;
  }
  if (env?.HYPERDRIVE) return c.req.header("cf-connecting-ip") ?? "unknown";
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

export function setSessionCookie(c: Context<AppEnv>, value: string, expires: Date) {
  setAppCookie(c, SESSION_COOKIE, value, expires);
}

/** Every cookie WithUs sets: httpOnly, SameSite=Lax (an identity provider's redirect back is a top-level GET), Secure as configured. */
export function setAppCookie(
  c: Context<AppEnv>,
  name: string,
  value: string,
  lifetime: Date | { maxAge: number },
) {
  const mode = c.get("deps").env.COOKIE_SECURE;
  const secure = mode === "always" || (mode === "auto" && expectedOrigin(c).startsWith("https:"));
  const until = lifetime instanceof Date ? { expires: lifetime } : lifetime;
  setCookie(c, name, value, { httpOnly: true, sameSite: "Lax", path: "/", secure, ...until });
}
