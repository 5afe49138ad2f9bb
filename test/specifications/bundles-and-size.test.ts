// Starting a specification from a bundle, and parameter defaults that follow the service's size
// (caseload and sites): through the API, in the stored rows and in the issued Word document.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specificationClauses, specifications } from "../../src/db/schema/index.js";
import { BUNDLES } from "../../src/model/bundles.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const run = promisify(execFile);
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
  bundle: string | null;
  caseload: number | null;
  sites: number | null;
  clauses: Array<{
    key: string;
    parameters: Record<string, unknown>;
    parameterBasis?: Record<string, string>;
  }>;
};

async function call(method: string, url: string, body?: unknown, auth = t.commissioner.auth) {
  const res = await h.app.request(
    url,
    body === undefined ? { method, headers: auth } : json(body, auth, method),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const create = (body: Record<string, unknown>, auth = t.commissioner.auth) =>
  call(
    "POST",
    "/api/specifications",
    {
      title: "Sizeshire treatment service",
      serviceName: "Sizeshire Recovery",
      contacts: SPEC_CONTACTS,
      ...body,
    },
    auth,
  );
const clauseOf = (s: Spec, key: string) => s.clauses.find((c) => c.key === key)!;

describe("bundles", () => {
  it("a specification started from 'core' holds the core clauses, in order, and records the bundle", async () => {
    const { status, body } = await create({ bundle: "core" });
    expect(status).toBe(201);
    const spec = body as unknown as Spec;
    expect(spec.bundle).toBe("core");
    expect(spec.clauses.map((c) => c.key)).toEqual(BUNDLES.core.clauses.map((c) => c.key));
    const rows = await h.db
      .select()
      .from(specificationClauses)
      .where(eq(specificationClauses.specificationId, spec.id));
    expect(rows).toHaveLength(BUNDLES.core.clauses.length);
    // Clauses can then be added and removed as usual.
    const keys = [...spec.clauses.map((c) => ({ key: c.key })).slice(1), { key: "CJ-03" }];
    const put = await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: keys });
    expect(put.status).toBe(200);
    expect((put.body as unknown as Spec).clauses.map((c) => c.key)).toContain("CJ-03");
    expect((put.body as unknown as Spec).clauses.map((c) => c.key)).not.toContain(
      BUNDLES.core.clauses[0]!.key,
    );
  });

  it("'enhanced' holds more, and an unknown bundle is a 422 with its path, creating nothing", async () => {
    const enhanced = (await create({ bundle: "enhanced" })).body as unknown as Spec;
    expect(enhanced.clauses.length).toBe(BUNDLES.enhanced.clauses.length);
    const before = (await h.db.select().from(specifications)).length;
    const bad = await create({ bundle: "everything" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body.errors)).toContain("bundle");
    expect((await h.db.select().from(specifications)).length).toBe(before);
  });

  it("only commissioners start specifications; another organisation cannot read ours", async () => {
    expect((await create({ bundle: "core" }, t.providerUser.auth)).status).toBe(403);
    const mine = (await create({ bundle: "core" })).body as unknown as Spec;
    expect(
      (await call("GET", `/api/specifications/${mine.id}`, undefined, other.commissioner.auth)).status,
    ).toBe(404);
  });
});

describe("defaults that follow the size of the service", () => {
  it("caseload 500 and 3,000 give different computed defaults, with their basis", async () => {
    const small = (await create({ bundle: "enhanced", caseload: 500, sites: 1 })).body as unknown as Spec;
    const large = (await create({ bundle: "enhanced", caseload: 3000, sites: 4 })).body as unknown as Spec;
    // ULR-01: 10% of the caseload, at least 30, at most 400.
    expect(clauseOf(small, "ULR-01").parameters.min_questionnaires).toBe(50);
    expect(clauseOf(large, "ULR-01").parameters.min_questionnaires).toBe(300);
    expect(clauseOf(small, "ULR-01").parameterBasis?.min_questionnaires).toBe("based on a caseload of 500");
    expect(clauseOf(large, "ULR-01").parameterBasis?.min_questionnaires).toBe("based on a caseload of 3,000");
    // PEER-05 scales with sites.
    expect(clauseOf(small, "PEER-05").parameters.harm_reduction_roles).toBe(2);
    expect(clauseOf(large, "PEER-05").parameters.harm_reduction_roles).toBe(4);
    expect(clauseOf(large, "PEER-05").parameterBasis?.harm_reduction_roles).toBe("based on 4 sites");
    // Without a size, the declared default.
    const unsized = (await create({ bundle: "enhanced" })).body as unknown as Spec;
    expect(clauseOf(unsized, "ULR-01").parameters.min_questionnaires).toBe(120);
    expect(clauseOf(unsized, "ULR-01").parameterBasis).toEqual({});
  });

  it("a new size moves values still at the computed default; values the commissioner set stay", async () => {
    const spec = (await create({ bundle: "enhanced", caseload: 500 })).body as unknown as Spec;
    const edited = spec.clauses.map((c) =>
      c.key === "CJ-01" ? { key: c.key, parameters: { ...c.parameters, min_cj_responses: 33 } } : c,
    );
    expect(
      (
        await call("PUT", `/api/specifications/${spec.id}/clauses`, {
          clauses: edited.map(({ key, parameters }) => ({ key, parameters })),
        })
      ).status,
    ).toBe(200);
    const after = (await call("PATCH", `/api/specifications/${spec.id}`, { caseload: 3000 }))
      .body as unknown as Spec;
    expect(after.caseload).toBe(3000);
    expect(clauseOf(after, "ULR-01").parameters.min_questionnaires).toBe(300);
    expect(clauseOf(after, "CJ-01").parameters.min_cj_responses).toBe(33);
    expect(clauseOf(after, "CJ-01").parameterBasis?.min_cj_responses).toBeUndefined();
  });

  it("validation uses the computed value, and the size is checked", async () => {
    expect((await create({ caseload: 0 })).status).toBe(422);
    expect((await create({ caseload: "many" })).status).toBe(422);
    expect((await create({ sites: 5000 })).status).toBe(422);
    const spec = (await create({ caseload: 2000 })).body as unknown as Spec;
    const put = await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: [{ key: "ULR-01" }] });
    expect((put.body as unknown as Spec).clauses[0]!.parameters.min_questionnaires).toBe(200);
    const tooMany = await call("PUT", `/api/specifications/${spec.id}/clauses`, {
      clauses: [{ key: "ULR-01", parameters: { min_questionnaires: 5000 } }],
    });
    expect(tooMany.status).toBe(422);
  });
});

describe("an issued 'core' specification", () => {
  let docx: Uint8Array;
  beforeAll(async () => {
    const spec = (await create({ bundle: "core", caseload: 1200, sites: 3, periodStart: "2027-04-01" }))
      .body as unknown as Spec;
    // ULR-01 is not in core; add it so the document shows a value computed from the caseload.
    const keys = [...spec.clauses.map((c) => ({ key: c.key })), { key: "ULR-01" }];
    expect((await call("PUT", `/api/specifications/${spec.id}/clauses`, { clauses: keys })).status).toBe(200);
    expect((await call("POST", `/api/specifications/${spec.id}/issue`)).status).toBe(200);
    const res = await h.app.request(`/api/specifications/${spec.id}/document`, {
      headers: t.commissioner.auth,
    });
    expect(res.status).toBe(200);
    docx = new Uint8Array(await res.arrayBuffer());
  });

  it("states the size and the basis of computed values, and prints no working notes", async () => {
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx) })).value;
    expect(text).toContain("An active caseload of 1,200 people at 3 sites");
    expect(text).toContain("120 (based on a caseload of 1,200)");
    expect(text).toContain("The data rule.");
    // The council's own commitments are not the provider's to sign: they are left out of its document.
    expect(text).not.toMatch(/bind .*, the commissioner, not the provider/);
    expect(text).not.toMatch(/not been checked|check the current figure/i);
  });

  it("opens in LibreOffice: pages are filled except before a major section, the schedule is landscape, no source twice", async () => {
    const { specification: pdf } = await openInLibreOffice({ specification: docx });
    expect(pdf!.count).toBeGreaterThan(5);
    const dir = await mkdtemp(path.join(os.tmpdir(), "withus-pages-"));
    try {
      // The PDF LibreOffice made, to measure ink on each page.
      const pdfFile = path.join(dir, "s.pdf");
      await writeFile(pdfFile, pdf!.pdf);
      const info = (await run("pdfinfo", ["-f", "1", "-l", "999", pdfFile])).stdout;
      const sizes = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => ({
        page: Number(m[1]),
        landscape: Number(m[2]) > Number(m[3]),
      }));
      const schedulePages = pdf!.pages.flatMap((p, i) =>
        p.includes("Appendix A: Evidence and monitoring schedule") ? [i + 1] : [],
      );
      const appendixA = schedulePages.at(-1)!; // the first is the contents entry
      expect(sizes.find((s) => s.page === appendixA)?.landscape).toBe(true);
      expect(sizes.filter((s) => s.landscape).length).toBeLessThan(sizes.length / 2);

      await run("pdftoppm", ["-r", "30", "-gray", pdfFile, path.join(dir, "p")]);
      const pages = pdf!.pages;
      const header = "Sizeshire treatment service, version 1";
      const major = /^(\d+ [A-Z][a-z]|Appendix [A-C]:)/;
      for (let i = 0; i < pages.length - 1; i++) {
        const file = path.join(dir, `p-${String(i + 1).padStart(String(pages.length).length, "0")}.pgm`);
        const filled = inkTo(await readFile(file));
        const next = pages[i + 1]!.replace(header, "").trim();
        if (filled < 0.5 && i > 0) {
          // Allowed only when the next page starts a major section.
          expect(next, `page ${i + 1} is ${Math.round(filled * 100)}% filled`).toMatch(major);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // The sources appendix names each source once.
    const sourcesAt = pdf!.pages.findLastIndex((p) => p.includes("Appendix C: Sources"));
    const sourceText = pdf!.pages.slice(sourcesAt).join(" ");
    const numbered = [...sourceText.matchAll(/\b\d+\. (.+?) (?:Available at|Cited in)/g)].map((m) =>
      m[1]!.trim(),
    );
    expect(numbered.length).toBeGreaterThan(5);
    expect(new Set(numbered).size).toBe(numbered.length);
    expect(pdf!.pages.join(" ")).not.toMatch(/not been checked|check the current figure/i);
  }, 300_000);
});

/** How far down the body of a page (between header and footer) the last ink is, from a binary PGM. */
function inkTo(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString("latin1", 0, 64))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length);
  const top = Math.floor(h * 0.09);
  const bottom = Math.floor(h * 0.91);
  let last = top;
  for (let y = top; y < bottom; y++) {
    const row = data.subarray(y * w, (y + 1) * w);
    if (row.some((v) => v < 180)) last = y;
  }
  return (last - top) / (bottom - top);
}
