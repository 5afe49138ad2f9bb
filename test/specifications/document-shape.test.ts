// What a specification issues as (issue 20 item 2): a schedule by default unless all four general sections are
// written; chosen with PATCH or on the issue page; a full specification refuses to issue while a section is empty
// (422 naming each, an error summary on the page); frozen at issue and inherited by a revision.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEDULE_TITLE } from "../../src/model/document-input.js";
import { call, type Tenant } from "../contracts/fixtures.js";
import { rawText } from "../documents/helpers.js";
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

const SECTIONS = {
  introduction: "The service helps adults recover.",
  populationNeed: "About 2,000 adults need it.",
  outcomes: "People recover and stay well.",
  scope: "Adults living in the county.",
};

async function draft(sections: Record<string, string> = {}) {
  const created = await call(
    h,
    "/api/specifications",
    json(
      { title: "Shape check", serviceName: "Recovery Together", contacts: SPEC_CONTACTS, sections },
      t.commissioner.auth,
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const put = await call(
    h,
    `/api/specifications/${id}/clauses`,
    json({ clauses: [{ key: "GOV-01" }, { key: "FBK-01" }] }, t.commissioner.auth, "PUT"),
  );
  expect(put.status).toBe(200);
  return created.body as { id: string; documentShape: string };
}

const patch = (id: string, body: unknown, auth = t.commissioner.auth) =>
  call(h, `/api/specifications/${id}`, json(body, auth, "PATCH"));

async function documentText(id: string) {
  const res = await h.app.request(`/api/specifications/${id}/document`, { headers: t.commissioner.auth });
  expect(res.status).toBe(200);
  return rawText(new Uint8Array(await res.arrayBuffer()));
}

describe("the document shape", () => {
  it("is a schedule by default, and a full specification once all four sections are written", async () => {
    const spec = await draft({ introduction: "Only this one." });
    expect(spec.documentShape).toBe("schedule");
    const written = await patch(spec.id, { sections: SECTIONS });
    expect(written.body.documentShape).toBe("full_specification");
    // Chosen, it stays; null returns to the default.
    expect((await patch(spec.id, { documentShape: "schedule" })).body.documentShape).toBe("schedule");
    expect(
      (await call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth })).body,
    ).toMatchObject({ documentShape: "schedule" });
    expect((await patch(spec.id, { documentShape: null })).body.documentShape).toBe("full_specification");
  });

  it("refuses a shape it does not know, and who may not change the specification cannot set it", async () => {
    const spec = await draft();
    const wrong = await patch(spec.id, { documentShape: "booklet" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toContain("documentShape");
    for (const auth of [t.providerUser.auth, t.reviewer.auth, other.commissioner.auth]) {
      const refused = await patch(spec.id, { documentShape: "full_specification" }, auth);
      expect([403, 404]).toContain(refused.status);
    }
    expect(
      (await call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth })).body,
    ).toMatchObject({ documentShape: "schedule" });
  });

  it("issues a schedule with its own title and no general sections", async () => {
    const spec = await draft({ introduction: "Written, but the rest is not." });
    const issued = await call(h, `/api/specifications/${spec.id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.documentShape).toBe("schedule");
    const text = await documentText(spec.id);
    expect(text).toContain(SCHEDULE_TITLE);
    expect(text).toContain("GOV-01");
    expect(text).not.toContain("Written, but the rest is not.");
    expect(text).not.toMatch(/not been written/);
    expect(text).toContain("Reporting calendar for the first 12 months");
  });

  it("refuses to issue a full specification with an empty section, naming each", async () => {
    const spec = await draft({ introduction: "Written.", outcomes: "Written too." });
    await patch(spec.id, { documentShape: "full_specification" });
    const refused = await call(h, `/api/specifications/${spec.id}/issue`, json({}, t.commissioner.auth));
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.errors).toEqual([
      {
        path: "sections/populationNeed",
        message: "write the population needs section, or issue as a schedule",
      },
      { path: "sections/scope", message: "write the scope section, or issue as a schedule" },
    ]);
    await patch(spec.id, { sections: SECTIONS });
    const issued = await call(h, `/api/specifications/${spec.id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const text = await documentText(spec.id);
    expect(text).not.toContain(SCHEDULE_TITLE);
    expect(text).toContain("About 2,000 adults need it.");
  });

  it("is frozen at issue and inherited by a revision", async () => {
    const spec = await draft(SECTIONS);
    await patch(spec.id, { documentShape: "schedule" });
    await call(h, `/api/specifications/${spec.id}/issue`, json({}, t.commissioner.auth));
    expect((await patch(spec.id, { documentShape: "full_specification" })).status).toBe(409);
    const rev = await call(h, `/api/specifications/${spec.id}/revisions`, json({}, t.commissioner.auth));
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    expect(rev.body.documentShape).toBe("schedule");
  });

  it("is chosen on the issue page, which names each empty section in its error summary", async () => {
    const spec = await draft({ scope: "Only the scope." });
    const s = await signInSession(h.app, t.commissioner.email);
    const path = `/specifications/${spec.id}/issue`;
    const form = await (
      await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    expect(form).toMatch(/name="documentShape"[^>]*value="schedule"[^>]*checked/);
    const post = (fields: Record<string, string>) =>
      h.app.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
        },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...SPEC_CONTACTS, ...fields }).toString(),
      });
    const refused = await post({ documentShape: "full_specification" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)![0];
    for (const name of ["introduction", "population needs", "outcomes"]) {
      expect(summary).toContain(`Write the ${name} section, or issue as a schedule`);
    }
    expect(summary).not.toContain("scope section");
    expect(html).toMatch(/name="documentShape"[^>]*value="full_specification"[^>]*checked/);
    expect(html).toContain("Write the empty sections on the specification");

    const issued = await post({ documentShape: "schedule" });
    expect(issued.status).toBe(303);
    expect(
      (await call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth })).body,
    ).toMatchObject({ status: "issued", documentShape: "schedule" });
  });

  it("prints the KPIs designated on the draft as 'Key performance indicators', or the thresholds as 'Measures'", async () => {
    const spec = await draft();
    const put = await call(
      h,
      `/api/specifications/${spec.id}/kpis`,
      json(
        {
          kpis: [
            {
              clauseKey: "FBK-01",
              metric: "responses_percent",
              target: 60,
              frequency: "annually",
              mostMaterial: true,
            },
          ],
        },
        t.commissioner.auth,
        "PUT",
      ),
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const draftText = await documentText(spec.id);
    expect(draftText).toMatch(/\d+ Key performance indicators\n/);
    expect(draftText).not.toMatch(/\d+ Measures\n/);
    expect(draftText).toContain(put.body.kpis[0].metricLabel);
    expect(draftText).toContain("at least 60%");
    expect(draftText).toContain("Annually");
    await call(h, `/api/specifications/${spec.id}/issue`, json({}, t.commissioner.auth));
    expect(await documentText(spec.id)).toContain("at least 60%");

    const none = await draft();
    expect(await documentText(none.id)).toMatch(/\d+ Measures\n/);
  });
});
