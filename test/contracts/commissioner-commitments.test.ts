// The commissioner's own commitments (clauses of the "commissioning" category) bind the commissioner: their
// obligations say so, the commissioner hands in their evidence, the provider cannot, and the reviewer
// reviews it as any other. Provider obligations stay the provider's.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissions } from "../../src/db/schema/index.js";
import { rawText } from "../documents/helpers.js";
import { json, makeOrganisation, makeTenant, makeUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
  webPage,
  webSession,
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
        shareable: "yes",
      }),
      file,
    ]);
    expect(byCommissioner.status, JSON.stringify(byCommissioner.body)).toBe(201);
    const [row] = await h.db.select().from(submissions).where(eq(submissions.obligationId, com.id));
    expect(row!.submittedBy).toBe(t.commissioner.id);

    // The council's own commitment is checked by people who use services first: no decision without their view.
    const decide = (body: Record<string, unknown>) =>
      call(h, `/api/submissions/${byCommissioner.body.id}/reviews`, json(body, t.reviewer.auth));
    const early = await decide({
      decision: "accepted",
      verdict: "compliant",
      comment: "Minutes and answers seen.",
    });
    expect(early.status).toBe(422);
    expect(early.headers.get("content-type")).toContain("application/problem+json");
    expect(early.body.detail).toBe(
      "Wait for the view of people who use services before deciding on the council's own commitment.",
    );
    expect(early.body.errors[0].path).toBe("views");
    expect(early.body.errors[0].message).toMatch(/have not given their view on this evidence yet/);

    const forum = await makeOrganisation(
      h.db,
      "user_group",
      `Northshire Forum ${crypto.randomUUID().slice(0, 6)}`,
    );
    const rep = await makeUser(h.db, forum.id, "representative");
    const linked = await call(
      h,
      `/api/contracts/${contractId}/user-groups`,
      json({ organisationId: forum.id }, t.commissioner.auth),
    );
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    await call(h, "/api/involvement/views-notice", json({}, rep.auth));
    const view = await call(
      h,
      `/api/submissions/${byCommissioner.body.id}/validations`,
      json(
        { view: "disagree", comment: "We were not sent the papers in time.", showMyName: false },
        rep.auth,
      ),
    );
    expect(view.status, JSON.stringify(view.body)).toBe(201);

    const review = await decide({
      decision: "accepted",
      verdict: "compliant",
      comment: "Minutes and answers seen.",
      responseToViews: "Papers went out five days before; we will send them ten days before from now on.",
    });
    expect(review.status, JSON.stringify(review.body)).toBeLessThan(300);

    // The disagreement shows on the commitments report, apart from the provider's figures.
    const res = await h.app.request(`/api/contracts/${contractId}/compliance-report`, {
      headers: t.commissioner.auth,
    });
    expect(res.status).toBe(200);
    const text = await rawText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toMatch(
      /Where people who use services disagreed with the council's decision[\s\S]*COM-04[\s\S]*2026-27 Q1[\s\S]*Accepted: compliant\s*1/,
    );
    // And on the compliance page, beside the council's own counts.
    const s = await webSession(h, t.commissioner.email);
    const compliancePage = pageText((await webPage(h, s, `/contracts/${contractId}/compliance`)).html);
    expect(compliancePage).toMatch(/Accepted although people who use services disagreed\s*1/);
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
  it("a provider's evidence is still decided without waiting for a view", async () => {
    const grp = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    const review = await call(
      h,
      `/api/submissions/${grp.latestSubmissionId}/reviews`,
      json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
    );
    expect(review.status, JSON.stringify(review.body)).toBeLessThan(300);
  });
});
