// A real ClamAV daemon for tests: Debian's clamd with a signature database written here (one MD5
// signature for the EICAR test file; freshclam cannot reach its mirrors from CI). Missing clamd fails
// loudly: apt-get install -y --no-install-recommends clamav-daemon.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { clamdScanner } from "../src/lib/clamd.js";

/** The EICAR anti-virus test file: harmless, and every scanner reports it. */
export const EICAR = new TextEncoder().encode(
  "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*",
);

const CLAMD = ["/usr/sbin/clamd", "/usr/bin/clamd"].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Clamd {
  url: string;
  stop(): Promise<void>;
}

export async function startClamd(): Promise<Clamd> {
  if (!CLAMD) throw new Error("clamd is required: apt-get install -y --no-install-recommends clamav-daemon");
  const dir = await mkdtemp(path.join(os.tmpdir(), "withus-clamd-"));
  const md5 = createHash("md5").update(EICAR).digest("hex");
  await writeFile(path.join(dir, "test.hdb"), `${md5}:${EICAR.length}:Test.EICAR\n`);
  const port = await freePort();
  const config = path.join(dir, "clamd.conf");
  await writeFile(
    config,
    [
      "Foreground yes",
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `DatabaseDirectory ${dir}`,
      `LogFile ${path.join(dir, "clamd.log")}`,
      `PidFile ${path.join(dir, "clamd.pid")}`,
      "StreamMaxLength 300M",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(CLAMD, [`--config-file=${config}`], { stdio: "ignore" });
  const url = `tcp://127.0.0.1:${port}`;
  const scanner = clamdScanner(url, { timeoutMs: 2000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}`);
    try {
      if ((await scanner.ping()) === "PONG") break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("clamd did not answer PING within 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
