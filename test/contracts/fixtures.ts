// Shared set-up for the contract and evidence suites: an issued specification made through the API, a
// contract let on it, multipart bodies built byte by byte, and small real files of each accepted type.
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { expect } from "vitest";
import { minimalPdf } from "../../src/demo/pdf.js";
import type { Frequency } from "../../src/model/clause-schema.js";
import { parseClauseFile } from "../../src/services/clauses/library-file.js";
import { json, type makeTenant, signInSession } from "../factories.js";
import type { Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

export type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** A clock the suite moves by hand; hand `now: clock.now` to createHarness. */
export function makeClock(start: string) {
  let at = new Date(start);
  return {
    now: () => at,
    set(iso: string) {
      at = new Date(iso);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field, as a test reads them.
type Json = any;

export async function call(h: Harness, pathname: string, init: RequestInit = {}) {
  const res = await h.app.request(pathname, init);
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await res.json() : await res.text();
  return { status: res.status, body: body as Json, headers: res.headers };
}

/**
 * Test-only clauses of a commissioner's own, for the frequencies no library clause uses any more (a council's
 * own clause may still be monthly or evidenced each time something happens): MON-01 is GRP-01's content due
 * monthly, EVT-01 is GOV-04's content with one open-ended event log.
 */
const OWN_TEST_CLAUSES: Record<string, { from: string; frequency: Frequency }> = {
  "MON-01": { from: "GRP-01", frequency: "monthly" },
  "EVT-01": { from: "GOV-04", frequency: "per_event" },
};

function ownTestClause(key: string) {
  const spec = OWN_TEST_CLAUSES[key]!;
  const file = `${spec.from}.md`;
  const text = readFileSync(path.join(import.meta.dirname, "..", "..", "templates", "clauses", file), "utf8");
  const { content } = parseClauseFile(file, text);
  return { ...content, key, frequency: spec.frequency };
}

/** Creates and publishes the test-only own clauses among keys for the tenant's council, once. */
async function ensureOwnTestClauses(h: Harness, t: Tenant, keys: string[]) {
  for (const key of keys.filter((k) => k in OWN_TEST_CLAUSES)) {
    const created = await call(h, "/api/clauses", json(ownTestClause(key), t.commissioner.auth));
    expect([201, 409], `${key}: ${JSON.stringify(created.body)}`).toContain(created.status);
    const published = await call(h, `/api/clauses/${key}/versions/1/publish`, {
      method: "POST",
      headers: t.commissioner.auth,
    });
    expect([200, 409], `${key}: ${JSON.stringify(published.body)}`).toContain(published.status);
  }
}

/** Drafts, fills and issues a specification as the tenant's commissioner (MON-01 and EVT-01 made on first use). */
export async function issuedSpecification(
  h: Harness,
  t: Tenant,
  keys: string[],
  opts: { gracePeriodDays?: number; title?: string } = {},
) {
  const created = await call(
    h,
    "/api/specifications",
    json(
      {
        title: opts.title ?? "Community drug and alcohol treatment service",
        serviceName: "Recovery Together",
        contacts: SPEC_CONTACTS,
        ...(opts.gracePeriodDays !== undefined ? { gracePeriodDays: opts.gracePeriodDays } : {}),
      },
      t.commissioner.auth,
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  await ensureOwnTestClauses(h, t, keys);
  const put = await call(
    h,
    `/api/specifications/${id}/clauses`,
    json({ clauses: keys.map((key) => ({ key })) }, t.commissioner.auth, "PUT"),
  );
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return issued.body as { id: string; lineageId: string; version: number };
}

export async function letContract(
  h: Harness,
  t: Tenant,
  specificationId: string,
  overrides: Record<string, unknown> = {},
) {
  const res = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId,
        providerOrganisationId: t.provider.id,
        reference: `C-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
        ...overrides,
      },
      t.commissioner.auth,
    ),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reference: string; obligationCount: number };
}

export interface Obligation {
  id: string;
  clauseKey: string;
  period: string;
  periodStart: string;
  periodEnd: string | null;
  dueDate: string | null;
  status: string;
  verdict: string | null;
  latestSubmissionId: string | null;
}

export async function obligationsOf(
  h: Harness,
  auth: Record<string, string>,
  contractId: string,
  query = "",
) {
  const res = await call(h, `/api/contracts/${contractId}/obligations${query}`, { headers: auth });
  expect(res.status).toBe(200);
  return res.body.obligations as Obligation[];
}

export async function findObligation(
  h: Harness,
  auth: Record<string, string>,
  contractId: string,
  clauseKey: string,
  period: string,
) {
  const all = await obligationsOf(
    h,
    auth,
    contractId,
    `?clause=${clauseKey}&period=${encodeURIComponent(period)}`,
  );
  expect(all, `${clauseKey} ${period}`).toHaveLength(1);
  return all[0]!;
}

// --- multipart ---

export interface Part {
  name: string;
  value?: string;
  filename?: string;
  contentType?: string;
  data?: Uint8Array;
}

const enc = new TextEncoder();

export function multipart(parts: Part[]): { body: Uint8Array; contentType: string } {
  const boundary = `----withus${crypto.randomUUID().replace(/-/g, "")}`;
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += "\r\n";
    if (p.filename !== undefined) head += `Content-Type: ${p.contentType ?? "application/octet-stream"}\r\n`;
    head += "\r\n";
    chunks.push(enc.encode(head), p.data ?? enc.encode(p.value ?? ""), enc.encode("\r\n"));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function evidenceFields(overrides: Record<string, string> = {}): Part[] {
  return Object.entries({
    narrative: "Three anonymous routes ran all quarter; themes are in the attached report.",
    coveredFrom: "2026-04-01",
    coveredTo: "2026-06-30",
    noPersonalData: "true",
    ...overrides,
  }).map(([name, value]) => ({ name, value }));
}

export async function upload(h: Harness, auth: Record<string, string>, obligationId: string, parts: Part[]) {
  const { body, contentType } = multipart(parts);
  return call(h, `/api/obligations/${obligationId}/submissions`, {
    method: "POST",
    headers: { ...auth, "content-type": contentType },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

// --- small real files ---

/** A one-page PDF (the demo's builder) saying the text. */
export function pdfBytes(text = "Quarterly involvement report"): Uint8Array {
  return minimalPdf([text]);
}

/** A stored (uncompressed) zip of the given parts. */
function zipOf(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, strToU8(text)])), {
    level: 0,
    mtime: new Date(2026, 0, 1),
  });
}

/** A minimal spreadsheet Excel and LibreOffice open. */
export function xlsxBytes(): Uint8Array {
  return zipOf({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Routes" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml":
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Route</t></is></c><c r="B1" t="inlineStr"><is><t>Concerns</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Comments box</t></is></c><c r="B2"><v>14</v></c></row></sheetData></worksheet>',
  });
}

/** The start of a Windows executable, whatever it is called. */
export function exeBytes(): Uint8Array {
  const b = new Uint8Array(512);
  b.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  b.set(enc.encode("This program cannot be run in DOS mode."), 78);
  return b;
}

/** Every file under the suite's file store, including half-written ones. */
export async function storedFiles(h: Harness): Promise<string[]> {
  try {
    const entries = await readdir(path.join(h.dataDir, "files"), { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

// --- the web form ---

/** A signed-in browser: the session cookie and the CSRF token its forms carry. */
export async function webSession(h: Harness, email: string) {
  const s = await signInSession(h.app, email);
  return { cookie: s.cookie, csrf: s.csrfToken };
}

export type WebSession = Awaited<ReturnType<typeof webSession>>;

/** GET a page as that browser: the status and the HTML. */
export async function webPage(h: Harness, s: WebSession, pathname: string) {
  const res = await h.app.request(pathname, { headers: { cookie: s.cookie, accept: "text/html" } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The upload form's fields as a browser sends them (dates as day, month and year). */
export function webEvidenceFields(
  extra: Record<string, string> = {},
  covered: { from: string; to: string } = { from: "2026-04-01", to: "2026-06-30" },
): Part[] {
  const parts = (prefix: string, iso: string) => {
    const [y, m, d] = iso.split("-");
    return {
      [`${prefix}-day`]: String(Number(d)),
      [`${prefix}-month`]: String(Number(m)),
      [`${prefix}-year`]: y!,
    };
  };
  return Object.entries({
    narrative: "Routes log for the quarter.",
    ...parts("coveredFrom", covered.from),
    ...parts("coveredTo", covered.to),
    noPersonalData: "true",
    ...extra,
  }).map(([name, value]) => ({ name, value }));
}

/** POSTs the evidence form for an obligation as that browser, the CSRF token first as a page sends it. */
export async function webUpload(h: Harness, s: WebSession, obligationId: string, parts: Part[]) {
  const { body, contentType } = multipart([{ name: "_csrf", value: s.csrf }, ...parts]);
  const res = await h.app.request(`/obligations/${obligationId}/submit`, {
    method: "POST",
    headers: {
      cookie: s.cookie,
      accept: "text/html",
      origin: "http://localhost",
      "content-type": contentType,
      // As a browser sends it (app.request does not add it).
      "content-length": String(body.byteLength),
    },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The text of a page's HTML with the entities this app writes turned back into characters. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
