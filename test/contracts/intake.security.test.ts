// Evidence intake tried as an attacker and as a careless user, through the API and the web form, with a
// real ClamAV daemon scanning every file: each refusal leaves nothing in the store or the database.

import { and, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, submissionFiles, submissions } from "../../src/db/schema/index.js";
import { clamdScanner, type MalwareScanner } from "../../src/lib/clamd.js";
import { type Clamd, EICAR, startClamd } from "../clamd.js";
import { makeTenant, PASSWORD } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  multipart,
  type Part,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
  xlsxBytes,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let clamd: Clamd;
let specId: string;
/** Where the scanner the app uses sends its bytes; a test points it at a closed port. */
let scannerUrl = "";

const scanner: MalwareScanner = {
  start: () => clamdScanner(scannerUrl, { timeoutMs: 5000 }).start(),
  ping: () => clamdScanner(scannerUrl, { timeoutMs: 5000 }).ping(),
};

beforeAll(async () => {
  clamd = await startClamd();
  scannerUrl = clamd.url;
  h = await createHarness({ now: clock.now, scanner, config: { CLAMAV_URL: clamd.url } });
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["FBK-02"])).id;
}, 120_000);
afterAll(async () => {
  await h?.close();
  await clamd?.stop();
});

async function freshObligation() {
  const contract = await letContract(h, t, specId);
  return findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
}

/** Files in the store before a test, so it can check a refusal added none. */
let before: string[] = [];
beforeEach(async () => {
  before = await storedFiles(h);
});

async function nothingKept(obligationId: string) {
  expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, obligationId))).toEqual([]);
  expect(await storedFiles(h)).toEqual(before);
}

const enc = new TextEncoder();
const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const docx = (main: string, extra: Record<string, string> = {}) =>
  zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8("<w:document/>"),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });

/** An Excel workbook whose main part says it carries macros (.xlsm), with the macros' part. */
const xlsm = () =>
  zipSync({
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    "xl/workbook.xml": strToU8("<workbook/>"),
  });

/** A compound (OLE) file, as legacy Word and Excel files are, naming the given stream. */
function ole(stream: string): Uint8Array {
  const b = new Uint8Array(2048);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  for (const [n, name] of ["Root Entry", stream].entries()) {
    for (let i = 0; i < name.length; i++) b[1024 + n * 128 + i * 2] = name.charCodeAt(i);
  }
  return b;
}

/** One file of every kind WithUs accepts by default (EVIDENCE_FILE_TYPES), named as it should be. */
const everyKind = (): Part[] =>
  [
    ["report.pdf", pdfBytes()],
    ["minutes.docx", docx(WORD_MAIN)],
    ["routes.xlsx", xlsxBytes()],
    ["old minutes.doc", ole("WordDocument")],
    ["old routes.xls", ole("Workbook")],
    ["routes.csv", enc.encode("route,count\nbox,3\n")],
    ["notes.txt", enc.encode("Forum notes: twelve attended.\n")],
    [
      "chart.png",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    ],
    ["photo.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0])],
  ].map(([filename, data]) => ({ name: "files", filename: filename as string, data: data as Uint8Array }));

const EVERY_KIND_TYPES = {
  "report.pdf": "application/pdf",
  "minutes.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "routes.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "old minutes.doc": "application/msword",
  "old routes.xls": "application/vnd.ms-excel",
  "routes.csv": "text/csv; charset=utf-8",
  "notes.txt": "text/plain; charset=utf-8",
  "chart.png": "image/png",
  "photo.jpg": "image/jpeg",
};

describe("through the API, with ClamAV scanning", () => {
  const attacks: Array<[string, string, Uint8Array, number, RegExp]> = [
    [
      "a ZIP with word/document.xml and a program",
      "report.docx",
      docx(WORD_MAIN, { "setup.exe": "MZ" }),
      415,
      /setup\.exe/,
    ],
    [
      "an HTML page named .txt",
      "notes.txt",
      enc.encode("<html><body><script>fetch('//evil.example')</script></body></html>"),
      415,
      /web page, markup or a script/,
    ],
    [
      "an HTML application",
      "report.hta",
      enc.encode('<hta:application id="x"/><script>1</script>'),
      415,
      /Accepted/,
    ],
    [
      "a VBScript named .txt, after a line of notes",
      "notes.txt",
      enc.encode('Forum notes\r\nSet s = CreateObject("WScript.Shell")\r\ns.Run "calc"\r\n'),
      415,
      /web page, markup or a script/,
    ],
    [
      "a PowerShell command named .csv",
      "routes.csv",
      enc.encode("route,count\npowershell -nop -w hidden -EncodedCommand SQBFAFgA,1\n"),
      415,
      /web page, markup or a script/,
    ],
    ["a batch file", "run.bat", enc.encode("@echo off\r\nformat c:\r\n"), 415, /Accepted/],
    [
      "a JavaScript file",
      "report.js",
      enc.encode("WScript.CreateObject('WScript.Shell').Run('calc')"),
      415,
      /web page, markup or a script/,
    ],
    ["a JavaScript file by its name", "report.js", enc.encode("var n = 1;\n"), 415, /must end \.txt/],
    [
      "a macro-enabled Word file",
      "letter.docm",
      docx("application/vnd.ms-word.document.macroEnabled.main+xml"),
      415,
      /macro-enabled/,
    ],
    ["a macro-enabled Excel file", "routes.xlsm", xlsm(), 415, /macro-enabled/],
    [
      "a PDF renamed .docx (refused, not renamed)",
      "report.docx",
      pdfBytes(),
      415,
      /is PDF, so its name must end \.pdf/,
    ],
    ["the EICAR test file, named .txt", "eicar.txt", EICAR, 422, /contains malware: Test\.EICAR/],
  ];
  for (const [what, name, bytes, status, message] of attacks) {
    it(`refuses ${what}; nothing is kept`, async () => {
      const ob = await freshObligation();
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields(),
        { name: "files", filename: "fine.pdf", data: pdfBytes() },
        { name: "files", filename: name, data: bytes },
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(JSON.stringify(res.body)).toMatch(message);
      await nothingKept(ob.id);
    });
  }

  it("accepts every allowed kind, scanned clean, each with its detected type", async () => {
    const ob = await freshObligation();
    const res = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields(), ...everyKind()]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(
      Object.fromEntries(
        res.body.files.map((f: { name: string; contentType: string }) => [f.name, f.contentType]),
      ),
    ).toEqual(EVERY_KIND_TYPES);
  });

  it("records malware in the audit log, with the finding and no file", async () => {
    const ob = await freshObligation();
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "eicar.pdf", data: EICAR },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: "files", message: '"eicar.pdf" contains malware: Test.EICAR.UNOFFICIAL' },
    ]);
    const [event] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "file.malware_refused"), eq(auditEvents.entityId, ob.id)));
    expect(event?.after).toMatchObject({ name: "eicar.pdf", finding: "Test.EICAR.UNOFFICIAL", size: 68 });
    await nothingKept(ob.id);
  });

  it("fails closed: with the scanner unreachable, 503 and nothing kept", async () => {
    const ob = await freshObligation();
    scannerUrl = "tcp://127.0.0.1:9";
    try {
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields(),
        { name: "files", filename: "report.pdf", data: pdfBytes() },
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.body.detail).toMatch(/virus scanner cannot be reached/);
    } finally {
      scannerUrl = clamd.url;
    }
    await nothingKept(ob.id);
  });

  it("checks the fields before any file: no confirmation about personal data, nothing stored", async () => {
    const ob = await freshObligation();
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ noPersonalData: "" }),
      { name: "files", filename: "report.pdf", data: pdfBytes() },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        path: "noPersonalData",
        message: "confirm that the evidence does not identify anyone who uses the service",
      },
    ]);
    await nothingKept(ob.id);
    expect(await h.db.select().from(submissionFiles)).not.toContainEqual(
      expect.objectContaining({ name: "report.pdf", submissionId: ob.id }),
    );
  });
});

describe("through the web form", () => {
  async function session() {
    const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email: t.providerUser.email, password: PASSWORD }).toString(),
    });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const home = await h.app.request(res.headers.get("location")!, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!;
    return { cookie, csrf };
  }

  async function post(obligationId: string, parts: Part[]) {
    const s = await session();
    const { body, contentType } = multipart([{ name: "_csrf", value: s.csrf }, ...parts]);
    return call(h, `/obligations/${obligationId}/submit`, {
      method: "POST",
      headers: {
        cookie: s.cookie,
        accept: "text/html",
        origin: "http://localhost",
        "content-type": contentType,
      },
      body: body as Uint8Array<ArrayBuffer>,
    });
  }

  const webFields = (extra: Record<string, string> = {}): Part[] =>
    Object.entries({
      narrative: "Routes log for the quarter.",
      "coveredFrom-day": "1",
      "coveredFrom-month": "4",
      "coveredFrom-year": "2026",
      "coveredTo-day": "30",
      "coveredTo-month": "6",
      "coveredTo-year": "2026",
      noPersonalData: "true",
      ...extra,
    }).map(([name, value]) => ({ name, value }));

  it("the EICAR file: the page names the finding, nothing is kept", async () => {
    const ob = await freshObligation();
    const res = await post(ob.id, [...webFields(), { name: "files", filename: "eicar.txt", data: EICAR }]);
    expect(res.status).toBe(422);
    expect(res.body).toContain("contains malware: Test.EICAR.UNOFFICIAL");
    await nothingKept(ob.id);
  });

  it("a PDF named .docx: the page says what it is, nothing is kept", async () => {
    const ob = await freshObligation();
    const res = await post(ob.id, [
      ...webFields(),
      { name: "files", filename: "report.docx", data: pdfBytes() },
    ]);
    expect(res.status).toBe(415);
    expect(res.body).toContain("is PDF, so its name must end .pdf");
    await nothingKept(ob.id);
  });

  it("without the personal-data confirmation: the box is marked, nothing is kept", async () => {
    const ob = await freshObligation();
    const res = await post(ob.id, [
      ...webFields({ noPersonalData: "" }),
      { name: "files", filename: "report.pdf", data: pdfBytes() },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toContain("Confirm that the evidence does not identify anyone who uses the service");
    await nothingKept(ob.id);
  });

  it("with the scanner unreachable: the form again with a 503 saying why, what was typed kept, nothing stored", async () => {
    const ob = await freshObligation();
    scannerUrl = "tcp://127.0.0.1:9";
    let res: Awaited<ReturnType<typeof post>>;
    try {
      res = await post(ob.id, [...webFields(), { name: "files", filename: "report.pdf", data: pdfBytes() }]);
    } finally {
      scannerUrl = clamd.url;
    }
    expect(res.status).toBe(503);
    expect(res.body).toContain("The virus scanner cannot be reached");
    expect(res.body).toContain("Routes log for the quarter.");
    expect(res.body).toContain("choose your file again: report.pdf");
    await nothingKept(ob.id);
  });

  it("every allowed kind is kept", async () => {
    const ob = await freshObligation();
    const res = await post(ob.id, [...webFields(), ...everyKind()]);
    expect(res.status, res.body).toBe(303);
    const [s] = await h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id));
    const files = await h.db.select().from(submissionFiles).where(eq(submissionFiles.submissionId, s!.id));
    expect(Object.fromEntries(files.map((f) => [f.name, f.contentType]))).toEqual(EVERY_KIND_TYPES);
  });

  it("a clean PDF is kept", async () => {
    const ob = await freshObligation();
    const res = await post(ob.id, [
      ...webFields(),
      { name: "files", filename: "report.pdf", data: pdfBytes() },
    ]);
    expect(res.status).toBe(303);
    expect(await storedFiles(h)).toHaveLength(before.length + 1);
  });
});
