// Prepares one migrated database with the clause library loaded, once per run: on PGlite a dump that
// each suite loads into its own in-memory instance; on a PostgreSQL server a database of this run's own.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/node-client.js";
import { readLibrary } from "../src/entry/library-files.js";
import { syncLibrary } from "../src/services/clauses/sync-library.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    pgliteDump: string;
  }
}

export default async function setup(project: TestProject) {
  const library = await readLibrary();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `withus_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    await syncLibrary(database.db, library);
    await database.close();
    project.provide("databaseUrl", url.toString());
    project.provide("pgliteDump", "");
    return async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "withus-test-"));
  const client = new PGlite();
  const database = await openDatabase({ pglite: client });
  await syncLibrary(database.db, library);
  const dump = await client.dumpDataDir("none");
  const file = path.join(dir, "template.tar");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide("databaseUrl", "");
  project.provide("pgliteDump", file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
