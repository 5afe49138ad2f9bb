// Files on disk are private: with the usual umask 022, DATA_DIR is 0700 and every file in it 0600, the
// embedded database's included, and start-up warns when it finds anything looser.
import { execFile } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";

const run = promisify(execFile);
/** What `stat` says a path's permissions are, as octal ("700"). */
const modeOf = async (p: string) => (await run("stat", ["-c", "%a", p])).stdout.trim();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
const umask = process.umask();
afterAll(async () => {
  process.umask(umask);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function everyMode(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await readdir(root, { recursive: true })) {
    out.set(rel, ((await lstat(path.join(root, rel))).mode & 0o777).toString(8));
  }
  return out;
}

describe("DATA_DIR under umask 022", () => {
  it("start-up warns about looser permissions; then DATA_DIR is 0700 and every file 0600, PGlite's and evidence included", async () => {
    process.umask(0o022);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-perm-"));
    dirs.push(dataDir);
    await rm(dataDir, { recursive: true });
    // What an earlier version, or a copy made by hand, could have left.
    await mkdir(path.join(dataDir, "files", "evidence"), { recursive: true, mode: 0o755 });
    await writeFile(path.join(dataDir, "files", "evidence", "old"), "old evidence", { mode: 0o644 });
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((l: string) => {
      lines.push(String(l));
    });
    const env = parseEnv({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_EMAIL: "perm.admin@example.test",
      ADMIN_PASSWORD: "a long admin passphrase",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
    });
    let node: Awaited<ReturnType<typeof startNode>> | null = null;
    try {
      node = await startNode(env);
      const bytes = new TextEncoder().encode("%PDF-1.4 evidence");
      await node.deps.files.put(
        "evidence/permissions-check",
        new ReadableStream({
          start(c) {
            c.enqueue(bytes);
            c.close();
          },
        }),
      );
      expect(await modeOf(dataDir)).toBe("700");
      expect(await modeOf(path.join(dataDir, "pglite"))).toBe("700");
      expect(await modeOf(path.join(dataDir, "pglite", "PG_VERSION"))).toBe("600");
      expect(await modeOf(path.join(dataDir, "files", "evidence"))).toBe("700");
      expect(await modeOf(path.join(dataDir, "files", "evidence", "permissions-check"))).toBe("600");
      expect(await modeOf(path.join(dataDir, "files", "evidence", "old"))).toBe("600");
      expect(await modeOf(path.join(dataDir, "session-secret"))).toBe("600");
    } finally {
      spy.mockRestore();
      await node?.stop();
    }
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.level === "warn" && /DATA_DIR/.test(l.msg));
    expect(warning, lines.join("\n")).toBeDefined();
    expect(warning.examples).toEqual(
      expect.arrayContaining(["755 .", "755 files/evidence", "644 files/evidence/old"]),
    );
    // After the database has written and closed: the whole tree, the write-ahead log included.
    const modes = await everyMode(dataDir);
    expect([...modes.keys()].some((k) => k.startsWith(`pglite${path.sep}pg_wal${path.sep}0`))).toBe(true);
    expect([...modes].filter(([, m]) => m !== "600" && m !== "700")).toEqual([]);
  }, 180_000);
});
