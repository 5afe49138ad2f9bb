// Letting a contract is judged by createContract alone (issue 19 item 2): the new-contract page, the API and
// the service called directly refuse the same input with every field's problem at once, and store nothing.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts } from "../../src/db/schema/index.js";
import type { Actor } from "../../src/model/identity.js";
import { createContract } from "../../src/services/contracts/create.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { call, issuedSpecification, type Tenant } from "./fixtures.js";

let h: Harness;
let t: Tenant;
let specId: string;
beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
  specId = (await issuedSpecification(h, t, ["GOV-05"])).id;
});
afterAll(() => h.close());

type FieldErrors = Array<{ path: string; message: string }>;

/** The council's contracts as stored. */
const stored = () => h.db.select().from(contracts).where(eq(contracts.organisationId, t.council.id));

/** The new-contract form posted by a browser: the status and the error summary's links and words, in order. */
async function postForm(fields: Record<string, string>) {
  const s = await signInSession(h.app, t.commissioner.email);
  const res = await h.app.request("/contracts", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });
  const html = await res.text();
  const summary = /<ul class="govuk-list govuk-error-summary__list">(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
  return {
    status: res.status,
    summary: [...summary.matchAll(/<li><a href="([^"]*)">([^<]*)<\/a><\/li>/g)].map((m) => ({
      href: m[1]!,
      text: m[2]!.replace(/&#39;/g, "'"),
    })),
    html,
  };
}

const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split("-");
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe("the new-contract form", () => {
  it("submitted empty, lists every error at once, each linked to its field, and lets nothing", async () => {
    const before = (await stored()).length;
    const res = await postForm({});
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#specificationId", text: "Choose a specification" },
      { href: "#providerOrganisationId", text: "Choose a provider" },
      { href: "#reference", text: "Enter a contract reference" },
      { href: "#startDate-day", text: "Enter the start date" },
      { href: "#endDate-day", text: "Enter the end date" },
    ]);
    // Each message is also at its field.
    for (const id of ["specificationId", "providerOrganisationId", "reference", "startDate", "endDate"])
      expect(res.html).toContain(`id="${id}-error"`);
    expect((await stored()).length).toBe(before);
  });

  it("tells a date it cannot read together with the service's errors", async () => {
    const res = await postForm({
      specificationId: specId,
      providerOrganisationId: t.provider.id,
      reference: "R".repeat(101),
      "startDate-day": "1",
      "startDate-month": "4",
      ...dateParts("endDate", "2027-03-31"),
      "startDate-year": "",
      reportingYearStart: "13",
    });
    expect(res.status).toBe(422);
    expect(res.summary.map((e) => e.text)).toEqual([
      "The reference must be 100 characters or fewer",
      "The start date must include a year",
      "Choose the month the reporting year starts",
    ]);
  });

  it("an end before the start is told with the other field errors", async () => {
    const res = await postForm({
      providerOrganisationId: t.provider.id,
      ...dateParts("startDate", "2027-04-01"),
      ...dateParts("endDate", "2026-03-31"),
    });
    expect(res.status).toBe(422);
    expect(res.summary).toEqual([
      { href: "#specificationId", text: "Choose a specification" },
      { href: "#reference", text: "Enter a contract reference" },
      { href: "#endDate-day", text: "The end date must be on or after the start date" },
    ]);
  });

  it("still lets a contract when all is well", async () => {
    const res = await postForm({
      specificationId: specId,
      providerOrganisationId: t.provider.id,
      reference: "FORM-OK-1",
      ...dateParts("startDate", "2026-04-01"),
      ...dateParts("endDate", "2027-03-31"),
      reportingYearStart: "4",
    });
    expect(res.status).toBe(303);
    expect((await stored()).map((k) => k.reference)).toContain("FORM-OK-1");
  });
});

describe("the API and the service", () => {
  it("POST /api/contracts with nothing answers 422 naming every required field at once", async () => {
    const before = (await stored()).length;
    const res = await call(h, "/api/contracts", json({}, t.commissioner.auth));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const errors = (res.body as { errors: FieldErrors }).errors;
    expect(errors.map((e) => e.path).sort()).toEqual(
      ["endDate", "providerOrganisationId", "reference", "specificationId", "startDate"].sort(),
    );
    expect((await stored()).length).toBe(before);
  });

  const bad = {
    specificationId: "not-an-id",
    providerOrganisationId: "",
    reference: "R".repeat(101),
    startDate: "2027-04-01",
    endDate: "2026-03-31",
    reportingYearStart: 13,
    estimatedValuePence: -1,
    title: "T".repeat(301),
  };
  const badPaths = [
    "endDate",
    "estimatedValuePence",
    "providerOrganisationId",
    "reference",
    "reportingYearStart",
    "specificationId",
    "title",
  ];

  it("every bad field and the term are refused in one 422, as the service called directly refuses them", async () => {
    const before = (await stored()).length;
    const res = await call(h, "/api/contracts", json(bad, t.commissioner.auth));
    expect(res.status).toBe(422);
    const viaApi = (res.body as { errors: FieldErrors }).errors;
    expect(viaApi.map((e) => e.path).sort()).toEqual(badPaths);
    expect(viaApi).toContainEqual({ path: "endDate", message: "must be on or after the start date" });

    const actor: Actor = {
      userId: t.commissioner.id,
      organisationId: t.council.id,
      organisationKind: "commissioner",
      organisationName: "Test council",
      role: t.commissioner.role,
      name: "Test commissioner",
      email: t.commissioner.email,
      via: "session",
    };
    const direct = await createContract({ ctx: { db: h.db, now: new Date(), actor }, input: bad }).then(
      () => expect.fail("the service accepted it"),
      (e: { code: string; errors: FieldErrors }) => e,
    );
    expect(direct.code).toBe("validation_failed");
    expect(direct.errors).toEqual(viaApi);
    expect((await stored()).length).toBe(before);
  });
});
