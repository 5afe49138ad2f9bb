// Evidence files are judged by their bytes, and their names are made safe to show and to serve.
import { describe, expect, it } from "vitest";
import { renderComplianceReport } from "../../src/documents/index.js";
import { attachmentDisposition, sanitizeFileName } from "../../src/services/evidence/file-name.js";
import {
  ContentSniffer,
  sniffBytes,
  EVIDENCE_CONTENT_TYPES as T,
} from "../../src/services/evidence/sniff.js";
import { makeComplianceReport } from "../documents/fixtures.js";
import { exeBytes, pdfBytes, xlsxBytes, zipOf } from "./fixtures.js";

const enc = new TextEncoder();
const typeOf = (b: Uint8Array, name = "") => {
  const r = sniffBytes(b, name);
  return r.ok ? r.contentType : `refused: ${r.reason}`;
};

/** A compound (OLE) file header followed by a directory entry naming the main stream. */
function ole(stream: string): Uint8Array {
  const b = new Uint8Array(1536);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  for (let i = 0; i < stream.length; i++) b[1024 + i * 2] = stream.charCodeAt(i);
  return b;
}

describe("content sniffing", () => {
  it("recognises every accepted type from its bytes, whatever the name says", async () => {
    expect(typeOf(pdfBytes(), "report.txt")).toBe(T.pdf);
    expect(typeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe(T.png);
    expect(typeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]))).toBe(T.jpeg);
    expect(typeOf(xlsxBytes(), "routes.pdf")).toBe(T.xlsx);
    expect(typeOf(await renderComplianceReport(makeComplianceReport()))).toBe(T.docx);
    expect(typeOf(ole("WordDocument"))).toBe(T.doc);
    expect(typeOf(ole("Workbook"))).toBe(T.xls);
    expect(typeOf(enc.encode("route,concerns\r\nbox,14\r\n"), "routes.csv")).toBe(T.csv);
    expect(typeOf(enc.encode("Minutes of the service user forum, 3 June — £40 vouchers"), "minutes")).toBe(
      T.text,
    );
  });

  it("refuses executables, scripts, archives and binary data", () => {
    expect(typeOf(exeBytes(), "report.pdf")).toMatch(/refused: .*Windows executable/);
    expect(typeOf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), "a.pdf")).toMatch(
      /Linux executable/,
    );
    expect(typeOf(enc.encode("#!/bin/sh\nrm -rf /\n"), "notes.txt")).toMatch(/a script/);
    expect(typeOf(zipOf({ "payload.exe": "MZ" }), "report.docx")).toMatch(/ZIP archive that is not/);
    expect(typeOf(zipOf({ "ppt/presentation.xml": "<p/>" }))).toMatch(/PowerPoint/);
    expect(typeOf(ole("\u0005SummaryInformation"), "setup.doc")).toMatch(/installer/);
    expect(typeOf(new Uint8Array([0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]))).toMatch(/NUL/);
    expect(typeOf(new Uint8Array([0x41, 0x42, 0xc3, 0x28, 0x43, 0x44, 0x45, 0x46, 0x47]))).toMatch(
      /not UTF-8/,
    );
  });

  it("refuses an executable on its first chunk, before the rest arrives", () => {
    const s = new ContentSniffer("x.pdf");
    expect(s.push(exeBytes().slice(0, 64))?.ok).toBe(false);
  });

  it("finds a Word part name split across two chunks", () => {
    const docx = zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" });
    const at = new TextDecoder("latin1").decode(docx).indexOf("word/document.xml") + 6;
    const s = new ContentSniffer("a.docx");
    expect(s.push(docx.slice(0, at))).toBeNull();
    expect(s.push(docx.slice(at))).toBeNull();
    expect(s.finish()).toEqual({ ok: true, contentType: T.docx });
  });

  it("checks text is UTF-8 across chunk boundaries", () => {
    const bytes = enc.encode("Café forum notes, twelve attendees");
    const s = new ContentSniffer("notes.txt");
    s.push(bytes.slice(0, 4)); // "Caf" and the first byte of "é"
    s.push(bytes.slice(4));
    expect(s.finish()).toEqual({ ok: true, contentType: T.text });
  });
});

describe("file names", () => {
  it("keeps only the last path segment and drops what could disguise or break it", () => {
    expect(sanitizeFileName("../../x")).toBe("x");
    expect(sanitizeFileName("..\\..\\windows\\system32\\evil.pdf")).toBe("evil.pdf");
    expect(sanitizeFileName("/etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("report\u0000.pdf")).toBe("report.pdf");
    expect(sanitizeFileName("photo\u202Egpj.exe")).toBe("photogpj.exe");
    expect(sanitizeFileName('a<b>:c"d|e?f*.pdf')).toBe("a_b__c_d_e_f_.pdf");
    expect(sanitizeFileName(".htaccess")).toBe("htaccess");
    expect(sanitizeFileName("..")).toBe("evidence");
    expect(sanitizeFileName("")).toBe("evidence");
    expect(sanitizeFileName("Résumé du forum.pdf")).toBe("Résumé du forum.pdf");
    const long = sanitizeFileName(`${"a".repeat(300)}.xlsx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".xlsx")).toBe(true);
  });

  it("is served as an attachment with an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentDisposition("Résumé (v2).pdf")).toBe(
      "attachment; filename=\"R_sum_ (v2).pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28v2%29.pdf",
    );
  });
});
