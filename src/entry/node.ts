// The Node entry: one database (PGlite under DATA_DIR, or a pg pool when DATABASE_URL is set),
// evidence files on disk, drafts rendered in worker threads, and periodic jobs on a timer.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { createApp } from "../app.js";
import { openDatabase } from "../db/node-client.js";
import { ConfigError, type Env, readProcessEnv } from "../env.js";
import { clamdScanner } from "../lib/clamd.js";
import { randomToken } from "../lib/crypto.js";
import { createLogger } from "../lib/log.js";
import { ensureFirstAdmin } from "../services/bootstrap/first-admin.js";
import { syncLibrary } from "../services/clauses/sync-library.js";
import { runScheduledJobs } from "../services/jobs/scheduled.js";
import { describeEmail, runNotificationJobs } from "../services/notifications/jobs.js";
import { notifyTransport } from "../services/notifications/notify-transport.js";
import type { EmailTransport } from "../services/notifications/transport.js";
import { refreshOrganisationNameKeys } from "../services/organisations/name-keys.js";
import { type DataDir, openDataDir } from "./data-dir.js";
import { diskFileStore } from "./disk-file-store.js";
import { EmbeddedDatabaseInUse } from "./embedded-lock.js";
import { readLibrary } from "./library-files.js";
import { nodeOutbound } from "./node-outbound.js";
import { createWorkerRenderer } from "./node-renderer.js";
import { withStreamedMultipart } from "./node-request-body.js";
import { smtpTransport } from "./smtp-transport.js";
import { staticAssetRoutes } from "./static-assets.js";

/** The session secret: from configuration, else generated once and kept under DATA_DIR. */
async function sessionSecret(env: Env): Promise<string> {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(env.DATA_DIR, "session-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = randomToken(48);
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(async () => {});
    return (await readFile(file, "utf8")).trim();
  }
}

/** SMTP when SMTP_URL is set, else GOV.UK Notify when NOTIFY_API_KEY is, else none (email is off). */
export function emailTransport(env: Env): EmailTransport | null {
  if (env.SMTP_URL) return smtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM! });
  if (env.NOTIFY_API_KEY) {
    return notifyTransport({
      apiKey: env.NOTIFY_API_KEY,
      templateId: env.NOTIFY_TEMPLATE_ID!,
      baseUrl: env.NOTIFY_BASE_URL,
    });
  }
  return null;
}

export async function startNode(env: Env) {
  const log = createLogger(env.LOG_LEVEL);
  // The embedded database's lock first, then DATA_DIR's modes (see data-dir.ts).
  const dataDir = await openDataDir(env, "npm start");
  try {
    return await serveFrom(env, log, dataDir);
  } catch (e) {
    await dataDir.close();
    throw e;
  }
}

async function serveFrom(env: Env, log: ReturnType<typeof createLogger>, dataDir: DataDir) {
  const loose = dataDir.loose;
  if (loose.length) {
    log.warn("DATA_DIR had files or folders other users could read; they are now 0600/0700", {
      dataDir: env.DATA_DIR,
      count: loose.length,
      examples: loose.slice(0, 5).map((l) => `${l.mode} ${path.relative(env.DATA_DIR, l.path) || "."}`),
    });
  }
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await dataDir.tighten();
  const library = await readLibrary();
  const synced = await syncLibrary(database.db, library);
  log.info("clause library loaded", { clauses: library.length, ...synced });
  const keys = await refreshOrganisationNameKeys(database.db);
  if (keys.lookAlikes.length)
    log.warn("organisations whose names look like an older organisation's; rename them", {
      names: keys.lookAlikes,
    });
  const admin = await ensureFirstAdmin(database.db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (admin?.generatedPassword) {
    // Printed once, to the console only: not through the structured log.
    console.log(
      `\nFirst start: an administrator was created.\n  email:    ${admin.email}\n  password: ${admin.generatedPassword}\nSign in and change it; it will not be shown again.\n`,
    );
  }
  const files = diskFileStore(path.resolve(env.DATA_DIR, "files"));
  const scanner = env.CLAMAV_URL ? clamdScanner(env.CLAMAV_URL) : undefined;
  if (scanner) {
    // Not fatal: uploads answer 503 until clamd is up, and everything else works meanwhile.
    await scanner.ping().then(
      () => log.info("virus scanning on", { clamav: env.CLAMAV_URL }),
      () =>
        log.warn("virus scanner not reachable; evidence uploads will be refused until it is", {
          clamav: env.CLAMAV_URL,
        }),
    );
  } else log.warn("virus scanning is off (CLAMAV_URL is not set)");
  const renderer = createWorkerRenderer();
  const deps = {
    env,
    database: () => database,
    files,
    scanner,
    renderer,
    secret: await sessionSecret(env),
    log,
    outbound: nodeOutbound({ allowLoopback: env.OIDC_ALLOW_INSECURE_ISSUER }),
  };
  const app = createApp(deps);
  const root = staticAssetRoutes(serveStatic);
  root.route("/", app);

  const jobs = setInterval(
    () => {
      runScheduledJobs({
        db: database.db,
        files,
        now: new Date(),
        log,
        retentionYears: env.EVIDENCE_RETENTION_YEARS,
      })
        .then(() => dataDir.tighten())
        .catch((e) => log.error("scheduled jobs failed", { error: String(e) }));
    },
    60 * 60 * 1000,
  );
  jobs.unref();

  const transport = emailTransport(env);
  log.info(describeEmail(transport));
  // Email and reminders: often, and never two runs at once in this process (other processes are fine).
  let running = false;
  const notify = setInterval(() => {
    if (running) return;
    running = true;
    runNotificationJobs({ db: database.db, env, transport, now: new Date(), log })
      .catch((e) => log.error("notification jobs failed", { error: String(e) }))
      .finally(() => {
        running = false;
      });
  }, env.JOBS_INTERVAL_SECONDS * 1000);
  notify.unref();

  const fetch = withStreamedMultipart(root.fetch);
  const server = serve({ fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    log.info("listening", { url: `http://localhost:${info.port}/`, database: database.kind });
  });
  const stop = async () => {
    clearInterval(jobs);
    clearInterval(notify);
    transport?.close?.();
    server.close();
    await renderer.close?.();
    await database.close();
    await dataDir.close();
  };
  return { server, stop, deps };
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  try {
    const env = readProcessEnv();
    const { stop } = await startNode(env);
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      process.once(sig, () => {
        stop().finally(() => process.exit(0));
      });
    }
  } catch (e) {
    if (
      e instanceof ConfigError ||
      e instanceof EmbeddedDatabaseInUse ||
      (e as Error).name === "ClauseFileError"
    ) {
      console.error((e as Error).message);
      process.exit(1);
    }
    throw e;
  }
}
