// The notification jobs, run together: the Node entry every JOBS_INTERVAL_SECONDS, the Worker on its
// cron trigger. Each step is safe to run twice, after a restart, or in two processes at once.
import type { Db } from "../../db/client.js";
import type { Env } from "../../env.js";
import type { Logger } from "../../lib/log.js";
import { deliverEmail } from "./deliver.js";
import { sendDigests } from "./digest.js";
import { runReminders } from "./reminders.js";
import type { EmailTransport } from "./transport.js";

export interface NotificationJobDeps {
  db: Db;
  env: Pick<Env, "PUBLIC_URL" | "PORT" | "DIGEST_HOUR">;
  transport: EmailTransport | null;
  now: Date;
  log: Logger;
}

/** The address links start with: PUBLIC_URL (required when email is on), else the local one. */
export function publicOrigin(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** What start-up says about email. */
export function describeEmail(transport: EmailTransport | null): string {
  return transport
    ? `email is on: sent through ${transport.name === "smtp" ? "SMTP" : "GOV.UK Notify"}`
    : "email is off: neither SMTP_URL nor NOTIFY_API_KEY is set; notifications show in the app, and administrators see each message as not sent";
}

export async function runNotificationJobs(deps: NotificationJobDeps) {
  const reminders = await runReminders(deps.db, deps.now);
  const digests = await sendDigests(deps.db, deps.now, deps.env.DIGEST_HOUR);
  const delivery = await deliverEmail({
    db: deps.db,
    transport: deps.transport,
    origin: publicOrigin(deps.env),
    now: deps.now,
    log: deps.log,
  });
  const counts = { ...reminders, digests, ...delivery };
  if (Object.values(counts).some((n) => n > 0)) deps.log.info("notification jobs", counts);
  return { reminders, digests, delivery };
}
