// The free-text rule (src/lib/text.ts): every free-text field of the API and the web forms refuses
// noncharacters, direction overrides and zero-width spaces with a field error, and a row stored before the
// rule still renders a Word document LibreOffice opens.
import { eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specifications } from "../../src/db/schema/index.js";
import { normaliseText, textProblem, xmlSafe } from "../../src/lib/text.js";
import { Form } from "../../src/web/forms.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { json, makeOperator, makeTenant, PASSWORD, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
/** Organisations are created by the operator. */
let operator: TestUser;
let contractId: string;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  operator = await makeOperator(h.db);
  const spec = await issuedSpecification(h, t, ["GOV-02", "FBK-02"]);
  specId = spec.id;
  contractId = (await letContract(h, t, spec.id)).id;
});
afterAll(() => h.close());

const BAD = {
  "U+FFFF": "Annual \uffff report",
  "U+202E": "Annual \u202ereport",
  "a zero-width space": "Annual\u200breport",
} as const;

describe("the rule", () => {
  it("refuses controls, noncharacters, lone surrogates and overrides everywhere", () => {
    for (const kind of ["name", "short", "long"] as const) {
      expect(textProblem("a\u0000b", kind)).toBe("must not contain U+0000 (a control character)");
      expect(textProblem("a\u0085b", kind)).toBe("must not contain U+0085 (a control character)");
      expect(textProblem("a\ufffeb", kind)).toMatch(/U\+FFFE \(a character that is not text\)/);
      expect(textProblem("a\ufdd0b", kind)).toMatch(/U\+FDD0/);
      expect(textProblem("a\u{1fffe}b", kind)).toMatch(/U\+1FFFE/);
      expect(textProblem("a\ud800b", kind)).toMatch(/unpaired surrogate/);
      expect(textProblem("a\u2067b", kind)).toMatch(/U\+2067 \(a text-direction override\)/);
      expect(textProblem("a\u200bb", kind)).toMatch(/U\+200B \(a zero-width space\)/);
      expect(textProblem("Café 😀 Ünïcödé", kind)).toBeUndefined();
    }
  });

  it("allows tab and line breaks in long text only, and joiners everywhere but names", () => {
    expect(textProblem("one\ntwo\tthree", "long")).toBeUndefined();
    expect(textProblem("one\ntwo", "short")).toMatch(/U\+000A \(a tab or line break\)/);
    expect(textProblem("one\ttwo", "name")).toMatch(/U\+0009/);
    // ZWJ joins emoji and shapes Indic scripts in prose; in a name it makes two names look alike.
    expect(textProblem("👩\u200d💻", "long")).toBeUndefined();
    expect(textProblem("Ali\u200dce", "name")).toMatch(/U\+200D \(a zero-width joiner\)/);
    expect(textProblem("Ali\u200fce", "name")).toMatch(/U\+200F/);
  });

  it("keeps text in NFC with LF line ends", () => {
    expect(normaliseText(" Cafe\u0301\r\nnext\rline ")).toBe("Café\nnext\nline");
  });

  it("xmlSafe drops only what XML cannot carry", () => {
    expect(xmlSafe("a\u0000\u0001b\ufffe\uffff\ud800c\td\ne\u202e😀")).toBe("abc\td\ne\u202e😀");
  });

  it("web forms keep the text as typed, for the service to judge", () => {
    const form = new Form({ title: "A\u202eB", body: "one\r\ntwo\tthree" });
    expect(form.str("title")).toBe("A\u202eB");
    expect(form.str("body")).toBe("one\ntwo\tthree");
  });
});

describe("every free-text field of the API refuses them with a field error", () => {
  const cases: Array<{
    what: string;
    user: () => TestUser;
    method: string;
    path: () => string;
    body: (v: string) => Record<string, unknown>;
    field: string;
  }> = [
    {
      what: "organisation name",
      user: () => operator,
      method: "POST",
      path: () => "/api/organisations",
      body: (v) => ({ name: v, kind: "provider" }),
      field: "name",
    },
    {
      what: "user name",
      // A password at creation is the operator's alone to set.
      user: () => operator,
      method: "POST",
      path: () => "/api/users",
      body: (v) => ({
        email: `u-${crypto.randomUUID().slice(0, 8)}@example.test`,
        name: v,
        role: "reviewer",
        organisationId: t.council.id,
        password: PASSWORD,
      }),
      field: "name",
    },
    {
      what: "specification title",
      user: () => t.commissioner,
      method: "POST",
      path: () => "/api/specifications",
      body: (v) => ({ title: v, serviceName: "Recovery Together" }),
      field: "title",
    },
    {
      what: "specification section",
      user: () => t.commissioner,
      method: "POST",
      path: () => "/api/specifications",
      body: (v) => ({ title: "A title", serviceName: "Recovery", sections: { scope: v } }),
      field: "sections/scope",
    },
    {
      what: "revision note",
      user: () => t.commissioner,
      method: "POST",
      path: () => `/api/specifications/${specId}/revisions`,
      body: (v) => ({ note: v }),
      field: "note",
    },
    {
      what: "contract reference",
      user: () => t.commissioner,
      method: "POST",
      path: () => "/api/contracts",
      body: (v) => ({
        specificationId: specId,
        providerOrganisationId: t.provider.id,
        reference: v,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
      }),
      field: "reference",
    },
    {
      what: "token name",
      user: () => t.providerUser,
      method: "POST",
      path: () => "/api/tokens",
      body: (v) => ({ name: v }),
      field: "name",
    },
    {
      what: "clause requirement",
      user: () => t.commissioner,
      method: "POST",
      path: () => "/api/clauses",
      body: (v) => ({
        key: "OWN-01",
        title: "Our own clause",
        category: "governance",
        level: "consult",
        requirement: `The provider must ${v} do this.`,
        evidence: { documents: "Minutes", reviewerChecks: "They exist" },
        frequency: "annual",
      }),
      field: "requirement",
    },
    {
      what: "clause source's library note",
      user: () => t.commissioner,
      method: "POST",
      path: () => "/api/clauses",
      body: (v) => ({
        key: "OWN-02",
        title: "Our own clause",
        category: "governance",
        level: "consult",
        requirement: "The provider must do this every quarter.",
        evidence: { documents: "Minutes", reviewerChecks: "They exist" },
        frequency: "annual",
        sources: [{ citation: "Our own guidance", libraryNote: v }],
      }),
      field: "sources/0/libraryNote",
    },
  ];

  for (const c of cases) {
    for (const [name, value] of Object.entries(BAD)) {
      it(`${c.what}: ${name}`, async () => {
        const res = await call(h, c.path(), json(c.body(value), c.user().auth, c.method));
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        const err = (res.body.errors as Array<{ path: string; message: string }>).find(
          (e) => e.path === c.field,
        );
        expect(err?.message, JSON.stringify(res.body)).toMatch(/^must not contain U\+/);
      });
    }
  }

  it("waive reason, review comment and evidence narrative too", async () => {
    const ob = await findObligation(h, t.reviewer.auth, contractId, "GOV-02", "Mobilisation");
    const waive = await call(
      h,
      `/api/obligations/${ob.id}/waive`,
      json({ reason: BAD["U+FFFF"] }, t.reviewer.auth),
    );
    expect(waive.status).toBe(422);
    expect(waive.body.errors[0]).toMatchObject({ path: "reason" });

    const q1 = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    const bad = await upload(h, t.providerUser.auth, q1.id, [
      ...evidenceFields({ narrative: BAD["U+202E"] }),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: "narrative" });
    const sent = await upload(h, t.providerUser.auth, q1.id, [
      ...evidenceFields(),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(sent.status).toBe(201);
    const review = await call(
      h,
      `/api/submissions/${sent.body.id}/reviews`,
      json({ decision: "changes_requested", comment: BAD["a zero-width space"] }, t.reviewer.auth),
    );
    expect(review.status).toBe(422);
    expect(JSON.stringify(review.body.errors)).toContain("U+200B");
  });

  it("a file name with a direction override is refused, and nothing is kept", async () => {
    const q2 = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q2");
    clock.set("2026-10-15T12:00:00Z");
    try {
      const res = await upload(h, t.providerUser.auth, q2.id, [
        ...evidenceFields({ coveredFrom: "2026-07-01", coveredTo: "2026-09-30" }),
        { name: "files", filename: "report\u202Efdp.exe", data: pdfBytes() },
      ]);
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ path: "files" });
      expect(res.body.errors[0].message).toContain("U+202E");
    } finally {
      clock.set("2026-08-15T12:00:00Z");
    }
  });
});

describe("web forms refuse them at the field", () => {
  const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
  async function session(user: TestUser) {
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email: user.email, password: PASSWORD }).toString(),
    });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const home = await h.app.request(res.headers.get("location")!, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!;
    return (path: string, fields: Record<string, string>) =>
      call(h, path, {
        method: "POST",
        headers: { ...FORM, cookie },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
  }

  it("an organisation's name with a zero-width space", async () => {
    const post = await session(operator);
    const res = await post("/admin/organisations", { name: "Hidden\u200b Ltd", kind: "provider" });
    expect(res.status).toBe(422);
    expect(res.body).toContain("The name must not contain U+200B (a zero-width space)");
  });

  it("a specification's title with U+FFFF and its scope with U+202E", async () => {
    const post = await session(t.commissioner);
    const res = await post("/specifications", {
      title: "Recovery \uffff service",
      serviceName: "Recovery",
      scope: "All adults \u202e in the county",
    });
    expect(res.status).toBe(422);
    // The service's rule (createSpecification), said at the field with its label.
    expect(res.body).toContain("The title must not contain U+FFFF (a character that is not text)");
    expect(res.body).toContain("The scope must not contain U+202E (a text-direction override)");
  });

  it("a contract reference with a NUL", async () => {
    const post = await session(t.commissioner);
    const res = await post("/contracts", {
      specificationId: specId,
      providerOrganisationId: t.provider.id,
      reference: "C-1\u0000",
      "startDate-day": "1",
      "startDate-month": "4",
      "startDate-year": "2026",
      "endDate-day": "31",
      "endDate-month": "3",
      "endDate-year": "2029",
    });
    expect(res.status).toBe(422);
    // The service's rule, said at the field with its label (as the other forms say it).
    expect(res.body).toContain("The reference must not contain U+0000 (a control character)");
  });
});

describe("documents built from rows stored before the rule", () => {
  it("drop what XML cannot carry, and LibreOffice opens them", async () => {
    const draft = await call(
      h,
      "/api/specifications",
      json(
        { title: "Old row", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
        t.commissioner.auth,
      ),
    );
    expect(draft.status).toBe(201);
    // As an old row could hold it: written past the API, straight into the table.
    await h.db
      .update(specifications)
      .set({
        title: "Old \uffff row\u0001 title",
        area: "North\ufffeshire",
        sections: { scope: "Adults\u0007 in the county" },
      })
      .where(eq(specifications.id, draft.body.id));
    await call(
      h,
      `/api/specifications/${draft.body.id}/clauses`,
      json({ clauses: [{ key: "GOV-02" }] }, t.commissioner.auth, "PUT"),
    );
    const issued = await call(h, `/api/specifications/${draft.body.id}/issue`, json({}, t.commissioner.auth));
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const doc = await h.app.request(`/api/specifications/${draft.body.id}/document`, {
      headers: t.commissioner.auth,
    });
    expect(doc.status).toBe(200);
    const bytes = new Uint8Array(await doc.arrayBuffer());
    for (const [name, data] of Object.entries(unzipSync(bytes))) {
      if (!name.endsWith(".xml")) continue;
      const text = strFromU8(data);
      expect(xmlSafe(text)).toBe(text);
    }
    const summary = await h.app.request(`/api/specifications/${draft.body.id}/summary-document`, {
      headers: t.commissioner.auth,
    });
    expect(summary.status).toBe(200);
    const opened = await openInLibreOffice({
      spec: bytes,
      summary: new Uint8Array(await summary.arrayBuffer()),
    });
    expect(opened.spec!.pages.join(" ")).toContain("Old row title");
    expect(opened.spec!.pages.join(" ")).toContain("Northshire");
    expect(opened.summary!.count).toBeGreaterThan(0);
  }, 240_000);
});
