// What an evidence file really is, judged by its bytes: the type is detected with file-type, Office files
// are opened through their ZIP central directory with fflate, and the name's extension must agree with what
// the bytes are. Fed chunk by chunk as the file streams in; only a ZIP is held (up to the file size limit),
// because its directory is at its end. Refusals name the kinds that are accepted.
import { unzipSync } from "fflate";
import { fileTypeFromBuffer } from "file-type/core";
import {
  describeKinds,
  EVIDENCE_KIND_NAMES,
  EVIDENCE_KINDS,
  type EvidenceKind,
  readsAsScript,
} from "../../model/evidence-kinds.js";

export type Verdict = { ok: true; kind: EvidenceKind; contentType: string } | { ok: false; reason: string };

/** Bytes file-type reads to decide. */
const SAMPLE_BYTES = 4100;
/** Office parts read to decide what a ZIP is; a bigger one is refused rather than inflated. */
const MAX_PART_BYTES = 1024 * 1024;

/** Entry names inside an Office file that mean it carries a program, a macro or an embedded object. */
const PROGRAM_IN_ZIP =
  /\.(exe|dll|com|scr|pif|cpl|msi|msp|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|jar|lnk|sh|bin|app|reg|docm|xlsm|pptm|dotm|xltm)$/i;

const CT = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  docm: "application/vnd.ms-word.document.macroenabled.main+xml",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  xlsm: "application/vnd.ms-excel.sheet.macroenabled.main+xml",
};
const MAIN_PART = { docx: "word/document.xml", xlsx: "xl/workbook.xml" } as const;

const utf16 = (s: string) => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[i * 2] = s.charCodeAt(i);
  return out;
};

/** Finds byte markers across chunk boundaries, keeping only a short tail of what went before. */
class MarkerSearch {
  private tail = new Uint8Array(0);
  private readonly keep: number;
  readonly found = new Set<string>();
  constructor(private readonly markers: Record<string, Uint8Array>) {
    this.keep = Math.max(...Object.values(markers).map((m) => m.length)) - 1;
  }
  push(chunk: Uint8Array) {
    const buf = concat([this.tail, chunk]);
    for (const [name, m] of Object.entries(this.markers)) {
      if (!this.found.has(name) && indexOf(buf, m) >= 0) this.found.add(name);
    }
    this.tail = buf.slice(Math.max(0, buf.length - this.keep));
  }
}

// A legacy Office (compound) file names its streams in UTF-16 in its directory.
const OLE_MARKERS = {
  doc: utf16("WordDocument"),
  xls: utf16("Workbook"),
  vba: utf16("_VBA_PROJECT"),
  macros: utf16("Macros"),
  package: utf16("\u0001Ole10Native"),
};

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (b: Uint8Array, sig: number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** Text that is really markup or a script: refused even when named .txt or .csv. */
const MARKUP_OR_SCRIPT =
  /^(?:<|#!|@echo\b|@rem\b|rem\s|'use strict'|"use strict"|<%|\{\\rtf|on error resume next|set-executionpolicy|#requires\b|param\s*\()/i;
const MARKUP_INSIDE =
  /<\s*(script|html|body|iframe|object|embed|svg|hta:application|!doctype|\?xml|\?php)\b/i;

export class FileInspector {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private zip: Uint8Array[] | null = null;
  private ole: MarkerSearch | null = null;
  private readonly text = new TextDecoder("utf-8", { fatal: true });
  private textProblem: string | null = null;
  /** The first chunks, until there are enough bytes to tell a ZIP or a compound file. */
  private pending: Uint8Array[] | null = [];

  constructor(
    private readonly fileName: string,
    private readonly allowed: readonly EvidenceKind[],
  ) {}

  push(chunk: Uint8Array): void {
    if (this.headLength < SAMPLE_BYTES) {
      const part = chunk.slice(0, SAMPLE_BYTES - this.headLength);
      this.head.push(part);
      this.headLength += part.length;
    }
    if (this.pending) {
      this.pending.push(chunk);
      const first = concat(this.pending);
      if (first.length >= OLE.length) this.start(first);
    } else {
      this.zip?.push(chunk);
      this.ole?.push(chunk);
    }
    this.checkText(chunk);
  }

  /** Once the first bytes are known: a ZIP is kept whole, a compound file searched as it passes. */
  private start(first: Uint8Array) {
    this.pending = null;
    if (startsWith(first, ZIP)) this.zip = [first];
    else if (startsWith(first, OLE)) {
      this.ole = new MarkerSearch(OLE_MARKERS);
      this.ole.push(first);
    }
  }

  private checkText(chunk: Uint8Array) {
    if (!this.text || this.textProblem) return;
    if (chunk.indexOf(0) >= 0) this.textProblem = "binary data (it contains NUL bytes)";
    else {
      try {
        this.text.decode(chunk, { stream: true });
      } catch {
        this.textProblem = "binary data (it is not UTF-8 text)";
      }
    }
  }

  async finish(): Promise<Verdict> {
    if (this.pending) this.start(concat(this.pending));
    const head = concat(this.head);
    const kind = await this.detect(head);
    if (typeof kind !== "string") return kind;
    if (!this.allowed.includes(kind)) {
      return this.refuse(`is ${EVIDENCE_KINDS[kind].label}, which this service does not accept`);
    }
    const ext = /\.([^.]+)$/.exec(this.fileName)?.[1]?.toLowerCase();
    const want = EVIDENCE_KINDS[kind].extensions as readonly string[];
    if (!ext || !want.includes(ext)) {
      // Refused rather than renamed: the person learns what the file really is, and nothing is saved
      // under a name they did not choose.
      return {
        ok: false,
        reason: `"${this.fileName}" is ${EVIDENCE_KINDS[kind].label}, so its name must end .${want[0]}. Rename it and choose it again.`,
      };
    }
    return { ok: true, kind, contentType: EVIDENCE_KINDS[kind].contentType };
  }

  private refuse(what: string): Verdict {
    return {
      ok: false,
      reason: `"${this.fileName}" ${what}. Accepted: ${describeKinds(this.allowed)}.`,
    };
  }

  private async detect(head: Uint8Array): Promise<EvidenceKind | Verdict> {
    if (this.zip) return this.officeZip(concat(this.zip));
    const type = await fileTypeFromBuffer(head).catch(() => undefined);
    if (type) {
      switch (type.ext) {
        case "pdf":
          return "pdf";
        case "png":
          return "png";
        case "jpg":
          return "jpeg";
        case "cfb":
          return this.legacyOffice();
        case "exe":
        case "elf":
        case "macho":
          return this.refuse("is a program");
        default:
          return this.refuse(`is a .${type.ext} file (${type.mime})`);
      }
    }
    if (this.ole) return this.legacyOffice();
    return this.plainText(head);
  }

  private legacyOffice(): EvidenceKind | Verdict {
    const found = this.ole?.found ?? new Set<string>();
    if (found.has("vba") || found.has("macros")) return this.refuse("contains macros");
    if (found.has("package")) return this.refuse("contains an embedded package, which can hold a program");
    if (found.has("doc")) return "doc";
    if (found.has("xls")) return "xls";
    return this.refuse("is an Office file that is not a Word or Excel document, or an installer");
  }

  private plainText(head: Uint8Array): EvidenceKind | Verdict {
    if (this.textProblem) return this.refuse(`looks like ${this.textProblem}`);
    try {
      this.text.decode();
    } catch {
      return this.refuse("looks like binary data (it is not UTF-8 text)");
    }
    const start = new TextDecoder()
      .decode(head)
      .replace(/^\uFEFF/, "")
      .trimStart();
    if (MARKUP_OR_SCRIPT.test(start) || MARKUP_INSIDE.test(start.slice(0, 1024)) || readsAsScript(start)) {
      return this.refuse("is a web page, markup or a script, not plain text");
    }
    return /\.csv$/i.test(this.fileName) ? "csv" : "txt";
  }

  /** A ZIP is accepted only as a Word or Excel document without macros, programs or embedded objects. */
  private officeZip(bytes: Uint8Array): EvidenceKind | Verdict {
    const names: string[] = [];
    let parts: Record<string, Uint8Array>;
    let tooBig = false;
    try {
      parts = unzipSync(bytes, {
        filter(file) {
          names.push(file.name);
          const wanted = file.name === "[Content_Types].xml" || file.name === "_rels/.rels";
          if (wanted && file.originalSize > MAX_PART_BYTES) tooBig = true;
          return wanted && !tooBig;
        },
      });
    } catch {
      return this.refuse("is a damaged or unreadable ZIP file");
    }
    if (tooBig) return this.refuse("is a ZIP file whose Office parts are too large to check");
    const program = names.find((n) => PROGRAM_IN_ZIP.test(n) || n.includes("..") || n.startsWith("/"));
    if (program) {
      return this.refuse(
        /vbaProject|vbaData/i.test(program)
          ? "contains macros"
          : `contains "${program}", a program or embedded object`,
      );
    }
    const types = parts["[Content_Types].xml"];
    const rels = parts["_rels/.rels"];
    if (!types || !rels) return this.refuse("is a ZIP archive that is not a Word or Excel document");
    const overrides = contentTypeOverrides(new TextDecoder().decode(types));
    const relText = new TextDecoder().decode(rels);
    if ([...overrides.values()].some((t) => t === CT.docm || t === CT.xlsm || t.includes("vbaproject"))) {
      return this.refuse("is a macro-enabled Office file (.docm or .xlsm)");
    }
    for (const kind of ["docx", "xlsx"] as const) {
      const part = MAIN_PART[kind];
      if (
        overrides.get(`/${part}`) === CT[kind] &&
        names.includes(part) &&
        new RegExp(`Target="/?${part.replace(".", "\\.")}"`).test(relText)
      ) {
        return kind;
      }
    }
    if ([...overrides.values()].some((t) => t.includes("presentationml"))) {
      return this.refuse("is a PowerPoint presentation");
    }
    return this.refuse("is a ZIP archive that is not a Word or Excel document");
  }
}

/** [Content_Types].xml's Override elements: part name -> content type (lower case). */
function contentTypeOverrides(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<Override\b([^>]*)\/?>/g)) {
    const attrs = m[1]!;
    const part = /\bPartName\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    const type = /\bContentType\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    if (part && type) out.set(part, type.toLowerCase());
  }
  return out;
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

/** Inspects a whole file in memory (tests, small inputs). */
export async function inspectBytes(
  bytes: Uint8Array,
  fileName: string,
  allowed: readonly EvidenceKind[] = EVIDENCE_KIND_NAMES,
): Promise<Verdict> {
  const inspector = new FileInspector(fileName, allowed);
  inspector.push(bytes);
  return inspector.finish();
}
