// The calendar feed itself: no session, the secret in the address is the key. Unknown or revoked: 404.
import { Hono } from "hono";
import { publicCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { expectedOrigin } from "../../middleware/origin.js";
import { calendarFeed } from "../../services/notifications/calendar.js";

export const calendarRoutes = new Hono<AppEnv>().get("/calendar/:file", async (c) => {
  const m = /^([A-Za-z0-9_-]+)\.ics$/.exec(c.req.param("file"));
  const body = m
    ? await calendarFeed({ ctx: publicCtx(c), input: { secret: m[1]!, origin: expectedOrigin(c) } })
    : null;
  if (body === null) {
    return c.text("There is no calendar at this address. It may have been replaced or revoked.", 404);
  }
  return c.body(body, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "cache-control": "private, max-age=900",
    "x-robots-tag": "noindex",
  });
});
