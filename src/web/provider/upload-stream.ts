// The evidence form, as a browser sends it, turned into the multipart body the evidence service reads
// (the same body POST /api/obligations/:id/submissions takes), without holding any file in memory.
//
// A browser sends the form's parts in page order: the CSRF token, then the text fields (date inputs as
// day, month and year; one box per metric), then the files. So the text fields are all known before the
// first byte of a file: they are checked then, and only if they pass are they re-encoded (covered dates as
// ISO dates, metrics as one JSON object) and the files streamed through behind them. If they fail, or the
// service stops reading (a file too large, a refused type), at most REFUSED_READ_CAP more of the upload
// is read and thrown away (enough to learn the names of the files that follow, so the page can say which
// to choose again); then reading stops, and the answer closes the connection (Connection: close, see
// app.ts) rather than take in the rest of a body nobody will keep.
import type { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "../../lib/errors.js";

export interface BrowserUpload {
  /** The text fields as the browser sent them. */
  fields: Record<string, string>;
  /** The name of every file that was chosen, in order (as far as the body was read). */
  fileNames: string[];
  /** False when reading stopped at REFUSED_READ_CAP, before the end of the body. */
  complete: boolean;
}

/** How much more of a refused upload is read before the server stops reading it. */
export const REFUSED_READ_CAP = 1024 * 1024;

export type Prepared = { ok: true; fields: Record<string, string> } | { ok: false };

export interface ReencodedUpload {
  /** The body for the evidence service. */
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Resolves once the text fields are in: true when they were forwarded (CSRF and `prepare` passed). */
  decided: Promise<boolean>;
  /** Resolves once the whole request has been read, or a refused one up to REFUSED_READ_CAP. */
  done: Promise<BrowserUpload>;
  /** Stop forwarding: read the rest of the request and throw it away. */
  discard(): void;
  /** Whether the text fields passed the CSRF check and `prepare`, and were forwarded. */
  forwarded(): boolean;
}

const enc = new TextEncoder();
const headerSafe = (s: string) => s.replace(/[\r\n"]/g, (ch) => (ch === '"' ? "%22" : ""));

export function reencodeUpload(opts: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  csrfToken: string | undefined;
  /** Called once with every text field, before any file is forwarded. */
  prepare(fields: Record<string, string>): Prepared;
  maxFiles: number;
  /** Fields sent once per ticked box, gathered as one comma-separated value. */
  listFields?: readonly string[];
}): ReencodedUpload {
  if (!opts.body || !opts.contentType || !/^multipart\/form-data/i.test(opts.contentType)) {
    throw new AppError(
      "unsupported_media_type",
      "The form was not sent as a file upload. Reload the page and try again.",
    );
  }
  const boundary = `withus${crypto.randomUUID().replace(/-/g, "")}`;
  const fields: Record<string, string> = {};
  const fileNames: string[] = [];
  let decided = false;
  let forwarding = false;
  let csrfOk = false;
  let passed = false;
  let failed: Error | null = null;
  /** Bytes of the request read so far, and how many had been when the upload was refused. */
  let readBytes = 0;
  let refusedAt: number | null = null;
  let resolveDecided!: (v: boolean) => void;
  const decidedP = new Promise<boolean>((r) => {
    resolveDecided = r;
  });
  let out!: ReadableStreamDefaultController<Uint8Array>;
  let current: Readable | null = null;

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        out = controller;
      },
      pull() {
        current?.resume();
      },
      cancel() {
        stopForwarding();
      },
    },
    { highWaterMark: 8 },
  );
  const emit = (chunk: Uint8Array) => {
    if (!forwarding) return;
    try {
      out.enqueue(chunk);
    } catch {
      stopForwarding();
    }
  };
  const stopForwarding = () => {
    refusedAt ??= readBytes;
    if (!forwarding) return;
    forwarding = false;
    try {
      out.close();
    } catch {
      // already closed or errored
    }
    // Let every file still waiting run through and be thrown away.
    current?.resume();
    for (const q of queue.splice(0)) q.stream.resume();
    if (parsed) finish?.();
  };

  const decide = () => {
    if (decided) return;
    decided = true;
    csrfOk = Boolean(opts.csrfToken) && fields._csrf === opts.csrfToken;
    const prepared: Prepared = csrfOk && !failed ? opts.prepare({ ...fields }) : { ok: false };
    if (!prepared.ok) refusedAt ??= readBytes;
    else {
      passed = true;
      forwarding = true;
      for (const [name, value] of Object.entries(prepared.fields)) {
        emit(
          enc.encode(
            `--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(name)}"\r\n\r\n${value}\r\n`,
          ),
        );
      }
    }
    resolveDecided(passed);
  };

  let bb: ReturnType<typeof busboy>;
  try {
    bb = busboy({
      headers: { "content-type": opts.contentType },
      defParamCharset: "utf8",
      // Room for a box ticked for every file a long contract has had.
      limits: { fields: 400, fieldSize: 256 * 1024, files: opts.maxFiles + 50 },
    });
  } catch {
    throw new AppError("bad_request", "The upload could not be read. Reload the page and try again.");
  }

  bb.on("field", (name, value) => {
    if (decided) return;
    // A ticked box of a list (the files to attach again) comes once per box: the values are gathered.
    fields[name] = opts.listFields?.includes(name) && fields[name] ? `${fields[name]},${value}` : value;
  });
  // Files are forwarded one after another: busboy hands over each file's stream as soon as its part
  // starts, and the bytes of one may still be flowing when the next begins.
  const queue: Array<{ stream: Readable; name: string; type: string }> = [];
  let parsed = false;
  let finish: (() => void) | null = null;
  const next = () => {
    if (current) return;
    const item = queue.shift();
    if (!item) {
      if (parsed) finish?.();
      return;
    }
    const { stream } = item;
    current = stream;
    emit(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${headerSafe(item.name)}"\r\nContent-Type: ${headerSafe(item.type)}\r\n\r\n`,
      ),
    );
    stream.on("data", (chunk: Uint8Array) => {
      if (!forwarding) return;
      emit(chunk);
      if ((out.desiredSize ?? 0) <= 0) stream.pause();
    });
    stream.once("end", () => {
      emit(enc.encode("\r\n"));
      current = null;
      next();
    });
    stream.resume();
  };

  bb.on("file", (_field, stream, info) => {
    // busboy errors every open file stream when the body breaks; an unheard 'error' would crash the
    // process, so each stream has a listener (the failure itself reaches us through bb's own error).
    stream.on("error", () => {});
    decide();
    if (!info.filename) {
      stream.resume();
      return;
    }
    fileNames.push(info.filename);
    if (!forwarding) {
      stream.resume();
      return;
    }
    stream.pause();
    queue.push({ stream, name: info.filename, type: info.mimeType || "application/octet-stream" });
    next();
  });

  let resolveDone!: (u: BrowserUpload) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<BrowserUpload>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {});
  const settle = (complete: boolean) => {
    if (failed) rejectDone(new AppError("bad_request", "The upload could not be read. Nothing was saved."));
    else if (!csrfOk)
      rejectDone(new AppError("forbidden", "The form has expired. Go back, reload the page and try again."));
    else resolveDone({ fields, fileNames, complete });
  };
  bb.on("error", (e) => {
    failed = e as Error;
    if (forwarding) {
      forwarding = false;
      try {
        out.error(new Error("the upload was malformed"));
      } catch {
        // already closed
      }
    }
  });
  bb.on("close", () => {
    // A body that broke off is never forwarded, whatever its fields said.
    if (failed && !decided) {
      decided = true;
      resolveDecided(false);
    }
    decide();
    finish = () => {
      finish = null;
      if (forwarding) {
        emit(enc.encode(`--${boundary}--\r\n`));
        forwarding = false;
        try {
          out.close();
        } catch {
          // already closed
        }
      }
      settle(true);
    };
    parsed = true;
    // Once the last file has been passed on (or at once, when forwarding stopped).
    if (!forwarding) {
      for (const q of queue.splice(0)) q.stream.resume();
      current?.resume();
      finish();
    } else next();
  });

  // Pump the request into busboy, respecting its backpressure.
  (async () => {
    const reader = opts.body!.getReader();
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        readBytes += value.byteLength;
        if (!bb.write(value)) await new Promise<void>((r) => bb.once("drain", r));
        if (refusedAt !== null && readBytes - refusedAt > REFUSED_READ_CAP) {
          // Released, not cancelled: cancelling would destroy the socket before the page is sent.
          reader.releaseLock();
          settle(false);
          return;
        }
      }
      bb.end();
    } catch (e) {
      if (forwarding) {
        forwarding = false;
        try {
          out.error(e);
        } catch {
          // already closed
        }
      }
      bb.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();

  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    decided: decidedP,
    done,
    discard: stopForwarding,
    forwarded: () => passed,
  };
}
