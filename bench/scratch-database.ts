// A database of a benchmark's own on the PostgreSQL server at DATABASE_URL, created for one run and
// dropped after it, so runs (and the test suites sharing the server) never see each other's rows.
import pg from "pg";

export async function scratchDatabase(prefix: string) {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    /** Drops the database, ending any connection still open to it. */
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
