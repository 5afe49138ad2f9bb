// A real app on a real database for one suite: PGlite cloned from the run's migrated template,
// or this run's PostgreSQL database. Nothing of ours is mocked.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { createApp } from "../src/app.js";
import { openDatabase } from "../src/db/node-client.js";
import { inProcessRenderer } from "../src/documents/renderer.js";
import { diskFileStore } from "../src/entry/disk-file-store.js";
import { parseEnv } from "../src/env.js";
import { createLogger } from "../src/lib/log.js";
import type { AppDeps } from "../src/middleware/context.js";

export const TEST_SECRET = "test-secret-that-is-long-enough-0123456789";

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  db: AppDeps extends { database: () => { db: infer D } } ? D : never;
  dataDir: string;
  /** Log lines written during the suite, to check no secret leaks into them. */
  logLines: string[];
  close(): Promise<void>;
}

export async function createHarness({
  config,
  ...overrides
}: Partial<Omit<AppDeps, "env">> & { config?: Record<string, string> } = {}): Promise<Harness> {
  const url = inject("databaseUrl");
  const dump = inject("pgliteDump");
  const database = url
    ? await openDatabase({ databaseUrl: url, migrate: false })
    : await openDatabase({
        pglite: new PGlite({ loadDataDir: new Blob([await readFile(dump)]) }),
        migrate: false,
      });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-suite-"));
  const logLines: string[] = [];
  const env = parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: "info", ...config });
  const deps: AppDeps = {
    env,
    database: () => database,
    files: diskFileStore(path.join(dataDir, "files")),
    renderer: inProcessRenderer,
    secret: TEST_SECRET,
    log: createLogger("info", (l) => logLines.push(l)),
    ...overrides,
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    db: database.db,
    dataDir,
    logLines,
    async close() {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
