// Packs a docx Document into bytes that depend only on the document's content and the date it is given.
// docx stamps core properties and zip entries with the clock, and numbers table-of-contents bookmarks from a
// counter shared by every document the process has built, so the same input would otherwise differ run to run.
import { type Document, Packer } from "docx";
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from "fflate";
import { instantOf } from "../../model/dates.js";

/** 2026-04-01T09:30:00Z: the W3CDTF form core properties and tracked changes use, to the second. */
export function w3cdtf(iso: string): string {
  return instantOf(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

/** docx's own compiler: the package's parts by path, in the order Packer.pack zips them. */
interface DocxCompiler {
  compile(file: Document): Map<string, string | Uint8Array | ArrayBuffer>;
}

/**
 * The compiler Packer.pack uses, where this version of docx keeps it (a static field, private in its types). With
 * it the document is zipped once, by us; without it, docx zips it, we unzip it and zip it again. Both give the
 * same bytes (test/documents/identity.test.ts checks), so a docx that moves it costs time, not correctness.
 */
const docxCompiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
const compiler = typeof docxCompiler?.compile === "function" ? docxCompiler : undefined;

/** Whether packDocument zips a document once (docx's compiler is reachable) rather than twice. */
export const packsInOnePass = compiler !== undefined;

/**
 * The document's bytes: docx's parts, with the core properties dated `date` and the bookmarks renumbered, zipped
 * in docx's order with every entry dated `date`, so the same content always gives the same bytes. fflate (the
 * library docx itself zips with) runs in Node and in Workers alike. `onePass: false` takes the long way round
 * even when the short one is there (the identity test compares them).
 */
export async function packDocument(
  doc: Document,
  date: string,
  { onePass = true }: { onePass?: boolean } = {},
): Promise<Uint8Array> {
  const stamp = w3cdtf(date);
  const rewrite: Record<string, (xml: string) => string> = {
    "docProps/core.xml": (xml) =>
      xml.replace(
        /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
      ),
    "word/document.xml": renumberBookmarks,
  };
  // Packer.pack zips the compiler's parts in its order, strings as UTF-8, so taking them from the compiler saves
  // docx's compression and our decompression (about a tenth of a 40-clause specification's render). unzipSync
  // keeps the zip's order too, and so does an object whose keys are part names.
  const files =
    onePass && compiler
      ? compiler.compile(doc)
      : Object.entries(unzipSync(await Packer.pack(doc, "uint8array")));
  const parts: Zippable = {};
  for (const [name, data] of files) {
    const fn = rewrite[name];
    if (fn) parts[name] = strToU8(fn(typeof data === "string" ? data : strFromU8(bytesOf(data))));
    else parts[name] = typeof data === "string" ? strToU8(data) : bytesOf(data);
  }
  return zipSync(parts, { level: 6, mtime: zipTime(instantOf(date)), os: 0, attrs: 0 });
}

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/**
 * fflate writes an entry's date from the Date's local-time fields; a Date whose local fields are the UTC ones
 * keeps the bytes the same on every machine, whatever its time zone. ZIP dates run from 1980 to 2099.
 */
function zipTime(d: Date): Date {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2099);
  return new Date(
    year,
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

/**
 * Numbers the document's bookmarks 1, 2, 3... in the order they first appear. docx names table-of-contents
 * bookmarks _Toc<n> and gives them id n from a process-wide counter; every bookmark here is one of those.
 */
function renumberBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  const idOf = (n: string) => {
    let id = ids.get(n);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(n, id);
    }
    return id;
  };
  // Names first: the contents table lists them in document order, before the headings they mark.
  const named = xml.replace(/_Toc(\d+)/g, (_, n: string) => `_Toc${idOf(n)}`);
  // A heading's bookmark has the same number as id as in its name, so the same map renumbers the ids.
  return named.replace(
    /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)/g,
    (_, open: string, n: string) => `${open}${idOf(n)}`,
  );
}
