// The one reader of multipart/form-data bodies (the only module that imports busboy): the evidence form
// as a browser sends it and POST /api/obligations/:id/submissions go through it alike. It reads lazily
// (nothing until the fields are asked for), hands over the text fields once the first file part begins
// (a form's fields come before its files), then each file as a stream, one after another, with
// backpressure. Once the caller refuses the upload, files are thrown away and at most `readAfterRefusal`
// more bytes are read (enough for a page to learn the names of the files that follow); then reading stops
// without cancelling, so the answer can still be sent (app.ts closes such a connection).
// busboy needs Node streams: Workers provide them under nodejs_compat.
import type { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "./errors.js";

export interface MultipartLimits {
  maxFiles: number;
  /** One byte more than this is passed on, enough for the reader of a file to refuse it. */
  maxFileBytes: number;
  /** The whole body. */
  maxRequestBytes: number;
  maxFields: number;
  maxFieldBytes: number;
}

export interface IncomingFile {
  /** The form field the file came in. */
  field: string;
  /** The name as the sender gave it (unchecked). */
  name: string;
  type: string;
  stream: Readable;
  /** Why the body broke off, once it has (the file's stream then errors with something less telling). */
  bodyProblem(): AppError | null;
}

export interface MultipartUpload {
  /** Starts reading; every text field, once the first file part begins or the body ends. */
  fields(): Promise<Record<string, string>>;
  /** The files, in order; after fields(). Throws the body's problem (a limit, a malformed body). */
  files: AsyncIterable<IncomingFile>;
  /** Stop taking the upload: the rest is read (up to readAfterRefusal) and thrown away. */
  refuse(): void;
  /**
   * Once reading has stopped: the name of every file seen, and whether the whole body was read. An
   * upload never started (refused before fields()) resolves at once, with no names.
   */
  done(): Promise<{ fileNames: string[]; complete: boolean }>;
}

/** How much more of a refused browser upload is read, to learn the names of the files that follow. */
export const REFUSED_READ_CAP = 1024 * 1024;

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** 413: a body larger than one submission may carry. */
export const tooLargeUpload = (maxRequestBytes: number) =>
  new AppError(
    "payload_too_large",
    `The upload is larger than ${mb(maxRequestBytes)}, the most one submission may carry.`,
  );
const tooLarge = (limits: MultipartLimits) => tooLargeUpload(limits.maxRequestBytes);

export function parseMultipart(opts: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  limits: MultipartLimits;
  /** Fields sent once per ticked box, gathered as one comma-separated value. */
  listFields?: readonly string[];
  /** How much more of a refused body is read (to learn its file names); 0 stops at once. */
  readAfterRefusal: number;
  /** The declared Content-Length, when it is to be refused (413) before a byte is read. */
  contentLength?: string;
}): MultipartUpload {
  const { limits } = opts;
  // Problems of the request as a whole are reported when the fields are asked for, so a caller's own
  // checks (whose obligation, may they submit) come first.
  let failure: AppError | null = null;
  let bb!: ReturnType<typeof busboy>;
  if (!opts.contentType || !/^multipart\/form-data/i.test(opts.contentType)) {
    failure = new AppError("unsupported_media_type", "Send evidence as multipart/form-data.");
  } else if (
    opts.contentLength &&
    /^\d+$/.test(opts.contentLength) &&
    Number(opts.contentLength) > limits.maxRequestBytes
  ) {
    failure = tooLarge(limits);
  } else if (!opts.body) {
    failure = new AppError("bad_request", "The request has no body.");
  } else
    try {
      bb = busboy({
        headers: { "content-type": opts.contentType },
        defParamCharset: "utf8",
        limits: {
          fileSize: limits.maxFileBytes + 1,
          files: limits.maxFiles,
          fields: limits.maxFields,
          fieldSize: limits.maxFieldBytes,
          parts: limits.maxFiles + limits.maxFields,
        },
      });
    } catch {
      failure = new AppError("bad_request", "The multipart body has no boundary.");
    }
  const broken = failure !== null;

  const fields: Record<string, string> = {};
  const fileNames: string[] = [];
  let fieldsDone = false;
  let started = false;
  let refused = false;
  let readBytes = 0;
  let refusedAt = 0;
  let ended = false;
  /** Files not yet taken by the consumer, and the consumer waiting for one. */
  const queue: IncomingFile[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  let resolveFields!: (f: Record<string, string>) => void;
  let rejectFields!: (e: unknown) => void;
  const fieldsP = new Promise<Record<string, string>>((resolve, reject) => {
    resolveFields = resolve;
    rejectFields = reject;
  });
  fieldsP.catch(() => {});
  const fieldsIn = () => {
    if (fieldsDone) return;
    fieldsDone = true;
    if (failure) rejectFields(failure);
    else resolveFields({ ...fields });
  };
  let resolveDone!: (d: { fileNames: string[]; complete: boolean }) => void;
  const doneP = new Promise<{ fileNames: string[]; complete: boolean }>((r) => {
    resolveDone = r;
  });

  const fail = (e: AppError) => {
    failure ??= e;
    fieldsIn();
    poke();
  };
  const discardAll = () => {
    for (const f of queue.splice(0)) f.stream.resume();
  };

  if (!broken) listen();
  function listen() {
    bb.on("field", (name, value, info) => {
      if (fieldsDone || refused) return;
      if (info.valueTruncated) {
        fail(
          new AppError(
            "payload_too_large",
            `The field "${name}" is longer than ${limits.maxFieldBytes} bytes.`,
          ),
        );
        return;
      }
      fields[name] =
        opts.listFields?.includes(name) && Object.hasOwn(fields, name) ? `${fields[name]},${value}` : value;
    });
    bb.on("file", (field, stream, info) => {
      // busboy errors every open file stream when the body breaks; an unheard 'error' would crash the
      // process, so each stream has a listener (the failure itself reaches us through bb's own error).
      stream.on("error", () => {});
      fieldsIn();
      // A browser sends an empty part with no name for a file input left empty.
      if (!info.filename) {
        stream.resume();
        return;
      }
      fileNames.push(info.filename);
      if (refused || failure) {
        stream.resume();
        return;
      }
      queue.push({
        field,
        name: info.filename,
        type: info.mimeType || "application/octet-stream",
        stream,
        bodyProblem: () => failure,
      });
      poke();
    });
    bb.on("filesLimit", () =>
      fail(
        new AppError(
          "payload_too_large",
          `At most ${limits.maxFiles} files can be sent with one submission.`,
        ),
      ),
    );
    bb.on("fieldsLimit", () => fail(new AppError("payload_too_large", "The upload has too many fields.")));
    bb.on("partsLimit", () => fail(new AppError("payload_too_large", "The upload has too many parts.")));
    bb.on("error", (e) =>
      fail(new AppError("bad_request", `The multipart body is malformed: ${(e as Error).message}.`)),
    );
    bb.once("close", () => {
      ended = true;
      fieldsIn();
      poke();
    });
  }

  const pump = async () => {
    const reader = opts.body!.getReader();
    let complete = false;
    try {
      for (;;) {
        if (failure && !refused) refuse();
        if (refused && readBytes - refusedAt > opts.readAfterRefusal) break;
        const { done, value } = await reader.read();
        if (done) {
          complete = true;
          bb.end();
          break;
        }
        readBytes += value.byteLength;
        if (readBytes > limits.maxRequestBytes && !refused) {
          fail(tooLarge(limits));
          refuse();
          continue;
        }
        // A parser destroyed by a broken body takes nothing more: writing to it would wait for a 'drain' or
        // 'close' that never comes (in workerd an upload was left unanswered for ever that way).
        if (bb.destroyed) continue;
        if (!bb.write(value)) {
          await new Promise<void>((resolve) => {
            if (bb.destroyed) return resolve();
            const go = () => {
              bb.off("drain", go);
              bb.off("close", go);
              resolve();
            };
            bb.on("drain", go);
            bb.on("close", go);
          });
        }
      }
    } catch {
      fail(new AppError("bad_request", "The upload was interrupted before it finished. Nothing was saved."));
    } finally {
      // Released, not cancelled: the server can still answer (and closes the connection).
      reader.releaseLock();
    }
    if (!complete) bb.destroy();
    ended = true;
    fieldsIn();
    poke();
    resolveDone({ fileNames, complete });
  };

  const refuse = () => {
    if (refused) return;
    refused = true;
    refusedAt = readBytes;
    discardAll();
    poke();
  };

  return {
    fields() {
      if (!started) {
        started = true;
        if (broken) {
          fieldsIn();
          resolveDone({ fileNames, complete: false });
        } else void pump();
      }
      return fieldsP;
    },
    files: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (failure) throw failure;
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (ended || refused) return;
          await new Promise<void>((r) => {
            wake = r;
          });
        }
      },
    },
    refuse,
    done() {
      if (!started) {
        started = true;
        resolveDone({ fileNames, complete: false });
      }
      return doneP;
    },
  };
}
