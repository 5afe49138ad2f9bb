// "Get started": where the first administrator lands. Each step is ticked from the state it names (the
// organisation's name, its other users, its sign-in settings), read by services/organisations/get-started.ts;
// email and virus scanning are read from the configuration, and the demo is offered while there are no contracts.
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { gettingStarted } from "../../services/organisations/get-started.js";
import { SummaryList, TaskItem, TaskList } from "../components.js";
import { page } from "../layout.js";

const done = (yes: boolean, text = "Completed") =>
  yes ? { status: text } : { status: "Incomplete", tag: "blue" as const };

export const getStartedPages = new Hono<AppEnv>().get("/get-started", authorize("user.manage"), async (c) => {
  const ctx = serviceCtx(c);
  const s = await gettingStarted({ ctx });
  const env = c.get("deps").env;
  const email = Boolean(env.SMTP_URL || env.NOTIFY_API_KEY);
  const scanning = Boolean(env.CLAMAV_URL);
  const org = s.organisation;
  return page(
    c,
    { title: "Get started", nav: can(ctx.actor, "organisation.manage") ? "organisations" : "users" },
    <>
      <h1 class="govuk-heading-l">Get started</h1>
      <p class="govuk-body">
        Set WithUs up for your council. Each step is ticked once it is done, and you can come back to it at
        any time.
      </p>
      <TaskList>
        <TaskItem
          id="step-name"
          name="Give the organisation your council's name"
          href={can(ctx.actor, "organisation.manage") ? `/admin/organisations/${org.id}/name` : undefined}
          hint={`It is called ${org.name}.`}
          {...done(s.renamed)}
        />
        <TaskItem
          id="step-invite"
          name="Invite colleagues"
          href={`/admin/organisations/${org.id}/users/new`}
          hint={
            s.colleagues
              ? `${s.colleagues} ${s.colleagues === 1 ? "colleague" : "colleagues"} added`
              : "Commissioners, reviewers and other administrators"
          }
          {...done(s.colleagues > 0)}
        />
        <TaskItem
          id="step-sign-in"
          name="Set up sign-in"
          href="/admin/sign-in"
          hint="Single sign-on through your council's identity provider, or passwords only"
          {...done(s.signIn !== null, s.signIn === "single_sign_on" ? "Single sign-on" : "Passwords only")}
        />
      </TaskList>
      <h2 class="govuk-heading-m">Email and virus scanning</h2>
      <SummaryList
        rows={[
          {
            key: "Email",
            value: email
              ? "On: invitations, reminders and password resets are sent."
              : "Off: nothing is emailed, so invitations and password-reset links are not sent. To turn it on, set SMTP_URL and MAIL_FROM (or NOTIFY_API_KEY for GOV.UK Notify) and PUBLIC_URL, then restart WithUs.",
          },
          {
            key: "Virus scanning",
            value: scanning
              ? "On: every evidence file is scanned before it is kept."
              : "Off: evidence files are checked by their type but not scanned. To turn it on, set CLAMAV_URL to your ClamAV daemon (for example tcp://127.0.0.1:3310), then restart WithUs.",
          },
        ]}
      />
      {s.contracts === 0 ? (
        <>
          <h2 class="govuk-heading-m">Try the demo first</h2>
          <p class="govuk-body">
            To look around with example contracts, evidence and reviews, run the demo with a data directory of
            its own, so that nothing of it reaches your council's data. Stop WithUs first if it uses the
            embedded database (one process at a time may have it open), or run the demo on another copy:
          </p>
          <pre class="govuk-body" tabindex={0}>
            <code>DATA_DIR=./demo-data npm run seed:demo{"\n"}DATA_DIR=./demo-data PORT=8788 npm start</code>
          </pre>
          <p class="govuk-body">
            Then open port 8788 in your browser. Delete the demo-data folder when you have finished with it.
          </p>
        </>
      ) : null}
    </>,
  );
});
