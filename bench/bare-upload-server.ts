// The upload benchmark's baseline: the least any server must do with an upload, a bare node:http server
// that streams the request body through SHA-256 into a file (pipeline with default buffers) and answers
// with the size and hash. No parsing, no checks, no database: what is left is the loopback, the hash and the
// disk, which WithUs cannot avoid either. Started by bench/upload.ts as a child process, as WithUs is, so
// the client and the server never share an event loop. Prints its port on stdout once listening.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

const dir = process.argv[2];
if (!dir) throw new Error("usage: bare-upload-server.ts <directory for the files>");
let n = 0;

const server = createServer(async (req, res) => {
  const hash = createHash("sha256");
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, hashing, createWriteStream(path.join(dir, `bare-${n++}.bin`)));
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ size, sha256: hash.digest("hex") }));
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.listen(0, "127.0.0.1", () => {
  console.log((server.address() as { port: number }).port);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
