import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clauses, clauseVersions } from "../../src/db/schema/index.js";
import { LIBRARY_DIR, readLibrary } from "../../src/entry/library-files.js";
import { parseClauseFile } from "../../src/services/clauses/library-file.js";
import { syncLibrary } from "../../src/services/clauses/sync-library.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function versionsOf(key: string) {
  return h.db
    .select({ version: clauseVersions.version, status: clauseVersions.status, title: clauseVersions.title })
    .from(clauseVersions)
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(and(eq(clauses.key, key), isNull(clauses.organisationId)))
    .orderBy(clauseVersions.version);
}

describe("loading the clause library", () => {
  it("has every file in the database, published, once", async () => {
    const library = await readLibrary();
    const rows = await h.db.select({ key: clauses.key }).from(clauses).where(isNull(clauses.organisationId));
    expect(rows.map((r) => r.key).sort()).toEqual(library.map((c) => c.key).sort());
    expect(await versionsOf("FBK-01")).toEqual([
      { version: 1, status: "published", title: library.find((c) => c.key === "FBK-01")!.content.title },
    ]);
  });

  it("is idempotent: loading again changes nothing", async () => {
    const result = await syncLibrary(h.db, await readLibrary());
    expect(result).toMatchObject({ created: 0, revised: 0 });
    expect(result.unchanged).toBeGreaterThanOrEqual(32);
  });

  it("turns changed text into a new published version and keeps the old one", async () => {
    // A clause of this test's own, so suites sharing a PostgreSQL database are not affected.
    const key = `ZT${Math.random()
      .toString(36)
      .slice(2, 6)
      .toUpperCase()
      .replace(/[^A-Z]/g, "Q")}-01`;
    const base = (await readLibrary()).find((c) => c.key === "GOV-02")!;
    expect(await syncLibrary(h.db, [{ key, content: base.content }])).toMatchObject({ created: 1 });
    const changed = { key, content: { ...base.content, title: `${base.content.title} (revised)` } };
    expect(await syncLibrary(h.db, [changed])).toMatchObject({ created: 0, revised: 1 });
    const versions = await versionsOf(key);
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
    expect(versions[1]!.title).toMatch(/\(revised\)$/);
    // The API serves the newest published version, and the old one stays readable.
    const t = await makeTenant(h.db);
    const res = await h.app.request(`/api/clauses/${key}`, { headers: t.commissioner.auth });
    const body = (await res.json()) as { version: number; title: string; versions: unknown[] };
    expect(body.version).toBe(2);
    expect(body.versions).toHaveLength(2);
    const v1 = await h.app.request(`/api/clauses/${key}/versions/1`, { headers: t.commissioner.auth });
    expect(((await v1.json()) as { title: string }).title).toBe(base.content.title);
  });

  it("a specification keeps the version it chose; the usage view says when a newer one supersedes it", async () => {
    const key = `ZU${Math.random()
      .toString(36)
      .slice(2, 6)
      .toUpperCase()
      .replace(/[^A-Z]/g, "Q")}-01`;
    const base = (await readLibrary()).find((c) => c.key === "GOV-02")!;
    await syncLibrary(h.db, [{ key, content: base.content }]);
    const t = await makeTenant(h.db);
    const post = (url: string, body: unknown, method = "POST") =>
      h.app.request(url, json(body, t.commissioner.auth, method));
    const spec = (await (
      await post("/api/specifications", { title: "Usage check", serviceName: "Usage" })
    ).json()) as {
      id: string;
    };
    expect((await post(`/api/specifications/${spec.id}/clauses`, { clauses: [{ key }] }, "PUT")).status).toBe(
      200,
    );
    const usage = async () =>
      (await (await h.app.request(`/api/clauses/${key}/usage`, { headers: t.commissioner.auth })).json()) as {
        latestVersion: number;
        usage: Array<{ clauseVersion: number; superseded: boolean }>;
      };
    expect(await usage()).toMatchObject({
      latestVersion: 1,
      usage: [{ clauseVersion: 1, superseded: false }],
    });
    await syncLibrary(h.db, [
      { key, content: { ...base.content, title: `${base.content.title}, second edition` } },
    ]);
    expect(await usage()).toMatchObject({
      latestVersion: 2,
      usage: [{ clauseVersion: 1, superseded: true }],
    });
    // The clause page says so too.
    const cookie = await signInSession(h.app, t.commissioner.email);
    const page = await (await h.app.request(`/clauses/${key}`, { headers: cookie.headers })).text();
    expect(page).toContain("superseded by version 2");
  });

  it("stops on a broken clause file, naming the file and the problem", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "withus-lib-"));
    const good = await readFile(path.join(LIBRARY_DIR, "FBK-01.md"), "utf8");
    await writeFile(
      path.join(dir, "FBK-01.md"),
      good.replace("frequency: six_monthly", "frequency: fortnightly"),
    );
    await expect(readLibrary(dir)).rejects.toThrow(/FBK-01\.md: frequency: .*/);

    await writeFile(
      path.join(dir, "FBK-01.md"),
      good.replace("{{response_rate}} of the active caseload.", "{{respons_rate}}."),
    );
    await expect(readLibrary(dir)).rejects.toThrow(
      /FBK-01\.md: .*\{\{respons_rate\}\} is used but no parameter/,
    );

    await writeFile(path.join(dir, "FBK-01.md"), good);
    await writeFile(path.join(dir, "FBK-09.md"), good);
    await expect(readLibrary(dir)).rejects.toThrow(/FBK-09\.md: the file name must be the clause key/);
  });

  it("names unknown sections and bad YAML", () => {
    expect(() => parseClauseFile("X.md", "no front matter")).toThrow(
      /X\.md: it must start with YAML front matter/,
    );
    expect(() => parseClauseFile("X.md", "---\nkey: [\n---\n")).toThrow(
      /X\.md: front matter is not valid YAML/,
    );
    expect(() =>
      parseClauseFile(
        "X.md",
        "---\nkey: ABC-01\ntitle: T t t\ncategory: feedback\nlevel: consult\nfrequency: annually\n---\n## Requirment\ntext\n",
      ),
    ).toThrow(/unknown section "## Requirment"/);
  });

  it("a library file whose source link is not https: or http: stops with its name and the field", () => {
    const file = (url: string) =>
      `---\nkey: ABC-01\ntitle: A peer welcome group\ncategory: feedback\nlevel: consult\nfrequency: annually\nsources:\n  - citation: A guide\n    url: "${url}"\n---\n## Requirement\nThe provider must run it.\n## Evidence\nThe register.\n## What the reviewer checks\nIt ran.\n`;
    expect(() => parseClauseFile("ABC-01.md", file("javascript:alert(1)"))).toThrow(
      /^ABC-01\.md: sources\.0\.url: .*https/,
    );
    expect(() => parseClauseFile("ABC-01.md", file("data:text/html,x"))).toThrow(/sources\.0\.url/);
    expect(parseClauseFile("ABC-01.md", file("https://www.gov.uk/guidance")).content.sources).toHaveLength(1);
  });
});
