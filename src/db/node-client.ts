// Node-only database set-up: opens PGlite or a pg pool and applies the migrations.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type QueryOptions, type Transaction, types } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type Db, schema } from "./client.js";

const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface OpenDatabase {
  db: Db;
  kind: "pglite" | "postgres";
  /** Cheap round trip, for /health. */
  ping(): Promise<void>;
  /** Applies the migrations not yet applied (opening does so unless told `migrate: false`). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** An already-open PGlite (tests clone a migrated one). */
  pglite?: PGlite;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<OpenDatabase> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on("error", (err) => console.error(`database pool error: ${err.message}`));
    // pool.end() resolves once it has asked each client to end, not once their connections have closed; a
    // caller that then drops the database (tests, benchmarks) would have the server kill the still-open
    // connections, and each would report "terminating connection due to administrator command". So close()
    // also waits for every connection's end.
    const connections = new Set<Promise<void>>();
    pool.on("connect", (client) => {
      const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
      connections.add(ended);
      void ended.then(() => connections.delete(ended));
    });
    const db = drizzlePg(pool, { schema, casing: "snake_case" }) as unknown as Db;
    const migrate = () => migratePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    if (opts.migrate !== false) await migrate();
    return {
      db,
      kind: "postgres",
      migrate,
      ping: async () => {
        await pool.query("select 1");
      },
      close: async () => {
        await pool.end();
        await Promise.all(connections);
      },
    };
  }
  let client = opts.pglite;
  if (!client) {
    const dir = path.resolve(opts.dataDir ?? "./data", "pglite");
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzlePglite(leanQueries(client), { schema, casing: "snake_case" }) as unknown as Db;
  const migrate = () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  if (opts.migrate !== false) await migrate();
  const c = client;
  return {
    db,
    kind: "pglite",
    migrate,
    ping: async () => {
      await c.query("select 1");
    },
    close: () => c.close(),
  };
}

/**
 * Dates, times and intervals, as drizzle asks PGlite for them: the text PostgreSQL sends, which drizzle's
 * columns then read themselves.
 */
const AS_SENT = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map(
    (oid) => [oid, (value: string) => value],
  ),
);

/**
 * The client drizzle is given: the same PGlite, with drizzle's parsers (AS_SENT) set on it once instead of
 * passed with every query. PGlite merges a query's parsers into its own table of about 300 (a parser for every
 * array type) on each call, which took about 60 us a query, a third of a one-row look-up.
 */
function leanQueries(client: PGlite): PGlite {
  Object.assign(client.parsers, AS_SENT);
  const withoutParsers = (options?: QueryOptions) =>
    options?.parsers ? { ...options, parsers: undefined } : options;
  const lean = <T extends Pick<Transaction, "query">>(
    target: T,
    inner?: (tx: Transaction) => Transaction,
  ): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === "query")
          return (text: string, params?: unknown[], options?: QueryOptions) =>
            t.query(text, params, withoutParsers(options));
        if (prop === "transaction" && inner)
          return <R>(fn: (tx: Transaction) => Promise<R>) =>
            (t as unknown as PGlite).transaction((tx) => fn(inner(tx)));
        const value = Reflect.get(t, prop, t);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  return lean(client, (tx) => lean(tx));
}
