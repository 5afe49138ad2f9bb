// Evidence files in an R2 bucket (the Workers entry). R2 stores a stream only when its length is known
// up front, and an upload's length is not; so a file that fits in one part is written with one put, and a
// larger one goes up as a multipart upload of fixed-size parts. Memory stays at one part per upload, and
// the object appears under its key only when the upload completes, as on disk.
import type { FileStore, StoredObject } from "../lib/file-store.js";

// The few R2 binding types this module uses (the full set lives in @cloudflare/workers-types, which we
// keep out of the Node typecheck).
export interface R2Object {
  key: string;
  size: number;
  uploaded: Date;
}
export interface R2ObjectBody extends R2Object {
  body: ReadableStream<Uint8Array>;
}
export interface R2UploadedPart {
  partNumber: number;
  etag: string;
}
export interface R2MultipartUpload {
  uploadPart(partNumber: number, value: Uint8Array): Promise<R2UploadedPart>;
  complete(parts: R2UploadedPart[]): Promise<R2Object>;
  abort(): Promise<void>;
}
export interface R2Objects {
  objects: R2Object[];
  truncated: boolean;
  cursor?: string;
}
export interface R2Bucket {
  put(key: string, value: Uint8Array | string | null): Promise<R2Object | null>;
  get(key: string): Promise<R2ObjectBody | null>;
  delete(key: string | string[]): Promise<void>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<R2Objects>;
  createMultipartUpload(key: string): Promise<R2MultipartUpload>;
}

/** R2's smallest part (all parts but the last must be at least this, and all of one size). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export function r2FileStore(
  bucket: R2Bucket,
  opts: { partBytes?: number; listPageSize?: number } = {},
): FileStore {
  const partBytes = Math.max(opts.partBytes ?? 8 * 1024 * 1024, MIN_PART_BYTES);
  const listPageSize = opts.listPageSize ?? 1000;
  const safe = (key: string) => {
    if (!/^[a-zA-Z0-9/_.-]+$/.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
    return key;
  };
  return {
    async put(key, body) {
      safe(key);
      const parts = fixedSizeChunks(body, partBytes);
      const first = await parts.next();
      const second = first.done ? first : await parts.next();
      if (second.done) {
        // The whole file fits in one part: a single put.
        await bucket.put(key, first.done ? new Uint8Array(0) : first.value);
        return;
      }
      const upload = await bucket.createMultipartUpload(key);
      try {
        const uploaded: R2UploadedPart[] = [];
        uploaded.push(await upload.uploadPart(1, first.value!));
        uploaded.push(await upload.uploadPart(2, second.value));
        for (let r = await parts.next(); !r.done; r = await parts.next()) {
          uploaded.push(await upload.uploadPart(uploaded.length + 1, r.value));
        }
        await upload.complete(uploaded);
      } catch (e) {
        await parts.return();
        await upload.abort().catch(() => {});
        throw e;
      }
    },
    async get(key) {
      const object = await bucket.get(safe(key));
      return object ? object.body : null;
    },
    async delete(key) {
      await bucket.delete(safe(key));
    },
    async *list(prefix) {
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor, limit: listPageSize });
        for (const o of page.objects) {
          yield { key: o.key, size: o.size, uploadedAt: new Date(o.uploaded) } satisfies StoredObject;
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },
  };
}

/**
 * Re-cuts a byte stream into chunks of exactly `size` bytes (the last may be shorter, never empty).
 * The buffer grows as bytes arrive, so a small file never costs a whole part of memory. If the consumer
 * stops early (a failed part upload), the source stream is cancelled.
 */
export async function* fixedSizeChunks(
  stream: ReadableStream<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let buf = new Uint8Array(Math.min(size, 64 * 1024));
  let filled = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.byteLength) {
        const n = Math.min(size - filled, value.byteLength - offset);
        if (filled + n > buf.byteLength) {
          const grown = new Uint8Array(Math.min(size, Math.max(buf.byteLength * 2, filled + n)));
          grown.set(buf.subarray(0, filled));
          buf = grown;
        }
        buf.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === size) {
          yield buf;
          buf = new Uint8Array(Math.min(size, 64 * 1024));
          filled = 0;
        }
      }
    }
    finished = true;
    if (filled > 0) yield buf.slice(0, filled);
  } finally {
    if (finished) reader.releaseLock();
    else await reader.cancel().catch(() => {});
  }
}
