// Prepares one migrated database with the clause library loaded, once per run: on PGlite a dump that
// each suite loads into its own in-memory instance; on a PostgreSQL server a database of this run's own.
// The PGlite dump is kept between runs under node_modules/.cache, named by a hash of everything that can
// change it (the lockfile, so PGlite's version; the migrations; the clause library; the source), so a run
// on an unchanged tree loads it instead of running initdb, the migrations and the library again; any
// change to those files makes a new one.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
    await syncLibrary(database.db, await readLibrary());
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
  const file = path.join(CACHE_DIR, `template-${await templateKey()}.tar`);
  if (!existsSync(file)) {
    const client = new PGlite();
    const database = await openDatabase({ pglite: client });
    await syncLibrary(database.db, await readLibrary());
    const dump = await client.dumpDataDir("none");
    await client.close();
    // The new one is written whole before it takes its name (runs may overlap); the oldest go, keeping four.
    await mkdir(CACHE_DIR, { recursive: true });
    const kept = await Promise.all(
      (await readdir(CACHE_DIR)).map(async (f) => ({ f, at: (await stat(path.join(CACHE_DIR, f))).mtimeMs })),
    );
    for (const { f } of kept.sort((a, b) => b.at - a.at).slice(3))
      await rm(path.join(CACHE_DIR, f), { force: true });
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  }
  project.provide("databaseUrl", "");
  project.provide("pgliteDump", file);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE_DIR = path.join(ROOT, "node_modules/.cache/withus-test-template");

/** A hash of every file that can change the template: the lockfile, this file, migrations, library and source. */
async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  const files = ["package-lock.json", "test/global-setup.ts"];
  for (const dir of ["drizzle", "templates", "src"]) {
    for (const rel of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: false })) {
      files.push(path.join(dir, rel));
    }
  }
  for (const rel of files.sort()) {
    const bytes = await readFile(path.join(ROOT, rel)).catch(() => null); // null: a folder
    if (bytes) hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex").slice(0, 16);
}
