// `npm test`: the unit and database suites (browser and Workers suites have configs of their own).
// Two worker processes each run many files one after another (isolate: false), so the app's modules load once
// per worker, not once per file. A suite that imports the harness (test/harness.ts) gets a database: on PGlite
// the worker clones the run's migrated template (test/global-setup.ts) the first time one asks, and its suites
// share that database, as suites share the run's database on PostgreSQL (each suite makes its own tenants). A
// suite that never asks pays nothing for it. One project, so a worker never stops to hand over to another
// kind: it takes whichever file is next.
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Suites that take ten seconds or more here, in about that order: the robustness sweep (a file per role), a real
 * Node entry on a fresh embedded database, LibreOffice, worker threads. They start first, so the run does not end
 * with one worker busy on one of them and the other idle; the many short suites fill the end.
 */
const slowSuites = [
  "test/foundation/no-500.",
  "test/foundation/node-entry.test.ts",
  "test/foundation/one-process.test.ts",
  "test/notifications/node-entry.test.ts",
  "test/notifications/step-isolation.test.ts",
  "test/documents/specification.test.ts",
  "test/foundation/data-dir-permissions.test.ts",
  "test/documents/renderer.test.ts",
];

/** The slow suites above first, then vitest's own order: longest first by its timing cache where it has one. */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) => {
      const i = slowSuites.findIndex((s) => f.moduleId.includes(`/${s}`));
      return i < 0 ? slowSuites.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/worker/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    isolate: false,
    // Files share a process, so a spy one file forgets to restore must not leak into the next.
    restoreMocks: true,
    sequence: { sequencer: SlowFirst },
    // Transformed modules kept on disk between runs (node_modules/.experimental-vitest-cache, keyed by each
    // file's content and the config), so a run transforms only what changed: about 2.5 s of CPU saved on a
    // one-file run of an app suite. Vitest 5 turns it on by default.
    experimental: { fsModuleCache: true },
  },
});
