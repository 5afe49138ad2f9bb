// A one-off message carried across a redirect (post, redirect, get) in a short-lived cookie.
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppEnv } from "../middleware/context.js";
import { setAppCookie } from "../middleware/session-cookie.js";

const FLASH_COOKIE = "withus_flash";

export interface Flash {
  kind: "success" | "important";
  heading: string;
  body?: string;
}

function setFlash(c: Context<AppEnv>, flash: Flash) {
  // Secure like every other cookie (COOKIE_SECURE): its banner text names people and what was done.
  setAppCookie(c, FLASH_COOKIE, encodeURIComponent(JSON.stringify(flash)), { maxAge: 120 });
}

export function takeFlash(c: Context<AppEnv>): Flash | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, { path: "/" });
  try {
    const f = JSON.parse(decodeURIComponent(raw)) as Flash;
    return typeof f.heading === "string" ? f : null;
  } catch {
    return null;
  }
}

/** Redirect after a successful form, with a banner on the next page. */
export function redirectWith(c: Context<AppEnv>, to: string, flash: Flash) {
  setFlash(c, flash);
  return c.redirect(to, 303);
}
