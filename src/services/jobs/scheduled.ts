// Periodic jobs, run by the Node entry's timer and the Worker's cron trigger.
import type { Db } from "../../db/client.js";
import type { FileStore } from "../../lib/file-store.js";
import type { Logger } from "../../lib/log.js";
import { deleteExpiredSignInRecords } from "../auth/cleanup.js";
import { destroyExpiredEvidence } from "../evidence/redact.js";
import { sweepOrphanFiles } from "../evidence/sweep-orphans.js";

export async function runScheduledJobs(deps: {
  db: Db;
  files: FileStore;
  now: Date;
  log: Logger;
  /** EVIDENCE_RETENTION_YEARS: evidence files are destroyed this long after their contract ended. */
  retentionYears?: number;
}) {
  const swept = await sweepOrphanFiles(deps);
  const expired = await deleteExpiredSignInRecords(deps.db, deps.now);
  const destroyed = await destroyExpiredEvidence({ ...deps, years: deps.retentionYears ?? 6 });
  deps.log.info("scheduled jobs", {
    orphanFilesRemoved: swept,
    expiredDeleted: expired,
    evidenceFilesPastRetention: destroyed,
  });
}
