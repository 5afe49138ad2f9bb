// Your email preferences and your private calendar address. The same services as
// GET/PUT /api/me/notifications and POST/DELETE /api/me/calendar-feed.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { expectedOrigin } from "../../middleware/origin.js";
import { formatDate } from "../../model/dates.js";
import { EMAIL_PREFERENCES, type EmailPreference } from "../../model/notifications.js";
import {
  createCalendarFeed,
  hasCalendarFeed,
  revokeCalendarFeed,
} from "../../services/notifications/calendar.js";
import { getPreferences, setPreferences } from "../../services/notifications/preferences.js";
import {
  ActionForm,
  Button,
  CsrfField,
  errorList,
  type FieldErrors,
  InsetText,
  Radios,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

const CHOICES: Array<{ value: EmailPreference; text: string; hint: string }> = [
  { value: "immediately", text: "Straight away", hint: "An email each time something happens." },
  {
    value: "daily_digest",
    text: "Once a day",
    hint: "One email each morning with everything since the last one.",
  },
  { value: "off", text: "No emails", hint: "You will still see every notification in WithUs." },
];

async function preferencesPage(
  c: Ctx,
  opts: { errors?: FieldErrors; chosen?: string; feedUrl?: string; status?: 200 | 201 | 422 } = {},
) {
  const ctx = serviceCtx(c);
  const current = opts.chosen ?? (await getPreferences({ ctx })).email;
  const feed = await hasCalendarFeed({ ctx });
  const csrf = ctx.actor.csrfToken;
  const errors = opts.errors ?? {};
  return page(
    c,
    {
      title: "Emails and calendar",
      errors: errorList(errors),
      status: opts.status === 201 ? 200 : opts.status,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Emails and calendar</h1>
        <form method="post" action="/account/notifications" novalidate>
          <CsrfField token={csrf} />
          <Radios
            name="email"
            legend="When do you want emails about your work in WithUs?"
            legendSize="m"
            hint="Emails about your own account, such as resetting your password, always come straight away."
            items={CHOICES}
            value={current}
            error={errors.email}
          />
          <Button>Save</Button>
        </form>

        <h2 class="govuk-heading-m">Due dates in your calendar</h2>
        <p class="govuk-body">
          Add the due dates of the evidence you can see to Outlook or Google Calendar. Create a private
          address, then subscribe to it from your calendar ("add calendar from internet" or "from URL").
        </p>
        <p class="govuk-body">
          Anyone who has the address can see the due dates, so keep it to yourself. If it gets out, create a
          new one: the old one stops working.
        </p>
        {opts.feedUrl ? (
          <InsetText>
            <p class="govuk-body">Your calendar address (copy it now: it will not be shown again):</p>
            <p class="govuk-body app-long-text">
              <code id="calendar-address">{opts.feedUrl}</code>
            </p>
          </InsetText>
        ) : feed ? (
          <p class="govuk-body">
            You created a calendar address on {formatDate(feed.createdAt.toISOString())}.
          </p>
        ) : null}
        <ActionForm action="/account/calendar-feed" csrf={csrf} className="">
          <Button secondary={Boolean(feed)}>
            {feed ? "Create a new calendar address" : "Create a calendar address"}
          </Button>
        </ActionForm>
        {feed ? (
          <ActionForm action="/account/calendar-feed/revoke" csrf={csrf} className="">
            <Button secondary>Stop my calendar address working</Button>
          </ActionForm>
        ) : null}
      </div>
    </div>,
  );
}

function originOf(c: Ctx) {
  return expectedOrigin(c);
}

export const preferencePages = new Hono<AppEnv>()
  .get("/account/notifications", authorize("signed_in"), (c) => preferencesPage(c))
  .post("/account/notifications", authorize("signed_in"), async (c) => {
    const form = await readForm(c);
    const email = form.str("email");
    if (!(EMAIL_PREFERENCES as readonly string[]).includes(email)) {
      return preferencesPage(c, { errors: { email: "Choose when you want emails" }, status: 422 });
    }
    await setPreferences({ ctx: serviceCtx(c), input: { email: email as EmailPreference } });
    return redirectWith(c, "/account/notifications", {
      kind: "success",
      heading: "Your email choice is saved",
    });
  })
  .post("/account/calendar-feed", authorize("signed_in"), async (c) => {
    await readForm(c);
    const { path } = await createCalendarFeed({ ctx: serviceCtx(c) });
    return preferencesPage(c, { feedUrl: originOf(c) + path, status: 201 });
  })
  .post("/account/calendar-feed/revoke", authorize("signed_in"), async (c) => {
    await readForm(c);
    await revokeCalendarFeed({ ctx: serviceCtx(c) });
    return redirectWith(c, "/account/notifications", {
      kind: "success",
      heading: "Your calendar address has stopped working",
    });
  });
