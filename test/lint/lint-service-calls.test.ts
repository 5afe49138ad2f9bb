// The lint rule that keeps one way of calling a service (scripts/lint-service-calls.mjs), run on planted code
// in a project of its own: a positional service a route or page imports fails, and so does one taking its
// ids beside ctx; `{ ctx, input }` passes, and so do a pure helper and a positional one only services call.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, without types
import { serviceCallFindings } from "../../scripts/lint-service-calls.mjs";

interface Finding {
  service: string;
  name: string;
  caller: string;
  why: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    strict: true,
    noEmit: true,
    types: [],
    lib: ["ES2023"],
  },
  include: ["src"],
});

const CONTEXT = `export interface ServiceCtx { db: unknown; actor: { userId: string }; now: Date }\n`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "lint-service-calls-"));
  dirs.push(root);
  const all: Record<string, string> = {
    "tsconfig.json": TSCONFIG,
    "src/services/context.ts": CONTEXT,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const lint = (files: Record<string, string>) => serviceCallFindings({ root: project(files) }) as Finding[];

const service = `import type { ServiceCtx } from "../context.js";
export async function positional(db: unknown, actor: { userId: string }, id: string) { return { db, actor, id }; }
export const arrow = async (ctx: ServiceCtx, id: string) => ({ ctx, id });
export async function idBeside({ ctx, id }: { ctx: ServiceCtx; id: string }) { return { ctx, id }; }
export async function stringInput({ ctx, input }: { ctx: ServiceCtx; input: string }) { return { ctx, input }; }
export async function good({ ctx, input }: { ctx: ServiceCtx; input: { id: string } }) { return { ctx, input }; }
export async function noInput({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) { return ctx; }
export function label(n: number): string { return String(n); }
export async function internal(db: unknown, id: string) { return { db, id }; }
`;

describe("lint:service-calls", () => {
  it("fails on each service a route or page imports that does not take { ctx, input }, and names it", () => {
    const found = lint({
      "src/services/room/things.ts": service,
      "src/services/room/other.ts": `import { internal } from "./things.js";\nexport const useIt = () => internal(null, "x");\n`,
      "src/routes/things.routes.ts": `import { arrow, good, idBeside, label, noInput, positional, stringInput } from "../services/room/things.js";\nexport const all = [arrow, good, idBeside, label, noInput, positional, stringInput];\n`,
      "src/web/things.tsx": `import { positional } from "../services/room/things.js";\nexport const page = positional;\n`,
    });
    expect(found.map((f) => f.name).sort()).toEqual(["arrow", "idBeside", "positional", "stringInput"]);
    expect(found.find((f) => f.name === "positional")).toMatchObject({
      service: "src/services/room/things",
      why: "takes 3 parameters",
    });
    expect(found.find((f) => f.name === "idBeside")?.why).toBe("takes { ctx, id }");
    expect(found.find((f) => f.name === "stringInput")?.why).toBe("its input is not an object");
  });

  it("passes when routes and pages call services with { ctx, input } only", () => {
    const found = lint({
      "src/services/room/things.ts": service,
      "src/web/things.tsx": `import { good, label, noInput } from "../services/room/things.js";\nexport const page = [good, label, noInput];\n`,
    });
    expect(found).toEqual([]);
  });

  it("makes npm run lint's script exit non-zero on a planted positional service", () => {
    const root = project({
      "src/services/room/things.ts": service,
      "src/routes/things.routes.ts": `import { positional } from "../services/room/things.js";\nexport const all = [positional];\n`,
    });
    const script = path.resolve("scripts/lint-service-calls.mjs");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [script], { cwd: root, stdio: "pipe" });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain("src/services/room/things: positional takes 3 parameters");
  });
});
