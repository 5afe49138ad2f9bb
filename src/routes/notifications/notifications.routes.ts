// Notifications in the app, email preferences, the private calendar address, and (for administrators)
// the messages whose email has not been delivered.
import { EMAIL_PREFERENCES } from "../../db/schema/index.js";
import { serviceCtx } from "../../middleware/access.js";
import { expectedOrigin } from "../../middleware/origin.js";
import { createCalendarFeed, revokeCalendarFeed } from "../../services/notifications/calendar.js";
import { listNotifications, markRead } from "../../services/notifications/inbox.js";
import { getPreferences, setPreferences } from "../../services/notifications/preferences.js";
import { undeliveredMessages } from "../../services/notifications/undelivered.js";
import { createRouter, defineRoute, jsonBody, jsonResponse, z } from "../openapi.js";

const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    subject: z.string(),
    link: z.string().describe("A path in WithUs"),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi("Notification");

const pageQuery = z.object({
  cursor: z.string().max(200).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const preferencesSchema = z
  .object({
    email: z
      .enum(EMAIL_PREFERENCES, { error: `must be one of: ${EMAIL_PREFERENCES.join(", ")}` })
      .describe("immediately, daily_digest, or off (notifications still show in the app)"),
  })
  .strict()
  .openapi("NotificationPreferences");

const undeliveredSchema = z
  .object({
    id: z.uuid(),
    recipient: z.object({ name: z.string(), email: z.string() }),
    kind: z.string(),
    subject: z.string(),
    status: z.enum(["retrying", "failed", "not_sent"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("UndeliveredMessage");

export const notificationRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/notifications",
      tags: ["Notifications"],
      summary: "Your notifications, newest first, with the unread count",
      access: "signed_in",
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(
          z.object({
            notifications: z.array(notificationSchema),
            nextCursor: z.string().nullable(),
            unread: z.number().int(),
          }),
          "A page of notifications",
        ),
      },
    }),
    async (c) => c.json(await listNotifications({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/notifications/read",
      tags: ["Notifications"],
      summary: "Mark some or all of your notifications read",
      access: "signed_in",
      request: {
        body: jsonBody(
          z.union([
            z
              .object({
                ids: z
                  .array(z.uuid({ error: "must be a UUID" }))
                  .min(1)
                  .max(500),
              })
              .strict(),
            z.object({ all: z.literal(true) }).strict(),
          ]),
          "{ ids: [...] } or { all: true }",
        ),
      },
      responses: { 200: jsonResponse(z.object({ unread: z.number().int() }), "The unread count after") },
    }),
    async (c) => c.json(await markRead({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/me/notifications",
      tags: ["Notifications"],
      summary: "How you get email",
      access: "signed_in",
      responses: { 200: jsonResponse(preferencesSchema, "Your preferences") },
    }),
    async (c) => c.json(await getPreferences({ ctx: serviceCtx(c) }), 200),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/me/notifications",
      tags: ["Notifications"],
      summary: "Choose how you get email: at once, in a daily digest, or not at all",
      description: "Messages about your own account (invitations, password resets) are always sent at once.",
      access: "signed_in",
      request: { body: jsonBody(preferencesSchema) },
      responses: { 200: jsonResponse(preferencesSchema, "Your preferences") },
    }),
    async (c) => c.json(await setPreferences({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/calendar-feed",
      tags: ["Notifications"],
      summary: "Create your private calendar address (replacing any earlier one)",
      description:
        "An iCalendar feed of the due dates you can see, to subscribe to in Outlook or Google Calendar. Anyone with the address can read it: keep it private, and create a new one if it leaks.",
      access: "signed_in",
      responses: { 201: jsonResponse(z.object({ url: z.string() }), "The new address (shown once)") },
    }),
    async (c) => {
      const { path } = await createCalendarFeed({ ctx: serviceCtx(c) });
      return c.json({ url: expectedOrigin(c) + path }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/me/calendar-feed",
      tags: ["Notifications"],
      summary: "Revoke your calendar address",
      access: "signed_in",
      responses: { 204: { description: "Revoked (or there was none)" } },
    }),
    async (c) => {
      await revokeCalendarFeed({ ctx: serviceCtx(c) });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/outbox",
      tags: ["Notifications"],
      summary: "Messages about your organisation whose email has not been delivered, newest first",
      access: "outbox.read",
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(
          z.object({ messages: z.array(undeliveredSchema), nextCursor: z.string().nullable() }),
          "Undelivered messages, with the last error",
        ),
      },
    }),
    async (c) => c.json(await undeliveredMessages({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  );
