// The API and the web form follow one rule for when evidence can be handed in: from the first day of the
// obligation's period until the contract's end plus its grace period. On each boundary day the page shows
// the form exactly when the API would take the evidence; otherwise the page says why and shows no form,
// and both the API (409, problem+json) and the form's POST (409, the page again) give the same reason.
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
  webPage,
  webSession,
  webUpload,
} from "./fixtures.js";

const clock = makeClock("2026-05-01T12:00:00Z");
let h: Harness;
let t: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["FBK-02"], { gracePeriodDays: 28 })).id;
});
afterAll(() => h.close());

/** The second quarter's obligation of a new contract that ends with that quarter, on 30 September 2026. */
async function secondQuarter() {
  clock.set("2026-05-01T12:00:00Z");
  const contract = await letContract(h, t, specId, { startDate: "2026-04-01", endDate: "2026-09-30" });
  return findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q2");
}

const covered = { coveredFrom: "2026-07-01", coveredTo: "2026-09-30" };
const file = { name: "files", filename: "report.pdf", data: pdfBytes() };
const hasForm = (html: string, id: string) => html.includes(`action="/obligations/${id}/submit"`);

const NOT_YET = "This period starts on 1 July 2026. You can submit evidence from then.";
const ENDED =
  "The contract ended on 30 September 2026, and evidence could be handed in until 28 October 2026. It can no longer take evidence.";

const days: Array<[string, string, string | null]> = [
  ["the day before the period starts", "2026-06-30", NOT_YET],
  ["the period's first day", "2026-07-01", null],
  ["the contract's last day", "2026-09-30", null],
  ["the last day of the grace period", "2026-10-28", null],
  ["the day after the grace period", "2026-10-29", ENDED],
];

describe("when evidence can be handed in: the page, the form and the API agree", () => {
  for (const [what, day, refusal] of days) {
    it(`${what} (${day}): ${refusal ? "refused with the reason" : "taken"}`, async () => {
      const [forApi, forWeb] = [await secondQuarter(), await secondQuarter()];
      clock.set(`${day}T12:00:00Z`);
      const before = await storedFiles(h);

      const api = await upload(h, t.providerUser.auth, forApi.id, [...evidenceFields(covered), file]);
      const session = await webSession(h, t.providerUser.email);
      const shown = await webPage(h, session, `/obligations/${forWeb.id}`);
      expect(shown.status).toBe(200);
      const posted = await webUpload(h, session, forWeb.id, [
        ...webEvidenceFields({}, { from: covered.coveredFrom, to: covered.coveredTo }),
        file,
      ]);

      if (refusal === null) {
        expect(api.status, JSON.stringify(api.body)).toBe(201);
        expect(hasForm(shown.html, forWeb.id)).toBe(true);
        expect(posted.status, pageText(posted.html).slice(0, 2000)).toBe(303);
        return;
      }
      expect(api.status).toBe(409);
      expect(api.body.detail).toBe(refusal);
      // The page says why instead of showing a form.
      expect(hasForm(shown.html, forWeb.id)).toBe(false);
      expect(pageText(shown.html)).toContain(refusal);
      // A form sent anyway (from a page left open) is refused before it is read, with the same words.
      expect(posted.status).toBe(409);
      expect(posted.headers.get("connection")).toBe("close");
      expect(hasForm(posted.html, forWeb.id)).toBe(false);
      expect(pageText(posted.html)).toMatch(/There is a problem/);
      expect(pageText(posted.html)).toContain(refusal);
      for (const ob of [forApi, forWeb]) {
        expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, ob.id))).toEqual([]);
      }
      expect(await storedFiles(h)).toEqual(before);
    });
  }

  it("evidence awaiting review: the page and the API give the same reason, and the form is gone", async () => {
    const ob = await secondQuarter();
    clock.set("2026-07-15T12:00:00Z");
    const first = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields(covered), file]);
    expect(first.status).toBe(201);
    const again = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields(covered), file]);
    expect(again.status).toBe(409);
    const session = await webSession(h, t.providerUser.email);
    const shown = await webPage(h, session, `/obligations/${ob.id}`);
    expect(hasForm(shown.html, ob.id)).toBe(false);
    expect(pageText(shown.html)).toContain(again.body.detail);
    expect(again.body.detail).toBe(
      "Your evidence is waiting for review. If the reviewer asks for changes, you can submit it again.",
    );
  });

  it("someone who does not hand in this evidence sees neither a form nor a reason, and is refused (403)", async () => {
    const ob = await secondQuarter();
    clock.set("2026-07-15T12:00:00Z");
    const session = await webSession(h, t.reviewer.email);
    const shown = await webPage(h, session, `/obligations/${ob.id}`);
    expect(shown.status).toBe(200);
    expect(hasForm(shown.html, ob.id)).toBe(false);
    expect(pageText(shown.html)).not.toContain("Submitting evidence");
    const api = await upload(h, t.reviewer.auth, ob.id, [...evidenceFields(covered), file]);
    expect(api.status).toBe(403);
  });
});
