// The embedded database (PGlite under DATA_DIR/pglite) is one process's at a time: two processes writing
// it lose each other's data and can leave it inconsistent. Whoever opens it first writes DATA_DIR/pglite.lock
// (its pid and its start time from /proc, so a pid the system has since given to another process is not
// mistaken for it) and removes it when done; a lock whose holder has died (kill -9, a crash) is taken over.
// A second opener is refused before it writes anything under DATA_DIR.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What the lock file records about the process holding it. */
interface Holder {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); null where there is no /proc. */
  startTime: string | null;
  /** What it is ("npm start", "npm run seed:demo"). */
  command: string;
  since: string;
  /** Makes every lock's text unique, so a stale one is never confused with its successor. */
  nonce: string;
}

/** A second process asked for the embedded database while another has it open. */
export class EmbeddedDatabaseInUse extends Error {
  override name = "EmbeddedDatabaseInUse";
}

export interface EmbeddedLock {
  /** Removes the lock if it is still this process's. Synchronous, so it also runs on process exit. */
  release(): void;
}

/** A process's start time as /proc gives it, or null (no /proc, or no such process). */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces; count fields after it.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startTimeOf(holder.pid);
  // Without /proc the pid alone has to do.
  return holder.startTime === null || now === null || now === holder.startTime;
}

function readLock(file: string): { text: string; holder: Holder | null } | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const h = JSON.parse(text) as Holder;
    return { text, holder: Number.isInteger(h.pid) && h.pid > 0 ? h : null };
  } catch {
    // Not ours, or not whole: no process can be holding it.
    return { text, holder: null };
  }
}

function inUse(dataDir: string, h: Holder): EmbeddedDatabaseInUse {
  return new EmbeddedDatabaseInUse(
    `The embedded database in ${path.resolve(dataDir, "pglite")} is in use by process ${h.pid} (${h.command}, since ${h.since}).\n` +
      "Only one process may open it at a time. Stop that process first (Ctrl-C in its terminal, or " +
      `kill ${h.pid}) and run this again; or give this command a DATA_DIR of its own; or use PostgreSQL ` +
      "(DATABASE_URL), which several processes can share.",
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes DATA_DIR's embedded-database lock for this process, or throws EmbeddedDatabaseInUse naming the
 * process that has it. Nothing under DATA_DIR is written unless the lock is free or its holder is dead.
 */
export async function lockEmbeddedDatabase(dataDir: string, command: string): Promise<EmbeddedLock> {
  const file = path.resolve(dataDir, "pglite.lock");
  const mine: Holder = {
    pid: process.pid,
    startTime: startTimeOf(process.pid),
    command,
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString("hex"),
  };
  const text = `${JSON.stringify(mine)}\n`;
  // A few rounds only when another process is taking over a dead lock at the same moment (milliseconds).
  for (let round = 0; round < 100; round++) {
    const found = readLock(file);
    if (found?.holder && isRunning(found.holder)) throw inUse(dataDir, found.holder);
    if (found && !takeOver(file, found.text)) {
      await sleep(20);
      continue;
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Written whole under a name of its own, then linked into place: no one ever reads a half-written lock,
    // and link fails if another process got there first.
    const temp = `${file}.${process.pid}.${mine.nonce}`;
    writeFileSync(temp, text, { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      continue;
    } finally {
      unlinkSync(temp);
    }
    const release = () => {
      if (readLock(file)?.text === text) unlinkSync(file);
      process.off("exit", release);
    };
    process.on("exit", release);
    return { release };
  }
  throw new Error(`Could not take the lock ${file}: other processes keep changing it.`);
}

/**
 * Removes a lock whose holder is dead, if no other process is doing so: one claim file per stale lock's
 * text, and the lock is removed only while it still has that text, so a lock taken meanwhile is never
 * removed. False when another process holds the claim (try again shortly).
 */
function takeOver(file: string, staleText: string): boolean {
  const claim = `${file}.takeover`;
  try {
    writeFileSync(claim, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // A claimant dies only if killed within the few milliseconds it holds the claim.
    const age = Date.now() - (statSafe(claim) ?? Date.now());
    if (age > 10_000) unlinkSafe(claim);
    return false;
  }
  try {
    if (readLock(file)?.text === staleText) unlinkSafe(file);
  } finally {
    unlinkSafe(claim);
  }
  return true;
}

function statSafe(p: string): number | null {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return null;
  }
}

function unlinkSafe(p: string): void {
  try {
    unlinkSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
