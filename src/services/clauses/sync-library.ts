// Loads the reviewed clause library into the database, idempotently: a new key becomes version 1,
// changed text becomes the next published version, unchanged text changes nothing.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clauses, clauseVersions } from "../../db/schema/index.js";
import { canonicalJson } from "../../lib/canonical.js";
import { sha256Hex } from "../../lib/crypto.js";
import type { ClauseContent } from "../../model/clause-schema.js";
import type { LibraryClause } from "./library-file.js";

export const contentHash = (c: ClauseContent) => sha256Hex(canonicalJson(c));

export async function syncLibrary(db: Db, library: LibraryClause[], now = new Date()) {
  const result = { created: 0, revised: 0, unchanged: 0 };
  await db.transaction(async (tx) => {
    // Two processes starting at once must not both add version 2.
    await tx.execute(sql`select pg_advisory_xact_lock(7263001)`);
    for (const { key, content } of library) {
      const hash = await contentHash(content);
      let [clause] = await tx
        .select()
        .from(clauses)
        .where(and(eq(clauses.key, key), isNull(clauses.organisationId)));
      if (!clause) [clause] = await tx.insert(clauses).values({ key }).returning();
      const [latest] = await tx
        .select({ version: clauseVersions.version, contentHash: clauseVersions.contentHash })
        .from(clauseVersions)
        .where(eq(clauseVersions.clauseId, clause!.id))
        .orderBy(desc(clauseVersions.version))
        .limit(1);
      if (latest?.contentHash === hash) {
        result.unchanged++;
        continue;
      }
      await tx.insert(clauseVersions).values({
        clauseId: clause!.id,
        version: (latest?.version ?? 0) + 1,
        status: "published",
        content,
        title: content.title,
        category: content.category,
        level: content.level,
        frequency: content.frequency,
        contentHash: hash,
        publishedAt: now,
      });
      if (latest) result.revised++;
      else result.created++;
    }
  });
  return result;
}
