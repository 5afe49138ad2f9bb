// Starts the Worker in workerd (wrangler's local mode) for the run: a fresh PostgreSQL database migrated
// by `npm run db:migrate`'s CLI and reached through the local Hyperdrive binding, a local R2 bucket
// persisted in a temporary directory, and the static assets built by `npm run build:assets`. Also
// starts a small probe Worker over the R2 file store. Everything is dropped afterwards.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type Unstable_DevWorker, unstable_dev } from "wrangler";
import {
  API_KEY as NOTIFY_KEY,
  TEMPLATE_ID as NOTIFY_TEMPLATE_ID,
  startNotifyStandIn,
} from "../notify-stand-in.js";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    /** The GOV.UK Notify stand-in the Worker sends email to (GET /_test/received lists it). */
    notifyUrl: string;
    probeUrl: string;
    adminEmail: string;
    adminPassword: string;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ADMIN_EMAIL = "worker-admin@example.test";
const ADMIN_PASSWORD = "worker suite password 0123";
const SESSION_SECRET = "worker-suite-session-secret-0123456789abcdef";

function withDatabase(serverUrl: string, name: string): URL {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url;
}

async function admin(serverUrl: string, sql: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `withus_worker_${Date.now()}_${process.pid}`;
  const dbUrl = withDatabase(serverUrl, name);
  const persist = await mkdtemp(path.join(os.tmpdir(), "withus-worker-"));
  const started: Unstable_DevWorker[] = [];
  const notify = await startNotifyStandIn();

  const teardown = async () => {
    for (const w of started) await w.stop().catch(() => {});
    await notify.close();
    await admin(serverUrl, `drop database if exists ${name} with (force)`).catch((e) =>
      console.error(`could not drop ${name}: ${e.message}`),
    );
    await rm(persist, { recursive: true, force: true });
  };

  try {
    await admin(serverUrl, `create database ${name}`);
    // The same command an operator runs before `wrangler deploy`.
    execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["src/entry/migrate-cli.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dbUrl.toString(), ADMIN_EMAIL, ADMIN_PASSWORD },
      stdio: ["ignore", "inherit", "inherit"],
    });
    execFileSync("npm", ["run", "--silent", "build:assets"], { cwd: ROOT, stdio: "inherit" });

    // wrangler will not start a Hyperdrive binding whose connection string has no password; the local
    // server trusts local connections, so any password does.
    const hyperdriveUrl = new URL(dbUrl);
    if (!hyperdriveUrl.password) hyperdriveUrl.password = "postgres";
    process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = hyperdriveUrl.toString();
    process.env.WRANGLER_SEND_METRICS = "false";

    const common = {
      local: true,
      ip: "127.0.0.1",
      persistTo: persist,
      inspect: false,
      logLevel: "log" as const,
      experimental: {
        disableExperimentalWarning: true,
        disableDevRegistry: true,
        watch: false,
        showInteractiveDevSession: false,
      },
    };
    const worker = await unstable_dev("src/entry/worker.ts", {
      ...common,
      config: path.join(ROOT, "wrangler.toml"),
      vars: {
        SESSION_SECRET,
        LOG_LEVEL: "warn",
        PUBLIC_URL: "https://withus.example.gov.uk",
        NOTIFY_API_KEY: NOTIFY_KEY,
        NOTIFY_TEMPLATE_ID,
        NOTIFY_BASE_URL: notify.url,
        // The single sign-on test's identity provider runs on http://127.0.0.1.
        OIDC_ALLOW_INSECURE_ISSUER: "true",
      },
      experimental: { ...common.experimental, testScheduled: true },
    });
    started.push(worker);

    const probeConfig = path.join(persist, "r2-probe.toml");
    await writeFile(
      probeConfig,
      [
        `name = "withus-r2-probe"`,
        `main = ${JSON.stringify(path.join(ROOT, "test/worker/r2-probe.ts"))}`,
        `compatibility_date = "2025-09-01"`,
        `send_metrics = false`,
        `[[r2_buckets]]`,
        `binding = "FILES"`,
        `bucket_name = "withus-r2-probe"`,
        // The main Worker's bucket (wrangler.toml), read to see what an upload left there.
        `[[r2_buckets]]`,
        `binding = "EVIDENCE"`,
        `bucket_name = "withus-evidence"`,
        "",
      ].join("\n"),
    );
    const probe = await unstable_dev(path.join(ROOT, "test/worker/r2-probe.ts"), {
      ...common,
      config: probeConfig,
    });
    started.push(probe);

    project.provide("workerUrl", `http://${worker.address}:${worker.port}`);
    project.provide("notifyUrl", notify.url);
    project.provide("probeUrl", `http://${probe.address}:${probe.port}`);
    project.provide("adminEmail", ADMIN_EMAIL);
    project.provide("adminPassword", ADMIN_PASSWORD);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
