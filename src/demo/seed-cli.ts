// `npm run seed:demo`: loads demo data into the configured database (DATABASE_URL, or the embedded one
// under DATA_DIR) and prints the sign-in details. Migrates and loads the clause library first, so it
// works on a fresh DATA_DIR. Running it again changes nothing.
import path from "node:path";
import { openDatabase } from "../db/node-client.js";
import { inProcessRenderer } from "../documents/renderer.js";
import { openDataDir } from "../entry/data-dir.js";
import { diskFileStore } from "../entry/disk-file-store.js";
import { EmbeddedDatabaseInUse } from "../entry/embedded-lock.js";
import { readLibrary } from "../entry/library-files.js";
import { ConfigError, readProcessEnv } from "../env.js";
import { syncLibrary } from "../services/clauses/sync-library.js";
import { describeSeed, seedDemo } from "./seed.js";

try {
  const env = readProcessEnv();
  // Refused at once, before anything under DATA_DIR is touched, while WithUs has the embedded database open.
  const dataDir = await openDataDir(env, "npm run seed:demo");
  if (!env.DATABASE_URL) console.log(`Using the embedded database in ${env.DATA_DIR}.`);
  try {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    try {
      await dataDir.tighten();
      await syncLibrary(database.db, await readLibrary());
      const files = diskFileStore(path.resolve(env.DATA_DIR, "files"));
      const seed = await seedDemo(database.db, { renderer: inProcessRenderer, files });
      console.log(describeSeed(seed, `http://localhost:${env.PORT}/`));
      console.log("Then start WithUs with `npm start`.");
    } finally {
      await database.close();
    }
  } finally {
    await dataDir.close();
  }
} catch (e) {
  if (e instanceof ConfigError || e instanceof EmbeddedDatabaseInUse) {
    console.error(e.message);
    process.exit(1);
  }
  console.error(`seed:demo failed: ${(e as Error).message}`);
  process.exit(1);
}
