// What an evidence file really is, judged by its bytes and never by its name or declared type.
// Fed chunk by chunk as the file streams in, so it never needs the whole file, and it refuses as early as
// it can (an executable is refused on its first bytes). No dependencies: runs on Node and Workers alike.

export const EVIDENCE_CONTENT_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  csv: "text/csv",
  text: "text/plain",
  png: "image/png",
  jpeg: "image/jpeg",
} as const;

export const ACCEPTED_DESCRIPTION =
  "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), CSV, plain text, PNG or JPEG";

export type SniffResult = { ok: true; contentType: string } | { ok: false; reason: string };

const enc = new TextEncoder();
const ascii = (s: string) => enc.encode(s);
const utf16le = (s: string) => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[i * 2] = s.charCodeAt(i);
  return out;
};

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const EXECUTABLES: Array<[number[], string]> = [
  [[0x4d, 0x5a], "a Windows executable"], // MZ
  [[0x7f, 0x45, 0x4c, 0x46], "a Linux executable"], // \x7fELF
  [[0xfe, 0xed, 0xfa, 0xce], "a macOS executable"],
  [[0xfe, 0xed, 0xfa, 0xcf], "a macOS executable"],
  [[0xce, 0xfa, 0xed, 0xfe], "a macOS executable"],
  [[0xcf, 0xfa, 0xed, 0xfe], "a macOS executable"],
  [[0xca, 0xfe, 0xba, 0xbe], "a macOS or Java executable"],
  [[0x23, 0x21], "a script"], // #!
];

/** Finds byte markers across chunk boundaries, keeping only a short tail of what went before. */
class MarkerSearch {
  private tail = new Uint8Array(0);
  private readonly keep: number;
  readonly found = new Set<string>();
  constructor(private readonly markers: Record<string, Uint8Array>) {
    this.keep = Math.max(...Object.values(markers).map((m) => m.length)) - 1;
  }
  push(chunk: Uint8Array) {
    // The first marker found decides; the rest of the file need not be searched.
    if (this.found.size > 0) return;
    const buf = new Uint8Array(this.tail.length + chunk.length);
    buf.set(this.tail);
    buf.set(chunk, this.tail.length);
    for (const [name, m] of Object.entries(this.markers)) {
      if (!this.found.has(name) && indexOf(buf, m) >= 0) this.found.add(name);
    }
    this.tail = buf.slice(Math.max(0, buf.length - this.keep));
  }
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  let i = hay.indexOf(first);
  while (i >= 0 && i <= hay.length - needle.length) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i = hay.indexOf(first, i + 1);
  }
  return -1;
}

/** Bytes needed before the kind of file can be told. */
const MAGIC_BYTES = 8;

type Kind =
  | { kind: "fixed"; result: SniffResult }
  | { kind: "zip"; search: MarkerSearch }
  | { kind: "ole"; search: MarkerSearch }
  | { kind: "text"; decoder: TextDecoder };

/**
 * Feed a file's bytes in order with push(); push returns a refusal as soon as one is certain (so the upload
 * can stop), and finish() gives the verdict once the file has ended.
 */
export class ContentSniffer {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private kind: Kind | null = null;
  private refused: SniffResult | null = null;

  constructor(private readonly fileName: string) {}

  push(chunk: Uint8Array): SniffResult | null {
    if (this.refused) return this.refused;
    if (!this.kind) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < MAGIC_BYTES) return null;
      this.classify(concat(this.head));
      this.head = [];
      return this.refused;
    }
    this.feed(chunk);
    return this.refused;
  }

  finish(): SniffResult {
    if (!this.kind) this.classify(concat(this.head));
    if (this.refused) return this.refused;
    const k = this.kind!;
    switch (k.kind) {
      case "fixed":
        return k.result;
      case "zip": {
        if (k.search.found.has("pptx")) return refuse("a PowerPoint presentation");
        if (k.search.found.has("docx")) return { ok: true, contentType: EVIDENCE_CONTENT_TYPES.docx };
        if (k.search.found.has("xlsx")) return { ok: true, contentType: EVIDENCE_CONTENT_TYPES.xlsx };
        return refuse("a ZIP archive that is not a Word or Excel document");
      }
      case "ole": {
        if (k.search.found.has("doc")) return { ok: true, contentType: EVIDENCE_CONTENT_TYPES.doc };
        if (k.search.found.has("xls")) return { ok: true, contentType: EVIDENCE_CONTENT_TYPES.xls };
        return refuse("an Office file that is not a Word or Excel document, or an installer");
      }
      case "text": {
        try {
          k.decoder.decode();
        } catch {
          return refuse("binary data (it is not UTF-8 text)");
        }
        const csv = /\.csv$/i.test(this.fileName);
        return { ok: true, contentType: csv ? EVIDENCE_CONTENT_TYPES.csv : EVIDENCE_CONTENT_TYPES.text };
      }
    }
  }

  private classify(head: Uint8Array) {
    for (const [sig, what] of EXECUTABLES) {
      if (head.length >= sig.length && startsWith(head, sig)) {
        this.refused = refuse(what);
        this.kind = { kind: "fixed", result: this.refused };
        return;
      }
    }
    const fixed = (contentType: string): Kind => ({ kind: "fixed", result: { ok: true, contentType } });
    if (startsWith(head, PDF)) this.kind = fixed(EVIDENCE_CONTENT_TYPES.pdf);
    else if (startsWith(head, PNG)) this.kind = fixed(EVIDENCE_CONTENT_TYPES.png);
    else if (startsWith(head, JPEG)) this.kind = fixed(EVIDENCE_CONTENT_TYPES.jpeg);
    else if (startsWith(head, ZIP)) {
      // Office Open XML: the part names sit uncompressed in the local and central file headers.
      this.kind = {
        kind: "zip",
        search: new MarkerSearch({
          docx: ascii("word/document.xml"),
          xlsx: ascii("xl/workbook.xml"),
          pptx: ascii("ppt/presentation.xml"),
        }),
      };
    } else if (startsWith(head, OLE)) {
      // Legacy Office: the compound file's directory names its main stream, in UTF-16.
      this.kind = {
        kind: "ole",
        search: new MarkerSearch({ doc: utf16le("WordDocument"), xls: utf16le("Workbook") }),
      };
    } else {
      this.kind = { kind: "text", decoder: new TextDecoder("utf-8", { fatal: true }) };
    }
    this.feed(head);
  }

  private feed(chunk: Uint8Array) {
    const k = this.kind!;
    if (k.kind === "zip" || k.kind === "ole") k.search.push(chunk);
    else if (k.kind === "text") {
      if (chunk.indexOf(0) >= 0) {
        this.refused = refuse("binary data (it contains NUL bytes)");
        return;
      }
      try {
        k.decoder.decode(chunk, { stream: true });
      } catch {
        this.refused = refuse("binary data (it is not UTF-8 text)");
      }
    }
  }
}

function refuse(what: string): SniffResult {
  return { ok: false, reason: `The file looks like ${what}. Accepted: ${ACCEPTED_DESCRIPTION}.` };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Sniffs a whole file in memory (tests, small inputs). */
export function sniffBytes(bytes: Uint8Array, fileName = ""): SniffResult {
  const s = new ContentSniffer(fileName);
  const early = s.push(bytes);
  return early ?? s.finish();
}
