// DATA_DIR holds the embedded database (password hashes in its write-ahead log), evidence that may carry
// health data, and the session secret: no other user on the host may read any of it. Directories are
// 0700 and files 0600 whatever the umask. PGlite copies its initial database in with mode 0666, so the
// tree is checked at start-up (a warning names what was looser), after the database has opened, and by
// the hourly job.
import { chmod, lstat, mkdir, readdir } from "node:fs/promises";
import path from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and its parents) if need be, and makes it 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

export interface Loosened {
  path: string;
  /** The mode it had, as octal text ("644"). */
  mode: string;
}

/**
 * Makes every directory under `root` (itself included) 0700 and every file 0600; returns what had more
 * than that. Symbolic links are not followed. Files that vanish while it walks are skipped.
 */
export async function tightenTree(root: string): Promise<Loosened[]> {
  const loosened: Loosened[] = [];
  const visit = async (p: string) => {
    const s = await lstat(p).catch(() => null);
    if (!s || s.isSymbolicLink()) return;
    const want = s.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    const mode = s.mode & 0o777;
    if (mode & ~want) {
      loosened.push({ path: p, mode: mode.toString(8) });
      await chmod(p, want).catch(() => {});
    }
    if (s.isDirectory()) {
      const entries = await readdir(p).catch(() => [] as string[]);
      for (const e of entries) await visit(path.join(p, e));
    }
  };
  await visit(root);
  return loosened;
}
