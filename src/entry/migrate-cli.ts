// `npm run db:migrate`: prepares a PostgreSQL database for WithUs (the Workers deployment, or any server
// run with migrations done ahead of time): applies the migrations, loads the clause library, and creates
// the first administrator when there are no users. Safe to run again; it changes only what is missing.
import pg from "pg";
import { openDatabase } from "../db/node-client.js";
import { ConfigError, readProcessEnv } from "../env.js";
import { ensureFirstAdmin } from "../services/bootstrap/first-admin.js";
import { syncLibrary } from "../services/clauses/sync-library.js";
import { refreshOrganisationNameKeys } from "../services/organisations/name-keys.js";
import { readLibrary } from "./library-files.js";

async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`select to_regclass('drizzle.__drizzle_migrations') as t`);
    if (!exists.rows[0]?.t) return 0;
    const { rows } = await client.query(`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function migrateCli(): Promise<void> {
  const env = readProcessEnv();
  const url = env.DATABASE_URL;
  if (!url) {
    throw new ConfigError(
      "DATABASE_URL is not set: give the PostgreSQL database to migrate, e.g.\n  DATABASE_URL=postgres://user:password@host:5432/withus npm run db:migrate",
    );
  }
  const where = new URL(url);
  console.log(`Database: ${where.hostname}:${where.port || 5432}${where.pathname}`);

  const before = await appliedMigrations(url);
  const database = await openDatabase({ databaseUrl: url, migrate: true });
  try {
    const after = await appliedMigrations(url);
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
  } finally {
    await database.close();
  }
}

try {
  await migrateCli();
} catch (e) {
  if (e instanceof ConfigError || (e as Error).name === "ClauseFileError") {
    console.error((e as Error).message);
    process.exit(1);
  }
  console.error(`db:migrate failed: ${(e as Error).message}`);
  process.exit(1);
}
