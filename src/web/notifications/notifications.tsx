// Notifications in the browser: the unread count in every signed-in page's header, the list (newest
// first, older pages by cursor), opening one (marks it read, then goes to its page), and "mark all as
// read". The same services as GET /api/notifications and POST /api/notifications/read.
import type { Context } from "hono";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import {
  listNotifications,
  markRead,
  notificationLink,
  unreadCount,
} from "../../services/notifications/inbox.js";
import { ActionForm, Button } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatMoment } from "../status.js";

type Ctx = Context<AppEnv>;

/** Sets the header's unread count for signed-in page views. */
export const unreadInHeader = createMiddleware<AppEnv>(async (c, next) => {
  const actor = c.get("actor");
  if (actor && c.req.method === "GET") c.set("unread", await unreadCount({ ctx: serviceCtx(c) }));
  await next();
});

async function listPage(c: Ctx) {
  const cursor = c.req.query("cursor");
  let list: Awaited<ReturnType<typeof listNotifications>>;
  try {
    list = await listNotifications({ ctx: serviceCtx(c), input: { cursor, limit: 20 } });
  } catch (e) {
    // A cursor this list did not give out: start again from the newest.
    if (errorsFromAppError(e, {}, undefined, { codes: ["validation_failed"] }))
      return c.redirect("/notifications", 303);
    throw e;
  }
  const csrf = c.get("actor")?.csrfToken;
  return page(
    c,
    { title: "Notifications" },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Notifications</h1>
        <p class="govuk-body" id="notifications-status">
          {list.unread === 0
            ? "You have no unread notifications."
            : `You have ${list.unread} unread notification${list.unread === 1 ? "" : "s"}.`}{" "}
          <a class="govuk-link" href="/account/notifications">
            Choose which emails you get
          </a>
          .
        </p>
        {list.unread > 0 ? (
          <ActionForm action="/notifications/read" csrf={csrf} className="">
            <Button secondary>Mark all as read</Button>
          </ActionForm>
        ) : null}
        {list.notifications.length === 0 ? (
          <p class="govuk-body">
            {cursor ? "There are no older notifications." : "Nothing has happened yet."}
          </p>
        ) : (
          <ul class="govuk-list app-notification-list">
            {list.notifications.map((n) => (
              <li class="app-notification">
                <a class={`govuk-link${n.read ? "" : " app-unread"}`} href={`/notifications/${n.id}`}>
                  {n.subject}
                </a>
                {n.read ? null : <span class="govuk-visually-hidden"> (unread)</span>}
                <span class="govuk-body-s app-notification__when">{formatMoment(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
        {list.nextCursor ? (
          <nav class="govuk-pagination govuk-pagination--block" aria-label="Notifications pages">
            <div class="govuk-pagination__next">
              <a
                class="govuk-link govuk-pagination__link"
                href={`/notifications?cursor=${encodeURIComponent(list.nextCursor)}`}
                rel="next"
              >
                <span class="govuk-pagination__link-title">Older notifications</span>
              </a>
            </div>
          </nav>
        ) : null}
      </div>
    </div>,
  );
}

export const notificationPages = new Hono<AppEnv>()
  .get("/notifications", authorize("signed_in"), listPage)
  // Opening a notification marks it read and goes where it points.
  .get("/notifications/:id", authorize("signed_in"), async (c) => {
    const id = pathId(c, "notification");
    const ctx = serviceCtx(c);
    const link = await notificationLink({ ctx, input: { id } });
    if (link === null) throw notFound("notification");
    await markRead({ ctx, input: { ids: [id] } });
    return c.redirect(link, 303);
  })
  .post("/notifications/read", authorize("signed_in"), async (c) => {
    await readForm(c);
    await markRead({ ctx: serviceCtx(c), input: { all: true } });
    return redirectWith(c, "/notifications", {
      kind: "success",
      heading: "All your notifications are marked as read",
    });
  });
