// The council's own reference for a specification (CLAUSE-REVIEW-3, low row: the documents printed a UUID).
// Set while a draft, refused at the field when it is not one, one specification's within the council (its
// versions share it), kept by a revision, and printed on the Word documents where the id was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, letContract, type Tenant, webPage, webSession } from "../contracts/fixtures.js";
import { headers, part, rawText } from "../documents/helpers.js";
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

async function draft(title = "Reference check", tenant = t) {
  const created = await call(
    h,
    "/api/specifications",
    json({ title, serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, tenant.commissioner.auth),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const put = await call(
    h,
    `/api/specifications/${id}/clauses`,
    json({ clauses: [{ key: "GOV-01" }, { key: "COM-01" }] }, tenant.commissioner.auth, "PUT"),
  );
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return created.body as { id: string; reference: string | null };
}

const patch = (id: string, body: unknown, tenant = t) =>
  call(h, `/api/specifications/${id}`, json(body, tenant.commissioner.auth, "PATCH"));
const issue = (id: string) => call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
async function docx(id: string, path = "document") {
  const res = await h.app.request(`/api/specifications/${id}/${path}`, { headers: t.commissioner.auth });
  expect(res.status, path).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}
/** A reference no other test in the run has used (the database is shared on PostgreSQL). */
const unique = (prefix: string) => `${prefix}/${crypto.randomUUID().slice(0, 8)}`;

describe("a specification's reference", () => {
  it("is none until the council sets one, and is kept with its spaces run together; blank clears it", async () => {
    const spec = await draft();
    expect(spec.reference).toBeNull();
    const ref = unique("NCC/DAT");
    const set = await patch(spec.id, { reference: `  ${ref.replace("/", " /  ")}  ` });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.reference).toBe(ref.replace("/", " / "));
    expect(
      (await call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth })).body.reference,
    ).toBe(ref.replace("/", " / "));
    expect((await patch(spec.id, { reference: "" })).body.reference).toBeNull();
    expect((await patch(spec.id, { reference: "NCC-2026.1" })).body.reference).toBe("NCC-2026.1");
    expect((await patch(spec.id, { reference: null })).body.reference).toBeNull();
  });

  it("is described in the OpenAPI document: its rule, its clash and where it is printed", async () => {
    const doc = (await (await h.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const [, item] = Object.entries(doc.paths).find(([p]) => p.endsWith("/specifications/{id}"))!;
    const body = JSON.stringify(item.patch!.requestBody);
    expect(body).toContain("The council's own reference for this specification");
    expect(body).toContain("printed on its Word documents in place of its id");
    expect(body).toContain("up to 60 characters");
    expect(JSON.stringify(item.patch!.responses["409"])).toContain("reference");
  });

  it("refuses what is not a reference, at the field, and keeps what it had", async () => {
    const spec = await draft();
    const kept = unique("KEEP");
    await patch(spec.id, { reference: kept });
    for (const [reference, message] of [
      ["NCC_DAT_1", /can only have letters A to Z, numbers, spaces, hyphens/],
      ["NCC#1", /can only have letters/],
      ["Réf 1", /can only have letters A to Z/],
      ["/NCC/1", /must start with a letter or a number/],
      ["A".repeat(61), /at most 60 characters/],
    ] as const) {
      const res = await patch(spec.id, { reference });
      expect(res.status, reference).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].path).toBe("reference");
      expect(res.body.errors[0].message).toMatch(message);
    }
    expect(
      (await call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth })).body.reference,
    ).toBe(kept);
  });

  it("is one specification's within a council, whatever the case; another council may use it", async () => {
    const ref = unique("NCC/ADULT");
    const first = await draft("Adult treatment involvement");
    expect((await patch(first.id, { reference: ref })).status).toBe(200);
    const second = await draft("Young people's involvement");
    const clash = await patch(second.id, { reference: ref.toLowerCase() });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([
      {
        path: "reference",
        message: 'is already used for your specification "Adult treatment involvement"',
      },
    ]);
    expect(clash.body.detail).toContain(ref.toLowerCase());
    // Starting a specification with it is refused the same way.
    const started = await call(
      h,
      "/api/specifications",
      json({ title: "A third", serviceName: "Recovery Together", reference: ref }, t.commissioner.auth),
    );
    expect(started.status).toBe(409);
    expect(started.body.errors[0].path).toBe("reference");
    // Another council's specification may have the same reference.
    const theirs = await draft("Their adult treatment involvement", other);
    const elsewhere = await patch(theirs.id, { reference: ref }, other);
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    expect(elsewhere.body.reference).toBe(ref);
    // Once the first lets it go, the second may take it.
    await patch(first.id, { reference: null });
    expect((await patch(second.id, { reference: ref })).status).toBe(200);
  });

  it("cannot change once issued, and a revision keeps it (its own versions do not clash)", async () => {
    const ref = unique("NCC/REV");
    const spec = await draft();
    await patch(spec.id, { reference: ref });
    const issued = await issue(spec.id);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.reference).toBe(ref);
    const frozen = await patch(spec.id, { reference: unique("NCC/OTHER") });
    expect(frozen.status).toBe(409);
    expect(frozen.body.detail).toMatch(/issued and can no longer change/);
    const rev = await call(h, `/api/specifications/${spec.id}/revisions`, json({}, t.commissioner.auth));
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    expect(rev.body.reference).toBe(ref);
    // Saving the revision with the reference it has is not a clash with the version it revises.
    const again = await patch(rev.body.id, { reference: ref, area: "Northshire" });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.reference).toBe(ref);
  });
});

describe("the Word documents", () => {
  it("print the council's reference where they printed the id, on the issued specification, summary and commitments", async () => {
    const ref = unique("NCC/DAT/2026");
    const spec = await draft("Adult treatment involvement");
    await patch(spec.id, { reference: ref });
    expect((await issue(spec.id)).status).toBe(200);

    const specification = await docx(spec.id);
    const text = await rawText(specification);
    expect(text).toContain(`Specification reference\n\n${ref}`);
    expect(text).not.toContain("Specification number");
    expect(text).not.toContain(spec.id);
    // A schedule's running header is the schedule's title, the same for every council's: the reference tells them apart.
    expect(await headers(specification)).toContain(
      `Schedule: involvement of people who use the service (${ref}), version 1`,
    );
    expect(await part(specification, "docProps/custom.xml")).toContain(ref);

    const summary = await rawText(await docx(spec.id, "summary-document"));
    expect(summary).toMatch(
      new RegExp(`This is version 1\\. It is dated .*'s reference for it is ${ref}\\.`),
    );

    const commitments = await docx(spec.id, "commitments-document");
    expect(await rawText(commitments)).toContain(`Adult treatment involvement (${ref}), version 1`);
    expect(await headers(commitments)).toContain(`Recovery Together (${ref}), version 1`);
  });

  it("print the id as before when the council has set no reference", async () => {
    const spec = await draft("No reference yet");
    const text = await rawText(await docx(spec.id));
    expect(text).toContain(`Specification number\n\n${spec.id}`);
    expect(text).not.toContain("Specification reference");
    expect(await rawText(await docx(spec.id, "summary-document"))).not.toContain("reference for it");
  });
});

describe("the details page", () => {
  it("sets the reference, and shows the service's refusals in the error summary and at the field", async () => {
    const taken = unique("NCC/PAGE");
    const holder = await draft("Holder of the reference");
    await patch(holder.id, { reference: taken });
    const spec = await draft("Set on the page");
    const s = await signInSession(h.app, t.commissioner.email);
    const path = `/specifications/${spec.id}/details`;
    const form = await (
      await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    expect(form).toMatch(/<label[^>]*for="reference"[^>]*>\s*Your reference \(optional\)/);
    const post = (reference: string) =>
      h.app.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
        },
        body: new URLSearchParams({
          _csrf: s.csrfToken,
          title: "Set on the page",
          serviceName: "Recovery Together",
          reference,
        }).toString(),
      });
    const summaryOf = (html: string) =>
      /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";

    const bad = await post("NCC_1");
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(summaryOf(badHtml)).toMatch(
      /href="#reference"[^>]*>The reference can only have letters A to Z, numbers, spaces, hyphens/,
    );
    expect(badHtml).toMatch(/id="reference-error"[\s\S]*?The reference can only have letters A to Z/);
    expect(badHtml).toMatch(/name="reference"[^>]*value="NCC_1"/);

    const clash = await post(taken.toLowerCase());
    expect(clash.status).toBe(422);
    expect(summaryOf(await clash.text())).toMatch(
      /href="#reference"[^>]*>The reference is already used for your specification (&quot;|")Holder of the reference/,
    );
    const api = () => call(h, `/api/specifications/${spec.id}`, { headers: t.commissioner.auth });
    expect((await api()).body.reference).toBeNull();

    const mine = unique("NCC/MINE");
    const saved = await post(mine);
    expect(saved.status).toBe(303);
    expect((await api()).body.reference).toBe(mine);
    const shown = await (
      await h.app.request(`/specifications/${spec.id}`, {
        headers: { cookie: s.cookie, accept: "text/html" },
      })
    ).text();
    expect(shown).toMatch(new RegExp(`Reference\\s*</dt>\\s*<dd[^>]*>\\s*${mine}`));
  });
});

describe("a contract let from the specification", () => {
  it("shows the specification's reference beside its title, to the council and the provider, and in the compliance report", async () => {
    const ref = unique("NCC/LET");
    const spec = await draft("Let with a reference");
    await patch(spec.id, { reference: ref });
    expect((await issue(spec.id)).status).toBe(200);
    const contract = await letContract(h, t, spec.id);
    const api = await call(h, `/api/contracts/${contract.id}`, { headers: t.providerUser.auth });
    expect(api.body).toMatchObject({
      specificationTitle: "Let with a reference",
      specificationReference: ref,
    });
    for (const email of [t.commissioner.email, t.providerUser.email]) {
      const s = await webSession(h, email);
      const page = await webPage(h, s, `/contracts/${contract.id}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`Let with a reference (${ref}), version 1`);
      expect((await webPage(h, s, "/contracts")).html).toContain(`Let with a reference (${ref}), version 1`);
    }
    const specPage = await webPage(
      h,
      await webSession(h, t.commissioner.email),
      `/specifications/${spec.id}`,
    );
    expect(specPage.html).toContain(`<title>Let with a reference (${ref}), version 1`);
    const report = await h.app.request(`/api/contracts/${contract.id}/compliance-report`, {
      headers: t.commissioner.auth,
    });
    expect(report.status).toBe(200);
    expect(await rawText(new Uint8Array(await report.arrayBuffer()))).toContain(
      `Let with a reference (${ref}), version 1`,
    );
  });
});
