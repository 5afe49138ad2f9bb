// The Cloudflare Workers entry: the same app, with configuration parsed from the Worker's bindings on
// every request, a PostgreSQL client per request through Hyperdrive, evidence files in R2, and the
// periodic jobs on a cron trigger. Static assets are served by the assets binding before this code runs.
// Migrations are not applied here: `npm run db:migrate` does that before a deploy.
import { drizzle } from "drizzle-orm/node-postgres";
import type { ExecutionContext } from "hono";
import pg from "pg";
import { createApp } from "../app.js";
import { type Db, schema } from "../db/client.js";
import { inProcessRenderer } from "../documents/renderer.js";
import { ConfigError, type Env, parseEnv } from "../env.js";
import { createLogger, type Logger } from "../lib/log.js";
import type { AppDeps } from "../middleware/context.js";
import { problemBody } from "../middleware/problem.js";
import { uploadLimits } from "../services/evidence/receive-upload.js";
import { runScheduledJobs } from "../services/jobs/scheduled.js";
import { runNotificationJobs } from "../services/notifications/jobs.js";
import { notifyTransport } from "../services/notifications/notify-transport.js";
import { type R2Bucket, r2FileStore } from "./r2-file-store.js";
import { workerOutbound } from "./worker-outbound.js";

// The binding and handler types this entry uses (kept local: @cloudflare/workers-types would replace the
// DOM globals for the whole Node typecheck).
export interface Hyperdrive {
  connectionString: string;
}
export interface ScheduledController {
  scheduledTime: number;
  cron: string;
}
export interface WorkerBindings {
  HYPERDRIVE?: Hyperdrive;
  FILES?: R2Bucket;
  /** Plain-text vars and secrets: the same names as the Node entry's environment. */
  [name: string]: unknown;
}

interface WorkerConfig {
  env: Env;
  hyperdrive: Hyperdrive;
  files: R2Bucket;
}

/** The configuration from the bindings, through the same zod schema the Node entry uses. */
export function workerConfig(bindings: WorkerBindings): WorkerConfig {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(bindings)) if (typeof v === "string") vars[k] = v;
  const env = parseEnv(vars);
  const missing: string[] = [];
  if (!bindings.HYPERDRIVE?.connectionString)
    missing.push("  HYPERDRIVE: no Hyperdrive binding (see [[hyperdrive]] in wrangler.toml)");
  if (!bindings.FILES) missing.push("  FILES: no R2 bucket binding (see [[r2_buckets]] in wrangler.toml)");
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join("\n")}`);
  return { env, hyperdrive: bindings.HYPERDRIVE!, files: bindings.FILES! };
}

interface RequestDatabase {
  db: Db;
  ping: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * One node-postgres client for one request (or one cron run). Hyperdrive pools the real connections,
 * so a client per request is cheap; a client kept between requests would be tied to a finished one.
 */
function openDatabase(hyperdrive: Hyperdrive, log: Logger): RequestDatabase {
  const client = new pg.Client({
    connectionString: hyperdrive.connectionString,
    connectionTimeoutMillis: 10_000,
  });
  let closing = false;
  // A connection error after the fact must not become an uncaught exception; queries report their own.
  // Ending the client cancels its socket's stream, which pg reports as an error too: not worth a line.
  client.on("error", (err) => {
    if (!closing) log.error("database client error", { error: err.message });
  });
  const connected = client.connect();
  // Queries issued meanwhile wait for the connection and fail with its error, so nothing is lost here.
  connected.catch(() => {});
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    ping: async () => {
      await client.query("select 1");
    },
    close: () => {
      closing = true;
      return connected.then(
        () => client.end(),
        () => {},
      );
    },
  };
}

function misconfigured(message: string): Response {
  console.error(message);
  const body = problemBody(
    "unavailable",
    `The service is not configured: ${message.replace(/^Invalid configuration:\n\s*/, "").replace(/\n\s*/g, "; ")}`,
  );
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": "application/problem+json" },
  });
}

async function fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
  let config: WorkerConfig;
  try {
    config = workerConfig(bindings);
    if (!config.env.SESSION_SECRET) {
      throw new ConfigError(
        "Invalid configuration:\n  SESSION_SECRET: not set; set it with `wrangler secret put SESSION_SECRET` (32+ characters)",
      );
    }
  } catch (e) {
    if (e instanceof ConfigError) return misconfigured(e.message);
    throw e;
  }
  const { env, hyperdrive, files } = config;
  const log = createLogger(env.LOG_LEVEL);
  let database: RequestDatabase | undefined;
  const deps: AppDeps = {
    env,
    database: () => {
      database ??= openDatabase(hyperdrive, log);
      return database;
    },
    files: r2FileStore(files),
    renderer: inProcessRenderer,
    secret: env.SESSION_SECRET!,
    log,
    outbound: workerOutbound(),
  };
  try {
    // The app is built per request because its deps are: building it takes well under a millisecond.
    const response = await createApp(deps).fetch(request, bindings, ctx);
    await drainUnread(request, uploadLimits(env).maxRequestBytes);
    return response;
  } finally {
    if (database) ctx.waitUntil(database.close());
  }
}

/**
 * Reads and throws away what is left of a request body the app answered without reading to the end (an
 * upload refused part way: too large, a refused type). workerd cannot read it once the answer has gone,
 * and a body left unread there holds up the requests that follow (under `wrangler dev` the next one waited
 * until the client gave up). At most `cap` bytes are read; past that the body is cancelled.
 */
async function drainUnread(request: Request, cap: number): Promise<void> {
  const body = request.body;
  // Locked: read to the end by the app (or still being read by it); nothing to do.
  if (!body || body.locked) return;
  const reader = body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > cap) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing more to read.
  }
}

/** The cron that runs every minute (email and reminders); any other runs the hourly jobs as well. */
const EVERY_MINUTE = "* * * * *";

async function scheduled(controller: ScheduledController, bindings: WorkerBindings): Promise<void> {
  const { env, hyperdrive, files } = workerConfig(bindings);
  const log = createLogger(env.LOG_LEVEL);
  const database = openDatabase(hyperdrive, log);
  // wrangler's local /__scheduled trigger may leave scheduledTime out.
  const now = Number.isFinite(controller.scheduledTime) ? new Date(controller.scheduledTime) : new Date();
  // Workers have no SMTP: email goes through GOV.UK Notify, or is off.
  if (env.SMTP_URL) log.warn("SMTP_URL is ignored on Workers: set NOTIFY_API_KEY to send email");
  const transport = env.NOTIFY_API_KEY
    ? notifyTransport({
        apiKey: env.NOTIFY_API_KEY,
        templateId: env.NOTIFY_TEMPLATE_ID!,
        baseUrl: env.NOTIFY_BASE_URL,
      })
    : null;
  try {
    await runNotificationJobs({ db: database.db, env, transport, now, log });
    if (controller.cron !== EVERY_MINUTE) {
      await runScheduledJobs({
        db: database.db,
        files: r2FileStore(files),
        now,
        log,
        retentionYears: env.EVIDENCE_RETENTION_YEARS,
      });
    }
  } catch (e) {
    log.error("scheduled jobs failed", { cron: controller.cron, error: String(e) });
    throw e;
  } finally {
    await database.close();
  }
}

export default { fetch, scheduled };
