// Receives a multipart evidence upload as it streams in: each file goes straight to the file store while
// it is counted, hashed and sniffed, so no file is ever held whole in memory. On any failure (a limit, a
// refused type, a malformed body, the client going away) every file already stored is deleted again.
// busboy and node:crypto need Node streams: Workers provide them under nodejs_compat.
import { createHash } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import busboy from "busboy";
import { AppError, validation } from "../../lib/errors.js";
import type { FileStore } from "../../lib/file-store.js";
import { textProblem } from "../../lib/text.js";
import { sanitizeFileName } from "./file-name.js";
import { ContentSniffer } from "./sniff.js";
import { EVIDENCE_PREFIX } from "./sweep-orphans.js";

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** The whole request: every file at its largest, plus room for the text fields. */
  maxRequestBytes: number;
}

/** Text fields: how many, and how long each may be. */
export const MAX_FIELDS = 20;
export const MAX_FIELD_BYTES = 256 * 1024;
/** Room for the text fields and multipart framing on top of the files. */
export const REQUEST_OVERHEAD_BYTES = 2 * 1024 * 1024;

export function uploadLimits(env: { UPLOAD_MAX_FILE_BYTES: number; UPLOAD_MAX_FILES: number }): UploadLimits {
  return {
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

/**
 * One file's bytes as a web stream for the store, counted, hashed and sniffed on the way, with
 * backpressure both ways. The stream errors (and the store discards what it had) as soon as the file is
 * too big or its type is refused; result() gives size, SHA-256 and type once it has ended cleanly.
 */
function inspectedFile(node: Readable, name: string, maxBytes: number) {
  const hash = createHash("sha256");
  const sniffer = new ContentSniffer(name);
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
          if (e instanceof AppError) error = e;
          controller.error(e);
          node.resume(); // let the parser move past the rest of this part
        };
        node.on("data", (chunk: Uint8Array) => {
          if (done) return;
          size += chunk.byteLength;
          if (size > maxBytes) {
            fail(
              new AppError(
                "payload_too_large",
                `"${name}" is larger than ${mb(maxBytes)}, the limit for one file.`,
              ),
            );
            return;
          }
          const refused = sniffer.push(chunk);
          if (refused && !refused.ok) {
            fail(new AppError("unsupported_media_type", `"${name}": ${refused.reason}`));
            return;
          }
          hash.update(chunk);
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) node.pause();
        });
        node.once("end", () => {
          if (done) return;
          if (size === 0) {
            fail(validation([{ path: "files", message: `"${name}" is empty` }], "A file is empty."));
            return;
          }
          const verdict = sniffer.finish();
          if (!verdict.ok) {
            fail(new AppError("unsupported_media_type", `"${name}": ${verdict.reason}`));
            return;
          }
          done = true;
          result = { size, sha256: hash.digest("hex"), contentType: verdict.contentType };
          controller.close();
        });
        node.once("error", (e) => fail(e));
        node.once("close", () => fail(new Error("the file stream closed early")));
        node.pause();
      },
      pull() {
        node.resume();
      },
      cancel(reason) {
        done = true;
        node.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      },
    },
    { highWaterMark: 8 },
  );
  return { stream, error: () => error, result: () => result! };
}

function drainedOrClosed(w: Writable): Promise<void> {
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
export async function receiveUpload(opts: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  contentLength?: number;
  limits: UploadLimits;
  store: FileStore;
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
    const inspect = inspectedFile(stream, name, limits.maxFileBytes);
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
    fields[name] = value;
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
  const results = await Promise.allSettled(stored);
  if (!failure) failure = results.find((r) => r.status === "rejected")?.reason ?? null;
  if (failure) {
    await Promise.allSettled(keys.map((k) => store.delete(k)));
    // Our own refusals carry their status; anything else (a store that failed) is a 500.
    throw failure;
  }
  return { fields, files: results.map((r) => (r as PromiseFulfilledResult<ReceivedFile>).value) };
}
