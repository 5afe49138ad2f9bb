// Database clients: PGlite (embedded, on disk under DATA_DIR) or node-postgres (a server).
// Both give the same drizzle API over the same schema and migrations.

import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.js";

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: services accept both. */
export type DbOrTx = Db | Tx;

export { schema };

/** Run fn in a transaction, or inside the caller's when one is passed in. */
export async function withTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return fn(db);
  return (db as Db).transaction(fn as (tx: unknown) => Promise<T>) as Promise<T>;
}

function isTransaction(db: DbOrTx): db is Tx {
  return "rollback" in db && typeof (db as Tx).rollback === "function";
}
