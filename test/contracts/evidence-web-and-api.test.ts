// The evidence form and the API are one pipeline: the same parser reads both, and the evidence service
// alone judges the fields and keeps the files. So the same file is stored with the same SHA-256 either
// way, and the same bad input is refused at the same fields, for the same reasons.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissionFiles, submissions } from "../../src/db/schema/index.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  type Part,
  pageText,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
  webEvidenceFields,
  webSession,
  webUpload,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["FBK-02"])).id;
});
afterAll(() => h.close());

async function freshObligation() {
  const contract = await letContract(h, t, specId);
  return findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("the same file through the web form and the API", () => {
  it("is stored with the same SHA-256, size and type", async () => {
    const bytes = pdfBytes("Routes log, quarter one");
    const [viaApi, viaWeb] = [await freshObligation(), await freshObligation()];
    const api = await upload(h, t.providerUser.auth, viaApi.id, [
      ...evidenceFields(),
      { name: "files", filename: "routes.pdf", data: bytes },
    ]);
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    const s = await webSession(h, t.providerUser.email);
    const web = await webUpload(h, s, viaWeb.id, [
      ...webEvidenceFields(),
      { name: "files", filename: "routes.pdf", data: bytes },
    ]);
    expect(web.status, pageText(web.html).slice(0, 2000)).toBe(303);

    const stored = async (obligationId: string) => {
      const [sub] = await h.db.select().from(submissions).where(eq(submissions.obligationId, obligationId));
      const files = await h.db
        .select()
        .from(submissionFiles)
        .where(eq(submissionFiles.submissionId, sub!.id));
      expect(files).toHaveLength(1);
      const { name, size, sha256, contentType } = files[0]!;
      return { name, size, sha256, contentType };
    };
    const a = await stored(viaApi.id);
    const w = await stored(viaWeb.id);
    expect(a).toEqual({
      name: "routes.pdf",
      size: bytes.byteLength,
      sha256: sha256(bytes),
      contentType: "application/pdf",
    });
    expect(w).toEqual(a);
    expect(api.body.files[0].sha256).toBe(sha256(bytes));
  });
});

describe("the same bad input through the web form and the API", () => {
  /** The form's field id for each API error path, as the page places them. */
  const fieldOf = (path: string) =>
    path.startsWith("metrics/") ? `metric-${path.slice("metrics/".length)}` : path;
  const cases: Array<{ what: string; api: Record<string, string>; web: Record<string, string> }> = [
    { what: "no description", api: { narrative: "" }, web: { narrative: "" } },
    { what: "no personal-data confirmation", api: { noPersonalData: "" }, web: { noPersonalData: "" } },
    {
      what: "a period that ends before it starts",
      api: { coveredFrom: "2026-06-30", coveredTo: "2026-04-01" },
      web: {
        "coveredFrom-day": "30",
        "coveredFrom-month": "6",
        "coveredTo-day": "1",
        "coveredTo-month": "4",
      },
    },
    {
      what: "dates outside the obligation's period",
      api: { coveredFrom: "2025-01-01", coveredTo: "2025-01-31" },
      web: {
        "coveredFrom-day": "1",
        "coveredFrom-month": "1",
        "coveredFrom-year": "2025",
        "coveredTo-day": "31",
        "coveredTo-month": "1",
        "coveredTo-year": "2025",
      },
    },
    {
      what: "figures that cannot be kept",
      api: {
        metrics: JSON.stringify({ anonymous_routes_live: "-5", reprisal_reported_on_time_percent: "101%" }),
      },
      web: { "metric-anonymous_routes_live": "-5", "metric-reprisal_reported_on_time_percent": "101%" },
    },
    {
      what: "a figure that is not a number, and a part count",
      api: {
        metrics: JSON.stringify({ anonymous_routes_live: "2.5", reprisal_reported_on_time_percent: "many" }),
      },
      web: { "metric-anonymous_routes_live": "2.5", "metric-reprisal_reported_on_time_percent": "many" },
    },
    {
      what: "everything at once",
      api: { narrative: "", noPersonalData: "", metrics: JSON.stringify({ anonymous_routes_live: "x" }) },
      web: { narrative: "", noPersonalData: "", "metric-anonymous_routes_live": "x" },
    },
  ];
  const withoutEmpty = (parts: Part[]) => parts.filter((p) => p.filename || p.value !== "");

  it.each(cases)("$what: the same fields refused for the same reasons, and nothing kept", async (c) => {
    const ob = await freshObligation();
    const before = await storedFiles(h);
    const file: Part = { name: "files", filename: "report.pdf", data: pdfBytes() };
    const api = await upload(h, t.providerUser.auth, ob.id, [...withoutEmpty(evidenceFields(c.api)), file]);
    expect(api.status).toBe(422);
    const errors = api.body.errors as Array<{ path: string; message: string }>;
    expect(errors.length).toBeGreaterThan(0);

    const s = await webSession(h, t.providerUser.email);
    const web = await webUpload(h, s, ob.id, [...withoutEmpty(webEvidenceFields(c.web)), file]);
    expect(web.status).toBe(422);
    const shownAt = [...web.html.matchAll(/id="([\w-]+)-error"/g)]
      .map((m) => m[1]!)
      .filter((id) => id !== "files");
    expect(new Set(shownAt)).toEqual(new Set(errors.map((e) => fieldOf(e.path))));
    // The reasons are the service's own (the page words the required ones and the dates its own way).
    const text = pageText(web.html);
    for (const e of errors.filter(
      (x) => ["noPersonalData", "coveredFrom"].includes(x.path) || x.path.startsWith("metrics/"),
    )) {
      expect(text.toLowerCase()).toContain(e.message.toLowerCase());
    }
    expect(text).toContain("Nothing was saved, so choose your file again: report.pdf");
    expect(await storedFiles(h)).toEqual(before);
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toHaveLength(0);
  });

  it("figures typed as people type them are kept as numbers, through either", async () => {
    const [viaApi, viaWeb] = [await freshObligation(), await freshObligation()];
    const api = await upload(h, t.providerUser.auth, viaApi.id, [
      ...evidenceFields({
        metrics: JSON.stringify({ anonymous_routes_live: "1,250", reprisal_reported_on_time_percent: "85%" }),
      }),
    ]);
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    const s = await webSession(h, t.providerUser.email);
    const web = await webUpload(h, s, viaWeb.id, [
      ...webEvidenceFields({
        "metric-anonymous_routes_live": "1,250",
        "metric-reprisal_reported_on_time_percent": "85%",
      }),
    ]);
    expect(web.status).toBe(303);
    const metricsOf = async (id: string) =>
      (await h.db.select().from(submissions).where(eq(submissions.obligationId, id)))[0]!.metrics;
    expect(await metricsOf(viaApi.id)).toEqual({
      anonymous_routes_live: 1250,
      reprisal_reported_on_time_percent: 85,
    });
    expect(await metricsOf(viaWeb.id)).toEqual(await metricsOf(viaApi.id));
  });
});
