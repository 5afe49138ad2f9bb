// A 200 MB evidence upload to the real Node server (a child process on PostgreSQL, with the per-file limit
// raised for the run), streamed by fetch. Reports how much the server's resident memory grows while the file
// streams through (target: under 64 MB) and the throughput against the least any server must do, measured in
// the same run with the same client and body: a bare node:http server (bench/bare-upload-server.ts, also a
// child process) that only pipes the request through SHA-256 into a file (target: WithUs at least 0.7x of it,
// with scanning off). Writing the same bytes with fs is printed for information only (the page cache runs it
// at several times what any server over loopback can reach), as is the run with every file streamed through
// a real ClamAV daemon (Debian's clamd, with the tests' EICAR-only signature database).
// Run alone with `npx tsx bench/upload.ts` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openDatabase } from "../src/db/node-client.js";
import type { Actor } from "../src/model/identity.js";
import { parseClauseFile } from "../src/services/clauses/library-file.js";
import { insertOrganisation } from "../src/services/organisations/organisations.js";
import { createToken } from "../src/services/tokens/tokens.js";
import { createUser } from "../src/services/users/users.js";
import { startClamd } from "../test/clamd.js";
import { SPEC_CONTACTS } from "../test/spec-contacts.js";
import { scratchDatabase } from "./scratch-database.js";
import { target, targetTable } from "./targets.js";

const FILE_BYTES = 200 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const RSS_TARGET_MB = 64;
/** WithUs against the bare server, with scanning off. */
const THROUGHPUT_TARGET = 0.7;
const RUNS = 5;
/** Fewer with scanning: clamd reads every byte again. */
const SCAN_RUNS = 3;
const SECRET = "bench-upload-secret-that-is-long-enough-0123456789";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

/** The same pseudo-random megabyte again and again, after a PDF header: a big scanned-report stand-in. */
function fileChunks(block: Uint8Array) {
  const head = new TextEncoder().encode("%PDF-1.7\n%bench\n");
  let sent = 0;
  return {
    next(): Uint8Array | null {
      if (sent >= FILE_BYTES) return null;
      const n = Math.min(CHUNK, FILE_BYTES - sent);
      const chunk =
        sent === 0 ? new Uint8Array([...head, ...block.subarray(head.length, n)]) : block.subarray(0, n);
      sent += n;
      return chunk;
    },
  };
}

/** A process's CPU time so far (user + system), from /proc: the figure load on the machine does not inflate. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The baseline: the same bytes written to a file with fs, as fast as the disk takes them. */
async function writeToDisk(target: string, block: Uint8Array): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const ws = createWriteStream(target);
    const gen = fileChunks(block);
    const write = () => {
      for (;;) {
        const chunk = gen.next();
        if (!chunk) return ws.end(resolve);
        if (!ws.write(chunk)) return ws.once("drain", write);
      }
    };
    ws.on("error", reject);
    write();
  });
  const ms = performance.now() - t0;
  if ((await stat(target)).size !== FILE_BYTES) throw new Error("baseline file has the wrong size");
  // Kept until the end, as the uploaded files are: both write into fresh space.
  return ms;
}

async function api(base: string, token: string, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${base}/api${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as { id: string; obligations: Array<{ id: string }> };
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The baseline server (bench/bare-upload-server.ts) as a child process; resolves once it listens. */
async function startBareServer(dir: string): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/bare-upload-server.ts"), dir],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(Number(String(d).trim())));
    child.once("exit", () => reject(new Error("the bare server did not start")));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A council's own clause evidenced each time something happens (GOV-04's text, per event): its one open-ended
 * log takes any number of submissions, which the bench needs. No library clause is per event any more.
 * Made and published once; 409 means it is already there.
 */
async function ensureEventClause(base: string, token: string): Promise<string> {
  const key = "EVT-01";
  const file = path.join(ROOT, "templates", "clauses", "GOV-04.md");
  const { content } = parseClauseFile("GOV-04.md", readFileSync(file, "utf8"));
  for (const [pathname, body] of [
    ["/clauses", { ...content, key, frequency: "per_event" }],
    [`/clauses/${key}/versions/1/publish`, undefined],
  ] as const) {
    const res = await fetch(`${base}/api${pathname}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok && res.status !== 409) throw new Error(`POST ${pathname}: ${res.status} ${await res.text()}`);
  }
  return key;
}

export async function benchUpload(): Promise<string> {
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (isMain) console.log(line);
  };
  const scratch = await scratchDatabase("withus_bench_upload");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-bench-upload-"));
  let child: ChildProcess | undefined;
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    // Tenants and API tokens, straight into the scratch database.
    const database = await openDatabase({ databaseUrl: scratch.url });
    const tokens: Record<string, string> = {};
    try {
      const db = database.db;
      const council = await insertOrganisation(db, { name: "Bench Council", kind: "commissioner" });
      const provider = await insertOrganisation(db, { name: "Bench Provider", kind: "provider" });
      for (const [role, org] of [
        ["commissioner", council!],
        ["provider", provider!],
      ] as const) {
        const user = await createUser(
          db,
          { actor: null },
          {
            email: `${role}@bench.test`,
            name: `Bench ${role}`,
            role,
            organisationId: org.id,
            password: "correct horse battery staple bench",
          },
        );
        const actor: Actor = {
          userId: user.id,
          organisationId: org.id,
          organisationKind: org.kind,
          organisationName: org.name,
          role,
          name: user.name,
          email: user.email,
          via: "session",
        };
        tokens[role] = (
          await createToken({ ctx: { db, actor, now: new Date(), secret: SECRET }, input: { name: "bench" } })
        ).token;
      }
      tokens.providerOrg = provider!.id;
    } finally {
      await database.close();
    }

    // Once without virus scanning and once with every byte streamed through a real clamd (CLAMAV_URL),
    // each against fs in the same run.
    const clamd = await startClamd();
    bare = await startBareServer(dataDir);
    try {
      for (const [label, clamav, runs] of [
        ["ClamAV off", undefined, RUNS],
        ["ClamAV on", clamd.url, SCAN_RUNS],
      ] as const) {
        // The real server, as `npm start` runs it, with the per-file limit raised for this run.
        const port = await freePort();
        const prof = process.env.BENCH_CPU_PROF
          ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
          : [];
        child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(ROOT, "src/entry/node.ts")], {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: scratch.url,
            DATA_DIR: dataDir,
            PORT: String(port),
            SESSION_SECRET: SECRET,
            UPLOAD_MAX_FILE_BYTES: String(FILE_BYTES + CHUNK),
            LOG_LEVEL: "warn",
            ...(clamav ? { CLAMAV_URL: clamav } : {}),
          },
          stdio: ["ignore", "ignore", "inherit"],
        });
        const base = `http://127.0.0.1:${port}`;
        for (let i = 0; ; i++) {
          const ok = await fetch(`${base}/health`)
            .then((r) => r.ok)
            .catch(() => false);
          if (ok) break;
          if (i > 1200 || child.exitCode !== null) throw new Error("the server did not start");
          await new Promise((r) => setTimeout(r, 100));
        }

        const spec = await api(base, tokens.commissioner!, "POST", "/specifications", {
          title: "Bench spec",
          serviceName: "Bench",
          // Issuing needs the contacts people can call besides the provider.
          contacts: SPEC_CONTACTS,
        });
        await api(base, tokens.commissioner!, "PUT", `/specifications/${spec.id}/clauses`, {
          clauses: [{ key: await ensureEventClause(base, tokens.commissioner!) }],
        });
        await api(base, tokens.commissioner!, "POST", `/specifications/${spec.id}/issue`, {});
        const today = new Date().toISOString().slice(0, 10);
        const contract = await api(base, tokens.commissioner!, "POST", "/contracts", {
          specificationId: spec.id,
          providerOrganisationId: tokens.providerOrg,
          reference: `BENCH-UPLOAD-${label}`,
          startDate: today,
          endDate: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
        });
        // The per-event log takes any number of submissions: one to warm up, one to measure.
        const [log] = (await api(base, tokens.provider!, "GET", `/contracts/${contract.id}/obligations`))
          .obligations;
        const block = randomBytes(CHUNK);

        /** The same client and body for WithUs and the bare server. */
        const send = async (url: string, headers: Record<string, string>, bytes: number) => {
          const boundary = `----withusbench${randomBytes(8).toString("hex")}`;
          const enc = new TextEncoder();
          const fields = [
            "narrative",
            "Bench evidence",
            "coveredFrom",
            today,
            "coveredTo",
            today,
            "noPersonalData",
            "true",
          ];
          let preamble = "";
          for (let i = 0; i < fields.length; i += 2) {
            preamble += `--${boundary}\r\nContent-Disposition: form-data; name="${fields[i]}"\r\n\r\n${fields[i + 1]}\r\n`;
          }
          preamble += `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
          const gen = fileChunks(block);
          let limit = bytes;
          let stage = 0;
          const body = new ReadableStream<Uint8Array>({
            pull(c) {
              if (stage === 0) {
                stage = 1;
                c.enqueue(enc.encode(preamble));
                return;
              }
              if (stage === 1) {
                const chunk = limit > 0 ? gen.next() : null;
                if (chunk) {
                  const part = chunk.subarray(0, Math.min(chunk.length, limit));
                  limit -= part.length;
                  c.enqueue(part);
                  return;
                }
                stage = 2;
                c.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
                return;
              }
              c.close();
            },
          });
          return fetch(url, {
            method: "POST",
            headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` },
            body,
            duplex: "half",
          } as RequestInit);
        };
        const upload = async (bytes: number) => {
          const res = await send(
            `${base}/api/obligations/${log.id}/submissions`,
            { authorization: `Bearer ${tokens.provider}` },
            bytes,
          );
          const json = (await res.json()) as {
            files: Array<{ size: number; sha256: string; contentType: string }>;
          };
          if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(json)}`);
          return json;
        };
        // Worked out before the timed uploads, so the client's hashing does not slow what is measured.
        const expected = createHash("sha256");
        for (let gen = fileChunks(block), c = gen.next(); c; c = gen.next()) expected.update(c);
        const sha256 = expected.digest("hex");

        await upload(4 * CHUNK);
        const pid = child.pid!;
        const before = await rssBytes(pid);
        let peak = before;
        // The bare server's too, for information: what streaming 200 MB through Node costs in memory by itself.
        const bareBefore = await rssBytes(bare.pid);
        let barePeak = bareBefore;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await rssBytes(pid).catch(() => 0));
            barePeak = Math.max(barePeak, await rssBytes(bare!.pid).catch(() => 0));
            await new Promise((r) => setTimeout(r, 20));
          }
        })();
        // Alternately, so both see the same machine load; medians of RUNS each.
        const uploadTimes: number[] = [];
        const bareTimes: number[] = [];
        const uploadCpu: number[] = [];
        const bareCpu: number[] = [];
        const diskTimes: number[] = [];
        for (let run = 0; run < runs; run++) {
          const c0 = await cpuSeconds(pid);
          const t0 = performance.now();
          const json = await upload(FILE_BYTES);
          uploadTimes.push(performance.now() - t0);
          uploadCpu.push((await cpuSeconds(pid)) - c0);
          const file = json.files[0];
          if (file.size !== FILE_BYTES || file.sha256 !== sha256 || file.contentType !== "application/pdf") {
            throw new Error(`the stored file does not match what was sent: ${JSON.stringify(file)}`);
          }
          const c1 = await cpuSeconds(bare!.pid);
          const t1 = performance.now();
          const bareRes = await send(`${bare!.base}/`, {}, FILE_BYTES);
          const bareJson = (await bareRes.json()) as { size: number };
          bareTimes.push(performance.now() - t1);
          bareCpu.push((await cpuSeconds(bare!.pid)) - c1);
          // The whole body with its multipart framing: a little more than the file.
          if (bareRes.status !== 201 || bareJson.size < FILE_BYTES) {
            throw new Error(`the bare server did not take the body: ${JSON.stringify(bareJson)}`);
          }
          diskTimes.push(await writeToDisk(path.join(dataDir, `baseline-${run}.bin`), block));
        }
        sampling = false;
        await sampler;
        const uploadMs = median(uploadTimes);
        const bareMs = median(bareTimes);
        const diskMs = median(diskTimes);

        const growth = peak - before;
        const uploadRate = FILE_BYTES / (uploadMs / 1000);
        const bareRate = FILE_BYTES / (bareMs / 1000);
        const diskRate = FILE_BYTES / (diskMs / 1000);
        const secs = (ts: number[]) => ts.map((t) => (t / 1000).toFixed(2)).join(", ");
        out(
          `upload, ${label}: ${mb(FILE_BYTES)} streamed ${runs} times to the Node server (PostgreSQL, disk file store), each stored with its SHA-256 verified`,
        );
        out(
          `  server RSS ${mb(before)} before, peak ${mb(peak)}: grew ${mb(growth)} (target <= ${RSS_TARGET_MB} MB: ${target(`200 MB upload, server memory growth, ${label}`, growth / 2 ** 20, { max: RSS_TARGET_MB, unit: " MB", digits: 1 })}); the bare server grew ${mb(barePeak - bareBefore)} (from ${mb(bareBefore)})`,
        );
        const ratio = uploadRate / bareRate;
        out(
          `  WithUs (median) ${mb(uploadRate)}/s, ${(uploadMs / 1000).toFixed(2)} s [${secs(uploadTimes)}]`,
        );
        out(
          `  bare node:http server, hash and write only (median) ${mb(bareRate)}/s, ${(bareMs / 1000).toFixed(2)} s [${secs(bareTimes)}]`,
        );
        out(
          `  WithUs / bare server ${ratio.toFixed(2)}${
            clamav
              ? " (scanning by ClamAV's daemon on the same machine: reported, no target)"
              : ` (target >= ${THROUGHPUT_TARGET}: ${target("200 MB upload, throughput vs bare server", ratio, { min: THROUGHPUT_TARGET, unit: "x" })})`
          }`,
        );
        out(
          `  for information: server CPU per upload (median, user + system) WithUs ${median(uploadCpu).toFixed(2)} s [${uploadCpu.map((c) => c.toFixed(2)).join(", ")}], bare server ${median(bareCpu).toFixed(2)} s [${bareCpu.map((c) => c.toFixed(2)).join(", ")}]; load average ${os.loadavg()[0]!.toFixed(1)}`,
        );
        out(
          `  for information: fs write of the same bytes ${mb(diskRate)}/s, ${(diskMs / 1000).toFixed(2)} s [${secs(diskTimes)}]; WithUs / fs ${(uploadRate / diskRate).toFixed(2)}`,
        );
        const exited = new Promise((r) => child!.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    } finally {
      await clamd.stop();
    }
  } finally {
    await bare?.stop();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await rm(dataDir, { recursive: true, force: true });
    await scratch.drop();
  }
  return lines.join("\n");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  await benchUpload();
  console.log(`\n${targetTable()}`);
}
