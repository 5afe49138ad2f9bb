// Issued documents are byte-identical: across renders, whatever was rendered before, and to the documents
// rendered before the hand-written ZIP writer was replaced by fflate.
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import before from "./before-fflate.json" with { type: "json" };
import { IDENTITY_DOCUMENTS } from "./identity-fixtures.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * SHA-256 of each document with docx 9.15 and fflate 0.8 (package-lock.json). Upgrading either may change
 * the compressed bytes, never the parts: then check the parts test still passes and record the new values.
 */
const PINNED: Record<string, string> = {
  "issued specification": "349713d588112bc1d605d324b4eb162d7c2f4bed52e23586b086fed07d5e6181",
  "draft specification": "2a5a15bdbc2eeb4a99753bd15cad522db19bb6c620345e74db7594a70406829a",
  summary: "69d610c1ac6b794d0f9a09dfdc3306421743b2d7847ee96732efba647657b152",
  changes: "3b3e0d85535fdd9f33ec1f5278cb0a836ddde0b57e8a4df6eb057d140ec8a855",
  "compliance report": "e83033ca0a890ecdd6d20bbf64c0919af4e96789f04380e56d3873750fd65c93",
};

/** Every entry's MS-DOS date and time, read from the local headers. */
function entryStamps(zip: Uint8Array): Array<{ time: number; date: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const stamps: Array<{ time: number; date: number }> = [];
  for (let p = 0; view.getUint32(p, true) === 0x04034b50; ) {
    stamps.push({ time: view.getUint16(p + 10, true), date: view.getUint16(p + 12, true) });
    p += 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true) + view.getUint32(p + 18, true);
  }
  return stamps;
}

describe("document bytes", () => {
  for (const [kind, render] of Object.entries(IDENTITY_DOCUMENTS)) {
    it(`${kind}: the same bytes on every render, and the bytes pinned for these library versions`, async () => {
      const first = await render();
      // Something else rendered in between must not leak in (docx numbers bookmarks from a shared counter).
      await IDENTITY_DOCUMENTS.changes!();
      const second = await render();
      expect(sha256(second)).toBe(sha256(first));
      expect(sha256(first)).toBe(PINNED[kind]);
    });

    it(`${kind}: the same parts, in the same order, as before the change to fflate`, async () => {
      const parts = Object.entries(unzipSync(await render())).map(([name, data]) => [name, sha256(data)]);
      expect(parts).toEqual(before[kind as keyof typeof before].parts);
    });
  }

  it("dates every entry with the document's date, in UTC", async () => {
    // 15 March 2026, 10:30:00: the fixtures' date.
    const date = ((2026 - 1980) << 9) | (3 << 5) | 15;
    const time = (10 << 11) | (30 << 5);
    const stamps = entryStamps(await IDENTITY_DOCUMENTS["issued specification"]!());
    expect(stamps.length).toBeGreaterThan(10);
    for (const s of stamps) expect(s).toEqual({ time, date });
  });
});
