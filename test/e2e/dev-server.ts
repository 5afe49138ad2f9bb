// For looking at the pages by hand: `npx tsx test/e2e/dev-server.ts [port]` serves WithUs on an in-memory
// database with the demo data loaded (nothing is written to disk but evidence files, in a temp folder).
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/node-client.js";
import { describeSeed, seedDemo } from "../../src/demo/seed.js";
import { inProcessRenderer } from "../../src/documents/renderer.js";
import { diskFileStore } from "../../src/entry/disk-file-store.js";
import { readLibrary } from "../../src/entry/library-files.js";
import { nodeOutbound } from "../../src/entry/node-outbound.js";
import { parseEnv } from "../../src/env.js";
import { createLogger } from "../../src/lib/log.js";
import { syncLibrary } from "../../src/services/clauses/sync-library.js";
import { serveApp } from "./serve.js";

const port = Number(process.argv[2] ?? 8790);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-dev-"));
const database = await openDatabase({ pglite: new PGlite() });
await syncLibrary(database.db, await readLibrary());
const files = diskFileStore(path.join(dataDir, "files"));
const seed = await seedDemo(database.db, { renderer: inProcessRenderer, files });
const app = createApp({
  env: parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: "warn" }),
  database: () => database,
  files,
  renderer: inProcessRenderer,
  secret: "dev-secret-that-is-long-enough-0123456789",
  log: createLogger("warn"),
  outbound: nodeOutbound({ allowLoopback: false }),
});
const { url } = await serveApp(app, port);
console.log(describeSeed(seed, `${url}/`));
console.log(`Specification: ${url}/specifications/${seed.specificationId}`);
for (const id of seed.contractIds) console.log(`Contract:      ${url}/contracts/${id}`);
