// Renders documents in a small pool of worker threads, so a long render (a 400-clause draft takes about a second,
// an issued one with page numbers several) never blocks the server's event loop. Same interface and same bytes as
// inProcessRenderer, which the Workers entry uses.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { DocumentRenderer } from "../documents/renderer.js";
import type { RenderRequest, RenderResponse } from "./render-worker.js";

export interface WorkerRendererOptions {
  /** Threads in the pool; default 2, or 1 on a single-core machine. */
  workers?: number;
}

export interface WorkerRenderer extends DocumentRenderer {
  /** Stops the threads; renders still running are rejected. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Request = RenderRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/**
 * Starts a worker thread on a script. Run from TypeScript (tsx in production, vitest in tests) the script is a .ts
 * file: Node 20 ignores loader flags in a worker's execArgv (nodejs/node#47747), so a small bootstrap registers
 * tsx's loader inside the thread, by absolute URL so it resolves whatever the working directory, and then imports
 * the script. Run from compiled JavaScript, give the .js script and it runs directly.
 */
export function startWorker(script: URL, workerData?: unknown): Worker {
  if (!script.pathname.endsWith(".ts")) return new Worker(script, { workerData });
  const bootstrap = `
    const { workerData } = require("node:worker_threads");
    import(workerData.tsxApi).then(({ register }) => { register(); return import(workerData.script); });
  `;
  return new Worker(bootstrap, {
    eval: true,
    workerData: { tsxApi: tsxEsmApi(), script: script.href, data: workerData },
  });
}

/** The thread's own workerData, whether it was started directly or through the TypeScript bootstrap. */
export function ownWorkerData<T>(workerData: unknown): T {
  const w = workerData as { tsxApi?: string; data?: T } | undefined;
  return (w && typeof w === "object" && "tsxApi" in w ? w.data : workerData) as T;
}

/** tsx's ESM API by URL; require.resolve would give its CommonJS build, whose register() can't load ESM hooks. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("tsx/package.json");
  const manifest = require(manifestPath) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports["./esm/api"];
  const relative = typeof entry === "object" ? entry.import?.default : undefined;
  if (!relative)
    throw new Error("tsx has no ESM API entry: cannot start document render workers from TypeScript");
  return new URL(relative, pathToFileURL(manifestPath)).href;
}

export function createWorkerRenderer(options: WorkerRendererOptions = {}): WorkerRenderer {
  const size = Math.max(1, options.workers ?? Math.min(2, availableParallelism()));
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const failAll = (slot: Slot, error: Error) => {
    for (const p of slot.pending.values()) p.reject(error);
    slot.pending.clear();
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  };

  const spawn = (): Slot => {
    const fromTypeScript = import.meta.url.endsWith(".ts");
    const worker = startWorker(
      new URL(fromTypeScript ? "./render-worker.ts" : "./render-worker.js", import.meta.url),
    );
    const slot: Slot = { worker, pending: new Map() };
    // An idle pool must not keep the process alive; a thread is referenced only while it has work.
    worker.unref();
    worker.on("message", (res: RenderResponse) => {
      const p = slot.pending.get(res.id);
      if (!p) return;
      slot.pending.delete(res.id);
      if (slot.pending.size === 0) worker.unref();
      if (res.ok) p.resolve(res.bytes);
      else
        p.reject(
          Object.assign(new Error(res.error.message), { name: res.error.name, stack: res.error.stack }),
        );
    });
    worker.on("error", (e) => failAll(slot, e instanceof Error ? e : new Error(String(e))));
    worker.on("exit", (code) => {
      if (slot.pending.size > 0 || slots.includes(slot)) {
        failAll(slot, new Error(`document render worker stopped (exit code ${code})`));
      }
    });
    slots.push(slot);
    return slot;
  };

  /** The least busy thread, starting another while the pool is below its size and every thread is busy. */
  const pick = (): Slot => {
    const idle = slots.find((s) => s.pending.size === 0);
    if (idle) return idle;
    if (slots.length < size) return spawn();
    return slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  };

  const run = (request: Request): Promise<Uint8Array> => {
    if (closed) return Promise.reject(new Error("the document renderer has been closed"));
    const slot = pick();
    const id = nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ ...request, id } as RenderRequest);
    });
  };

  return {
    specification: (input, options) => run({ kind: "specification", input, options }),
    changes: (input) => run({ kind: "changes", input }),
    summary: (input, options) => run({ kind: "summary", input, options }),
    complianceReport: (input) => run({ kind: "complianceReport", input }),
    assessment: (input) => run({ kind: "assessment", input }),
    directAwardRecord: (input) => run({ kind: "directAwardRecord", input }),
    commitments: (input) => run({ kind: "commitments", input }),
    async close() {
      closed = true;
      const all = slots.splice(0);
      for (const slot of all) {
        for (const p of slot.pending.values()) p.reject(new Error("the document renderer has been closed"));
        slot.pending.clear();
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
