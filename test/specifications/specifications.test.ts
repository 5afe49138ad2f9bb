import { eq } from "drizzle-orm";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, specificationDocuments } from "../../src/db/schema/index.js";
import { getDocument, renderDocument } from "../../src/services/specifications/documents.js";
import { findSpecification } from "../../src/services/specifications/queries.js";
import {
  createSpecification,
  setSpecificationClauses,
  updateSpecification,
} from "../../src/services/specifications/write.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import { strFromU8, unzipSync } from "../zip.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
let other: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
});
afterAll(() => h.close());

type Spec = {
  id: string;
  status: string;
  version: number;
  contentHash: string | null;
  clauses: Array<{ key: string; version: number; parameters: Record<string, unknown> }>;
};
const call = async (method: string, path: string, body?: unknown, auth = t.commissioner.auth) => {
  const res = await h.app.request(
    path,
    body === undefined ? { method, headers: auth } : json(body, auth, method),
  );
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : null) as Spec & {
      errors?: Array<{ path: string; message: string }>;
      detail?: string;
    },
  };
};

async function draft(title = "Adult drug and alcohol treatment and recovery service") {
  const res = await call("POST", "/api/specifications", {
    title,
    serviceName: "Recovery service",
    contacts: SPEC_CONTACTS,
    area: "Exampleshire",
    periodStart: "2027-04-01",
    periodEnd: "2030-03-31",
  });
  expect(res.status).toBe(201);
  return res.body;
}

const SELECTION = [
  { key: "GOV-01" },
  { key: "FBK-01", parameters: { response_rate: 15 } },
  { key: "LOOP-01" },
  { key: "ACC-02" },
  { key: "PAY-01" },
];

describe("drafting", () => {
  it("starts with a title and a service name, in the caller's organisation only", async () => {
    const spec = await draft();
    expect(spec).toMatchObject({ status: "draft", version: 1, contentHash: null });
    expect((await call("GET", `/api/specifications/${spec.id}`, undefined, t.reviewer.auth)).status).toBe(
      200,
    );
    expect(
      (await call("GET", `/api/specifications/${spec.id}`, undefined, other.commissioner.auth)).status,
    ).toBe(404);
    expect((await call("GET", `/api/specifications/${spec.id}`, undefined, t.providerUser.auth)).status).toBe(
      404,
    );
    const theirs = await call("GET", "/api/specifications", undefined, other.commissioner.auth);
    expect(
      (theirs.body as unknown as { specifications: Spec[] }).specifications.map((s) => s.id),
    ).not.toContain(spec.id);
    // Another organisation cannot change it either.
    expect(
      (
        await call(
          "PATCH",
          `/api/specifications/${spec.id}`,
          { title: "Hijacked title" },
          other.commissioner.auth,
        )
      ).status,
    ).toBe(404);
    expect(
      (await call("PATCH", `/api/specifications/${spec.id}`, { title: "Reviewer edit" }, t.reviewer.auth))
        .status,
    ).toBe(403);
  });

  it("stores clause selections in order, with defaults filled in", async () => {
    const spec = await draft();
    const res = await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: SELECTION });
    expect(res.status).toBe(200);
    expect(res.body.clauses.map((c) => c.key)).toEqual(SELECTION.map((s) => s.key));
    const fbk = res.body.clauses[1]!;
    expect(fbk.parameters).toMatchObject({ response_rate: 15, results_weeks: 8 });
  });

  it("points each invalid selection and parameter at its exact path", async () => {
    const spec = await draft();
    const res = await call("PUT", `/api/specifications/${spec.id}/clauses`, {
      clauses: [
        { key: "FBK-01", parameters: { response_rate: 150, colour: "blue" } },
        { key: "NOPE-99" },
        { key: "FBK-01" },
        { key: "GOV-01", version: 42 },
        { key: "FBK-02", parameters: { response_rate: "lots" } },
      ],
    });
    expect(res.status).toBe(422);
    const errors = Object.fromEntries(res.body.errors!.map((e) => [e.path, e.message]));
    expect(errors["clauses/0/parameters/response_rate"]).toMatch(/at most 100/);
    expect(errors["clauses/0/parameters/colour"]).toMatch(/no parameter "colour"/);
    expect(errors["clauses/1/key"]).toMatch(/no clause NOPE-99/);
    expect(errors["clauses/2/key"]).toMatch(/already chosen at position 1/);
    expect(errors["clauses/3/version"]).toMatch(/no version 42/);
    expect(errors["clauses/4/parameters/response_rate"]).toBeDefined();
    // Nothing was saved.
    expect((await call("GET", `/api/specifications/${spec.id}`)).body.clauses).toEqual([]);
  });

  it("refuses an unpublished version of an organisation's own clause", async () => {
    await h.app.request(
      "/api/clauses",
      json(
        {
          key: "DRF-01",
          title: "Draft only clause",
          category: "governance",
          level: "inform",
          requirement: "The provider must do a thing that is described here.",
          evidence: { documents: "A note.", reviewerChecks: "The note exists." },
          frequency: "annually",
        },
        t.commissioner.auth,
      ),
    );
    const spec = await draft();
    const res = await call("PUT", `/api/specifications/${spec.id}/clauses`, {
      clauses: [{ key: "DRF-01", version: 1 }, { key: "DRF-01" }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["clauses/0/version", "clauses/1/key"]);
  });

  it("a parameter with no default must be given: 422 'is required' at its path", async () => {
    const created = await h.app.request(
      "/api/clauses",
      json(
        {
          key: "REQ-01",
          title: "Named lead for families",
          category: "families",
          level: "involve",
          requirement: "The provider must name {{lead}} as the lead for family involvement.",
          evidence: { documents: "The lead's job description.", reviewerChecks: "{{lead}} is in post." },
          frequency: "annually",
          parameters: [{ name: "lead", type: "text", label: "Job title of the lead" }],
        },
        t.commissioner.auth,
      ),
    );
    expect(created.status).toBe(201);
    await h.app.request("/api/clauses/REQ-01/versions/1/publish", {
      method: "POST",
      headers: t.commissioner.auth,
    });
    const spec = await draft();
    const res = await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: [{ key: "REQ-01" }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "clauses/0/parameters/lead", message: "is required" }]);
    const ok = await call("PUT", `/api/specifications/${spec.id}/clauses`, {
      clauses: [{ key: "REQ-01", parameters: { lead: "Family engagement manager" } }],
    });
    expect(ok.status).toBe(200);
  });

  it("the service itself refuses text and numbers outside model/limits.ts, each at its field", async () => {
    const ctx = {
      db: h.db,
      actor: { userId: t.commissioner.id, organisationId: t.council.id, role: "commissioner" } as never,
      now: new Date(),
    };
    const refused = await createSpecification({
      ctx,
      input: { title: "T".repeat(201), serviceName: "S", gracePeriodDays: 181, sites: 0 },
    }).catch((e) => e);
    expect(refused.code).toBe("validation_failed");
    expect(refused.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ["gracePeriodDays", "serviceName", "sites", "title"].sort(),
    );
    const spec = await draft();
    const edit = await updateSpecification({ ctx, input: { id: spec.id, caseload: 1_000_001 } }).catch(
      (e) => e,
    );
    expect(edit.code).toBe("validation_failed");
    expect(edit.errors).toEqual([{ path: "caseload", message: "must be a whole number from 1 to 1000000" }]);
  });

  it("an edit built from a stale read is refused with 409, so no edit is lost", async () => {
    const spec = await draft();
    const row = await findSpecification({
      ctx: { db: h.db, actor: { role: "commissioner", organisationId: t.council.id } as never },
      input: { id: spec.id },
    });
    const ctx = {
      db: h.db,
      actor: { userId: t.commissioner.id, organisationId: t.council.id, role: "commissioner" } as never,
      now: new Date(Date.now() + 1000),
    };
    await setSpecificationClauses({
      ctx,
      input: { id: spec.id, list: [{ key: "GOV-01" }], expectedUpdatedAt: row.updatedAt },
    });
    await expect(
      setSpecificationClauses({
        ctx,
        input: { id: spec.id, list: [{ key: "FBK-01" }], expectedUpdatedAt: row.updatedAt },
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await call("GET", `/api/specifications/${spec.id}`)).body.clauses.map((c) => c.key)).toEqual([
      "GOV-01",
    ]);
  });

  it("cannot be issued without clauses", async () => {
    const spec = await draft();
    const res = await call("POST", `/api/specifications/${spec.id}/issue`);
    expect(res.status).toBe(422);
    expect(res.body.errors![0]!.path).toBe("clauses");
  });
});

describe("issuing, immutability and revisions", () => {
  let issued: Spec;

  it("issuing freezes the version with a content hash and stores its documents", async () => {
    const spec = await draft("Issued specification");
    await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: SELECTION });
    const res = await call("POST", `/api/specifications/${spec.id}/issue`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("issued");
    expect(res.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    issued = res.body;
    const docs = await h.db
      .select()
      .from(specificationDocuments)
      .where(eq(specificationDocuments.specificationId, spec.id));
    expect(docs.map((d) => d.kind).sort()).toEqual(["commitments", "specification", "summary"]);
  });

  it("an issued specification can never change: 409 on every attempt", async () => {
    expect(
      (await call("PATCH", `/api/specifications/${issued.id}`, { title: "Changed after issue" })).status,
    ).toBe(409);
    expect(
      (await call("PUT", `/api/specifications/${issued.id}/clauses`, { clauses: [{ key: "GOV-01" }] }))
        .status,
    ).toBe(409);
    expect((await call("POST", `/api/specifications/${issued.id}/issue`)).status).toBe(409);
    const after = await call("GET", `/api/specifications/${issued.id}`);
    expect(after.body.contentHash).toBe(issued.contentHash);
    expect(after.body.clauses.map((c) => c.key)).toEqual(SELECTION.map((s) => s.key));
  });

  it("serves the same bytes every time, and re-rendering the frozen version gives identical bytes", async () => {
    const a = await h.app.request(`/api/specifications/${issued.id}/document`, {
      headers: t.commissioner.auth,
    });
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toContain("wordprocessingml");
    expect(a.headers.get("content-disposition")).toMatch(/attachment; filename=".+-v1\.docx"/);
    const bytesA = new Uint8Array(await a.arrayBuffer());
    const b = await h.app.request(`/api/specifications/${issued.id}/document`, { headers: t.reviewer.auth });
    expect(Buffer.compare(bytesA, new Uint8Array(await b.arrayBuffer()))).toBe(0);

    const spec = await findSpecification({
      ctx: { db: h.db, actor: { role: "commissioner", organisationId: t.council.id } as never },
      input: { id: issued.id },
    });
    const again = await renderDocument(h.db, h.deps.renderer, spec, "specification", new Date(), true);
    expect(Buffer.compare(bytesA, Buffer.from(again!))).toBe(0);

    const text = (await mammoth.extractRawText({ buffer: Buffer.from(bytesA) })).value;
    let at = 0;
    for (const s of SELECTION) {
      const i = text.indexOf(s.key, at);
      expect(i, `${s.key} in order`).toBeGreaterThan(-1);
      at = i;
    }
    expect(text).toContain("15%");
  });

  it("a revision is a draft copy; the changes list and the tracked-changes document show what changed", async () => {
    const rev = await call("POST", `/api/specifications/${issued.id}/revisions`, {
      note: "Raise the survey target",
    });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ status: "draft", version: 2 });
    expect(rev.body.clauses.map((c) => c.key)).toEqual(SELECTION.map((s) => s.key));
    // Only one revision at a time.
    expect((await call("POST", `/api/specifications/${issued.id}/revisions`, {})).status).toBe(409);

    const next = [
      ...SELECTION.filter((s) => s.key !== "PAY-01"),
      { key: "FBK-01", parameters: { response_rate: 25 } },
      { key: "CJ-01" },
    ];
    next.splice(1, 1);
    expect((await call("PUT", `/api/specifications/${rev.body.id}/clauses`, { clauses: next })).status).toBe(
      200,
    );

    const changes = (await call("GET", `/api/specifications/${rev.body.id}/changes`)).body as unknown as {
      changes: Array<{
        key: string;
        change: string;
        fields: Array<{ field: string; before: string; after: string }>;
      }>;
    };
    const byKey = Object.fromEntries(changes.changes.map((c) => [c.key, c]));
    expect(byKey["PAY-01"]!.change).toBe("removed");
    expect(byKey["CJ-01"]!.change).toBe("added");
    expect(byKey["GOV-01"]!.change).toBe("unchanged");
    expect(byKey["FBK-01"]!.change).toBe("changed");
    const threshold = byKey["FBK-01"]!.fields.find((f) => f.field === "threshold")!;
    expect(threshold.before).toContain("15%");
    expect(threshold.after).toContain("25%");

    const issuedRev = await call("POST", `/api/specifications/${rev.body.id}/issue`);
    expect(issuedRev.status).toBe(200);
    expect((await call("GET", `/api/specifications/${issued.id}`)).body.status).toBe("superseded");
    expect((await call("POST", `/api/specifications/${issued.id}/revisions`, {})).status).toBe(409);

    const doc = await h.app.request(`/api/specifications/${rev.body.id}/changes/document`, {
      headers: t.commissioner.auth,
    });
    expect(doc.status).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(await doc.arrayBuffer()))["word/document.xml"]!);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Test commissioner"/);
    expect(xml).toMatch(/<w:del [^>]*w:author="Test commissioner"/);
    expect(xml).toContain("25%");
    // The first version has nothing to compare with.
    expect(
      (
        await h.app.request(`/api/specifications/${issued.id}/changes/document`, {
          headers: t.commissioner.auth,
        })
      ).status,
    ).toBe(409);
  });

  it("the evidence schedule comes as JSON and CSV", async () => {
    const res = await h.app.request(`/api/specifications/${issued.id}/obligations?format=csv`, {
      headers: t.reviewer.auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^Clause,Title,Evidence/);
    expect(lines).toHaveLength(SELECTION.length + 1);
    const js = await call("GET", `/api/specifications/${issued.id}/obligations`);
    expect(
      (js.body as unknown as { obligations: Array<{ key: string; frequency: string }> }).obligations[1],
    ).toMatchObject({ key: "FBK-01", frequency: "six_monthly" });
  });

  it("clause usage shows which specification versions use which clause version", async () => {
    const res = await call("GET", "/api/clauses/FBK-01/usage");
    const usage = (
      res.body as unknown as { usage: Array<{ specificationId: string; clauseVersion: number }> }
    ).usage;
    expect(usage.map((u) => u.specificationId)).toContain(issued.id);
    expect(
      (await call("GET", "/api/clauses/FBK-01/usage", undefined, other.commissioner.auth)).body,
    ).toMatchObject({ usage: [] });
  });

  it("a provider sees a specification only once it is contracted to them", async () => {
    expect(
      (await call("GET", `/api/specifications/${issued.id}`, undefined, t.providerUser.auth)).status,
    ).toBe(404);
    await h.db.insert(contracts).values({
      organisationId: t.council.id,
      providerOrganisationId: t.provider.id,
      specificationId: issued.id,
      reference: `C-${issued.id.slice(0, 6)}`,
      startDate: "2027-04-01",
      endDate: "2030-03-31",
    });
    expect(
      (await call("GET", `/api/specifications/${issued.id}`, undefined, t.providerUser.auth)).status,
    ).toBe(200);
    expect(
      (await call("GET", `/api/specifications/${issued.id}`, undefined, other.providerUser.auth)).status,
    ).toBe(404);
  });

  it("drafts download as documents marked DRAFT", async () => {
    const spec = await draft("Draft download");
    await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: SELECTION.slice(0, 2) });
    const d = await getDocument({
      ctx: {
        db: h.db,
        renderer: h.deps.renderer,
        actor: { role: "commissioner", organisationId: t.council.id } as never,
        now: new Date(),
      },
      input: { id: spec.id, kind: "specification" },
    });
    expect(d.fileName).toMatch(/-draft\.docx$/);
    const files = unzipSync(d.bytes);
    const headers = Object.entries(files)
      .filter(([n]) => /word\/header\d*\.xml/.test(n))
      .map(([, b]) => strFromU8(b))
      .join("");
    expect(headers).toContain("DRAFT");
  });
});
