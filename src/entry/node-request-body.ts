// Multipart bodies (evidence uploads) on Node, handed to the app as a web stream over the request itself.
// @hono/node-server turns a body it does not read itself into Readable.toWeb(request), which copies every
// chunk into a new Uint8Array: a 200 MB upload made 200 MB of copies, and as much garbage for a large heap's
// collector. Here the socket's chunks are passed on as they are (node:http allocates each read afresh, so
// nothing reuses them), with the same queue of one socket read. Every other request (JSON, forms) goes
// through unchanged, where node-server reads the body straight from the socket.
//
// Each socket read is a fresh 64 KB buffer outside the JavaScript heap, which V8 frees only when it collects
// the small object that points at it. A large upload allocates little else, so no collection comes until
// those buffers pile up and V8 answers the external memory with a full mark-compact of the whole heap (the
// server's is some 50 MB): one every few megabytes of a large upload. That was most of the upload's cost
// (a bare server with 40 MB of live objects took twice the CPU of the same server without them). So every
// few megabytes of multipart body a minor collection, which visits only the young objects, frees the
// buffers already passed on: about a millisecond, instead of the full collections.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";

/**
 * How much of a multipart body may wait, read from the socket, before the app takes it: one socket read, as
 * before. Small, because a refused upload is read no further than REFUSED_READ_CAP (lib/multipart.ts) and
 * one chunk in flight; the parser and the file store behind it hold more (a megabyte each).
 */
const QUEUE_BYTES = 64 * 1024;

const MULTIPART = /^multipart\/form-data/i;

/**
 * How much multipart body (all requests together) is read between minor collections: more than is ever in
 * flight between the socket and the disk, so a buffer still on its way survives one collection, not two
 * (and is not moved to the old generation, where only a full collection frees it).
 */
const MINOR_GC_BYTES = 4 * 1024 * 1024;

/** V8's gc() for this process only: enabled for new contexts, and taken from one (the app's scope has none). */
const collectYoung: () => void = (() => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;
  return () => gc({ type: "minor" });
})();
let readSinceCollection = 0;

/**
 * A web stream of the request's body, without copies. Nothing is read until the app first asks (a body
 * refused on its headers is never read); then the socket flows until QUEUE_BYTES wait unread.
 */
function requestBodyStream(
  incoming: HttpBindings["incoming"] | Http2Bindings["incoming"],
): ReadableStream<Uint8Array> {
  /** Until the stream has ended, failed or been cancelled: a chunk after that is dropped, not enqueued. */
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (e: Error) => {
          if (!open) return;
          open = false;
          controller.error(e);
        };
        incoming.pause();
        incoming.on("data", (chunk: Buffer) => {
          if (!open) return;
          readSinceCollection += chunk.byteLength;
          if (readSinceCollection >= MINOR_GC_BYTES) {
            readSinceCollection = 0;
            collectYoung();
          }
          controller.enqueue(chunk);
          // With a high-water mark of 0, the desired size is minus what waits in the queue.
          if (-(controller.desiredSize ?? 0) >= QUEUE_BYTES) incoming.pause();
        });
        incoming.once("end", () => {
          if (!open) return;
          open = false;
          controller.close();
        });
        incoming.once("error", fail);
        // A client that goes away mid-body: the reader hears of it rather than waiting for ever.
        incoming.once("close", () => {
          if (!incoming.complete) fail(new Error("the request was aborted"));
        });
      },
      // Called only while a read waits on an empty queue (high-water mark 0).
      pull() {
        incoming.resume();
      },
      cancel() {
        open = false;
        incoming.pause();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}

type Fetch = (req: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** node-server's fetch, with multipart request bodies read by requestBodyStream. */
export function withStreamedMultipart(fetch: Fetch): Fetch {
  return (req, env) => {
    const incoming = env?.incoming;
    const type = incoming?.headers["content-type"];
    if (!incoming || req.method !== "POST" || !type || !MULTIPART.test(type)) return fetch(req, env);
    const streamed = new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body: requestBodyStream(incoming),
      signal: req.signal,
      duplex: "half",
    } as RequestInit);
    return fetch(streamed, env);
  };
}
