// The plain-language summary's first page (issue 20 item 7): the main promises, chosen by the core
// bundle's order unless the commissioner chooses them (PATCH /api/specifications/:id keyPromises: at most
// ten clauses of the specification), then the rest from page 2. Frozen at issue with the document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_PROMISES_HEADING } from "../../src/model/plain-summary.js";
import { call, type Tenant } from "../contracts/fixtures.js";
import { rawText } from "../documents/helpers.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

let h: Harness;
let t: Tenant;
let other: Tenant;
let id: string;

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const created = await call(
    h,
    "/api/specifications",
    json(
      {
        title: "Main promises check",
        serviceName: "Recovery Together",
        contacts: SPEC_CONTACTS,
        bundle: "core",
      },
      t.commissioner.auth,
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  id = created.body.id;
});
afterAll(() => h.close());

/** The summary's first page as Word text: from the main promises' heading to the introduction. */
async function firstPage() {
  const res = await h.app.request(`/api/specifications/${id}/summary-document`, {
    headers: t.commissioner.auth,
  });
  expect(res.status).toBe(200);
  const text = await rawText(new Uint8Array(await res.arrayBuffer()));
  const start = text.indexOf(KEY_PROMISES_HEADING);
  expect(start).toBeGreaterThan(text.indexOf("Who you can call"));
  return text.slice(start, text.indexOf("This is about Recovery Together."));
}

const patch = (body: unknown, auth = t.commissioner.auth) =>
  call(h, `/api/specifications/${id}`, json(body, auth, "PATCH"));

describe("the main promises on the summary's first page", () => {
  it("are the core bundle's provider promises by default, not the council's own commitments", async () => {
    const page = await firstPage();
    expect(page).toContain("We will make your care plan with you.");
    expect(page).toContain("We will help you run your own group.");
    // COM-04 is the council's, not the service's promise.
    const spec = await call(h, `/api/specifications/${id}`, { headers: t.commissioner.auth });
    expect(spec.body.keyPromises).toBeNull();
    expect(spec.body.clauses.map((c: { key: string }) => c.key)).toContain("COM-04");
  });

  it("are the commissioner's choice, in their order, once chosen", async () => {
    const res = await patch({ keyPromises: ["LOOP-01", "ICP-01"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.keyPromises).toEqual(["LOOP-01", "ICP-01"]);
    const page = await firstPage();
    const loop = page.indexOf("We will write down what you tell us.");
    const care = page.indexOf("We will make your care plan with you.");
    expect(loop).toBeGreaterThan(0);
    expect(care).toBeGreaterThan(loop);
    expect(page).not.toContain("We will help you run your own group.");
  });

  it("refuses more than ten, a clause not in the specification, or one twice, at the field, storing nothing", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `X-${i}`);
    const tooMany = await patch({ keyPromises: eleven });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { path: string }) => e.path)).toContain("keyPromises");
    const bad = await patch({ keyPromises: ["ICP-01", "CJ-01", "ICP-01"] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { path: "keyPromises/1", message: "CJ-01 is not a clause of this specification" },
      { path: "keyPromises/2", message: "ICP-01 is already chosen" },
    ]);
    const spec = await call(h, `/api/specifications/${id}`, { headers: t.commissioner.auth });
    expect(spec.body.keyPromises).toEqual(["LOOP-01", "ICP-01"]);
  });

  it("goes back to the bundle's order when cleared; another council cannot choose them", async () => {
    expect((await patch({ keyPromises: ["ICP-01"] }, other.commissioner.auth)).status).toBe(404);
    expect((await patch({ keyPromises: ["ICP-01"] }, t.providerUser.auth)).status).toBe(403);
    const cleared = await patch({ keyPromises: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.keyPromises).toBeNull();
    expect(await firstPage()).toContain("We will help you run your own group.");
  });
});
