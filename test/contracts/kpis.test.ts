// A contract's KPIs and procurement details (issue 21 item 2): KPIs carried from the specification and
// changed by the council's reviewers and commissioners, with a tolerance for 'approaching target' and
// min(3, count) most material; the Procurement Act 2023 s.52 rule for contracts over £5 million that are not
// light touch; organisations' postal address, email and identifier; who may and may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeTenant, makeUser, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import { call, pageText, type Tenant } from "./fixtures.js";

let h: Harness;
let t: Tenant;
let other: Tenant;
let specId: string;

const TWO = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60 },
];
const THREE = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60, tolerancePercent: 5, mostMaterial: true },
  { clauseKey: "FBK-01", metric: "weeks_to_publish", mostMaterial: true },
];

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const created = await call(
    h,
    "/api/specifications",
    json({ title: "KPIs", serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  specId = created.body.id;
  const clauses = ["GRP-01", "FBK-01", "COM-01"].map((key) => ({ key }));
  expect(
    (await call(h, `/api/specifications/${specId}/clauses`, json({ clauses }, t.commissioner.auth, "PUT")))
      .status,
  ).toBe(200);
  expect(
    (await call(h, `/api/specifications/${specId}/kpis`, json({ kpis: TWO }, t.commissioner.auth, "PUT")))
      .status,
  ).toBe(200);
  expect((await call(h, `/api/specifications/${specId}/issue`, json({}, t.commissioner.auth))).status).toBe(
    200,
  );
});
afterAll(() => h.close());

async function contract(extra: Record<string, unknown> = {}) {
  const res = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId: specId,
        providerOrganisationId: t.provider.id,
        reference: `C-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
        ...extra,
      },
      t.commissioner.auth,
    ),
  );
  return res;
}
async function letOne(extra: Record<string, unknown> = {}) {
  const res = await contract(extra);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const putKpis = (id: string, kpis: unknown[], auth = t.commissioner.auth) =>
  call(h, `/api/contracts/${id}/kpis`, json({ kpis }, auth, "PUT"));
const getKpis = (id: string, auth = t.commissioner.auth) =>
  call(h, `/api/contracts/${id}/kpis`, { headers: auth });
const patch = (id: string, body: Record<string, unknown>, auth = t.commissioner.auth) =>
  call(h, `/api/contracts/${id}`, json(body, auth, "PATCH"));
const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path);

describe("the contract's KPIs", () => {
  it("records the procurement details, the provider selection regime by default", async () => {
    const id = await letOne();
    const got = await call(h, `/api/contracts/${id}`, { headers: t.providerUser.auth });
    expect(got.body).toMatchObject({
      procurementRegime: "provider_selection_regime",
      lightTouch: false,
      estimatedValuePence: null,
      title: null,
      procurementIdentifier: null,
      kpiExemptionReason: null,
    });
    const changed = await patch(id, {
      title: "Adult drug and alcohol treatment",
      procurementIdentifier: "ocds-h6vhtk-0abc12",
      estimatedValuePence: 1_250_000_000,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      title: "Adult drug and alcohol treatment",
      estimatedValuePence: 1_250_000_000,
    });
    const bad = await patch(id, { procurementRegime: "framework", estimatedValuePence: -1 });
    expect(bad.status).toBe(422);
    expect(paths(bad.body).sort()).toEqual(["estimatedValuePence", "procurementRegime"]);
  });

  it("is changed by reviewers and commissioners, keeping a kept KPI's id; the provider reads it", async () => {
    const id = await letOne();
    const carried = (await getKpis(id)).body.kpis;
    expect(carried.map((k: { mostMaterial: boolean }) => k.mostMaterial)).toEqual([true, true]);

    const byReviewer = await putKpis(id, THREE, t.reviewer.auth);
    expect(byReviewer.status, JSON.stringify(byReviewer.body)).toBe(200);
    expect(byReviewer.body.kpis).toHaveLength(3);
    expect(byReviewer.body.kpis[0].id).toBe(carried[0].id);
    expect(byReviewer.body.kpis[1]).toMatchObject({ id: carried[1].id, tolerancePercent: 5, target: 60 });
    expect(byReviewer.body.kpis[2]).toMatchObject({ metric: "weeks_to_publish", tolerancePercent: 10 });

    const byCommissioner = await putKpis(id, [THREE[2]], t.commissioner.auth);
    expect(byCommissioner.status, JSON.stringify(byCommissioner.body)).toBe(200);
    expect(byCommissioner.body.kpis).toEqual([byReviewer.body.kpis[2]]);

    const read = await getKpis(id, t.providerUser.auth);
    expect(read.status).toBe(200);
    expect(read.body.kpis).toEqual(byCommissioner.body.kpis);
  });

  it("answers the provider 403 and other organisations 404, changing nothing", async () => {
    const id = await letOne();
    const before = (await getKpis(id)).body.kpis;
    expect((await putKpis(id, THREE, t.providerUser.auth)).status).toBe(403);
    expect((await putKpis(id, THREE, t.admin.auth)).status).toBe(403);
    for (const u of [other.commissioner, other.reviewer, other.providerUser]) {
      expect((await getKpis(id, u.auth)).status, u.role).toBe(404);
    }
    for (const u of [other.commissioner, other.reviewer]) {
      expect((await putKpis(id, THREE, u.auth)).status, u.role).toBe(404);
    }
    expect((await getKpis(id)).body.kpis).toEqual(before);
  });

  it("refuses at the field a council's clause, a metric the clause lacks, a negative tolerance, and the wrong number most material", async () => {
    const id = await letOne();
    const before = (await getKpis(id)).body.kpis;
    const cases: Array<[unknown[], string, RegExp]> = [
      [
        [{ clauseKey: "COM-01", metric: "contributors", mostMaterial: true }],
        "kpis/0/clauseKey",
        /council's own/,
      ],
      [
        [{ clauseKey: "GRP-01", metric: "attendance", mostMaterial: true }],
        "kpis/0/metric",
        /no metric "attendance"/,
      ],
      [
        [{ clauseKey: "GRP-01", metric: "meetings_held", tolerancePercent: -5, mostMaterial: true }],
        "kpis/0/tolerancePercent",
        /0 or more/,
      ],
      [[{ clauseKey: "GRP-01", metric: "meetings_held" }], "kpis", /mark 1 of the KPIs as most material/],
      [THREE.map((k, i) => ({ ...k, mostMaterial: i === 0 })), "kpis", /mark 3 of the KPIs/],
    ];
    for (const [kpis, path, message] of cases) {
      const res = await putKpis(id, kpis);
      expect(res.status, path).toBe(422);
      expect(paths(res.body), JSON.stringify(res.body)).toEqual([path]);
      expect(res.body.errors[0].message).toMatch(message);
    }
    expect((await getKpis(id)).body.kpis).toEqual(before);
  });
});

describe("Procurement Act 2023 s.52: three KPIs over £5 million, not light touch", () => {
  const ACT = { procurementRegime: "procurement_act", estimatedValuePence: 500_000_001 };

  it("refuses to let such a contract with fewer than three KPIs unless the reason is recorded", async () => {
    const refused = await contract(ACT);
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(["kpis"]);
    expect(refused.body.errors[0].message).toMatch(
      /Procurement Act 2023 s\.52.*at least 3 KPIs \(it would have 2\)/,
    );
    const list = await call(h, `/api/contracts?specification=${specId}`, { headers: t.commissioner.auth });
    expect(
      list.body.contracts.some(
        (c: { procurementRegime: string }) => c.procurementRegime === "procurement_act",
      ),
    ).toBe(false);
    // Exactly £5 million, light touch, another regime, or a recorded reason: let.
    await letOne({ ...ACT, estimatedValuePence: 500_000_000 });
    await letOne({ ...ACT, lightTouch: true });
    await letOne({ ...ACT, procurementRegime: "other" });
    await letOne({
      ...ACT,
      kpiExemptionReason: "The service is new and its outcomes are not yet measurable.",
    });
  });

  it("refuses a change of details or KPIs that breaks it, and accepts three", async () => {
    const id = await letOne();
    const moved = await patch(id, ACT);
    expect(moved.status).toBe(422);
    expect(paths(moved.body)).toEqual(["kpis"]);
    expect(
      (await call(h, `/api/contracts/${id}`, { headers: t.commissioner.auth })).body.procurementRegime,
    ).toBe("provider_selection_regime");
    expect((await putKpis(id, THREE)).status).toBe(200);
    expect((await patch(id, ACT)).status).toBe(200);
    const fewer = await putKpis(
      id,
      TWO.map((k) => ({ ...k, mostMaterial: true })),
    );
    expect(fewer.status).toBe(422);
    expect(fewer.body.errors[0].message).toMatch(/s\.52/);
    expect((await getKpis(id)).body.kpis).toHaveLength(3);
    // The commissioner records why: then fewer is allowed, and the reason cannot be cleared while they are.
    expect(
      (await patch(id, { kpiExemptionReason: "Outcomes are assessed by the joint panel." })).status,
    ).toBe(200);
    expect(
      (
        await putKpis(
          id,
          TWO.map((k) => ({ ...k, mostMaterial: true })),
        )
      ).status,
    ).toBe(200);
    const cleared = await patch(id, { kpiExemptionReason: null });
    expect(cleared.status).toBe(422);
    expect(paths(cleared.body)).toEqual(["kpis"]);
  });
});

describe("organisations' details for a contract performance notice", () => {
  it("are set by the organisation's administrator, refused to others", async () => {
    const providerAdmin = await makeUser(h.db, t.provider.id, "admin");
    const put = (orgId: string, body: Record<string, unknown>, auth: Record<string, string>) =>
      call(h, `/api/organisations/${orgId}/details`, json(body, auth, "PUT"));
    const saved = await put(
      t.provider.id,
      {
        postalAddress: "1 High Street\nNorthtown NT1 1AA",
        email: "contracts@provider.example",
        identifier: "GB-COH-01234567",
      },
      providerAdmin.auth,
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ email: "contracts@provider.example", identifier: "GB-COH-01234567" });
    const read = await call(h, `/api/organisations/${t.provider.id}`, { headers: providerAdmin.auth });
    expect(read.body.postalAddress).toBe("1 High Street\nNorthtown NT1 1AA");

    expect((await put(t.provider.id, { email: "not an address" }, providerAdmin.auth)).status).toBe(422);
    expect(paths((await put(t.provider.id, { email: "not an address" }, providerAdmin.auth)).body)).toEqual([
      "email",
    ]);
    expect((await put(t.council.id, { identifier: "x" }, providerAdmin.auth)).status).toBe(404);
    expect((await put(t.provider.id, { identifier: "x" }, t.providerUser.auth)).status).toBe(403);
    expect((await put(t.council.id, { identifier: "x" }, t.commissioner.auth)).status).toBe(403);
    expect((await put(t.council.id, { identifier: "GB-GOR-E06000001" }, t.admin.auth)).status).toBe(200);
    expect(
      (await call(h, `/api/organisations/${t.provider.id}`, { headers: providerAdmin.auth })).body.identifier,
    ).toBe("GB-COH-01234567");
  });
});

describe("the contract's pages", () => {
  it("show the KPIs with their tolerance, and the forms refuse at the field with an error summary", async () => {
    const id = await letOne();
    const s = await signInSession(h.app, t.reviewer.email);
    const get = async (path: string, cookie = s.cookie) =>
      h.app.request(path, { headers: { cookie, accept: "text/html" } });
    const text = pageText(await (await get(`/contracts/${id}`)).text());
    expect(text).toContain("Key performance indicators");
    expect(text).toContain("Provider Selection Regime");
    expect(text).toContain("10% of the target (within 6 percentage points)");

    const post = (path: string, fields: Record<string, string>, session = s) =>
      h.app.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: session.cookie,
        },
        body: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
      });
    // Candidates: GRP-01's two metrics, then FBK-01's two; COM-01 is not offered.
    const form = pageText(await (await get(`/contracts/${id}/kpis`)).text());
    expect(form).not.toContain("COM-01");
    const refused = await post(`/contracts/${id}/kpis`, {
      "kpi-0-use": "yes",
      "kpi-0-target": "10",
      "kpi-0-frequency": "quarterly",
      "kpi-0-tolerance": "-10",
      "kpi-0-material": "yes",
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)![0]).toContain(
      'href="#kpi-0-tolerance"',
    );
    const saved = await post(`/contracts/${id}/kpis`, {
      "kpi-0-use": "yes",
      "kpi-0-target": "10",
      "kpi-0-frequency": "quarterly",
      "kpi-0-tolerance": "20",
      "kpi-0-material": "yes",
    });
    expect(saved.status).toBe(303);
    expect((await getKpis(id)).body.kpis).toMatchObject([{ metric: "meetings_held", tolerancePercent: 20 }]);

    // The procurement form is the commissioner's; s.52's refusal shows at the reason's field.
    expect((await get(`/contracts/${id}/procurement`)).status).toBe(403);
    const c = await signInSession(h.app, t.commissioner.email);
    const act = await post(
      `/contracts/${id}/procurement`,
      {
        procurementRegime: "procurement_act",
        value: "£6,000,000",
        title: "Treatment",
        procurementIdentifier: "P-1",
      },
      c,
    );
    expect(act.status).toBe(422);
    const actHtml = await act.text();
    expect(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(actHtml)![0]).toContain(
      'href="#kpiExemptionReason"',
    );
    expect(pageText(actHtml)).toContain("Procurement Act 2023 s.52");
    const ok = await post(
      `/contracts/${id}/procurement`,
      {
        procurementRegime: "procurement_act",
        lightTouch: "yes",
        value: "£6,000,000",
        title: "Treatment",
        procurementIdentifier: "P-1",
      },
      c,
    );
    expect(ok.status).toBe(303);
    expect((await call(h, `/api/contracts/${id}`, { headers: t.commissioner.auth })).body).toMatchObject({
      procurementRegime: "procurement_act",
      lightTouch: true,
      estimatedValuePence: 600_000_000,
    });
  });
});
