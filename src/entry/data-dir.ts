// How every process that opens DATA_DIR (the server, seed:demo, operator:grant) starts and ends with it:
// first the embedded database's lock (unless DATABASE_URL is set: PostgreSQL serves many processes), before
// anything under DATA_DIR is touched; then the server's file modes (0700 folders, 0600 files, whatever the
// umask), again once the database has opened (PGlite copies its first database in with mode 0666) and at
// the end.
import type { Env } from "../env.js";
import { lockEmbeddedDatabase } from "./embedded-lock.js";
import { ensurePrivateDir, type Loosened, tightenTree } from "./private-files.js";

export interface DataDir {
  /** What had modes looser than the server's when the process began (now tightened). */
  loose: Loosened[];
  /** Sets the server's modes on everything under DATA_DIR again. */
  tighten(): Promise<void>;
  /** Sets the modes once more and lets the embedded database go. */
  close(): Promise<void>;
}

/** @param command what this process is, as the lock names it to a second one ("npm start"). */
export async function openDataDir(
  env: Pick<Env, "DATA_DIR" | "DATABASE_URL">,
  command: string,
): Promise<DataDir> {
  // Everything this process creates is private to its user.
  process.umask(0o077);
  const lock = env.DATABASE_URL ? null : await lockEmbeddedDatabase(env.DATA_DIR, command);
  try {
    const loose = await tightenTree(env.DATA_DIR);
    await ensurePrivateDir(env.DATA_DIR);
    const tighten = async () => {
      await tightenTree(env.DATA_DIR);
    };
    return {
      loose,
      tighten,
      close: async () => {
        try {
          await tighten();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
