// Issued documents are byte-identical: across renders, whatever was rendered before, and from one version of
// the code to the next unless their content changes. The snapshots (__snapshots__/identity.test.ts.snap)
// hold each document's SHA-256 and the SHA-256 of each of its parts in order; the parts were first recorded
// from the documents written before fflate replaced the hand-written ZIP writer, and were identical then.
// A deliberate change to a document's content (or to docx or fflate) updates them with
// `npx vitest run test/documents/identity.test.ts -u`; review the snapshot diff: the parts you did not mean
// to change must not move.
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { packDocument, packsInOnePass } from "../../src/documents/shared/package.js";
import { buildSpecification } from "../../src/documents/specification.js";
import { makeSpecification } from "./fixtures.js";
import { IDENTITY_DOCUMENTS } from "./identity-fixtures.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

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
    it(`${kind}: the same bytes on every render, and the bytes recorded for this content and these libraries`, async () => {
      const first = await render();
      // Something else rendered in between must not leak in (docx numbers bookmarks from a shared counter).
      await IDENTITY_DOCUMENTS.changes!();
      const second = await render();
      expect(sha256(second)).toBe(sha256(first));
      expect(sha256(first)).toMatchSnapshot();
    });

    it(`${kind}: the same parts, in the same order, as recorded`, async () => {
      const parts = Object.entries(unzipSync(await render())).map(
        ([name, data]) => `${name} ${sha256(data)}`,
      );
      expect(parts).toMatchSnapshot();
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

  it("zips docx's parts once, to the same bytes as unzipping docx's own zip and zipping it again", async () => {
    // With this version of docx the short way is there; if an upgrade moves it, this says so.
    expect(packsInOnePass).toBe(true);
    for (const spec of [makeSpecification(14), makeSpecification(6, { status: "draft" })]) {
      const once = await packDocument(buildSpecification(spec, { pageNumbers: false }), spec.date);
      const twice = await packDocument(buildSpecification(spec, { pageNumbers: false }), spec.date, {
        onePass: false,
      });
      expect(sha256(once)).toBe(sha256(twice));
    }
  });
});
