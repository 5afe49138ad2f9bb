// The involvement-maturity review (GOV-05) through the API: the provider records it with its forum, the
// reviewer confirms or changes each rating with a reason, the trend reads in words; nobody else sees it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, involvementReviews } from "../../src/db/schema/index.js";
import { json, makeTenant, makeUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { call, issuedSpecification, letContract, type Tenant } from "./fixtures.js";

let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;
let otherContractId: string;
beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await issuedSpecification(h, t, ["GOV-05", "GRP-01"]);
  contractId = (await letContract(h, t, spec.id)).id;
  const otherSpec = await issuedSpecification(h, other, ["GOV-05"]);
  otherContractId = (await letContract(h, other, otherSpec.id)).id;
});
afterAll(() => h.close());

const ratings = (scores: [number, number, number, number]) => ({
  decisions: { score: scores[0], evidence: "Activity register: 14 decisions, 6 shaped by the forum" },
  governance: { score: scores[1], evidence: "Two members on the quality group, 9 of 11 meetings attended" },
  budget: { score: scores[2], evidence: "Forum decided how £4,000 of the involvement budget was spent" },
  changes: { score: scores[3], evidence: "Evening clinic and women's group started after the forum asked" },
});
const review = (
  year: number,
  scores: [number, number, number, number],
  extra: Record<string, unknown> = {},
) => ({
  year,
  completedWith: "Northshire Recovery Forum",
  participants: 7,
  ratings: ratings(scores),
  ...extra,
});
const path = (id = contractId) => `/api/contracts/${id}/involvement-reviews`;

describe("involvement-maturity reviews", () => {
  let first: string;

  it("the provider records the year's review; approach and IAP2 level follow from the indicators", async () => {
    const res = await call(
      h,
      path(),
      json(review(2026, [2, 3, 2, 2], { disagreement: "We think budget is a 1." }), t.providerUser.auth),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      year: 2026,
      approach: "pragmatist",
      level: "involve",
      reviewedAt: null,
    });
    first = res.body.id;
    const [row] = await h.db.select().from(involvementReviews).where(eq(involvementReviews.id, first));
    expect(row).toMatchObject({
      completedWith: "Northshire Recovery Forum",
      participants: 7,
      disagreement: "We think budget is a 1.",
    });
    expect(row!.ratings.governance).toEqual({
      score: 3,
      evidence: "Two members on the quality group, 9 of 11 meetings attended",
    });
    const audit = await h.db.select().from(auditEvents).where(eq(auditEvents.entityId, first));
    expect(audit.map((a) => a.action)).toEqual(["involvement_review.record"]);
  });

  it("until it is confirmed, the provider may replace it; bad input is a 422 with paths, and nothing changes", async () => {
    const again = await call(h, path(), json(review(2026, [2, 3, 3, 2]), t.providerUser.auth));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first);
    for (const bad of [
      review(2026, [5, 3, 3, 2]),
      { ...review(2026, [2, 3, 3, 2]), ratings: { decisions: ratings([2, 2, 2, 2]).decisions } },
      { ...review(2026, [2, 3, 3, 2]), completedWith: "" },
      { ...review(2026, [2, 3, 3, 2]), year: "last year" },
    ]) {
      const res = await call(h, path(), json(bad, t.providerUser.auth));
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    const [row] = await h.db.select().from(involvementReviews).where(eq(involvementReviews.id, first));
    expect(row!.ratings.budget.score).toBe(3);
  });

  it("the reviewer confirms or changes each rating; a change without a reason is refused", async () => {
    const confirm = (body: unknown, auth = t.reviewer.auth) =>
      call(h, `${path()}/${first}/confirmation`, json(body, auth));
    const noReason = await confirm({
      ratings: {
        decisions: { score: 2 },
        governance: { score: 3 },
        budget: { score: 1 },
        changes: { score: 2 },
      },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([
      { path: "ratings/budget/reason", message: "give a reason for changing the provider's rating" },
    ]);
    // Only the reviewer: not the provider, not the commissioner.
    const body = {
      ratings: {
        decisions: { score: 2 },
        governance: { score: 3 },
        budget: { score: 1, reason: "The forum was consulted on spend but did not decide it." },
        changes: { score: 2 },
      },
    };
    expect((await confirm(body, t.providerUser.auth)).status).toBe(403);
    expect((await confirm(body, t.commissioner.auth)).status).toBe(403);
    const ok = await confirm(body);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      approach: "pragmatist",
      confirmedApproach: "sceptic",
      confirmedLevel: "involve",
    });
    expect(ok.body.reviewerRatings.budget).toEqual({
      score: 1,
      reason: "The forum was consulted on spend but did not decide it.",
    });
    expect(ok.body.reviewerRatings.decisions).toEqual({ score: 2, reason: null });
    expect((await confirm(body)).status).toBe(409);
    // Once confirmed, the provider cannot replace it.
    expect((await call(h, path(), json(review(2026, [4, 4, 4, 4]), t.providerUser.auth))).status).toBe(409);
  });

  it("the trend reads in words across years", async () => {
    expect((await call(h, path(), json(review(2027, [4, 4, 3, 3]), t.providerUser.auth))).status).toBe(201);
    for (const auth of [t.commissioner.auth, t.reviewer.auth, t.providerUser.auth]) {
      const res = await call(h, path(), { headers: auth });
      expect(res.status).toBe(200);
      expect(res.body.reviews.map((r: { year: number }) => r.year)).toEqual([2026, 2027]);
      expect(res.body.trend).toBe("sceptic in 2026, protagonist in 2027 (not yet confirmed)");
    }
  });

  it("another organisation, and a provider not on the contract, get 404 for everything", async () => {
    const stranger = await makeUser(h.db, other.provider.id, "provider");
    for (const auth of [
      other.commissioner.auth,
      other.reviewer.auth,
      other.providerUser.auth,
      stranger.auth,
    ]) {
      expect((await call(h, path(), { headers: auth })).status).toBe(404);
      expect(
        (await call(h, `${path()}/${first}/confirmation`, json({ ratings: ratings([1, 1, 1, 1]) }, auth)))
          .status,
      ).toBeOneOf([403, 404, 422]);
    }
    expect((await call(h, path(), json(review(2028, [1, 1, 1, 1]), other.providerUser.auth))).status).toBe(
      404,
    );
    // Our reviewer cannot reach their contract's reviews, nor confirm ours through their contract id.
    expect((await call(h, path(otherContractId), { headers: t.reviewer.auth })).status).toBe(404);
    const crossed = await call(
      h,
      `${path(otherContractId)}/${first}/confirmation`,
      json(
        {
          ratings: {
            decisions: { score: 1 },
            governance: { score: 1 },
            budget: { score: 1 },
            changes: { score: 1 },
          },
        },
        other.reviewer.auth,
      ),
    );
    expect(crossed.status).toBe(404);
    expect((await call(h, path(), { headers: {} })).status).toBe(404);
  });
});
