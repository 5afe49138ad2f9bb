// Undelivered email, for administrators: messages about their organisation whose email is being retried,
// has failed, or was not sent because email is off, with the last error. Same service as GET /api/outbox.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { formatDate } from "../../model/dates.js";
import { undeliveredMessages } from "../../services/notifications/undelivered.js";
import { Table, Tag } from "../components.js";
import { errorsFromAppError } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

const STATUS = {
  retrying: { text: "Trying again", colour: "yellow" },
  failed: { text: "Failed", colour: "red" },
  not_sent: { text: "Email is off", colour: "grey" },
} as const;

async function outboxPage(c: Ctx) {
  const cursor = c.req.query("cursor");
  let list: Awaited<ReturnType<typeof undeliveredMessages>>;
  try {
    list = await undeliveredMessages({ ctx: serviceCtx(c), input: { cursor, limit: 50 } });
  } catch (e) {
    // A cursor this list did not give out: start again from the oldest.
    if (errorsFromAppError(e, {}, undefined, { codes: ["validation_failed"] }))
      return c.redirect("/admin/outbox", 303);
    throw e;
  }
  return page(
    c,
    { title: "Undelivered email", nav: "outbox", wide: true },
    <>
      <h1 class="govuk-heading-l">Undelivered email</h1>
      <p class="govuk-body">
        Messages to people in your organisation, or about its contracts, whose email has not been delivered.
        WithUs tries each one again for about two hours; they still appear in the app either way.
      </p>
      {list.messages.length === 0 ? (
        <p class="govuk-body">
          {cursor ? "There are no older messages." : "Every message has been delivered."}
        </p>
      ) : (
        <Table
          caption="Messages not delivered, newest first"
          captionHidden
          scroll="Undelivered email"
          head={["Sent to", "Message", "Status", "Tries", "Last error", "Written"]}
        >
          {list.messages.map((m) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell app-long-text">
                {m.recipient.name}
                <br />
                <span class="govuk-body-s">{m.recipient.email}</span>
              </td>
              <td class="govuk-table__cell">{m.subject}</td>
              <td class="govuk-table__cell">
                <Tag text={STATUS[m.status].text} colour={STATUS[m.status].colour} />
                {m.nextAttemptAt ? (
                  <span class="govuk-body-s app-notification__when">
                    next at {m.nextAttemptAt.slice(11, 16)} UTC
                  </span>
                ) : null}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{m.attempts}</td>
              <td class="govuk-table__cell app-long-text">{m.lastError ?? ""}</td>
              <td class="govuk-table__cell app-nowrap">{formatDate(m.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      {list.nextCursor ? (
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Undelivered email pages">
          <div class="govuk-pagination__next">
            <a
              class="govuk-link govuk-pagination__link"
              href={`/admin/outbox?cursor=${encodeURIComponent(list.nextCursor)}`}
              rel="next"
            >
              <span class="govuk-pagination__link-title">Older messages</span>
            </a>
          </div>
        </nav>
      ) : null}
    </>,
  );
}

export const outboxPages = new Hono<AppEnv>().get("/admin/outbox", authorize("outbox.read"), outboxPage);
