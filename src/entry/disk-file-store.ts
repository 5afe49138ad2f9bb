// Evidence files on local disk under DATA_DIR/files. Writes go to a temporary name and are renamed
// into place, so a half-written file never appears under its key. Files are 0600, folders 0700.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileStore, StoredObject } from "../lib/file-store.js";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "./private-files.js";

/**
 * What is read ahead of the disk and gathered for it: a large file goes down in writes of up to a megabyte
 * rather than one per 64 KB socket read.
 */
const BUFFER_BYTES = 1024 * 1024;

export function diskFileStore(root: string): FileStore {
  const safe = (key: string) => {
    if (!/^[a-zA-Z0-9/_.-]+$/.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key, body) {
      const file = safe(key);
      await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
      const tmp = `${file}.partial-${process.pid}-${Date.now()}`;
      // Opened before piping: if the body has already failed, pipeline would reject while the open is still
      // pending, and the file would appear after the rm below (a stray partial file after an aborted upload).
      // 0600 is asked for here; the process umask can only take bits away from it.
      const out = createWriteStream(tmp, {
        flags: "wx",
        mode: PRIVATE_FILE_MODE,
        highWaterMark: BUFFER_BYTES,
      });
      await once(out, "open");
      try {
        await pipeline(Readable.fromWeb(body as never, { highWaterMark: BUFFER_BYTES }), out);
        await rename(tmp, file);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    async get(key) {
      const file = safe(key);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await rm(safe(key), { force: true });
    },
    async *list(prefix) {
      const dir = prefix ? safe(prefix.replace(/\/$/, "")) : root;
      let entries: string[];
      try {
        entries = await readdir(dir, { recursive: true });
      } catch {
        return;
      }
      for (const rel of entries) {
        const full = path.join(dir, rel);
        const s = await stat(full).catch(() => null);
        if (!s?.isFile()) continue;
        const key = path.relative(root, full).split(path.sep).join("/");
        yield { key, size: s.size, uploadedAt: s.mtime } satisfies StoredObject;
      }
    },
  };
}
