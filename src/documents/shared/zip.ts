// A small zip rewriter: reads the .docx zip docx writes, lets a caller rewrite some of its text parts, and writes it
// again with every entry dated the same. Web-standard APIs only (CompressionStream, Response), so it runs in Node
// and in Cloudflare Workers alike; docx's own zip (fflate) stamps each entry with the clock and is not exported.

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

interface Entry {
  name: Uint8Array;
  method: number;
  crc: number;
  size: number;
  data: Uint8Array;
}

/** Rewrites a text part: given its text, returns the new text. */
export type PartRewriter = (text: string) => string;

/**
 * Copies a zip, rewriting the parts named in `rewrite` and dating every entry `date` (UTC), so the same content
 * always gives the same bytes. Entries keep their order and, unless rewritten, their compressed bytes.
 */
export async function rewriteZip(
  zip: Uint8Array,
  rewrite: Readonly<Record<string, PartRewriter>>,
  date: Date,
): Promise<Uint8Array> {
  const entries = readEntries(zip);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  for (const entry of entries) {
    const fn = rewrite[decoder.decode(entry.name)];
    if (!fn) continue;
    const raw = entry.method === 8 ? await inflateRaw(entry.data) : entry.data;
    // Recompressed even when the text is unchanged: fflate and zlib compress differently, and the bytes must not
    // depend on whether this run happened to need a change.
    const bytes = encoder.encode(fn(decoder.decode(raw)));
    entry.data = await deflateRaw(bytes);
    entry.method = 8;
    entry.crc = crc32(bytes);
    entry.size = bytes.length;
  }
  return writeEntries(entries, dosDateTime(date));
}

/** The text of one part of a zip, or undefined when there is no such part; for tests and checks. */
export async function readZipText(zip: Uint8Array, name: string): Promise<string | undefined> {
  const decoder = new TextDecoder();
  const entry = readEntries(zip).find((e) => decoder.decode(e.name) === name);
  if (!entry) return undefined;
  return decoder.decode(entry.method === 8 ? await inflateRaw(entry.data) : entry.data);
}

/** The names of a zip's parts, in order. */
export function zipNames(zip: Uint8Array): string[] {
  const decoder = new TextDecoder();
  return readEntries(zip).map((e) => decoder.decode(e.name));
}

function readEntries(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== END_OF_CENTRAL_DIRECTORY) eocd--;
  if (eocd < 0) throw new Error("not a zip file: no end of central directory");
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== CENTRAL_HEADER) throw new Error("not a zip file: bad central directory");
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = zip.slice(p + 46, p + 46 + nameLength);
    if (view.getUint32(localOffset, true) !== LOCAL_HEADER)
      throw new Error("not a zip file: bad local header");
    const dataStart =
      localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    entries.push({ name, method, crc, size, data: zip.subarray(dataStart, dataStart + compressedSize) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function writeEntries(entries: Entry[], stamp: { time: number; date: number }): Uint8Array {
  const localSize = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length, 0);
  const centralSize = entries.reduce((n, e) => n + 46 + e.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  for (const e of entries) {
    offsets.push(p);
    view.setUint32(p, LOCAL_HEADER, true);
    writeCommon(view, p + 4, e, stamp);
    out.set(e.name, p + 30);
    out.set(e.data, p + 30 + e.name.length);
    p += 30 + e.name.length + e.data.length;
  }
  const centralStart = p;
  entries.forEach((e, i) => {
    view.setUint32(p, CENTRAL_HEADER, true);
    view.setUint16(p + 4, 20, true); // made by: version 2.0
    writeCommon(view, p + 6, e, stamp);
    // comment length, disk number, internal and external attributes stay zero
    view.setUint32(p + 42, offsets[i]!, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - centralStart, true);
  view.setUint32(p + 16, centralStart, true);
  return out;
}

/** The fields local and central headers share, from "version needed" to the extra field's length. */
function writeCommon(view: DataView, p: number, e: Entry, stamp: { time: number; date: number }) {
  const utf8 = e.name.some((b) => b > 0x7f);
  view.setUint16(p, 20, true);
  view.setUint16(p + 2, utf8 ? 0x0800 : 0, true);
  view.setUint16(p + 4, e.method, true);
  view.setUint16(p + 6, stamp.time, true);
  view.setUint16(p + 8, stamp.date, true);
  view.setUint32(p + 10, e.crc, true);
  view.setUint32(p + 14, e.data.length, true);
  view.setUint32(p + 18, e.size, true);
  view.setUint16(p + 22, e.name.length, true);
  view.setUint16(p + 24, 0, true);
}

/** MS-DOS date and time, in UTC so the bytes don't depend on the machine's time zone. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let crcTable: Uint32Array | undefined;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
