// A commissioner's whole journey through the API with the real clause library: sign in, build a
// specification of 30+ clauses with parameters, issue it, revise it, and open all three documents
// in LibreOffice.
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_KEYS } from "../../src/model/clause-schema.js";
import { fleschReadingEase } from "../documents/helpers.js";
import { json, makeTenant, PASSWORD } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice, type PdfText } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

let h: Harness;
let session: Record<string, string>;
type ClauseSummary = {
  key: string;
  title: string;
  parameters: Array<{ name: string; type: string; min?: number; max?: number; default?: unknown }>;
};
let chosen: ClauseSummary[];
const docs: Record<string, Uint8Array> = {};
let pdfs: Record<string, PdfText>;

beforeAll(async () => {
  h = await createHarness();
  const t = await makeTenant(h.db);
  const login = await h.app.request(
    "/api/auth/login",
    json({ email: t.commissioner.email, password: PASSWORD }),
  );
  expect(login.status).toBe(200);
  session = { cookie: login.headers.get("set-cookie")!.split(";")[0]!, origin: "http://localhost" };
});
afterAll(() => h.close());

async function api(method: string, path: string, body?: unknown) {
  const res = await h.app.request(
    path,
    body === undefined ? { method, headers: session } : json(body, session, method),
  );
  expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
  return res;
}

/** A value a commissioner might choose: not the default, inside the bounds. */
function chosenValue(p: ClauseSummary["parameters"][number]) {
  if (p.type === "integer" || p.type === "percentage") {
    const max = p.max ?? 1000;
    const d = typeof p.default === "number" ? p.default : (p.min ?? 1);
    return d + 1 <= max ? d + 1 : d;
  }
  return undefined;
}

describe("a commissioner builds, issues and revises a specification", () => {
  let specId: string;
  let revisionId: string;
  const values = new Map<string, string>();

  it("builds a 32-clause specification with parameters and issues it", async () => {
    const list = (await (await api("GET", "/api/clauses")).json()) as { clauses: ClauseSummary[] };
    chosen = list.clauses.slice(0, 32).reverse();
    expect(chosen).toHaveLength(32);
    const spec = (await (
      await api("POST", "/api/specifications", {
        title: "Exampleshire adult drug and alcohol treatment service",
        serviceName: "Exampleshire Recovery Partnership",
        contacts: SPEC_CONTACTS,
        area: "Exampleshire",
        commissionerLead: "Head of Public Health Commissioning",
        periodStart: "2027-04-01",
        periodEnd: "2030-03-31",
        sections: {
          introduction:
            "This specification sets out how the provider must involve the people who use the service.",
        },
      })
    ).json()) as { id: string };
    specId = spec.id;
    const selections = chosen.map((c) => {
      const parameters: Record<string, unknown> = {};
      for (const p of c.parameters) {
        const v = chosenValue(p);
        if (v !== undefined) {
          parameters[p.name] = v;
          // The council's own commitments (COM-*) are not printed in the provider's document.
          if (!c.key.startsWith("COM-")) values.set(c.key, `${v}${p.type === "percentage" ? "%" : ""}`);
        }
      }
      return { key: c.key, parameters };
    });
    await api("PUT", `/api/specifications/${specId}/clauses`, { clauses: selections });
    const issued = (await (await api("POST", `/api/specifications/${specId}/issue`)).json()) as {
      status: string;
    };
    expect(issued.status).toBe("issued");
    docs.specification = new Uint8Array(
      await (await api("GET", `/api/specifications/${specId}/document`)).arrayBuffer(),
    );
    docs.summary = new Uint8Array(
      await (await api("GET", `/api/specifications/${specId}/summary-document`)).arrayBuffer(),
    );
  });

  it("the specification's text holds every chosen clause, in order, with the values filled in", async () => {
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docs.specification!) })).value;
    // Documents group clauses by category, keeping the commissioner's order within each.
    const order: string[] = [...CATEGORY_KEYS];
    const byKey = new Map(chosen.map((c, i) => [c.key, i]));
    const details = (await (await api("GET", "/api/clauses")).json()) as {
      clauses: Array<{ key: string; category: string }>;
    };
    const category = new Map(details.clauses.map((c) => [c.key, c.category]));
    // The council's own commitments are left out of the provider's document.
    const expected = [...chosen]
      .filter((c) => category.get(c.key) !== "commissioning")
      .sort(
        (a, b) =>
          order.indexOf(category.get(a.key)!) - order.indexOf(category.get(b.key)!) ||
          byKey.get(a.key)! - byKey.get(b.key)!,
      );
    // Skip the contents and find each clause heading in the body, in order.
    // A schedule opens with "About this schedule", a full specification's involvement section with its title.
    const afterContents = text.indexOf(expected.at(-1)!.title) + 1;
    let at = Math.min(
      ...["About this schedule", "Service user involvement"]
        .map((h) => text.indexOf(h, afterContents))
        .filter((i) => i > 0),
    );
    for (const c of expected) {
      const i = text.indexOf(`${c.key} ${c.title}`, at);
      expect(i, `${c.key} after the one before`).toBeGreaterThan(at);
      at = i;
    }
    for (const v of values.values()) expect(text).toContain(v);
  });

  it("a revision changes one clause and yields a tracked-changes document", async () => {
    const rev = (await (
      await api("POST", `/api/specifications/${specId}/revisions`, { note: "Annual review" })
    ).json()) as {
      id: string;
      clauses: Array<{ key: string; parameters: Record<string, unknown> }>;
    };
    revisionId = rev.id;
    const next = rev.clauses.slice(1).map((c) => ({ key: c.key, parameters: c.parameters }));
    await api("PUT", `/api/specifications/${revisionId}/clauses`, { clauses: next });
    await api("POST", `/api/specifications/${revisionId}/issue`);
    docs.changes = new Uint8Array(
      await (await api("GET", `/api/specifications/${revisionId}/changes/document`)).arrayBuffer(),
    );
  });

  it("the plain-language summary of the real clauses reads easily (Flesch reading ease above 60)", async () => {
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docs.summary!) })).value;
    expect(text.length).toBeGreaterThan(1000);
    expect(fleschReadingEase(text)).toBeGreaterThan(60);
  });

  it("all three documents open in LibreOffice and read as expected", async () => {
    pdfs = await openInLibreOffice(docs);
    const spec = pdfs.specification!;
    expect(spec.count).toBeGreaterThan(15);
    const all = spec.pages.join(" ");
    for (const c of chosen.filter((x) => !x.key.startsWith("COM-")))
      expect(all).toContain(c.title.replace(/\s+/g, " "));
    for (const v of values.values()) expect(all).toContain(v);
    expect(spec.pages[0]).toMatch(new RegExp(`Page 1 of ${spec.count}`));
    expect(pdfs.summary!.count).toBeGreaterThan(1);
    expect(pdfs.summary!.pages.join(" ")).toMatch(/involve you/i);
    expect(pdfs.changes!.pages.join(" ")).toContain(chosen[0]!.title.replace(/\s+/g, " "));
  });
});
