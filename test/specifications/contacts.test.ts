// The contacts people can call that are not the provider: required to issue a specification (422 naming
// each missing field), UK phone numbers only, and FBK-02 printing the named independent body, never a
// default. Publishing a contract's public page needs the provider's involvement contact too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, issuedSpecification, letContract, pageText, type Tenant } from "../contracts/fixtures.js";
import { firstOutOfOrder, rawText } from "../documents/helpers.js";
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

async function draft(keys: string[], contacts?: Record<string, unknown>) {
  const created = await call(
    h,
    "/api/specifications",
    json(
      { title: "Contacts check", serviceName: "Recovery Together", ...(contacts ? { contacts } : {}) },
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

const paths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path).sort();

describe("issuing needs the contacts", () => {
  it("answers 422 naming each missing contact, and issues once they are given", async () => {
    const id = await draft(["FBK-02", "GOV-01"]);
    const refused = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(paths(refused.body)).toEqual([
      "contacts/complaintsPhone",
      "contacts/councilContactName",
      "contacts/councilContactPhone",
      "contacts/healthwatchPhone",
      "contacts/independentBodyName",
      "contacts/independentBodyPhone",
    ]);
    expect(refused.body.errors[0].message).toMatch(/^enter the /);

    // Some given: only the rest are named.
    const partial = await call(
      h,
      `/api/specifications/${id}`,
      json(
        { contacts: { councilContactName: "Involvement team", councilContactPhone: "60123" } },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body.contacts).toMatchObject({ councilContactPhone: "60123" });
    const still = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(paths(still.body)).toEqual([
      "contacts/complaintsPhone",
      "contacts/healthwatchPhone",
      "contacts/independentBodyName",
      "contacts/independentBodyPhone",
    ]);

    const rest = await call(
      h,
      `/api/specifications/${id}`,
      json({ contacts: { ...SPEC_CONTACTS, councilContactPhone: "60123" } }, t.commissioner.auth, "PATCH"),
    );
    expect(rest.status).toBe(200);
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.contacts).toMatchObject({
      healthwatchPhone: "01632 960 003",
      councilContactPhone: "60123",
    });
  });

  it("needs no independent body when FBK-02 is not chosen", async () => {
    const { independentBodyName: _n, independentBodyPhone: _p, ...rest } = SPEC_CONTACTS;
    const id = await draft(["GOV-01"], rest);
    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  });

  it("accepts UK phone numbers only, with the error at the field", async () => {
    const id = await draft(["GOV-01"]);
    const bad = await call(
      h,
      `/api/specifications/${id}`,
      json(
        {
          contacts: {
            councilContactPhone: "call us",
            complaintsPhone: "+1 212 555 0100",
            healthwatchPhone: "12345",
            independentBodyPhone: "0163 296",
          },
        },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual([
      "contacts/complaintsPhone",
      "contacts/councilContactPhone",
      "contacts/healthwatchPhone",
      "contacts/independentBodyPhone",
    ]);
    expect(bad.body.errors[0].message).toMatch(/UK phone number/);
    const good = await call(
      h,
      `/api/specifications/${id}`,
      json(
        {
          contacts: {
            councilContactPhone: "07700 900123",
            complaintsPhone: "+44 (0)1632 960 002",
            healthwatchPhone: "0300 123 4567",
            independentBodyPhone: "0800 123 456",
          },
        },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(good.status, JSON.stringify(good.body)).toBe(200);
  });

  it("is not another council's to change", async () => {
    const id = await draft(["GOV-01"]);
    const theirs = await call(
      h,
      `/api/specifications/${id}`,
      json({ contacts: SPEC_CONTACTS }, other.commissioner.auth, "PATCH"),
    );
    expect(theirs.status).toBe(404);
    const provider = await call(
      h,
      `/api/specifications/${id}`,
      json({ contacts: SPEC_CONTACTS }, t.providerUser.auth, "PATCH"),
    );
    expect(provider.status).toBe(403);
  });
});

describe("the issue page", () => {
  it("asks for the contacts, and shows an error summary linking to each missing one", async () => {
    const id = await draft(["FBK-02"], { councilContactName: "Involvement team" });
    const s = await signInSession(h.app, t.commissioner.email);
    const path = `/specifications/${id}/issue`;
    const form = await (
      await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    expect(form).toMatch(/name="councilContactName"[^>]*value="Involvement team"/);
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
    const refused = await post({ councilContactName: "Involvement team", complaintsPhone: "not a number" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)![0];
    for (const f of [
      "councilContactPhone",
      "complaintsPhone",
      "healthwatchPhone",
      "independentBodyName",
      "independentBodyPhone",
    ])
      expect(summary, f).toContain(`href="#${f}"`);
    expect(summary).not.toContain('href="#councilContactName"');
    expect(pageText(html)).toContain("Must be a UK phone number");
    expect(html).toMatch(/id="complaintsPhone-error"/);
    // What was typed stays in the form.
    expect(html).toMatch(/name="complaintsPhone"[^>]*value="not a number"/);
    expect((await call(h, `/api/specifications/${id}`, { headers: t.commissioner.auth })).body.status).toBe(
      "draft",
    );

    const ok = await post({ ...SPEC_CONTACTS });
    expect(ok.status).toBe(303);
    const after = await call(h, `/api/specifications/${id}`, { headers: t.commissioner.auth });
    expect(after.body).toMatchObject({ status: "issued", contacts: SPEC_CONTACTS });
  });
});

describe("FBK-02's independent body", () => {
  it("is printed as named in the contacts; the default is never printed", async () => {
    const defaultText = "the local Healthwatch, or another organisation independent of the provider";
    const id = await draft(["FBK-02"]);
    const draftDoc = await h.app.request(`/api/specifications/${id}/document`, {
      headers: t.commissioner.auth,
    });
    const draftText = await rawText(new Uint8Array(await draftDoc.arrayBuffer()));
    expect(draftText).not.toContain(defaultText);
    expect(draftText).toContain("an independent organisation (not yet named)");

    await call(
      h,
      `/api/specifications/${id}`,
      json(
        { contacts: { ...SPEC_CONTACTS, independentBodyName: "Healthwatch Eastfield" } },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect((await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth))).status).toBe(
      200,
    );
    for (const doc of ["document", "summary-document"]) {
      const res = await h.app.request(`/api/specifications/${id}/${doc}`, { headers: t.commissioner.auth });
      const text = await rawText(new Uint8Array(await res.arrayBuffer()));
      expect(text, doc).toContain("Healthwatch Eastfield");
      expect(text, doc).not.toContain(defaultText);
    }
  });
});

describe("the summary's contact box", () => {
  it("comes first, before the promises, in the standard and the large-print summary", async () => {
    const spec = await issuedSpecification(h, t, ["FBK-02", "GOV-01"]);
    for (const doc of ["summary-document", "summary-document/large-print"]) {
      const res = await h.app.request(`/api/specifications/${spec.id}/${doc}`, {
        headers: t.commissioner.auth,
      });
      expect(res.status, doc).toBe(200);
      const text = await rawText(new Uint8Array(await res.arrayBuffer()));
      const box = text.indexOf("Who you can call");
      expect(box, doc).toBeGreaterThan(0);
      expect(
        firstOutOfOrder(text, [
          "What this service promises to do to involve you",
          "Who you can call",
          "contact Involvement team on 01632 960 001",
          "call the council on 01632 960 002",
          "call Healthwatch Northshire on 01632 960 004",
          "call your local Healthwatch on 01632 960 003",
          "Recovery Together",
        ]),
        doc,
      ).toBeUndefined();
    }
  });
});

describe("publishing a contract's public page", () => {
  it("needs the provider's involvement contact, name and UK phone number", async () => {
    const spec = await issuedSpecification(h, t, ["GOV-01"]);
    const contract = await letContract(h, t, spec.id);
    const refused = await call(
      h,
      `/api/contracts/${contract.id}`,
      json({ public: true }, t.commissioner.auth, "PATCH"),
    );
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(["contactPhone", "involvementContactName"]);
    const badPhone = await call(
      h,
      `/api/contracts/${contract.id}`,
      json(
        { public: true, involvementContactName: "Forum team", contactPhone: "ring us" },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(badPhone.status).toBe(422);
    expect(paths(badPhone.body)).toEqual(["contactPhone"]);
    const unchanged = await call(h, `/api/contracts/${contract.id}`, { headers: t.commissioner.auth });
    expect(unchanged.body.public).toBe(false);
    const ok = await call(
      h,
      `/api/contracts/${contract.id}`,
      json(
        { public: true, involvementContactName: "Forum team", contactPhone: "01632 960 100" },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ public: true, involvementContactName: "Forum team" });

    // The public page opens with the contact box: the provider's contact first, then the council's.
    const html = await (
      await h.app.request(`/services/${ok.body.slug}`, { headers: { accept: "text/html" } })
    ).text();
    const text = pageText(html);
    expect(
      firstOutOfOrder(text, [
        "Recovery Together",
        "Who you can call",
        "contact Forum team on 01632 960 100",
        "contact Involvement team on 01632 960 001",
        "call the council on 01632 960 002",
        "call your local Healthwatch on 01632 960 003",
        "This is about Recovery Together.",
      ]),
    ).toBeUndefined();
    expect(html).toMatch(
      /<section class="govuk-inset-text app-contact-box" aria-labelledby="contact-box-heading">/,
    );
  });
});
