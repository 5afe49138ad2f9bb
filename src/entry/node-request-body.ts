// Multipart bodies (evidence uploads) on Node, handed to the app as a web stream over the request itself.
// @hono/node-server turns a body it does not read itself into Readable.toWeb(request), which copies every
// chunk into a new Uint8Array: a 200 MB upload made 200 MB of copies, and as much garbage for a large heap's
// collector. Here the socket's chunks are passed on as they are (node:http allocates each read afresh, so
// nothing reuses them), with the same queue of one socket read. Every other request (JSON, forms) goes
// through unchanged, where node-server reads the body straight from the socket.
import type { Http2Bindings, HttpBindings } from "@hono/node-server";

/**
 * How much of a multipart body may wait, read from the socket, before the app takes it: one socket read, as
 * before. Small, because a refused upload is read no further than REFUSED_READ_CAP (lib/multipart.ts) and
 * one chunk in flight; the parser and the file store behind it hold more (a megabyte each).
 */
const QUEUE_BYTES = 64 * 1024;

const MULTIPART = /^multipart\/form-data/i;

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
