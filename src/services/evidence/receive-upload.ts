// Receives the files of an evidence upload as they stream in (read by lib/multipart.ts): each goes straight
// to the file store while it is counted, hashed and sniffed, so no file is ever held whole in memory. On
// any failure (a limit, a refused type, a malformed body, the client going away) every file already stored
// is deleted again. node:crypto needs Node streams: Workers provide them under nodejs_compat.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { MalwareScanner } from "../../lib/clamd.js";
import { AppError, validation } from "../../lib/errors.js";
import type { FileStore } from "../../lib/file-store.js";
import {
  type IncomingFile,
  type MultipartUpload,
  parseMultipart,
  REFUSED_READ_CAP,
} from "../../lib/multipart.js";
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
const MAX_FIELDS = 20;
export const MAX_FIELD_BYTES = 256 * 1024;
/** Room for the text fields and multipart framing on top of the files. */
const REQUEST_OVERHEAD_BYTES = 2 * 1024 * 1024;

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
 * Stores the files of an upload (from lib/multipart.ts) as they stream in, in fields named "files".
 * Resolves only when every file is durably stored; otherwise deletes whatever was stored and throws the
 * first problem as an AppError.
 */
export async function storeFiles(opts: {
  files: AsyncIterable<IncomingFile>;
  limits: UploadLimits;
  store: FileStore;
  /** Every file is scanned when given. */
  scanner?: MalwareScanner;
}): Promise<ReceivedFile[]> {
  const { limits, store } = opts;
  const keys: string[] = [];
  const stored: ReceivedFile[] = [];
  try {
    for await (const file of opts.files) {
      if (file.field !== "files") {
        file.stream.resume();
        throw validation([{ path: file.field, message: 'send files in fields named "files"' }]);
      }
      // A name that hides what it says (an override turning "fdp.exe" round) is refused, not quietly mended.
      const problem = textProblem(file.name.normalize("NFC"), "name");
      if (problem) {
        file.stream.resume();
        throw validation(
          [{ path: "files", message: `the file name ${problem}` }],
          "A file name is not allowed.",
        );
      }
      const name = sanitizeFileName(file.name);
      const key = `${EVIDENCE_PREFIX}${crypto.randomUUID()}`;
      keys.push(key);
      const inspect = inspectedFile(file.stream, name, limits, opts.scanner);
      try {
        await store.put(key, inspect.stream);
      } catch (e) {
        // Our own refusal of the file, else why the body broke off, else the store's own failure.
        throw inspect.error() ?? file.bodyProblem() ?? e;
      }
      stored.push({ key, name, ...inspect.result() });
    }
    return stored;
  } catch (e) {
    await Promise.allSettled(keys.map((k) => store.delete(k)));
    // Our own refusals carry their status; anything else (a store that failed) is a 500.
    throw e;
  }
}

/** Fields of the page's form: a box for each figure, and one for every file a long contract has had. */
const MAX_FORM_FIELDS = 400;

/**
 * The one way an evidence upload is read, for the API and the page alike (then handed to submitEvidence).
 * The API refuses a body declared too large before reading it and stops reading at a refusal; a browser's
 * form is read up to REFUSED_READ_CAP further, so its page can name the files to choose again.
 */
export function readEvidenceUpload(opts: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  contentLength?: string;
  limits: UploadLimits;
  from: "api" | "browser";
}): MultipartUpload {
  const browser = opts.from === "browser";
  return parseMultipart({
    body: opts.body,
    contentType: opts.contentType,
    contentLength: browser ? undefined : opts.contentLength,
    limits: {
      maxFiles: opts.limits.maxFiles,
      maxFileBytes: opts.limits.maxFileBytes,
      maxRequestBytes: opts.limits.maxRequestBytes,
      maxFields: browser ? MAX_FORM_FIELDS : MAX_FIELDS,
      maxFieldBytes: MAX_FIELD_BYTES,
    },
    listFields: ["attachFileIds"],
    readAfterRefusal: browser ? REFUSED_READ_CAP : 0,
  });
}
