// The import rule (scripts/lint-imports.mjs with .dependency-cruiser.cjs), run on a copy of src/: the copy
// as it stands passes; planted upward imports fail, directly and through lib/, and so do Hono reached
// from below middleware, busboy outside lib/multipart.ts, a page importing a route and a cycle.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, without types
import { importViolations } from "../../scripts/lint-imports.mjs";

interface Violation {
  rule: string;
  from: string;
  to: string;
  via: string[];
}
interface Cruise {
  root: string;
  modules: number;
  violations: Violation[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of src/ (with tsconfig.json and the installed packages) with these files written over it. */
async function lintCopy(files: Record<string, string>): Promise<Cruise> {
  const root = mkdtempSync(path.join(tmpdir(), "lint-imports-"));
  dirs.push(root);
  cpSync("src", path.join(root, "src"), { recursive: true });
  cpSync("tsconfig.json", path.join(root, "tsconfig.json"));
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return { root, ...((await importViolations({ root })) as Omit<Cruise, "root">) };
}

const rulesFrom = (cruise: Cruise, from: string) =>
  [...new Set(cruise.violations.filter((v) => v.from === from).map((v) => v.rule))].sort();

let clean: Cruise;
let planted: Cruise;
let honoInLib: Cruise;

beforeAll(async () => {
  clean = await lintCopy({});
  planted = await lintCopy({
    // Directly upward, or to Hono, from below middleware.
    "src/services/planted-hono.ts": `import { Hono } from "hono";\nexport const app = new Hono();\n`,
    "src/services/planted-openapi.ts": `import { z } from "@hono/zod-openapi";\nexport const s = z.string();\n`,
    "src/lib/planted-model.ts": `import { isoDate } from "../model/dates.js";\nexport const d = isoDate;\n`,
    "src/model/planted.ts": `import type { ServiceCtx } from "../services/context.js";\nexport type C = ServiceCtx;\n`,
    "src/documents/planted.ts": `import * as schema from "../db/schema/index.js";\nexport const s = schema;\n`,
    // Upward through lib/: the service imports only lib/, which climbs to middleware (and so to Hono).
    "src/lib/planted-up.ts": `export { problemResponse } from "../middleware/problem.js";\n`,
    "src/services/planted-via-lib.ts": `import { problemResponse } from "../lib/planted-up.js";\nexport const p = problemResponse;\n`,
    // busboy outside lib/multipart.ts; a page importing an API route; a route running a query.
    "src/web/planted-busboy.ts": `import busboy from "busboy";\nexport const b = busboy;\n`,
    "src/web/planted-route.ts": `import { createRouter } from "../routes/openapi.js";\nexport const r = createRouter;\n`,
    "src/routes/planted-query.ts": `import { eq } from "drizzle-orm";\nexport const e = eq;\n`,
    // A cycle.
    "src/lib/planted-a.ts": `import { b } from "./planted-b.js";\nexport const a = () => b;\n`,
    "src/lib/planted-b.ts": `import { a } from "./planted-a.js";\nexport const b = () => a;\n`,
  });
  // The domain error importing Hono, as lib/errors.ts once did.
  const errors = readFileSync("src/lib/errors.ts", "utf8");
  honoInLib = await lintCopy({
    "src/lib/errors.ts": `import type { Context } from "hono";\nexport type HonoContext = Context;\n${errors}`,
  });
}, 300_000);

describe("lint:imports", () => {
  it("npm run lint:imports exits 1 on the planted copy and names the rule, the file and the path through lib/", async () => {
    const script = path.resolve("scripts/lint-imports.mjs");
    const run = await promisify(execFile)(process.execPath, [script], { cwd: planted.root }).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/below-middleware-never-reaches-up: src\/services\/planted-via-lib\.ts/);
    expect(run.stdout).toMatch(/src\/lib\/planted-up\.ts/);
    expect(run.stdout).toMatch(/lint:imports: \d+ modules, \d+ imports, [1-9]\d* violations/);
  }, 120_000);

  it("passes the tree as it stands, having read all of it", () => {
    expect(clean.modules).toBeGreaterThan(250);
    expect(clean.violations).toEqual([]);
  });

  it("fails on a service importing Hono or @hono/zod-openapi", () => {
    expect(rulesFrom(planted, "src/services/planted-hono.ts")).toEqual([
      "below-middleware-never-reaches-hono",
      "services-not-hono",
    ]);
    expect(rulesFrom(planted, "src/services/planted-openapi.ts")).toContain("services-not-hono");
  });

  it("fails on lib/ importing model/, model/ importing a service, documents/ importing db/", () => {
    expect(rulesFrom(planted, "src/lib/planted-model.ts")).toEqual(["lib-is-the-bottom"]);
    expect(rulesFrom(planted, "src/model/planted.ts")).toContain("model-on-lib");
    expect(rulesFrom(planted, "src/documents/planted.ts")).toEqual(["documents-not-db-or-env"]);
  });

  it("fails on an upward import through lib/: the service that imports only lib/ is named, with the path", () => {
    expect(rulesFrom(planted, "src/lib/planted-up.ts")).toEqual([
      "below-middleware-never-reaches-hono",
      "below-middleware-never-reaches-up",
      "lib-is-the-bottom",
    ]);
    expect(rulesFrom(planted, "src/services/planted-via-lib.ts")).toEqual([
      "below-middleware-never-reaches-hono",
      "below-middleware-never-reaches-up",
    ]);
    const up = planted.violations.find(
      (v) => v.from === "src/services/planted-via-lib.ts" && v.rule === "below-middleware-never-reaches-up",
    );
    expect(up?.via).toEqual(["src/lib/planted-up.ts", "src/middleware/problem.ts"]);
  });

  it("fails on Hono reached through lib/errors.ts, for every service that uses the domain error", () => {
    const through = honoInLib.violations.filter(
      (v) =>
        v.rule === "below-middleware-never-reaches-hono" &&
        v.from.startsWith("src/services/") &&
        v.via.includes("src/lib/errors.ts"),
    );
    expect(new Set(through.map((v) => v.from)).size).toBeGreaterThan(30);
    expect(rulesFrom(honoInLib, "src/lib/errors.ts")).toEqual(["below-middleware-never-reaches-hono"]);
  });

  it("fails on busboy outside lib/multipart.ts, a page importing a route, a route with drizzle, a cycle", () => {
    expect(rulesFrom(planted, "src/web/planted-busboy.ts")).toEqual(["busboy-one-parser"]);
    expect(rulesFrom(planted, "src/web/planted-route.ts")).toEqual(["web-not-routes"]);
    expect(rulesFrom(planted, "src/routes/planted-query.ts")).toEqual(["routes-no-queries"]);
    expect(rulesFrom(planted, "src/lib/planted-a.ts")).toEqual(["no-circular"]);
  });
});
