// The council's statement of commitments (issue 20 item 3): the commissioning clauses issue as a Word
// document of their own, apart from the provider's specification, linked beside it on the specification's page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, pageText, type Tenant, webPage, webSession } from "../contracts/fixtures.js";
import { part, rawText } from "../documents/helpers.js";
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

async function draft(keys: string[]) {
  const created = await call(
    h,
    "/api/specifications",
    json(
      { title: "Commitments check", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
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

const get = (id: string, auth: Record<string, string>) =>
  h.app.request(`/api/specifications/${id}/commitments-document`, { headers: auth });

describe("the statement of commitments", () => {
  it("holds the commissioning clauses only, says it binds the council and not the provider, and is kept at issue", async () => {
    const id = await draft(["GOV-01", "COM-03", "COM-02"]);
    const drafted = await get(id, t.commissioner.auth);
    expect(drafted.status).toBe(200);
    expect(drafted.headers.get("content-disposition")).toMatch(/statement-of-commitments-draft\.docx/);
    const draftText = await rawText(new Uint8Array(await drafted.arrayBuffer()));
    expect(draftText).toMatch(/This is a draft/);

    const issued = await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const res = await get(id, t.commissioner.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = await rawText(bytes);
    expect(text).toMatch(/^Statement of commitments: involving people who use the service/);
    expect(text).toMatch(
      /not part of the provider's specification or contract, and gives the provider no rights/,
    );
    expect(text).toMatch(/Combating Drugs Partnership/);
    expect(text).toMatch(/COM-03 People with lived experience set and score tender questions/);
    expect(text).toMatch(/most suitable provider process/);
    expect(text).toMatch(/COM-02 Specification written with people with lived experience/);
    expect(text).not.toMatch(/GOV-01/);
    expect(text).not.toMatch(/This is a draft/);
    expect(text).not.toMatch(/WithUs/);
    // Accessible: the document's language, real headings, a header row that repeats on each page.
    expect(await part(bytes, "word/styles.xml")).toContain('<w:lang w:val="en-GB"/>');
    const xml = await part(bytes, "word/document.xml");
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain("<w:tblHeader/>");
    // The same bytes each time: issued documents are kept.
    const again = new Uint8Array(await (await get(id, t.commissioner.auth)).arrayBuffer());
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it("says so when no commitment of the council was chosen", async () => {
    const id = await draft(["GOV-01"]);
    const text = await rawText(new Uint8Array(await (await get(id, t.commissioner.auth)).arrayBuffer()));
    expect(text).toMatch(/No commitments of the commissioner have been chosen/);
  });

  it("is linked beside the specification on its page", async () => {
    const id = await draft(["COM-01"]);
    const s = await webSession(h, t.commissioner.email);
    const res = await webPage(h, s, `/specifications/${id}`);
    expect(res.html).toContain(`href="/api/specifications/${id}/commitments-document"`);
    expect(pageText(res.html)).toMatch(/The council's statement of commitments/);
  });

  it("is not for another council", async () => {
    const id = await draft(["COM-01"]);
    expect((await get(id, other.commissioner.auth)).status).toBe(404);
  });
});
