// The R2 file store inside workerd against wrangler's local R2, through the probe Worker: a put of any
// size from a stream of unknown length (one put, or a multipart upload of fixed-size parts), byte-exact
// reads, listing across pages, deletes, and refusal of unsafe keys.
import { createHash } from "node:crypto";
import { describe, expect, inject, test } from "vitest";

const base = inject("probeUrl");
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A request body streamed in uneven chunks, with no content-length: the length is unknown to R2. */
function streamed(bytes: Uint8Array, chunk = 65_537): RequestInit {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
  return { method: "PUT", body, duplex: "half" } as RequestInit;
}

function bytesOf(size: number, seed: number): Uint8Array {
  const b = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Puts, reads back, compares; returns how many multipart parts the put sent (0: a single put). */
async function roundTrip(key: string, bytes: Uint8Array): Promise<number> {
  const put = await fetch(`${base}/${key}`, streamed(bytes));
  expect(put.status, await put.text()).toBe(204);
  const got = await fetch(`${base}/${key}`);
  const back = new Uint8Array(await got.arrayBuffer());
  expect(got.status).toBe(200);
  expect(back.length).toBe(bytes.length);
  expect(sha(back)).toBe(sha(bytes));
  return Number(put.headers.get("x-multipart-parts"));
}

describe("R2 file store in workerd", () => {
  test("small and empty files go up in one put", async () => {
    expect(await roundTrip("evidence/a/small.bin", bytesOf(1234, 1))).toBe(0);
    expect(await roundTrip("evidence/a/empty.bin", new Uint8Array(0))).toBe(0);
    // Exactly one part's worth is still one put.
    expect(await roundTrip("evidence/a/one-part.bin", bytesOf(5 * 1024 * 1024, 5))).toBe(0);
  });

  test("a file larger than one part goes up as a multipart upload, parts cut exactly", async () => {
    // 5 MiB parts in the probe: two full parts and a short last one.
    expect(await roundTrip("evidence/a/large.bin", bytesOf(11 * 1024 * 1024 + 17, 2))).toBe(3);
    // Exactly two parts, no empty third.
    expect(await roundTrip("evidence/a/exact.bin", bytesOf(10 * 1024 * 1024, 3))).toBe(2);
  });

  test("list walks every page of a prefix, with sizes and upload times", async () => {
    const before = Date.now() - 60_000;
    for (let i = 0; i < 7; i++) {
      const r = await fetch(`${base}/evidence/b/${i}.txt`, { method: "PUT", body: `file ${i}` });
      expect(r.status).toBe(204);
    }
    await fetch(`${base}/other/x.txt`, { method: "PUT", body: "not evidence" });
    const res = await fetch(`${base}/?prefix=${encodeURIComponent("evidence/b/")}`);
    const listed = (await res.json()) as { key: string; size: number; uploadedAt: string }[];
    // A page holds 3 in the probe, so 7 objects take three pages.
    expect(listed.map((o) => o.key).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `evidence/b/${i}.txt`),
    );
    for (const o of listed) {
      expect(o.size).toBe(6);
      expect(Date.parse(o.uploadedAt)).toBeGreaterThan(before);
    }
  });

  test("delete removes the object; a missing object reads as absent", async () => {
    await roundTrip("evidence/c/gone.bin", bytesOf(10, 4));
    expect((await fetch(`${base}/evidence/c/gone.bin`, { method: "DELETE" })).status).toBe(204);
    const res = await fetch(`${base}/evidence/c/gone.bin`);
    expect(res.status).toBe(404);
    await res.text();
  });

  test("unsafe keys are refused", async () => {
    const res = await fetch(`${base}/evidence/..%2F..%2Fx`, { method: "PUT", body: "x" });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/invalid storage key/);
  });
});
