// Receives a multipart evidence upload as it streams in: each file goes straight to the file store while
// it is counted, hashed and sniffed, so no file is ever held whole in memory. On any failure (a limit, a
// refused type, a malformed body, the client going away) every file already stored is deleted again.
// busboy and node:crypto need Node streams: Workers provide them under nodejs_compat.
import { createHash } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import busboy from "busboy";
import type { MalwareScanner } from "../../lib/clamd.js";
import { AppError, validation } from "../../lib/errors.js";
import type { FileStore } from "../../lib/file-store.js";
import { textProblem } from "../../lib/text.js";
import type { EvidenceKind } from "../../model/evidence-kinds.js";
import { sanitizeFileName } from "./file-name.js";
import { FileInspector } from "./inspect.js";
import { EVIDENCE_PREFIX } from "./sweep-orphans.js";

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** The whole request: every file at its largest, plus room for the text fields. */
  maxRequestBytes: number;
  /** The kinds of file accepted (EVIDENCE_FILE_TYPES). */
  kinds: readonly EvidenceKind[];
}

/** Text fields: how many, and how long each may be. */
export const MAX_FIELDS = 20;
export const MAX_FIELD_BYTES = 256 * 1024;
/** Room for the text fields and multipart framing on top of the files. */
export const REQUEST_OVERHEAD_BYTES = 2 * 1024 * 1024;

export function uploadLimits(env: {
  UPLOAD_MAX_FILE_BYTES: number;
  UPLOAD_MAX_FILES: number;
  EVIDENCE_FILE_TYPES: readonly EvidenceKind[];
}): UploadLimits {
  return {
    kinds: env.EVIDENCE_FILE_TYPES,
    maxFileBytes: env.UPLOAD_MAX_FILE_BYTES,
    maxFiles: env.UPLOAD_MAX_FILES,
    maxRequestBytes: env.UPLOAD_MAX_FILE_BYTES * env.UPLOAD_MAX_FILES + REQUEST_OVERHEAD_BYTES,
  };
}

export interface ReceivedFile {
  key: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** A file clamd found malware in: refused with 422 naming the finding, and recorded in the audit log. */
export class InfectedFileError extends AppError {
  constructor(
    readonly fileName: string,
    readonly finding: string,
    readonly size: number,
    readonly sha256: string,
  ) {
    super("validation_failed", `"${fileName}" contains malware (${finding}). Nothing was saved.`, [
      { path: "files", message: `"${fileName}" contains malware: ${finding}` },
    ]);
  }
}

/**
 * One file's bytes as a web stream for the store, counted, hashed, inspected and (with a scanner) scanned
 * on the way, with backpressure both ways. The stream errors (and the store discards what it had) as soon
 * as the file is too big, and at its end unless its type is accepted and the scanner found it clean;
 * result() gives size, SHA-256 and type once it has ended cleanly.
 */
function inspectedFile(
  node: Readable,
  name: string,
  limits: UploadLimits,
  scanner: MalwareScanner | undefined,
) {
  const hash = createHash("sha256");
  const inspector = new FileInspector(name, limits.kinds);
  const scan = scanner?.start();
  let scanWait: Promise<void> | null = null;
  let size = 0;
  let error: AppError | null = null;
  let result: { size: number; sha256: string; contentType: string } | null = null;
  let done = false;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (e: AppError | Error) => {
          if (done) return;
          done = true;
          scan?.abort();
          if (e instanceof AppError) error = e;
          controller.error(e);
          node.resume(); // let the parser move past the rest of this part
        };
        node.on("data", (chunk: Uint8Array) => {
          if (done) return;
          size += chunk.byteLength;
          if (size > limits.maxFileBytes) {
            fail(
              new AppError(
                "payload_too_large",
                `"${name}" is larger than ${mb(limits.maxFileBytes)}, the limit for one file.`,
              ),
            );
            return;
          }
          inspector.push(chunk);
          hash.update(chunk);
          if (scan) {
            const wait = scan.write(chunk);
            scanWait = wait.then(
              () => {
                scanWait = null;
              },
              (e) => fail(e),
            );
          }
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0 || scanWait) node.pause();
        });
        let ended = false;
        node.once("end", async () => {
          ended = true;
          if (done) return;
          if (size === 0) {
            fail(validation([{ path: "files", message: `"${name}" is empty` }], "A file is empty."));
            return;
          }
          try {
            const sha256 = hash.digest("hex");
            // Malware first: it is reported (and recorded) whatever the file claims to be.
            if (scanWait) await scanWait;
            const scanned = await scan?.finish();
            if (scanned && !scanned.clean) throw new InfectedFileError(name, scanned.finding, size, sha256);
            const verdict = await inspector.finish();
            if (!verdict.ok) throw new AppError("unsupported_media_type", verdict.reason);
            if (done) return;
            done = true;
            result = { size, sha256, contentType: verdict.contentType };
            controller.close();
          } catch (e) {
            fail(e as Error);
          }
        });
        node.once("error", (e) => fail(e));
        // After "end" the verdict is still being reached (it is async); only a close before it is early.
        node.once("close", () => {
          if (!ended) fail(new Error("the file stream closed early"));
        });
        node.pause();
      },
      async pull() {
        if (scanWait) await scanWait;
        node.resume();
      },
      cancel(reason) {
        done = true;
        scan?.abort();
        node.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      },
    },
    { highWaterMark: 8 },
  );
  return { stream, error: () => error, result: () => result! };
}

/**
 * Resolves when `w` takes more bytes, or has been destroyed. A destroyed stream never drains and its
 * 'close' may already be past, so that case resolves at once rather than wait for ever.
 */
function drainedOrClosed(w: Writable): Promise<void> {
  if (w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      w.off("drain", done);
      w.off("close", done);
      resolve();
    };
    w.on("drain", done);
    w.on("close", done);
  });
}

/**
 * Reads a multipart/form-data body: text fields are returned, files (in fields named "files") are
 * written to the store under fresh keys. Resolves only when every file is durably stored; otherwise
 * deletes whatever was stored and throws the first problem as an AppError.
 */
/** Fields that may be sent more than once, one value each time. */
const LIST_FIELDS: Record<string, true> = { attachFileIds: true };

export async function receiveUpload(opts: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  contentLength?: number;
  limits: UploadLimits;
  store: FileStore;
  /** Every file is scanned when given. */
  scanner?: MalwareScanner;
  /**
   * Checks the text fields; called before the first file is read (so the fields must come first), or
   * at the end when there are no files. Throws to refuse the upload before any file is stored.
   */
  checkFields?: (fields: Record<string, string>) => void;
}): Promise<ReceivedUpload> {
  const { body, contentType, limits, store } = opts;
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send evidence as multipart/form-data.");
  }
  if (opts.contentLength !== undefined && opts.contentLength > limits.maxRequestBytes) {
    throw new AppError(
      "payload_too_large",
      `The upload is larger than ${mb(limits.maxRequestBytes)}, the most one submission may carry.`,
    );
  }
  if (!body) throw validation([{ path: "", message: "the request has no body" }]);
  let bb: ReturnType<typeof busboy>;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        // One byte over the limit is enough for the inspector to refuse the file.
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: limits.maxFiles + MAX_FIELDS,
      },
    });
  } catch {
    throw new AppError("bad_request", "The multipart body has no boundary.");
  }

  const fields: Record<string, string> = {};
  let fieldsChecked = false;
  const keys: string[] = [];
  const stored: Array<Promise<ReceivedFile>> = [];
  let failure: unknown = null;
  const fail = (e: unknown) => {
    if (failure) return;
    failure = e;
    bb.destroy(e instanceof Error ? e : new Error(String(e)));
  };

  bb.on("file", (field, stream, info) => {
    // busboy errors every open file stream when the body breaks; an unheard 'error' would crash the
    // process, so each stream has a listener (the failure itself reaches us through bb's own error).
    stream.on("error", () => {});
    if (failure) {
      stream.resume();
      return;
    }
    if (field !== "files") {
      stream.resume();
      fail(validation([{ path: field, message: 'send files in fields named "files"' }]));
      return;
    }
    // A browser sends an empty part with no name for a file input left empty.
    if (!info.filename) {
      stream.resume();
      return;
    }
    // A name that hides what it says (an override turning "fdp.exe" round) is refused, not quietly mended.
    const problem = textProblem(info.filename.normalize("NFC"), "name");
    if (problem) {
      stream.resume();
      fail(
        validation([{ path: "files", message: `the file name ${problem}` }], "A file name is not allowed."),
      );
      return;
    }
    const name = sanitizeFileName(info.filename);
    const key = `${EVIDENCE_PREFIX}${crypto.randomUUID()}`;
    keys.push(key);
    if (!fieldsChecked) {
      fieldsChecked = true;
      try {
        opts.checkFields?.(fields);
      } catch (e) {
        stream.resume();
        fail(e);
        return;
      }
    }
    const inspect = inspectedFile(stream, name, limits, opts.scanner);
    const put = store.put(key, inspect.stream).then(
      () => ({ key, name, ...inspect.result() }),
      (e) => {
        const err = inspect.error() ?? failure ?? e;
        fail(err);
        throw err;
      },
    );
    put.catch(() => {});
    stored.push(put);
  });
  bb.on("field", (name, value, info) => {
    if (info.valueTruncated) {
      fail(new AppError("payload_too_large", `The field "${name}" is longer than ${MAX_FIELD_BYTES} bytes.`));
      return;
    }
    // A repeated list field (attachFileIds) gathers its values; any other repeated field keeps the last.
    fields[name] = Object.hasOwn(LIST_FIELDS, name) && fields[name] ? `${fields[name]},${value}` : value;
  });
  bb.on("filesLimit", () =>
    fail(
      new AppError("payload_too_large", `At most ${limits.maxFiles} files can be sent with one submission.`),
    ),
  );
  bb.on("fieldsLimit", () => fail(new AppError("payload_too_large", "The upload has too many fields.")));
  bb.on("partsLimit", () => fail(new AppError("payload_too_large", "The upload has too many parts.")));
  bb.on("error", (e) =>
    fail(new AppError("bad_request", `The multipart body is malformed: ${(e as Error).message}.`)),
  );
  const closed = new Promise<void>((resolve) => bb.once("close", resolve));

  const reader = body.getReader();
  let total = 0;
  try {
    while (!failure) {
      const { done, value } = await reader.read();
      // Refused while the read was pending (a file's store rejected it and the parser was destroyed):
      // the bytes just read go nowhere. Writing them to the destroyed parser would wait for a 'drain' or
      // 'close' that never comes; in workerd that left an oversize upload unanswered for ever.
      if (failure) break;
      if (done) {
        bb.end();
        break;
      }
      total += value.byteLength;
      if (total > limits.maxRequestBytes) {
        fail(
          new AppError(
            "payload_too_large",
            `The upload is larger than ${mb(limits.maxRequestBytes)}, the most one submission may carry.`,
          ),
        );
        break;
      }
      if (!bb.write(value)) await drainedOrClosed(bb);
    }
  } catch {
    fail(new AppError("bad_request", "The upload was interrupted before it finished. Nothing was saved."));
  } finally {
    // Released, not cancelled: the server drains what the client still sends and can answer it.
    reader.releaseLock();
  }
  await closed;
  if (!failure && !fieldsChecked) {
    fieldsChecked = true;
    try {
      opts.checkFields?.(fields);
    } catch (e) {
      failure = e;
    }
  }
  const results = await Promise.allSettled(stored);
  if (!failure) failure = results.find((r) => r.status === "rejected")?.reason ?? null;
  if (failure) {
    await Promise.allSettled(keys.map((k) => store.delete(k)));
    // Our own refusals carry their status; anything else (a store that failed) is a 500.
    throw failure;
  }
  return { fields, files: results.map((r) => (r as PromiseFulfilledResult<ReceivedFile>).value) };
}
