// Queries drizzle builds once and then runs many times. Building a select's SQL and its row mapping can cost
// more than PostgreSQL's answer: for the figures table, about a third of the call (a CPU profile of the
// national-scale bench, bench/performance.ts). A query whose SQL holds the caller's scope is kept for each
// caller, the whole caller being the key, so two callers never share one; what varies between calls is a
// placeholder. Prepared unnamed (prepare("")), as the session look-ups are (auth/sessions.ts): PostgreSQL
// sees the same statements as before, and no named statement outlives its client on a pooled connection.
import type { DbOrTx } from "../db/client.js";
import type { Actor } from "../model/identity.js";

const kept = new WeakMap<DbOrTx, Map<string, unknown>>();
/** Enough for every caller of a busy council's day; past it the kept queries are built afresh. */
const KEPT_PER_DATABASE = 500;

/** The query `build` makes, built once for this database, query name and caller. */
export function keptQuery<Q>(db: DbOrTx, name: string, actor: Actor, build: () => Q): Q {
  let byKey = kept.get(db);
  if (!byKey) {
    byKey = new Map();
    kept.set(db, byKey);
  }
  const key = `${name} ${JSON.stringify(actor)}`;
  let query = byKey.get(key) as Q | undefined;
  if (query === undefined) {
    if (byKey.size >= KEPT_PER_DATABASE) byKey.clear();
    query = build();
    byKey.set(key, query);
  }
  return query;
}
