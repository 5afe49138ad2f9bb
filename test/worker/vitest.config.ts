// The Workers suite: the Worker runs in workerd (wrangler's local mode) against the local PostgreSQL
// server and a local R2 bucket. Run by `npm run test:worker`; `npm test` leaves it out.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/worker/**/*.test.ts"],
    globalSetup: ["test/worker/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One Worker, one database: the files run one after another.
    fileParallelism: false,
  },
});
