// ClamAV's daemon over its INSTREAM command: a file's bytes are sent as they arrive (4-byte big-endian
// length, then the bytes; a zero length ends), and clamd answers "stream: OK" or "stream: <name> FOUND".
// Any failure to reach or hear clamd is an AppError "unavailable" (503): evidence is never kept unscanned.
import { connect, type Socket } from "node:net";
import { AppError } from "./errors.js";

type ScanResult = { clean: true } | { clean: false; finding: string };

interface ScanSession {
  /** Sends a chunk; resolves when clamd's socket can take more. */
  write(chunk: Uint8Array): Promise<void>;
  /** Ends the stream and waits for clamd's verdict. */
  finish(): Promise<ScanResult>;
  abort(): void;
}

export interface MalwareScanner {
  start(): ScanSession;
  /** "PONG" when clamd answers; throws otherwise. */
  ping(): Promise<string>;
}

const unavailable = () =>
  new AppError(
    "unavailable",
    "The virus scanner cannot be reached, so evidence cannot be accepted just now. Nothing was saved; try again later.",
  );

function parseTarget(url: string): { host: string; port: number } | { path: string } {
  const m = /^tcp:\/\/([^\s/:]+):(\d{1,5})$/.exec(url);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { path: url };
}

/** A socket to clamd that collects its NUL-terminated reply. */
function open(url: string, timeoutMs: number) {
  const target = parseTarget(url);
  const socket: Socket = "path" in target ? connect(target.path) : connect(target.port, target.host);
  socket.setTimeout(timeoutMs);
  let reply = "";
  let failed: Error | null = null;
  const replied = new Promise<string>((resolve, reject) => {
    socket.on("data", (d: Buffer) => {
      reply += d.toString("utf8");
      if (reply.includes("\0")) {
        resolve(reply.slice(0, reply.indexOf("\0")).trim());
        socket.end();
      }
    });
    const fail = (e: Error) => {
      failed ??= e;
      socket.destroy();
      reject(e);
    };
    socket.on("error", fail);
    socket.on("timeout", () => fail(new Error("clamd timed out")));
    socket.on("close", () =>
      reply.includes("\0") ? undefined : fail(new Error("clamd closed the connection")),
    );
  });
  replied.catch(() => {});
  return { socket, replied, failed: () => failed };
}

export function clamdScanner(url: string, { timeoutMs = 60_000 } = {}): MalwareScanner {
  return {
    async ping() {
      const c = open(url, timeoutMs);
      c.socket.write("zPING\0");
      try {
        return await c.replied;
      } catch {
        throw unavailable();
      }
    },
    start() {
      const c = open(url, timeoutMs);
      c.socket.write("zINSTREAM\0");
      /** A chunk's frame: its 4-byte length, then the chunk itself (sent as it is, not copied behind it). */
      const sendFrame = (chunk: Uint8Array) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(chunk.byteLength);
        c.socket.cork();
        c.socket.write(len);
        const more = c.socket.write(chunk);
        c.socket.uncork();
        return more;
      };
      const drained = () =>
        new Promise<void>((resolve, reject) => {
          const done = () => {
            c.socket.off("drain", done);
            c.socket.off("close", done);
            if (c.failed()) reject(unavailable());
            else resolve();
          };
          c.socket.once("drain", done);
          c.socket.once("close", done);
        });
      return {
        async write(chunk) {
          if (c.failed()) throw unavailable();
          // clamd may answer early (a size limit, a finding); the verdict is read in finish().
          if (c.socket.writableEnded || c.socket.destroyed) return;
          if (!sendFrame(chunk)) await drained();
        },
        async finish() {
          if (!c.socket.destroyed && !c.socket.writableEnded) c.socket.write(Buffer.alloc(4));
          let reply: string;
          try {
            reply = await c.replied;
          } catch {
            throw unavailable();
          }
          const found = /^stream: (.+) FOUND$/.exec(reply);
          if (found) return { clean: false, finding: found[1]! };
          if (reply === "stream: OK") return { clean: true };
          // "INSTREAM size limit exceeded. ERROR" and the like: not scanned, so not kept.
          throw new AppError(
            "unavailable",
            `The virus scanner could not scan the file (${reply.replace(/^stream: /, "")}). Nothing was saved.`,
          );
        },
        abort() {
          c.socket.destroy();
        },
      };
    },
  };
}
