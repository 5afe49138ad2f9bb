// The acceptance story, over real HTTP as a new user would try it: a commissioner lets an issued specification
// to a provider; the provider sees only its own obligations and uploads a PDF and a spreadsheet (as a browser
// sends them, FormData over fetch); the reviewer asks for changes; the provider resubmits; the reviewer accepts;
// compliance and RAG move; both reports download, and LibreOffice opens them.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseCsv } from "../csv.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import { makeClock, pdfBytes, type Tenant, xlsxBytes } from "./fixtures.js";

const clock = makeClock("2026-08-15T09:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await h.close();
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field, as a test reads them.
type Json = any;

async function api(who: { auth: Record<string, string> }, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${base}/api${pathname}`, {
    method,
    headers: { ...who.auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
}

async function submitForm(
  obligationId: string,
  narrative: string,
  files: Array<[string, Uint8Array, string]>,
) {
  const form = new FormData();
  form.append("narrative", narrative);
  form.append("coveredFrom", "2026-04-01");
  form.append("coveredTo", "2026-06-30");
  form.append("noPersonalData", "true");
  form.append(
    "metrics",
    JSON.stringify({ anonymous_routes_live: 3, reprisal_reported_on_time_percent: 100 }),
  );
  for (const [name, bytes, type] of files)
    form.append("files", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  const res = await fetch(`${base}/api/obligations/${obligationId}/submissions`, {
    method: "POST",
    headers: t.providerUser.auth,
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

it("contract, evidence, review, resubmission, acceptance, compliance and reports, end to end", async () => {
  // The commissioner drafts and issues a specification, then lets it to the provider.
  const draft = await api(t.commissioner, "POST", "/specifications", {
    title: "Adult drug and alcohol treatment and recovery",
    serviceName: "Recovery Together",
    contacts: SPEC_CONTACTS,
  });
  await api(t.commissioner, "PUT", `/specifications/${draft.body.id}/clauses`, {
    clauses: [{ key: "FBK-02" }, { key: "GOV-01" }],
  });
  const issued = await api(t.commissioner, "POST", `/specifications/${draft.body.id}/issue`, {});
  expect(issued.status).toBe(200);
  const contract = await api(t.commissioner, "POST", "/contracts", {
    specificationId: draft.body.id,
    providerOrganisationId: t.provider.id,
    reference: "RT-2026-01",
    startDate: "2026-04-01",
    endDate: "2029-03-31",
  });
  expect(contract.status).toBe(201);
  expect(contract.body.obligationCount).toBe(15);
  // A contract for another council's provider, to check the provider cannot see it.
  const otherSpec = await api(other.commissioner, "POST", "/specifications", {
    title: "Elsewhere",
    serviceName: "Else",
    contacts: SPEC_CONTACTS,
  });
  await api(other.commissioner, "PUT", `/specifications/${otherSpec.body.id}/clauses`, {
    clauses: [{ key: "FBK-02" }],
  });
  await api(other.commissioner, "POST", `/specifications/${otherSpec.body.id}/issue`, {});
  const hidden = await api(other.commissioner, "POST", "/contracts", {
    specificationId: otherSpec.body.id,
    providerOrganisationId: other.provider.id,
    reference: "ELSE-1",
    startDate: "2026-04-01",
    endDate: "2027-03-31",
  });

  // The provider sees its own contract and obligations only.
  const mine = await api(t.providerUser, "GET", "/contracts");
  expect(mine.body.contracts.map((c: { reference: string }) => c.reference)).toEqual(["RT-2026-01"]);
  expect((await api(t.providerUser, "GET", `/contracts/${hidden.body.id}/obligations`)).status).toBe(404);
  const overdue = await api(
    t.providerUser,
    "GET",
    `/contracts/${contract.body.id}/obligations?status=overdue`,
  );
  expect(
    overdue.body.obligations.map((o: { clauseKey: string; period: string }) => `${o.clauseKey} ${o.period}`),
  ).toEqual(["FBK-02 2026-27 Q1"]);
  const ob = overdue.body.obligations[0];
  let summary = (await api(t.reviewer, "GET", `/contracts/${contract.body.id}/compliance`)).body.summary;
  expect(summary).toMatchObject({ percentCompliant: null, overdue: 1, rag: "amber" });

  // A PDF and a spreadsheet, as a browser sends them.
  const first = await submitForm(ob.id, "Three anonymous routes ran all quarter.", [
    ["Q1 speak-up report.pdf", pdfBytes(), "application/pdf"],
    ["routes.xlsx", xlsxBytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ]);
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  expect(first.body.files.map((f: { name: string; contentType: string }) => [f.name, f.contentType])).toEqual(
    [
      ["Q1 speak-up report.pdf", "application/pdf"],
      ["routes.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ],
  );
  const download = await fetch(`${base}/api/files/${first.body.files[1].id}`, { headers: t.reviewer.auth });
  expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''routes.xlsx");
  expect(new Uint8Array(await download.arrayBuffer())).toEqual(xlsxBytes());

  // The reviewer asks for changes; the provider resubmits; the reviewer accepts.
  const back = await api(t.reviewer, "POST", `/submissions/${first.body.id}/reviews`, {
    decision: "changes_requested",
    comment: "Please break the concerns down by route.",
  });
  expect(back.status).toBe(201);
  summary = (await api(t.reviewer, "GET", `/contracts/${contract.body.id}/compliance`)).body.summary;
  expect(summary).toMatchObject({ rag: "amber", counts: { changes_requested: 1 } });

  const second = await submitForm(ob.id, "Concerns by route are on the second sheet.", [
    ["Q1 speak-up report v2.pdf", pdfBytes("Version two"), "application/pdf"],
  ]);
  expect(second.status).toBe(201);
  expect(second.body.version).toBe(2);
  const accepted = await api(t.reviewer, "POST", `/submissions/${second.body.id}/reviews`, {
    decision: "accepted",
    verdict: "compliant",
  });
  expect(accepted.status).toBe(201);

  const after = (await api(t.providerUser, "GET", `/contracts/${contract.body.id}/compliance`)).body;
  expect(after.summary).toMatchObject({ percentCompliant: 100, assessed: 1, overdue: 0, rag: "green" });
  expect(after.clauses[0].periods[0]).toMatchObject({
    period: "2026-27 Q1",
    status: "accepted",
    verdict: "compliant",
  });
  const history = await api(t.providerUser, "GET", `/obligations/${ob.id}/submissions`);
  expect(
    history.body.submissions.map((s: { version: number; status: string }) => [s.version, s.status]),
  ).toEqual([
    [2, "accepted"],
    [1, "changes_requested"],
  ]);

  // Both reports download, and LibreOffice opens them.
  const docx = await fetch(`${base}/api/contracts/${contract.body.id}/compliance-report`, {
    headers: t.commissioner.auth,
  });
  const csv = await fetch(`${base}/api/contracts/${contract.body.id}/compliance-report?format=csv`, {
    headers: t.commissioner.auth,
  });
  expect([docx.status, csv.status]).toEqual([200, 200]);
  const { report } = await openInLibreOffice({ report: new Uint8Array(await docx.arrayBuffer()) });
  const reportText = report!.pages.join(" ");
  expect(reportText).toContain("RT-2026-01");
  expect(reportText).toContain("Overall rating: Green");
  expect(reportText).toContain("FBK-02");
  // LibreOffice Calc is not installed with the test tools (Writer only), so the CSV is read as Calc would read it.
  const rows = parseCsv(await csv.text());
  expect(rows).toHaveLength(1 + 15);
  expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
  expect(rows.find((r) => r[2] === "FBK-02" && r[5] === "2026-27 Q1")).toEqual([
    "RT-2026-01",
    "provider",
    "FBK-02",
    "Safe ways to speak up, with a no-reprisal pledge",
    "Quarterly",
    "2026-27 Q1",
    "2026-04-01",
    "2026-06-30",
    "2026-07-28",
    "accepted",
    "compliant",
    "",
    "0",
    "0",
    "0",
    "green",
  ]);
  // No user group is linked to this contract, so the views columns count none.
  expect(rows[0]!.slice(12, 15)).toEqual(["Views: agree", "Views: partly", "Views: disagree"]);
}, 300_000);
