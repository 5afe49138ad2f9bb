// A real app on a real database for one suite: on PGlite the worker's clone of the run's migrated
// template, on PostgreSQL this run's database (or, when a suite asks, one of its own). Nothing of ours
// is mocked.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { createApp } from "../src/app.js";
import { openDatabase } from "../src/db/node-client.js";
import { inProcessRenderer } from "../src/documents/renderer.js";
import { diskFileStore } from "../src/entry/disk-file-store.js";
import { readLibrary } from "../src/entry/library-files.js";
import { nodeOutbound } from "../src/entry/node-outbound.js";
import { parseEnv } from "../src/env.js";
import { createLogger } from "../src/lib/log.js";
import type { AppDeps } from "../src/middleware/context.js";
import { syncLibrary } from "../src/services/clauses/sync-library.js";

export const TEST_SECRET = "test-secret-that-is-long-enough-0123456789";

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  db: AppDeps extends { database: () => { db: infer D } } ? D : never;
  dataDir: string;
  /** The PostgreSQL database the suite uses (unset on PGlite): a second process can connect to it. */
  databaseUrl?: string;
  /** Log lines written during the suite, to check no secret leaks into them. */
  logLines: string[];
  /** Waits for the work requests left to do after answering (a password reset's email). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * On PGlite, the one database of this worker process: the run's template, cloned on first use and shared
 * by the suites this worker runs one after another (isolate: false in vitest.config.ts), as suites share
 * the run's database on PostgreSQL. Booting a clone costs seconds; paying it once per worker rather than
 * once per suite is most of the suite's speed. It lives until the worker exits.
 */
let workerPglite: ReturnType<typeof clonePglite> | undefined;

function workerDatabase() {
  workerPglite ??= clonePglite();
  return workerPglite;
}

async function clonePglite() {
  const dump = await readFile(inject("pgliteDump"));
  return openDatabase({ pglite: new PGlite({ loadDataDir: new Blob([dump]) }), migrate: false });
}

export async function createHarness({
  config,
  isolated,
  ...overrides
}: Partial<Omit<AppDeps, "env">> & {
  config?: Record<string, string>;
  /**
   * A database of the suite's own (migrated, library loaded) instead of the run's shared one (PostgreSQL)
   * or the worker's (PGlite): for suites that run jobs over every row, such as email delivery, which
   * would otherwise take other suites' rows.
   */
  isolated?: boolean;
} = {}): Promise<Harness> {
  const url = inject("databaseUrl");
  const own = url && isolated ? await ownDatabase(url) : null;
  const shared = !url && !isolated;
  const database = own
    ? await openDatabase({ databaseUrl: own.url })
    : url
      ? await openDatabase({ databaseUrl: url, migrate: false })
      : shared
        ? await workerDatabase()
        : await clonePglite();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-suite-"));
  const logLines: string[] = [];
  const pending = new Set<Promise<unknown>>();
  const env = parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: "info", ...config });
  const deps: AppDeps = {
    env,
    database: () => database,
    files: diskFileStore(path.join(dataDir, "files")),
    renderer: inProcessRenderer,
    secret: TEST_SECRET,
    log: createLogger("info", (l) => logLines.push(l)),
    outbound: nodeOutbound({ allowLoopback: env.OIDC_ALLOW_INSECURE_ISSUER }),
    background: (work) => {
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
    ...overrides,
  };
  if (own) await syncLibrary(database.db, await readLibrary());
  const app = createApp(deps);
  return {
    app,
    deps,
    db: database.db,
    dataDir,
    databaseUrl: own?.url ?? (url || undefined),
    logLines,
    async settled() {
      while (pending.size) await Promise.all(pending);
    },
    async close() {
      if (!shared) await database.close();
      await own?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new database on the run's PostgreSQL server, dropped when the suite ends. */
async function ownDatabase(runUrl: string) {
  const name = `withus_suite_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: runUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
