// The notification jobs: the Node entry every JOBS_INTERVAL_SECONDS, the Worker on its cron trigger. Each
// step is safe to run twice, after a restart, or in two processes at once, and runs whatever the steps
// before it met: a reminder that cannot be worked out must never hold back a password-reset email. A step
// that fails is logged by name (the record it could not handle is logged with its ids and reported to
// the operators by the step itself, see skipped.ts).
import type { Db } from "../../db/client.js";
import type { Env } from "../../env.js";
import type { Logger } from "../../lib/log.js";
import { deliverEmail } from "./deliver.js";
import { sendDigests } from "./digest.js";
import { reminderSteps } from "./reminders.js";
import { problemOf } from "./skipped.js";
import type { EmailTransport } from "./transport.js";

export interface NotificationJobDeps {
  db: Db;
  env: Pick<Env, "PUBLIC_URL" | "PORT" | "DIGEST_HOUR">;
  transport: EmailTransport | null;
  now: Date;
  log: Logger;
}

/** The address links start with: PUBLIC_URL (required when email is on), else the local one. */
function publicOrigin(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** What start-up says about email. */
export function describeEmail(transport: EmailTransport | null): string {
  return transport
    ? `email is on: sent through ${transport.name === "smtp" ? "SMTP" : "GOV.UK Notify"}`
    : "email is off: neither SMTP_URL nor NOTIFY_API_KEY is set; notifications show in the app, and administrators see each message as not sent";
}

export async function runNotificationJobs(deps: NotificationJobDeps) {
  const { db, now, log } = deps;
  const reminder = reminderSteps(db, now, log);
  const counts: Record<string, number> = {};
  const failed: string[] = [];
  const step = async <T extends Record<string, number>>(name: string, run: () => Promise<T>) => {
    try {
      const result = await run();
      Object.assign(counts, result);
      return result;
    } catch (e) {
      failed.push(name);
      log.error("notification step failed", { step: name, error: problemOf(e) });
      return null;
    }
  };
  const reminders = {
    ...(await step("due-soon reminders", async () => ({ dueSoon: await reminder.dueSoon() }))),
    ...(await step("overdue reminders", async () => ({ overdue: await reminder.overdue() }))),
    ...(await step("overdue summaries", async () => ({ summaries: await reminder.summaries() }))),
    ...(await step("rating changes", async () => ({ ratings: await reminder.ratings() }))),
    ...(await step("assessment reminders", async () => ({ assessments: await reminder.assessments() }))),
  };
  const digests = (
    await step("digests", async () => ({ digests: await sendDigests(db, now, deps.env.DIGEST_HOUR, log) }))
  )?.digests;
  const delivery = await step("delivery", async () => ({
    ...(await deliverEmail({ db, transport: deps.transport, origin: publicOrigin(deps.env), now, log })),
  }));
  if (Object.values(counts).some((n) => n > 0)) log.info("notification jobs", counts);
  return { reminders, digests, delivery, failed };
}
