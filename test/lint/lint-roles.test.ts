// The lint rule that keeps roles in the access policy (scripts/lint-roles.mjs), run on planted code in a
// project of its own: a role compared, switched on or tested for membership in a service fails; the same
// words meaning a kind of organisation or a clause's party pass, and so does the policy itself.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, without types
import { roleFindings } from "../../scripts/lint-roles.mjs";

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project with the real identity.ts and these files; the rule's findings in it. */
function lint(files: Record<string, string>): Finding[] {
  const root = mkdtempSync(path.join(tmpdir(), "lint-roles-"));
  dirs.push(root);
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        strict: true,
        noEmit: true,
        types: [],
      },
      include: ["src"],
    }),
    "src/model/identity.ts": readFileSync("src/model/identity.ts", "utf8"),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return roleFindings({ root }) as Finding[];
}

const service = (body: string) => `import type { Actor, OrganisationKind, Role } from "../model/identity.js";
type Party = "provider" | "commissioner";
export function planted(actor: Actor, kind: OrganisationKind, party: Party, role: Role) {
${body}
}
`;

describe("lint:roles", () => {
  it("fails on a role compared in a service, and names the file and line", () => {
    const found = lint({ "src/services/planted.ts": service(`  return actor.role === "reviewer";`) });
    expect(found).toEqual([
      expect.objectContaining({ file: "src/services/planted.ts", line: 4, text: '"reviewer"' }),
    ]);
  }, 60_000);

  it("fails on a membership test of a role, with or without the roles written in it", () => {
    const found = lint({
      "src/services/a.ts": service(`  return ["reviewer", "commissioner"].includes(actor.role);`),
      "src/services/b.ts": service(
        `  const staff: readonly Role[] = [];\n  return staff.includes(actor.role);`,
      ),
    });
    expect(found.map((f) => `${f.file}:${f.line}: ${f.why}`)).toEqual([
      "src/services/a.ts:4: a membership test of a role outside the access policy",
      "src/services/b.ts:5: a membership test of a role outside the access policy",
    ]);
  }, 60_000);

  it("fails on a switch on a role, a role given where one is expected, and !==", () => {
    const found = lint({
      "src/web/page.tsx": service(
        `  switch (role) {\n    case "provider":\n      return 1;\n  }\n  const r: Role = "admin";\n  return actor.role !== "commissioner" || r;`,
      ),
    });
    expect(found.map((f) => f.text)).toEqual(['"provider"', '"admin"', '"commissioner"']);
  }, 60_000);

  it("passes the same words meaning a kind of organisation or a party, and the policy, the demo and the tests", () => {
    const code = service(
      `  if (kind === "provider" || actor.organisationKind === "commissioner") return 1;\n  return party === "commissioner" ? 2 : 3;`,
    );
    const roleCode = service(`  return actor.role === "reviewer";`);
    expect(
      lint({
        "src/services/kinds.ts": code,
        "src/model/access-policy.ts": roleCode,
        "src/demo/seed.ts": roleCode,
      }),
    ).toEqual([]);
  }, 60_000);
});
