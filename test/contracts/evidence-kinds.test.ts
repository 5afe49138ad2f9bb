// The kinds of evidence file accepted are configuration (EVIDENCE_FILE_TYPES): a service that takes only
// some of them refuses the rest with 415 naming what it does take, in the API and on the upload page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../src/env.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pageText,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
  webEvidenceFields,
  webPage,
  webSession,
  webUpload,
  xlsxBytes,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now, config: { EVIDENCE_FILE_TYPES: "pdf, CSV" } });
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["FBK-02"])).id;
});
afterAll(() => h.close());

async function freshObligation() {
  const contract = await letContract(h, t, specId);
  return findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
}

describe("EVIDENCE_FILE_TYPES", () => {
  it("names only kinds WithUs knows", () => {
    expect(() => parseEnv({ EVIDENCE_FILE_TYPES: "pdf,exe" })).toThrow(ConfigError);
    expect(() => parseEnv({ EVIDENCE_FILE_TYPES: "pdf,exe" })).toThrow(/EVIDENCE_FILE_TYPES/);
    expect(parseEnv({ EVIDENCE_FILE_TYPES: " PDF,csv,pdf " }).EVIDENCE_FILE_TYPES).toEqual(["pdf", "csv"]);
  });

  it("the API takes the configured kinds and refuses the others with 415 naming what it takes", async () => {
    const ob = await freshObligation();
    const before = await storedFiles(h);
    const refused = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "report.pdf", data: pdfBytes() },
      { name: "files", filename: "routes.xlsx", data: xlsxBytes() },
    ]);
    expect(refused.status).toBe(415);
    expect(refused.body.detail).toBe(
      '"routes.xlsx" is Excel (.xlsx), which this service does not accept. Accepted: PDF or CSV.',
    );
    expect(await storedFiles(h)).toEqual(before);
    const taken = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "routes.csv", data: new TextEncoder().encode("route,count\nbox,3\n") },
    ]);
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
  });

  it("the upload page says which kinds it takes, and refuses the others saying so", async () => {
    const ob = await freshObligation();
    const s = await webSession(h, t.providerUser.email);
    const form = await webPage(h, s, `/obligations/${ob.id}`);
    expect(pageText(form.html)).toContain("Accepted: PDF or CSV.");
    const before = await storedFiles(h);
    const res = await webUpload(h, s, ob.id, [
      ...webEvidenceFields(),
      { name: "files", filename: "routes.xlsx", data: xlsxBytes() },
    ]);
    expect(res.status).toBe(415);
    expect(pageText(res.html)).toContain(
      '"routes.xlsx" is Excel (.xlsx), which this service does not accept. Accepted: PDF or CSV.',
    );
    expect(await storedFiles(h)).toEqual(before);
  });
});
