// Every date a person reads is the date in England: at 00:30 on a summer night (BST, UTC+1) UTC's date is
// still yesterday, and the report's file name, a removed file's notice and a group's "views due by" date
// must not say so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowOf } from "../../src/middleware/context.js";
import { londonDate } from "../../src/model/dates.js";
import { viewsDueBy } from "../../src/model/involvement.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

/** 00:30 on 16 July 2026 in London; 23:30 on 15 July in UTC. */
const HALF_PAST_MIDNIGHT_BST = "2026-07-15T23:30:00Z";
const clock = makeClock(HALF_PAST_MIDNIGHT_BST);
let h: Harness;
let t: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["FBK-02"])).id;
});
afterAll(() => h.close());

describe("the clock at 00:30 on a summer night", () => {
  it("is the app's pinned clock, and its date is London's", () => {
    expect(nowOf({ now: clock.now }).toISOString()).toBe("2026-07-15T23:30:00.000Z");
    expect(londonDate(new Date(HALF_PAST_MIDNIGHT_BST))).toBe("2026-07-16");
    // Views are due a set number of days after the London day the evidence came in.
    expect(viewsDueBy(new Date(HALF_PAST_MIDNIGHT_BST), 14)).toBe("2026-07-30");
  });

  it("names the compliance report after London's date, as the API and the page both give it", async () => {
    const { id } = await letContract(h, t, specId, { reference: "LDN/1" });
    const api = await h.app.request(`/api/contracts/${id}/compliance-report?format=csv`, {
      headers: t.reviewer.auth,
    });
    expect(api.status).toBe(200);
    expect(api.headers.get("content-disposition")).toBe(
      'attachment; filename="compliance-LDN-1-2026-07-16.csv"',
    );
  });

  it("says a file removed at 00:30 was removed on the 16th", async () => {
    const contract = await letContract(h, t, specId);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const sent = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "forum-minutes.pdf", data: pdfBytes() },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const fileId = sent.body.files[0].id as string;
    const removed = await call(
      h,
      `/api/files/${fileId}/redact`,
      json({ reason: "It names a person who uses the service" }, t.reviewer.auth),
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const gone = await call(h, `/api/files/${fileId}`, { headers: t.reviewer.auth });
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toContain("removed on 16 July 2026");
  });
});
