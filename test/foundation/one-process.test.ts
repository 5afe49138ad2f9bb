// The embedded database is one process's at a time, tried with real processes as someone at a terminal
// would: a second `npm start` (or seed:demo, operator:grant, db:migrate) on the same DATA_DIR is refused at
// once, naming the process that has it, and leaves DATA_DIR exactly as it was; after that process is killed
// with -9 the next start takes its lock over. db:migrate and seed:demo leave the server's modes. On
// PostgreSQL (DATABASE_URL) several servers share one database. The server that holds the lock, and the one
// that takes it over, are the README's own `npm start`; the commands refused meanwhile run their
// package.json script's file without npm in between (package-script.ts), as does the fresh DATA_DIR's
// db:migrate and seed:demo: npm's own start would be paid for each of them and tells nothing more.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { lstat, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { templateDataDir } from "../data-dir.js";
import { createHarness } from "../harness.js";
import { ROOT, scriptCommand } from "../package-script.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
}

const running: Run[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const r of running) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      try {
        process.kill(-r.child.pid!, "SIGKILL");
      } catch {}
      await r.exited;
    }
  }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** `npm run <script>` in a process group of its own, under umask 022 as on a usual account. */
const npm = (script: string, env: Record<string, string>, args: string[] = []) =>
  inShell(`exec npm run -s ${script} -- "$@"`, env, args);

/** The same script's command without npm (package-script.ts), as `npm` above otherwise. */
function script(name: string, env: Record<string, string>, args: string[] = []): Run {
  const [node, argv] = scriptCommand(name);
  return inShell('exec "$@"', env, [node, ...argv, ...args]);
}

function inShell(command: string, env: Record<string, string>, args: string[]): Run {
  const child = spawn("sh", ["-c", `umask 022 && ${command}`, "sh", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b) => {
    out += b;
  });
  child.stderr!.on("data", (b) => {
    out += b;
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 128)));
  const run = { child, output: () => out, exited };
  running.push(run);
  return run;
}

async function serving(run: Run, port: number): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`npm start exited:\n${run.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`npm start did not answer /health:\n${run.output()}`);
}

/** Every path under root with its mode and, for files, a hash of its bytes: equal only if nothing changed. */
async function fingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const rel of (await readdir(root, { recursive: true })).sort()) {
    const p = path.join(root, rel);
    const s = await lstat(p);
    hash.update(`${rel}\0${s.mode}\0${s.size}\0`);
    if (s.isFile()) hash.update(await readFile(p));
  }
  return hash.digest("hex");
}

/** The parent pid of a process, from /proc. */
const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
};

const serverEnv = (dataDir: string, port: number) => ({
  DATA_DIR: dataDir,
  PORT: String(port),
  ADMIN_EMAIL: "one.process@example.test",
  ADMIN_PASSWORD: "a long admin passphrase",
});
const server = (dataDir: string, port: number) => npm("start", serverEnv(dataDir, port));

describe("one process per embedded database", () => {
  it("a second npm start, seed:demo, operator:grant or db:migrate is refused at once naming the first's pid, and changes nothing; after kill -9 of it the next start succeeds", async () => {
    // The lock is the point here, not the first start (the next test's): the run's template database.
    const dataDir = await templateDataDir("withus-one-");
    dirs.push(dataDir);
    const port = await freePort();
    const first = server(dataDir, port);
    await serving(first, port);

    const before = await fingerprint(dataDir);
    const second = script("start", serverEnv(dataDir, await freePort()));
    expect(await second.exited).not.toBe(0);
    const holder = Number(/in use by process (\d+)/.exec(second.output())?.[1]);
    // The process named is the first server (npm runs it as a child of a child).
    let p = holder;
    while (p > 1 && p !== first.child.pid) p = parentOf(p);
    expect(p, second.output()).toBe(first.child.pid);
    expect(second.output()).toContain(`kill ${holder}`);
    for (const other of [
      script("seed:demo", { DATA_DIR: dataDir }),
      script("operator:grant", { DATA_DIR: dataDir }, ["one.process@example.test"]),
      script("db:migrate", { DATA_DIR: dataDir }),
    ]) {
      expect(await other.exited).not.toBe(0);
      expect(other.output()).toContain(`in use by process ${holder} (npm start`);
    }
    expect(await fingerprint(dataDir)).toBe(before);
    // Still serving: the refused ones did not disturb it.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    process.kill(holder, "SIGKILL");
    await first.exited;
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);
    const next = server(dataDir, port);
    await serving(next, port);
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "one.process@example.test", password: "a long admin passphrase" }),
    });
    expect(signIn.status).toBe(200);
    // Stopped as Ctrl-C or a service manager would: the server's own process ends, and so does npm.
    const { pid } = JSON.parse(readFileSync(path.join(dataDir, "pglite.lock"), "utf8")) as { pid: number };
    process.kill(pid, "SIGTERM");
    expect(await next.exited).toBe(0);
    // A clean stop lets the database go.
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  }, 300_000);

  it("db:migrate, then seed:demo, on a fresh DATA_DIR under umask 022 leave every folder 0700 and every file 0600", async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "withus-seed-")), "data");
    dirs.push(path.dirname(dataDir));
    const migrate = script("db:migrate", { DATA_DIR: dataDir, ADMIN_EMAIL: "seed.admin@example.test" });
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toMatch(/Migrations: applied \d+/);
    expect(migrate.output()).toContain("Administrator created.");
    const seed = script("seed:demo", { DATA_DIR: dataDir });
    expect(await seed.exited, seed.output()).toBe(0);
    expect(seed.output()).toContain("Demo data created");
    const loose: string[] = [];
    for (const rel of ["", ...(await readdir(dataDir, { recursive: true }))]) {
      const s = await lstat(path.join(dataDir, rel));
      const mode = s.mode & 0o777;
      if (mode !== (s.isDirectory() ? 0o700 : 0o600)) loose.push(`${mode.toString(8)} ${rel}`);
    }
    expect(loose).toEqual([]);
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  }, 300_000);

  // Only where the run has a PostgreSQL server (DATABASE_URL set for npm test).
  if (inject("databaseUrl")) {
    it("with DATABASE_URL two servers start on one DATA_DIR and both answer", async () => {
      const h = await createHarness({ isolated: true });
      const ports = [await freePort(), await freePort()];
      const env = (port: number) =>
        parseEnv({
          DATA_DIR: h.dataDir,
          DATABASE_URL: h.databaseUrl!,
          PORT: String(port),
          LOG_LEVEL: "silent",
        });
      const a = await startNode(env(ports[0]!));
      try {
        const b = await startNode(env(ports[1]!));
        try {
          for (const port of ports) {
            expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({
              status: "ok",
              database: "ok",
            });
          }
        } finally {
          await b.stop();
        }
      } finally {
        await a.stop();
        await h.close();
      }
    }, 120_000);
  }
});
