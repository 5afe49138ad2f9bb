// When evidence can be handed in: from the start of its period until the contract's end plus its grace
// period (409 after), and the dates it covers must overlap the obligation's period, lie within the contract
// and end no later than the period's due date (422 at the field otherwise, through the API and the form).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissions } from "../../src/db/schema/index.js";
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
  specId = (await issuedSpecification(h, t, ["FBK-02"], { gracePeriodDays: 28 })).id;
});
afterAll(() => h.close());

const file = { name: "files", filename: "report.pdf", data: pdfBytes() };

describe("evidence dates", () => {
  it("a contract that ended more than its grace period ago takes no evidence (409), and keeps nothing", async () => {
    const contract = await letContract(h, t, specId, { startDate: "2026-04-01", endDate: "2026-06-30" });
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    clock.set("2026-07-28T12:00:00Z");
    const inGrace = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields(), file]);
    expect(inGrace.status, JSON.stringify(inGrace.body)).toBe(201);

    const later = await letContract(h, t, specId, { startDate: "2026-04-01", endDate: "2026-06-30" });
    const ob2 = await findObligation(h, t.providerUser.auth, later.id, "FBK-02", "2026-27 Q1");
    clock.set("2026-07-29T12:00:00Z");
    const before = await storedFiles(h);
    const res = await upload(h, t.providerUser.auth, ob2.id, [...evidenceFields(), file]);
    clock.set("2026-08-15T12:00:00Z");
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      "The contract ended on 30 June 2026, and evidence could be handed in until 28 July 2026. It can no longer take evidence.",
    );
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, ob2.id))).toEqual([]);
    expect(await storedFiles(h)).toEqual(before);
  });

  it("dates covered that miss the obligation's period are a 422 at coveredFrom", async () => {
    const contract = await letContract(h, t, specId);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    for (const [from, to] of [
      ["1900-01-01", "1900-12-31"],
      ["2026-07-01", "2200-12-31"],
    ] as const) {
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({ coveredFrom: from, coveredTo: to }),
        file,
      ]);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        {
          path: "coveredFrom",
          message:
            "must overlap this obligation's period, 1 April 2026 to 30 June 2026: the dates covered fall outside it",
        },
      ]);
    }
    // Overlapping at one end is enough (up to the due date, 28 days after the period).
    expect(ob.dueDate).toBe("2026-07-28");
    const ok = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ coveredFrom: "2026-06-30", coveredTo: "2026-07-28" }),
      file,
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it("dates covered before the contract began are a 422 at coveredFrom, and nothing is kept", async () => {
    const contract = await letContract(h, t, specId);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const before = await storedFiles(h);
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ coveredFrom: "2026-03-01", coveredTo: "2026-06-30" }),
      file,
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: "coveredFrom", message: "must be on or after the day the contract began, 1 April 2026" },
    ]);
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toEqual([]);
    expect(await storedFiles(h)).toEqual(before);
  });

  it("dates covered after the period's due date are a 422 at coveredTo", async () => {
    const contract = await letContract(h, t, specId);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    for (const to of ["2026-07-29", "2027-03-31", "2028-12-31"]) {
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({ coveredFrom: "2026-04-01", coveredTo: to }),
        file,
      ]);
      expect(res.status, to).toBe(422);
      expect(res.body.errors, to).toEqual([
        { path: "coveredTo", message: "must be on or before this period's due date, 28 July 2026" },
      ]);
    }
  });

  it("dates covered after the contract ended are a 422 at coveredTo, even before the due date", async () => {
    const contract = await letContract(h, t, specId, { startDate: "2026-04-01", endDate: "2026-06-30" });
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    expect(ob.dueDate).toBe("2026-07-28");
    clock.set("2026-07-20T12:00:00Z");
    try {
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({ coveredFrom: "2026-04-01", coveredTo: "2026-07-10" }),
        file,
      ]);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { path: "coveredTo", message: "must be on or before the day the contract ends, 30 June 2026" },
      ]);
      const ok = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields(), file]);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    } finally {
      clock.set("2026-08-15T12:00:00Z");
    }
  });

  it("the upload form says the same at the fields, and keeps nothing", async () => {
    const contract = await letContract(h, t, specId);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const s = await webSession(h, t.providerUser.email);
    const before = await storedFiles(h);
    const early = await webUpload(h, s, ob.id, [
      ...webEvidenceFields({}, { from: "2026-03-01", to: "2026-06-30" }),
      file,
    ]);
    expect(early.status).toBe(422);
    expect(early.html).toContain("govuk-error-summary");
    expect(pageText(early.html)).toContain(
      "The start of the period covered must be on or after the day the contract began, 1 April 2026",
    );
    expect(early.html).toMatch(/href="#coveredFrom/);
    const late = await webUpload(h, s, ob.id, [
      ...webEvidenceFields({}, { from: "2026-04-01", to: "2026-08-31" }),
      file,
    ]);
    expect(late.status).toBe(422);
    expect(pageText(late.html)).toContain(
      "The end of the period covered must be on or before this period's due date, 28 July 2026",
    );
    expect(late.html).toMatch(/href="#coveredTo/);
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toEqual([]);
    expect(await storedFiles(h)).toEqual(before);
  });
});
