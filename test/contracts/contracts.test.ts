// Letting contracts and their evidence schedules, through the API, on a pinned clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  obligationsOf,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

const KEYS = ["FBK-02", "GOV-02", "EVT-01", "ULR-01", "MON-01", "FBK-01", "GOV-01"];
const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let spec: { id: string; lineageId: string; version: number };

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  spec = await issuedSpecification(h, t, KEYS);
});
afterAll(() => h.close());

describe("letting a contract", () => {
  it("generates an obligation per clause per period, each with its status as of today", async () => {
    const contract = await letContract(h, t, spec.id, { reference: "NCC-2026-001" });
    // Quarterly 12, mobilisation and annually 4, per event 1, once per term 1, monthly 36, six-monthly 6,
    // annual 3.
    expect(contract.obligationCount).toBe(63);
    const all = await obligationsOf(h, t.commissioner.auth, contract.id);
    expect(all).toHaveLength(63);
    const q1 = all.find((o) => o.clauseKey === "FBK-02" && o.period === "2026-27 Q1")!;
    expect(q1).toMatchObject({
      contractId: contract.id,
      clauseKey: "FBK-02",
      clauseTitle: "Safe ways to speak up, with a no-reprisal pledge",
      periodStart: "2026-04-01",
      periodEnd: "2026-06-30",
      dueDate: "2026-07-28",
      status: "overdue",
      verdict: null,
    });
    const status = (key: string, period: string) =>
      all.find((o) => o.clauseKey === key && o.period === period)?.status;
    expect(status("FBK-02", "2026-27 Q2")).toBe("open");
    expect(status("FBK-02", "2026-27 Q3")).toBe("not_due");
    expect(status("GOV-02", "Mobilisation")).toBe("overdue");
    expect(status("ULR-01", "Whole term")).toBe("open");
    const log = all.find((o) => o.clauseKey === "EVT-01")!;
    expect(log).toMatchObject({ period: "Ongoing", periodEnd: null, dueDate: null, status: "open" });
    expect(all.filter((o) => o.clauseKey === "GOV-01").map((o) => o.period)).toEqual([
      "2026-27",
      "2027-28",
      "2028-29",
    ]);
  });

  it("filters obligations by status, clause and period", async () => {
    const contract = await letContract(h, t, spec.id);
    const overdue = await obligationsOf(h, t.providerUser.auth, contract.id, "?status=overdue");
    expect(overdue.map((o) => `${o.clauseKey} ${o.period}`).sort()).toEqual([
      "FBK-02 2026-27 Q1",
      "GOV-02 Mobilisation",
      "MON-01 Apr 2026",
      "MON-01 Jun 2026",
      "MON-01 May 2026",
    ]);
    expect(await obligationsOf(h, t.reviewer.auth, contract.id, "?clause=FBK-01")).toHaveLength(6);
    const q2 = await obligationsOf(
      h,
      t.reviewer.auth,
      contract.id,
      `?period=${encodeURIComponent("2026-27 Q2")}`,
    );
    expect(q2.map((o) => o.clauseKey)).toEqual(["FBK-02"]);
    const bad = await call(h, `/api/contracts/${contract.id}/obligations?status=late`, {
      headers: t.reviewer.auth,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("status");
  });

  it("statuses follow the clock: due on the due date, overdue the day after", async () => {
    const contract = await letContract(h, t, spec.id);
    try {
      clock.set("2026-07-28T22:30:00Z"); // 23:30 on 28 July in London
      expect((await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1")).status).toBe(
        "open",
      );
      clock.set("2026-07-28T23:30:00Z"); // 00:30 on 29 July in London
      expect((await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1")).status).toBe(
        "overdue",
      );
      clock.set("2026-03-31T12:00:00Z");
      expect((await findObligation(h, t.providerUser.auth, contract.id, "EVT-01", "Ongoing")).status).toBe(
        "not_due",
      );
    } finally {
      clock.set("2026-08-15T12:00:00Z");
    }
  });

  it("only an issued specification of your own can be contracted, to a provider organisation", async () => {
    const draft = await call(
      h,
      "/api/specifications",
      json({ title: "Draft spec", serviceName: "Svc", contacts: SPEC_CONTACTS }, t.commissioner.auth),
    );
    const base = { providerOrganisationId: t.provider.id, startDate: "2026-04-01", endDate: "2027-03-31" };
    const r1 = await call(
      h,
      "/api/contracts",
      json({ ...base, specificationId: draft.body.id, reference: "D-1" }, t.commissioner.auth),
    );
    expect(r1.status).toBe(409);
    expect(r1.body.detail).toMatch(/issue this draft first/);
    const r2 = await call(
      h,
      "/api/contracts",
      json(
        { ...base, specificationId: spec.id, reference: "D-2", providerOrganisationId: t.council.id },
        t.commissioner.auth,
      ),
    );
    expect(r2.status).toBe(422);
    expect(r2.body.errors).toEqual([
      { path: "providerOrganisationId", message: "must be a provider organisation" },
    ]);
    const r3 = await call(
      h,
      "/api/contracts",
      json(
        { ...base, specificationId: spec.id, reference: "D-3", endDate: "2026-03-01" },
        t.commissioner.auth,
      ),
    );
    expect(r3.status).toBe(422);
    expect(r3.body.errors[0].path).toBe("endDate");
    const r4 = await call(
      h,
      "/api/contracts",
      json({ ...base, specificationId: spec.id, reference: "D-4" }, other.commissioner.auth),
    );
    expect(r4.status).toBe(404);
    await letContract(h, t, spec.id, { reference: "DUP-1" });
    const r5 = await call(
      h,
      "/api/contracts",
      json({ ...base, specificationId: spec.id, reference: "DUP-1" }, t.commissioner.auth),
    );
    expect(r5.status).toBe(409);
  });

  it("the provider sees the contracts let to it and nothing else", async () => {
    const contract = await letContract(h, t, spec.id, { reference: "VISIBLE-1" });
    const mine = await call(h, "/api/contracts", { headers: t.providerUser.auth });
    expect(mine.body.contracts.map((c: { id: string }) => c.id)).toContain(contract.id);
    expect(
      mine.body.contracts.every(
        (c: { providerOrganisationId: string }) => c.providerOrganisationId === t.provider.id,
      ),
    ).toBe(true);
    const theirs = await call(h, "/api/contracts", { headers: other.providerUser.auth });
    expect(theirs.body.contracts).toEqual([]);
    const one = await call(h, `/api/contracts/${contract.id}`, { headers: t.providerUser.auth });
    expect(one.body).toMatchObject({
      reference: "VISIBLE-1",
      providerName: t.provider.name,
      commissionerName: t.council.name,
      specificationVersion: 1,
      reportingYearStart: 4,
      gracePeriodDays: 28,
    });
    // ... and the specification it was let on.
    expect((await call(h, `/api/specifications/${spec.id}`, { headers: t.providerUser.auth })).status).toBe(
      200,
    );
  });
});

describe("changing a contract regenerates the schedule around the evidence", () => {
  it("new dates move the present and future; evidence and ended periods stay as they were", async () => {
    const contract = await letContract(h, t, spec.id);
    const q1 = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const up = await upload(h, t.providerUser.auth, q1.id, [
      ...evidenceFields(),
      { name: "files", filename: "q1.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const mob = await findObligation(h, t.providerUser.auth, contract.id, "GOV-02", "Mobilisation");
    const waived = await call(
      h,
      `/api/obligations/${mob.id}/waive`,
      json({ reason: "Existing provider" }, t.reviewer.auth),
    );
    expect(waived.status).toBe(200);
    const before = await obligationsOf(h, t.reviewer.auth, contract.id);
    const fbkQ2 = before.find((o) => o.clauseKey === "FBK-02" && o.period === "2026-27 Q2")!;

    // On 15 August: start a month later (1 May) and finish a year earlier.
    const res = await call(
      h,
      `/api/contracts/${contract.id}`,
      json({ startDate: "2026-05-01", endDate: "2028-03-31" }, t.commissioner.auth, "PATCH"),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Kept: the evidenced quarter, the waiver, and April to July of the monthly clause (ended).
    expect(res.body.regeneration).toMatchObject({ kept: 6, alreadyEnded: 5 });
    const after = await obligationsOf(h, t.reviewer.auth, contract.id);
    const fbk = after.filter((o) => o.clauseKey === "FBK-02");
    expect(fbk[0]).toMatchObject({ id: q1.id, periodStart: "2026-04-01", status: "submitted" });
    // The current quarter is the same row; the schedule now ends in March 2028.
    expect(fbk[1]).toMatchObject({ id: fbkQ2.id, period: "2026-27 Q2" });
    expect(fbk).toHaveLength(8);
    expect(fbk.at(-1)).toMatchObject({ period: "2027-28 Q4", periodEnd: "2028-03-31" });
    expect(after.find((o) => o.clauseKey === "GOV-02")).toMatchObject({
      id: mob.id,
      status: "not_applicable",
    });
    const months = after.filter((o) => o.clauseKey === "MON-01");
    expect(months.slice(0, 5).map((o) => `${o.period} ${o.status}`)).toEqual([
      "Apr 2026 overdue",
      "May 2026 overdue",
      "Jun 2026 overdue",
      "Jul 2026 open",
      "Aug 2026 open",
    ]);
    expect(months.at(-1)!.period).toBe("Mar 2028");
    expect(after.find((o) => o.clauseKey === "ULR-01")).toMatchObject({
      periodStart: "2026-05-01",
      periodEnd: "2028-03-31",
      dueDate: "2028-04-28",
    });

    const audit = await call(h, `/api/audit?entityType=contract&entityId=${contract.id}`, {
      headers: t.admin.auth,
    });
    const regen = audit.body.events.find((e: { action: string }) => e.action === "contract.regenerate");
    expect(regen.after).toMatchObject({ startDate: "2026-05-01", endDate: "2028-03-31", kept: 6 });
    expect(regen.before).toMatchObject({ startDate: "2026-04-01", endDate: "2029-03-31" });
  });

  it("moving to a revised specification adds new clauses from now on, keeps evidence and history", async () => {
    const own = await issuedSpecification(h, t, ["FBK-02", "MON-01"], { title: "Revisable spec" });
    const contract = await letContract(h, t, own.id);
    const month = await findObligation(h, t.providerUser.auth, contract.id, "MON-01", "Apr 2026");
    const up = await upload(h, t.providerUser.auth, month.id, [
      ...evidenceFields({ coveredTo: "2026-04-30" }),
      { name: "files", filename: "april.pdf", data: pdfBytes() },
    ]);
    expect(up.status).toBe(201);

    const draft = await call(
      h,
      `/api/specifications/${own.id}/revisions`,
      json({ note: "Swap groups for pay" }, t.commissioner.auth),
    );
    expect(draft.status).toBe(201);
    await call(
      h,
      `/api/specifications/${draft.body.id}/clauses`,
      json({ clauses: [{ key: "FBK-02" }, { key: "PAY-01" }] }, t.commissioner.auth, "PUT"),
    );
    expect(
      (await call(h, `/api/specifications/${draft.body.id}/issue`, json({}, t.commissioner.auth))).status,
    ).toBe(200);

    const res = await call(
      h,
      `/api/contracts/${contract.id}`,
      json({ specificationId: draft.body.id }, t.commissioner.auth, "PATCH"),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Kept: MON-01 April (evidence), May to July (ended) and FBK-02 Q1 (ended). PAY-01's first quarter has
    // already ended, so it starts from Q2. MON-01 from August on goes.
    expect(res.body).toMatchObject({
      specificationVersion: 2,
      regeneration: { kept: 5, added: 11, removed: 32, alreadyEnded: 2, unchanged: 11 },
    });
    const after = await obligationsOf(h, t.reviewer.auth, contract.id);
    expect(after.filter((o) => o.clauseKey === "MON-01").map((o) => o.period)).toEqual([
      "Apr 2026",
      "May 2026",
      "Jun 2026",
      "Jul 2026",
    ]);
    expect(after.find((o) => o.clauseKey === "MON-01")!.id).toBe(month.id);
    const pay = after.filter((o) => o.clauseKey === "PAY-01");
    expect(pay).toHaveLength(11);
    expect(pay[0]).toMatchObject({ period: "2026-27 Q2", status: "open" });

    const back = await call(
      h,
      `/api/contracts/${contract.id}`,
      json({ specificationId: own.id }, t.commissioner.auth, "PATCH"),
    );
    expect(back.status).toBe(409);
    const elsewhere = await call(
      h,
      `/api/contracts/${contract.id}`,
      json({ specificationId: spec.id }, t.commissioner.auth, "PATCH"),
    );
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors[0].path).toBe("specificationId");
  });

  it("only the commissioner changes a contract, and only its own", async () => {
    const contract = await letContract(h, t, spec.id);
    const body = { reference: "RENAMED" };
    expect(
      (await call(h, `/api/contracts/${contract.id}`, json(body, t.reviewer.auth, "PATCH"))).status,
    ).toBe(403);
    expect(
      (await call(h, `/api/contracts/${contract.id}`, json(body, t.providerUser.auth, "PATCH"))).status,
    ).toBe(403);
    expect(
      (await call(h, `/api/contracts/${contract.id}`, json(body, other.commissioner.auth, "PATCH"))).status,
    ).toBe(404);
    const ok = await call(h, `/api/contracts/${contract.id}`, json(body, t.commissioner.auth, "PATCH"));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ reference: "RENAMED", regeneration: null });
  });
});
