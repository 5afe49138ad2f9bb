// COM-02's record (issue 20 item 4): "people who have used services helped write this" is printed only when
// the council has recorded who did; document control credits by name only those whose consent is recorded,
// and counts the rest by group. Without a record the summary says the council will ask next time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, pageText, type Tenant, webPage, webSession } from "../contracts/fixtures.js";
import { rawText } from "../documents/helpers.js";
import { json, makeTenant } from "../factories.js";
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

const RECORD = {
  from: "2026-03-02",
  to: "2026-03-20",
  groups: [
    { name: "Northshire Recovery Forum", people: 4 },
    { name: "Families Together", people: 2 },
  ],
  credited: [
    { name: "Sam Okafor", group: "Northshire Recovery Forum", as: "name", consentRecordedOn: "2026-03-20" },
    { name: "Blue", group: "Families Together", as: "pseudonym", consentRecordedOn: "2026-03-20" },
  ],
};

async function draft(title = "Co-production check") {
  const created = await call(
    h,
    "/api/specifications",
    json({ title, serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const put = await call(
    h,
    `/api/specifications/${id}/clauses`,
    json({ clauses: [{ key: "GOV-01" }, { key: "COM-02" }] }, t.commissioner.auth, "PUT"),
  );
  expect(put.status).toBe(200);
  return id;
}

async function text(id: string, path: "document" | "summary-document") {
  const res = await h.app.request(`/api/specifications/${id}/${path}`, { headers: t.commissioner.auth });
  expect(res.status).toBe(200);
  return rawText(new Uint8Array(await res.arrayBuffer()));
}

describe("the COM-02 record", () => {
  it("without it, an issued specification never says people helped write it, and the summary says the council will ask", async () => {
    const id = await draft();
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const spec = await text(id, "document");
    const summary = await text(id, "summary-document");
    for (const t of [spec, summary]) expect(t).not.toMatch(/helped (the council )?write this/);
    expect(spec).not.toMatch(/people with lived experience from/);
    expect(summary).toMatch(/The council will ask people who use services to help write the next version\./);
  });

  it("with it, the summary says so and document control credits only those who consented to be named", async () => {
    const id = await draft();
    const put = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json(RECORD, t.commissioner.auth, "PUT"),
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.coProduction.groups).toHaveLength(2);
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status).toBe(200);
    const summary = await text(id, "summary-document");
    expect(summary).toMatch(/6 people who have used services helped the council write this\./);
    const spec = await text(id, "document");
    expect(spec).toMatch(
      /Contributors\s*Sam Okafor; Blue \(a pseudonym\); 3 people with lived experience from Northshire Recovery Forum; 1 person with lived experience from Families Together\./,
    );
    // Issued: the record is frozen with the version.
    const late = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json(RECORD, t.commissioner.auth, "PUT"),
    );
    expect(late.status).toBe(409);
  });

  it("a revision starts without the record: each version needs its own", async () => {
    const id = await draft();
    await call(h, `/api/specifications/${id}/co-production`, json(RECORD, t.commissioner.auth, "PUT"));
    await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    const next = await call(h, `/api/specifications/${id}/revisions`, json({}, t.commissioner.auth));
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body.coProduction).toBeNull();
  });

  it("refuses an incomplete record at its fields, 422: no consent date, a group not listed, more credited than took part", async () => {
    const id = await draft();
    const bad = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json(
        {
          from: "2026-03-20",
          to: "2026-03-02",
          groups: [{ name: "Northshire Recovery Forum", people: 1 }],
          credited: [
            { name: "Sam", group: "Northshire Recovery Forum", as: "name", consentRecordedOn: "" },
            { name: "Ash", group: "Somewhere else", as: "name", consentRecordedOn: "2026-03-20" },
            { name: "Kit", group: "Northshire Recovery Forum", as: "name", consentRecordedOn: "2026-03-20" },
          ],
        },
        t.commissioner.auth,
        "PUT",
      ),
    );
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["credited/0/consentRecordedOn", "credited/1/group", "groups/0/people", "to"]);
    const future = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json({ ...RECORD, to: "2099-01-01" }, t.commissioner.auth, "PUT"),
    );
    expect(future.status).toBe(422);
    expect(future.body.errors[0]).toMatchObject({ path: "to" });
  });

  it("describes a group's number of people in the API document as the service judges it, 1 to 500, and refuses 501 and 0 at the field", async () => {
    const doc = (await (await h.app.request("/openapi.json")).json()) as {
      paths: Record<string, { put: { requestBody: unknown } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(JSON.stringify(doc.paths["/api/specifications/{id}/co-production"]!.put.requestBody)).toContain(
      "#/components/schemas/CoProductionRecord",
    );
    expect(JSON.stringify(doc.components.schemas.CoProductionRecord)).toMatch(
      /"people":\{"type":"integer","minimum":1,"maximum":500\}/,
    );
    const id = await draft();
    for (const people of [0, 501]) {
      const bad = await call(
        h,
        `/api/specifications/${id}/co-production`,
        json(
          { ...RECORD, groups: [{ ...RECORD.groups[0]!, people }, RECORD.groups[1]!] },
          t.commissioner.auth,
          "PUT",
        ),
      );
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toContainEqual({
        path: "groups/0/people",
        message: "must be a whole number from 1 to 500",
      });
    }
  });

  it("only the council's commissioners may record it: not its provider, not another council", async () => {
    const id = await draft();
    const provider = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json(RECORD, t.providerUser.auth, "PUT"),
    );
    expect(provider.status).toBe(403);
    const stranger = await call(
      h,
      `/api/specifications/${id}/co-production`,
      json(RECORD, other.commissioner.auth, "PUT"),
    );
    expect(stranger.status).toBe(404);
  });

  it("the page records it, with the errors in a summary and at the fields", async () => {
    const id = await draft("Co-production by page");
    const s = await webSession(h, t.commissioner.email);
    const home = await webPage(h, s, `/specifications/${id}`);
    expect(pageText(home.html)).toMatch(/Record who helped write it/);
    const form = await webPage(h, s, `/specifications/${id}/co-production`);
    expect(form.status).toBe(200);
    const post = (fields: Record<string, string>) =>
      h.app.request(`/specifications/${id}/co-production`, {
        method: "POST",
        headers: {
          cookie: s.cookie,
          accept: "text/html",
          origin: "http://localhost",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ _csrf: s.csrf, ...fields }),
      });
    const rows = {
      "groups-0-name": "Northshire Recovery Forum",
      "groups-0-people": "3",
      "groups-1-name": "",
      "groups-1-people": "",
      "credited-0-name": "Sam Okafor",
      "credited-0-group": "Northshire Recovery Forum",
      "credited-0-as": "name",
      "credited-0-consent-day": "",
      "credited-0-consent-month": "",
      "credited-0-consent-year": "",
      "credited-1-name": "",
      "credited-1-group": "",
      "credited-1-as": "",
    };
    const dates = {
      "from-day": "2",
      "from-month": "3",
      "from-year": "2026",
      "to-day": "20",
      "to-month": "3",
      "to-year": "2026",
    };
    const refused = await post({ ...rows, ...dates });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#credited-0-consent-day"');
    expect(pageText(html)).toMatch(/Enter the day consent was recorded/);
    const saved = await post({
      ...rows,
      ...dates,
      "credited-0-consent-day": "20",
      "credited-0-consent-month": "3",
      "credited-0-consent-year": "2026",
    });
    expect(saved.status).toBe(303);
    const got = await call(h, `/api/specifications/${id}`, { headers: t.commissioner.auth });
    expect(got.body.coProduction).toEqual({
      from: "2026-03-02",
      to: "2026-03-20",
      groups: [{ name: "Northshire Recovery Forum", people: 3 }],
      credited: [
        {
          name: "Sam Okafor",
          group: "Northshire Recovery Forum",
          as: "name",
          consentRecordedOn: "2026-03-20",
        },
      ],
    });
  });
});
