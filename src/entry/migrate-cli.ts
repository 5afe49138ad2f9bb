// `npm run db:migrate`: prepares a database for WithUs (the Workers deployment, or any server run with
// migrations done ahead of time): applies the migrations, loads the clause library, and creates the first
// administrator when there are no users. On PostgreSQL (DATABASE_URL), or on the embedded database under
// DATA_DIR with WithUs stopped (refused while another process has it open). Safe to run again; it changes
// only what is missing.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { openDatabase } from "../db/node-client.js";
import { ConfigError, readProcessEnv } from "../env.js";
import { ensureFirstAdmin } from "../services/bootstrap/first-admin.js";
import { syncLibrary } from "../services/clauses/sync-library.js";
import { refreshOrganisationNameKeys } from "../services/organisations/name-keys.js";
import { openDataDir } from "./data-dir.js";
import { EmbeddedDatabaseInUse } from "./embedded-lock.js";
import { readLibrary } from "./library-files.js";

async function appliedMigrations(db: Db): Promise<number> {
  const result = (await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )) as unknown as { rows: Array<{ present: boolean }> };
  if (!result.rows[0]?.present) return 0;
  const counted = (await db.execute(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )) as unknown as { rows: Array<{ n: number }> };
  return counted.rows[0]!.n;
}

async function migrateCli(): Promise<void> {
  const env = readProcessEnv();
  const url = env.DATABASE_URL;
  let dataDir: Awaited<ReturnType<typeof openDataDir>> | null = null;
  if (url) {
    const where = new URL(url);
    console.log(`Database: ${where.hostname}:${where.port || 5432}${where.pathname}`);
  } else {
    // The embedded database's lock before anything under DATA_DIR is touched.
    dataDir = await openDataDir(env, "npm run db:migrate");
    console.log(`Database: the embedded one in ${env.DATA_DIR} (DATABASE_URL is not set)`);
  }
  try {
    const database = await openDatabase({ databaseUrl: url, dataDir: env.DATA_DIR, migrate: false });
    try {
      await migrateAndLoad(database, env);
    } finally {
      await database.close();
    }
  } finally {
    await dataDir?.close();
  }
}

async function migrateAndLoad(
  database: Awaited<ReturnType<typeof openDatabase>>,
  env: ReturnType<typeof readProcessEnv>,
): Promise<void> {
  const before = await appliedMigrations(database.db);
  await database.migrate();
  const after = await appliedMigrations(database.db);
  console.log(
    after > before
      ? `Migrations: applied ${after - before} (now ${after}).`
      : `Migrations: up to date (${after}).`,
  );

  const library = await readLibrary();
  const synced = await syncLibrary(database.db, library);
  console.log(
    `Clause library: ${library.length} clauses (${synced.created} new, ${synced.revised} revised, ${synced.unchanged} unchanged).`,
  );

  const keys = await refreshOrganisationNameKeys(database.db);
  console.log(
    `Organisation names: ${keys.changed} keys updated.${keys.lookAlikes.length ? ` These look like an older organisation's name; rename them: ${keys.lookAlikes.join(", ")}.` : ""}`,
  );

  const admin = await ensureFirstAdmin(database.db, {
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  });
  if (!admin) {
    console.log("Administrator: users exist already; none created.");
  } else if (admin.generatedPassword) {
    console.log(
      `Administrator created.\n  email:    ${admin.email}\n  password: ${admin.generatedPassword}\nSign in and change it; it will not be shown again.`,
    );
  } else {
    console.log(`Administrator created: ${admin.email} (password from ADMIN_PASSWORD).`);
  }
}

try {
  await migrateCli();
} catch (e) {
  if (
    e instanceof ConfigError ||
    e instanceof EmbeddedDatabaseInUse ||
    (e as Error).name === "ClauseFileError"
  ) {
    console.error((e as Error).message);
    process.exit(1);
  }
  console.error(`db:migrate failed: ${(e as Error).message}`);
  process.exit(1);
}
