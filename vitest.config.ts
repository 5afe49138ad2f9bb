// `npm test`: the unit and database suites (browser and Workers suites have configs of their own).
// Two projects, so only suites that ask for a database pay for one: a test file that imports the harness
// (test/harness.ts) is a database suite and runs after the global set-up has built the migrated template;
// every other file is a unit suite and starts at once. Each worker process runs many files one after another
// (isolate: false), so the app's modules load once per worker, not once per file, and on PGlite the worker
// clones the template once and its suites share that database, as suites share the run's database on
// PostgreSQL (each suite makes its own tenants).
import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const tests = readdirSync("test", { recursive: true, encoding: "utf8" })
  .map((f) => `test/${f.replaceAll("\\", "/")}`)
  .filter((f) => f.endsWith(".test.ts") && !/^test\/(e2e|worker)\//.test(f));
const usesDatabase = (file: string) => /from "(\.\.?\/)+harness\.js"/.test(readFileSync(file, "utf8"));
const databaseSuites = tests.filter(usesDatabase);

const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks",
  isolate: false,
  // Files share a process, so a spy one file forgets to restore must not leak into the next.
  restoreMocks: true,
} as const;

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: "unit", include: tests.filter((f) => !usesDatabase(f)) } },
      {
        test: { ...shared, name: "db", include: databaseSuites, globalSetup: ["test/global-setup.ts"] },
      },
    ],
  },
});
