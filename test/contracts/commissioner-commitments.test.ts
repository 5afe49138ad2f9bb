// The commissioner's own commitments (clauses of the "commissioning" category) bind the commissioner: their
// obligations say so, the commissioner hands in their evidence, the provider cannot, and the reviewer
// reviews it as any other. Provider obligations stay the provider's.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissions } from "../../src/db/schema/index.js";
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

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;
beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await issuedSpecification(h, t, ["COM-04", "FBK-02"]);
  contractId = (await letContract(h, t, spec.id)).id;
});
afterAll(() => h.close());

const file = {
  name: "files",
  filename: "minutes.pdf",
  contentType: "application/pdf",
  data: pdfBytes("Contract review minutes"),
};

describe("the commissioner's own commitments", () => {
  it("the obligation says it binds the commissioner; a provider clause says provider", async () => {
    const com = await findObligation(h, t.commissioner.auth, contractId, "COM-04", "2026-27 Q1");
    const detail = await call(h, `/api/obligations/${com.id}`, { headers: t.commissioner.auth });
    expect(detail.status).toBe(200);
    expect(detail.body.party).toBe("commissioner");
    expect(detail.body.evidence).toMatch(/^Recorded by the commissioner/);
    const grp = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    expect((await call(h, `/api/obligations/${grp.id}`, { headers: t.providerUser.auth })).body.party).toBe(
      "provider",
    );
    // The contract's list says the same of every obligation, so a page can tell whose each one is.
    const list = await call(h, `/api/contracts/${contractId}/obligations?period=2026-27%20Q1`, {
      headers: t.commissioner.auth,
    });
    expect(list.status).toBe(200);
    expect(
      Object.fromEntries(
        (list.body.obligations as Array<{ clauseKey: string; party: string }>).map((o) => [
          o.clauseKey,
          o.party,
        ]),
      ),
    ).toEqual({ "COM-04": "commissioner", "FBK-02": "provider" });
  });

  it("the provider cannot hand in the commissioner's evidence; the commissioner can, and the reviewer reviews it", async () => {
    const com = await findObligation(h, t.commissioner.auth, contractId, "COM-04", "2026-27 Q1");
    const byProvider = await upload(h, t.providerUser.auth, com.id, [...evidenceFields(), file]);
    expect(byProvider.status).toBe(403);
    expect(byProvider.body.detail).toMatch(/commissioner records its evidence/);
    expect((await upload(h, t.reviewer.auth, com.id, [...evidenceFields(), file])).status).toBe(403);
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, com.id))).toHaveLength(0);

    const byCommissioner = await upload(h, t.commissioner.auth, com.id, [
      ...evidenceFields({
        narrative: "Forum authors attended both reviews; written answers sent within 10 working days.",
      }),
      file,
    ]);
    expect(byCommissioner.status, JSON.stringify(byCommissioner.body)).toBe(201);
    const [row] = await h.db.select().from(submissions).where(eq(submissions.obligationId, com.id));
    expect(row!.submittedBy).toBe(t.commissioner.id);

    const review = await call(
      h,
      `/api/submissions/${byCommissioner.body.id}/reviews`,
      json(
        { decision: "accepted", verdict: "compliant", comment: "Minutes and answers seen." },
        t.reviewer.auth,
      ),
    );
    expect(review.status, JSON.stringify(review.body)).toBeLessThan(300);
  });

  it("the commissioner cannot hand in the provider's evidence, and another council cannot reach ours", async () => {
    const grp = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    expect((await upload(h, t.commissioner.auth, grp.id, [...evidenceFields(), file])).status).toBe(403);
    const com = await findObligation(h, t.commissioner.auth, contractId, "COM-04", "2026-27 Q2");
    expect((await upload(h, other.commissioner.auth, com.id, [...evidenceFields(), file])).status).toBe(404);
  });
  it("the commissioner cannot attach the provider's files as the council's own evidence", async () => {
    const grp = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    const sent = await upload(h, t.providerUser.auth, grp.id, [...evidenceFields(), file]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const com = await findObligation(h, t.commissioner.auth, contractId, "COM-04", "2026-27 Q2");
    const attached = await upload(h, t.commissioner.auth, com.id, [
      ...evidenceFields({ coveredFrom: "2026-07-01", coveredTo: "2026-08-14" }),
      { name: "attachFileIds", value: sent.body.files[0].id },
    ]);
    expect(attached.status).toBe(422);
    expect(attached.body.errors).toEqual([
      { path: "attachFileIds", message: `${sent.body.files[0].id} is not a file sent for this contract` },
    ]);
    expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, com.id))).toHaveLength(0);
  });
});
