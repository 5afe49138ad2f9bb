// Removes stored files that no submission row points at: what a crash mid-upload leaves behind.
// Only files older than the grace period go, so an upload in progress is never touched.
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { submissionFiles } from "../../db/schema/index.js";
import type { FileStore } from "../../lib/file-store.js";

export const EVIDENCE_PREFIX = "evidence/";
/** A day: far longer than any upload takes, so a file of a submission still arriving is never swept. */
const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;

export async function sweepOrphanFiles(deps: {
  db: Db;
  files: FileStore;
  now: Date;
  graceMs?: number;
}): Promise<number> {
  const cutoff = deps.now.getTime() - (deps.graceMs ?? ORPHAN_GRACE_MS);
  const candidates: string[] = [];
  for await (const o of deps.files.list(EVIDENCE_PREFIX)) {
    if (o.uploadedAt.getTime() < cutoff) candidates.push(o.key);
  }
  let removed = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const known = await deps.db
      .select({ key: submissionFiles.storageKey })
      .from(submissionFiles)
      .where(inArray(submissionFiles.storageKey, batch));
    const keep = new Set(known.map((k) => k.key));
    for (const key of batch) {
      if (keep.has(key)) continue;
      await deps.files.delete(key);
      removed++;
    }
  }
  return removed;
}
