// Start-up: every organisation's name key recomputed with the application's rule (organisationNameKey),
// so a change to the rule (or the migration's close-but-not-exact backfill) never leaves a stale key
// that would let a look-alike name in. Where two existing organisations now look the same, the one added
// first keeps the key and the other gets a key of its own ("<key> #<id>"), until the operator renames it.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations } from "../../db/schema/index.js";
import { organisationNameKey } from "../../model/organisation-name.js";

/** Returns how many keys changed, and the names that look like an older organisation's. */
export async function refreshOrganisationNameKeys(
  db: Db,
): Promise<{ changed: number; lookAlikes: string[] }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: organisations.id, name: organisations.name, nameKey: organisations.nameKey })
      .from(organisations)
      .orderBy(asc(organisations.createdAt), asc(organisations.id))
      .for("update");
    const holder = new Map<string, string>();
    const lookAlikes: string[] = [];
    const wanted = rows.map((r) => {
      const key = organisationNameKey(r.name);
      if (!holder.has(key)) {
        holder.set(key, r.id);
        return { ...r, key };
      }
      lookAlikes.push(r.name);
      return { ...r, key: `${key} #${r.id}` };
    });
    const changes = wanted.filter((r) => r.key !== r.nameKey);
    // Two steps, so that keys moving between rows never meet in the unique index half-way.
    for (const r of changes)
      await tx
        .update(organisations)
        .set({ nameKey: `#${r.id}` })
        .where(eq(organisations.id, r.id));
    for (const r of changes)
      await tx.update(organisations).set({ nameKey: r.key }).where(eq(organisations.id, r.id));
    return { changed: changes.length, lookAlikes };
  });
}
