// Evidence files are judged by their bytes (file-type, and the ZIP directory of Office files through
// fflate), their names must agree with what they are, and their names are made safe to show and serve.
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { renderComplianceReport } from "../../src/documents/index.js";
import { attachmentDisposition, sanitizeFileName } from "../../src/services/evidence/file-name.js";
import { FileInspector, inspectBytes } from "../../src/services/evidence/inspect.js";
import { makeComplianceReport } from "../documents/fixtures.js";
import { exeBytes, pdfBytes, xlsxBytes } from "./fixtures.js";

const enc = new TextEncoder();
const kindOf = async (b: Uint8Array, name: string, allowed?: Parameters<typeof inspectBytes>[2]) => {
  const r = await inspectBytes(b, name, allowed);
  return r.ok ? r.kind : `refused: ${r.reason}`;
};

/** A compound (OLE) file header followed by directory entries naming its streams. */
function ole(...streams: string[]): Uint8Array {
  const b = new Uint8Array(2048);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  streams.forEach((stream, n) => {
    for (let i = 0; i < stream.length; i++) b[1024 + n * 128 + i * 2] = stream.charCodeAt(i);
  });
  return b;
}

const DOCX_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
const DOCX_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

function docxWith(extra: Record<string, string>, main = WORD_MAIN): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8(DOCX_TYPES(main)),
    "_rels/.rels": strToU8(DOCX_RELS),
    "word/document.xml": strToU8("<w:document/>"),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });
}

describe("file checks", () => {
  it("accepts every allowed kind under its own name", async () => {
    expect(await kindOf(pdfBytes(), "report.pdf")).toBe("pdf");
    expect(
      await kindOf(
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
        "chart.png",
      ),
    ).toBe("png");
    expect(
      await kindOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]), "photo.JPG"),
    ).toBe("jpeg");
    expect(await kindOf(xlsxBytes(), "routes.xlsx")).toBe("xlsx");
    expect(await kindOf(await renderComplianceReport(makeComplianceReport()), "report.docx")).toBe("docx");
    expect(await kindOf(ole("Root Entry", "WordDocument"), "old.doc")).toBe("doc");
    expect(await kindOf(ole("Root Entry", "Workbook"), "old.xls")).toBe("xls");
    expect(await kindOf(enc.encode("route,concerns\r\nbox,14\r\n"), "routes.csv")).toBe("csv");
    expect(
      await kindOf(enc.encode("Minutes of the service user forum, 3 June: £40 vouchers"), "minutes.txt"),
    ).toBe("txt");
  });

  it("refuses a ZIP whose entry is named word/document.xml but which carries a program", async () => {
    const zip = docxWith({ "payload.exe": "MZ" });
    expect(await kindOf(zip, "report.docx")).toMatch(/refused: .*contains "payload\.exe", a program/);
    // and one that only has the name somewhere inside, without a real Word package
    const fake = zipSync({ "x/word/document.xml": strToU8("<x/>"), "run.exe": strToU8("MZ") });
    expect(await kindOf(fake, "report.docx")).toMatch(/refused: .*program|not a Word or Excel/);
  });

  it("refuses macro-enabled Office files and macros inside a .docx", async () => {
    expect(
      await kindOf(docxWith({}, "application/vnd.ms-word.document.macroEnabled.main+xml"), "letter.docx"),
    ).toMatch(/refused: .*macro-enabled/);
    expect(await kindOf(docxWith({ "word/vbaProject.bin": "x" }), "letter.docx")).toMatch(
      /refused: .*macros/,
    );
    expect(await kindOf(ole("Root Entry", "WordDocument", "Macros", "_VBA_PROJECT"), "old.doc")).toMatch(
      /refused: .*macros/,
    );
  });

  it("refuses web pages, HTML applications and scripts, whatever they are called", async () => {
    const html = enc.encode("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
    expect(await kindOf(html, "notes.txt")).toMatch(/refused: .*web page, markup or a script/);
    expect(await kindOf(html, "notes.html")).toMatch(/refused/);
    const hta = enc.encode(
      '<HTA:APPLICATION ID="x"><script language="VBScript">CreateObject("WScript.Shell")</script>',
    );
    expect(await kindOf(hta, "report.hta")).toMatch(/refused/);
    expect(await kindOf(enc.encode("@echo off\r\ndel /q C:\\*\r\n"), "report.bat")).toMatch(/refused/);
    expect(await kindOf(enc.encode("@echo off\r\n"), "report.txt")).toMatch(/refused: .*script/);
    expect(await kindOf(enc.encode("#!/bin/sh\nrm -rf /\n"), "notes.txt")).toMatch(/refused: .*script/);
    // Text that is a script by its name only: text is accepted only as .txt or .csv.
    expect(await kindOf(enc.encode("var n = 1; console.log(n);"), "report.js")).toMatch(
      /refused: .*plain text \(\.txt\), so its name must end \.txt/,
    );
    const js = enc.encode("var s = new ActiveXObject('WScript.Shell'); s.Run('calc');");
    expect(await kindOf(js, "report.js")).toMatch(/refused: .*web page, markup or a script/);
    expect(await kindOf(enc.encode('CreateObject("WScript.Shell")'), "a.vbs")).toMatch(/refused/);
    expect(await kindOf(enc.encode("Get-ChildItem"), "a.ps1")).toMatch(/refused/);
  });

  it("refuses plain text whose first few KB read as a script, as it refuses other scripts", async () => {
    const notes = "Forum notes, 3 June 2026\r\nAttendance: 12\r\n\r\n";
    const scripts = [
      'Set s = CreateObject("WScript.Shell")\r\ns.Run "calc"',
      "WScript.Echo 1",
      "var x = new ActiveXObject('Msxml2.XMLHTTP');",
      'Sub AutoOpen()\r\n  Shell "cmd"\r\nEnd Sub',
      "sub autoopen()",
      "powershell -nop -w hidden -c calc",
      "POWERSHELL -ExecutionPolicy Bypass",
      "pwsh.exe -EncodedCommand SQBFAFgA",
      "Invoke-Expression (New-Object Net.WebClient).DownloadString('x')",
    ];
    for (const script of scripts) {
      for (const name of ["notes.txt", "routes.csv"]) {
        // At the very start, or after a few lines that read as notes.
        for (const text of [script, notes + script]) {
          expect(await kindOf(enc.encode(text), name), `${name}: ${text}`).toMatch(
            new RegExp(
              `^refused: "${name.replace(".", "\\.")}" is a web page, markup or a script, not plain text\\. Accepted:`,
            ),
          );
        }
      }
      // Streamed in small pieces, as an upload arrives.
      const inspector = new FileInspector("notes.txt", ["txt"]);
      for (const byte of enc.encode(notes + script)) inspector.push(new Uint8Array([byte]));
      const verdict = await inspector.finish();
      expect(verdict.ok, script).toBe(false);
    }
    // Notes that talk about these things in words are still notes.
    for (const text of [
      "We trained two volunteers in PowerShell and Excel.",
      "The script for the welcome session was agreed by the forum.",
      "Members asked for an auto open of the drop-in on Sundays.",
    ]) {
      expect(await kindOf(enc.encode(text), "notes.txt"), text).toBe("txt");
    }
  });

  it("refuses a name that disagrees with the bytes, saying what the file is", async () => {
    expect(await kindOf(pdfBytes(), "report.docx")).toBe(
      'refused: "report.docx" is PDF, so its name must end .pdf. Rename it and choose it again.',
    );
    expect(await kindOf(xlsxBytes(), "routes.pdf")).toMatch(
      /is Excel \(\.xlsx\), so its name must end \.xlsx/,
    );
    expect(await kindOf(pdfBytes(), "report")).toMatch(/must end \.pdf/);
  });

  it("refuses programs and binary data, naming the kinds it accepts", async () => {
    expect(await kindOf(exeBytes(), "report.pdf")).toBe(
      'refused: "report.pdf" is a program. Accepted: PDF, Word (.docx), Excel (.xlsx), Word 97-2003 (.doc), Excel 97-2003 (.xls), CSV, plain text (.txt), PNG or JPEG.',
    );
    expect(
      await kindOf(
        new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]),
        "a.pdf",
      ),
    ).toMatch(/refused/);
    expect(await kindOf(ole("Root Entry", "\u0005SummaryInformation"), "setup.doc")).toMatch(/installer/);
    expect(
      await kindOf(new Uint8Array([0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]), "a.txt"),
    ).toMatch(/NUL/);
    expect(
      await kindOf(new Uint8Array([0x41, 0x42, 0xc3, 0x28, 0x43, 0x44, 0x45, 0x46, 0x47]), "a.txt"),
    ).toMatch(/not UTF-8/);
    expect(await kindOf(zipSync({ "ppt/presentation.xml": strToU8("<p/>") }), "a.pptx")).toMatch(/refused/);
  });

  it("accepts only the configured kinds", async () => {
    expect(await kindOf(pdfBytes(), "report.pdf", ["pdf"])).toBe("pdf");
    expect(await kindOf(enc.encode("a,b\n1,2\n"), "a.csv", ["pdf", "docx"])).toBe(
      'refused: "a.csv" is CSV, which this service does not accept. Accepted: PDF or Word (.docx).',
    );
  });

  it("reads a file in chunks as it streams, UTF-8 split across them", async () => {
    const bytes = enc.encode("Café forum notes, twelve attendees");
    const s = new FileInspector("notes.txt", ["txt"]);
    s.push(bytes.slice(0, 4)); // "Caf" and the first byte of "é"
    s.push(bytes.slice(4));
    expect(await s.finish()).toMatchObject({ ok: true, kind: "txt" });
    const docx = await renderComplianceReport(makeComplianceReport());
    const z = new FileInspector("r.docx", ["docx"]);
    for (let i = 0; i < docx.length; i += 3) z.push(docx.slice(i, i + 3));
    expect(await z.finish()).toMatchObject({ ok: true, kind: "docx" });
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
