// KPIs designated on a specification while it is a draft (issue 20 item 2): each a provider clause's metric
// with its target, how often and whether it is one of the three most material; refused at the field when
// it is not; inherited by a revision, frozen at issue, carried to a contract when it is let; a form on the
// specification's page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, letContract, pageText, type Tenant } from "../contracts/fixtures.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

let h: Harness;
let t: Tenant;
let other: Tenant;

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

async function draft(keys: string[]) {
  const created = await call(
    h,
    "/api/specifications",
    json(
      { title: "KPI check", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
      t.commissioner.auth,
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const put = await call(
    h,
    `/api/specifications/${id}/clauses`,
    json({ clauses: keys.map((key) => ({ key })) }, t.commissioner.auth, "PUT"),
  );
  expect(put.status).toBe(200);
  return id;
}

const putKpis = (id: string, kpis: unknown[], auth = t.commissioner.auth) =>
  call(h, `/api/specifications/${id}/kpis`, json({ kpis }, auth, "PUT"));
const getKpis = (id: string, auth = t.commissioner.auth) =>
  call(h, `/api/specifications/${id}/kpis`, { headers: auth });
const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path);

const THREE = [
  { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
  { clauseKey: "FBK-01", metric: "responses_percent", target: 60, frequency: "annually" },
  { clauseKey: "FBK-01", metric: "weeks_to_publish", mostMaterial: true },
];

describe("designating KPIs on a draft", () => {
  it("stores each with the clause's target and frequency where none is given, and reads them back in order", async () => {
    const id = await draft(["GRP-01", "FBK-01", "COM-01"]);
    expect((await getKpis(id)).body.kpis).toEqual([]);
    const put = await putKpis(id, THREE);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const kpis = (await getKpis(id)).body.kpis;
    expect(kpis).toEqual(put.body.kpis);
    expect(kpis.map((k: { clauseKey: string; metric: string }) => `${k.clauseKey}/${k.metric}`)).toEqual([
      "GRP-01/meetings_held",
      "FBK-01/responses_percent",
      "FBK-01/weeks_to_publish",
    ]);
    expect(kpis[0]).toMatchObject({
      clauseTitle: "Resourced user-led forum with agreed terms of reference",
      unit: "count",
      comparator: "at_least",
      target: 10,
      frequency: "quarterly",
      mostMaterial: true,
    });
    expect(kpis[1]).toMatchObject({
      target: 60,
      frequency: "annually",
      mostMaterial: false,
      unit: "percent",
    });
    expect(kpis[2]).toMatchObject({ comparator: "at_most", mostMaterial: true });
    expect(kpis[0].metricLabel).toMatch(/^Forum meetings held/);
  });

  it("refuses at the field a council's own clause, a metric the clause lacks, a clause not chosen, a bad target, and more than three most material, storing nothing", async () => {
    const id = await draft(["GRP-01", "FBK-01", "COM-01"]);
    await putKpis(id, THREE.slice(0, 1));
    const cases: Array<[unknown[], string, RegExp]> = [
      [[{ clauseKey: "COM-01", metric: "contributors" }], "kpis/0/clauseKey", /council's own commitment/],
      [[{ clauseKey: "FBK-01", metric: "satisfaction" }], "kpis/0/metric", /no metric "satisfaction"/],
      [[{ clauseKey: "GOV-01", metric: "x" }], "kpis/0/clauseKey", /not one of the clauses/],
      [[{ clauseKey: "FBK-01", metric: "responses_percent", target: -1 }], "kpis/0/target", /0 or more/],
      [[{ clauseKey: "FBK-01", metric: "responses_percent", target: 101 }], "kpis/0/target", /100 or less/],
      [[THREE[0], { ...THREE[0] }], "kpis/1/metric", /already KPI 1/],
      [
        [
          ...THREE.map((k) => ({ ...k, mostMaterial: true })),
          { clauseKey: "GRP-01", metric: "requests_answered_on_time_percent", mostMaterial: true },
        ],
        "kpis",
        /at most three/,
      ],
    ];
    for (const [kpis, path, message] of cases) {
      const res = await putKpis(id, kpis);
      expect(res.status, path).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(paths(res.body), JSON.stringify(res.body)).toEqual([path]);
      expect(res.body.errors[0].message).toMatch(message);
    }
    // Nothing changed.
    expect((await getKpis(id)).body.kpis.map((k: { metric: string }) => k.metric)).toEqual(["meetings_held"]);
  });

  it("answers another council 404 and a provider 403, and changes nothing", async () => {
    const id = await draft(["GRP-01"]);
    expect((await getKpis(id, other.commissioner.auth)).status).toBe(404);
    expect((await putKpis(id, THREE.slice(0, 1), other.commissioner.auth)).status).toBe(404);
    expect((await putKpis(id, THREE.slice(0, 1), t.providerUser.auth)).status).toBe(403);
    expect((await putKpis(id, THREE.slice(0, 1), t.reviewer.auth)).status).toBe(403);
    expect((await getKpis(id, t.reviewer.auth)).status).toBe(200);
    expect((await getKpis(id)).body.kpis).toEqual([]);
  });
});

describe("issue, revision and contract", () => {
  it("refuses to issue while a KPI's clause has left the draft", async () => {
    const id = await draft(["GRP-01", "FBK-01"]);
    expect((await putKpis(id, THREE)).status).toBe(200);
    await call(
      h,
      `/api/specifications/${id}/clauses`,
      json({ clauses: [{ key: "FBK-01" }] }, t.commissioner.auth, "PUT"),
    );
    const refused = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(["kpis/0/clauseKey"]);
    // The list as it reads leaves it out; mended, it issues.
    expect((await getKpis(id)).body.kpis).toHaveLength(2);
    expect((await putKpis(id, THREE.slice(1))).status).toBe(200);
    expect((await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth))).status).toBe(
      200,
    );
  });

  it("freezes them at issue, carries them to a revision and to a contract with the tolerance and three most material", async () => {
    const id = await draft(["GRP-01", "FBK-01"]);
    expect((await putKpis(id, THREE)).status).toBe(200);
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status).toBe(200);
    const frozen = await putKpis(id, []);
    expect(frozen.status).toBe(409);
    expect((await getKpis(id)).body.kpis).toHaveLength(3);

    const revision = await call(h, `/api/specifications/${id}/revisions`, json({}, t.commissioner.auth));
    expect(revision.status).toBe(201);
    expect((await getKpis(revision.body.id)).body.kpis).toEqual((await getKpis(id)).body.kpis);
    // The revision's changes leave the issued version's alone.
    expect((await putKpis(revision.body.id, THREE.slice(0, 1))).status).toBe(200);
    expect((await getKpis(id)).body.kpis).toHaveLength(3);

    const contract = await letContract(h, t, id);
    const res = await call(h, `/api/contracts/${contract.id}/kpis`, { headers: t.commissioner.auth });
    expect(res.status).toBe(200);
    expect(res.body.kpis).toHaveLength(3);
    expect(res.body.kpis.map((k: { tolerancePercent: number }) => k.tolerancePercent)).toEqual([10, 10, 10]);
    // The specification marked two; the contract marks min(3, count).
    expect(res.body.kpis.map((k: { mostMaterial: boolean }) => k.mostMaterial)).toEqual([true, true, true]);
    expect(res.body.kpis[1]).toMatchObject({ clauseKey: "FBK-01", metric: "responses_percent", target: 60 });
    expect(res.body.kpis[0].id).toMatch(/^[0-9a-f-]{36}$/);

    // The provider reads its own contract's KPIs; another council's staff and provider do not.
    expect(
      (await call(h, `/api/contracts/${contract.id}/kpis`, { headers: t.providerUser.auth })).status,
    ).toBe(200);
    expect(
      (await call(h, `/api/contracts/${contract.id}/kpis`, { headers: other.providerUser.auth })).status,
    ).toBe(404);
    expect(
      (await call(h, `/api/contracts/${contract.id}/kpis`, { headers: other.reviewer.auth })).status,
    ).toBe(404);
  });
});

describe("the KPI form on the specification's page", () => {
  it("ticks, sets and saves KPIs, refusing a target it cannot read at the field with an error summary", async () => {
    const id = await draft(["GRP-01", "FBK-01", "COM-01"]);
    const s = await signInSession(h.app, t.commissioner.email);
    const path = `/specifications/${id}/kpis`;
    const html = await (
      await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    const text = pageText(html);
    expect(text).toContain(
      "GRP-01 Resourced user-led forum with agreed terms of reference: Forum meetings held",
    );
    // The council's own clause is not offered.
    expect(text).not.toContain("COM-01");
    // Candidates in order: GRP-01's two metrics, then FBK-01's two.
    const post = (fields: Record<string, string>) =>
      h.app.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
        },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    const refused = await post({
      "kpi-0-use": "yes",
      "kpi-0-target": "ten",
      "kpi-0-frequency": "quarterly",
      "kpi-2-use": "yes",
      "kpi-2-target": "70%",
      "kpi-2-frequency": "annually",
      "kpi-2-material": "yes",
    });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(page)![0];
    expect(summary).toContain('href="#kpi-0-target"');
    expect(page).toMatch(/id="kpi-0-target-error"/);
    expect(page).toMatch(/name="kpi-0-target"[^>]*value="ten"/);
    expect((await getKpis(id)).body.kpis).toEqual([]);

    const saved = await post({
      "kpi-0-use": "yes",
      "kpi-0-target": "8",
      "kpi-0-frequency": "quarterly",
      "kpi-2-use": "yes",
      "kpi-2-target": "70%",
      "kpi-2-frequency": "annually",
      "kpi-2-material": "yes",
    });
    expect(saved.status).toBe(303);
    const kpis = (await getKpis(id)).body.kpis;
    expect(kpis).toMatchObject([
      { clauseKey: "GRP-01", metric: "meetings_held", target: 8, mostMaterial: false },
      {
        clauseKey: "FBK-01",
        metric: "responses_percent",
        target: 70,
        frequency: "annually",
        mostMaterial: true,
      },
    ]);
    const specPage = pageText(
      await (
        await h.app.request(`/specifications/${id}`, { headers: { cookie: s.cookie, accept: "text/html" } })
      ).text(),
    );
    expect(specPage).toContain("Choose key performance indicators");
    expect(specPage).toContain("at least 70%");
  });
});
