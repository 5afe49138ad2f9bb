// A public page's address is cut at the end of a word when the service's name and reference run long
// (CLAUSE-REVIEW-3, low row: it used to stop mid-word).
import { afterAll, beforeAll, expect, it } from "vitest";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { call, issuedSpecification, letContract, type Tenant } from "./fixtures.js";

let h: Harness;
let t: Tenant;
beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

it("cuts a long address at a word's end, within 60 characters", async () => {
  const spec = await issuedSpecification(h, t, ["GOV-01"]);
  const suffix = crypto.randomUUID().slice(0, 4);
  const reference = `NCC ${suffix} adult community drug and alcohol treatment and recovery partnership`;
  const contract = await letContract(h, t, spec.id, { reference });
  const res = await call(
    h,
    `/api/contracts/${contract.id}`,
    json(
      {
        public: true,
        involvementContact: "Come to the forum.",
        involvementContactName: "Forum team",
        contactPhone: "01632 960 010",
      },
      t.commissioner.auth,
      "PATCH",
    ),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const slug = res.body.slug as string;
  expect(slug.length).toBeLessThanOrEqual(60);
  const words = `recovery together ${reference}`.toLowerCase().split(/\s+/);
  expect(slug).toBe(`recovery-together-ncc-${suffix}-adult-community-drug-and-alcohol`);
  for (const part of slug.split("-")) expect(words).toContain(part);
});
