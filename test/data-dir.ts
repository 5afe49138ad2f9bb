// A DATA_DIR whose embedded database already exists, for suites that start the Node entry (or a command of
// package.json) for what it does once running, not for its first start: the run's migrated template
// (test/global-setup.ts, the clause library loaded, no users) unpacked as DATA_DIR/pglite, so PGlite resumes
// it instead of running initdb and every migration (seconds of CPU each time). The suites whose point is the
// first start on an empty DATA_DIR (one-process's db:migrate and seed:demo, data-dir-permissions) make theirs
// with mkdtemp alone.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";

/**
 * A new folder under the system's temporary folder, holding the run's template database as `pglite/`. On a
 * run against PostgreSQL there is no template (nor an embedded database to start from): the folder is empty,
 * and PGlite makes its database on first start as it would for a new install.
 */
export async function templateDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const dump = inject("pgliteDump");
  if (dump) {
    const pglite = path.join(dir, "pglite");
    await mkdir(pglite, { mode: 0o700 });
    // PGlite's dump is a plain tar of the data directory with absolute names; tar strips the leading "/".
    await promisify(execFile)("tar", ["-xf", dump, "-C", pglite]);
  }
  return dir;
}
