// Fails on a role written outside the access policy: a string literal naming a role where a role is meant
// (compared with a role, given where a role is expected, a case of a switch on a role), or a membership
// test of a role (`list.includes(actor.role)`, `set.has(role)`). Who may do what, whose rows, who is told
// and what each role is shown are asked of src/model/access-policy.ts by name; a role compared anywhere
// else is a second copy of a rule waiting to drift. Allowed: the policy, identity.ts (where the roles are
// named), the demo data and the tests.
//
// "commissioner" and "provider" are also kinds of organisation and parties of a clause, so a literal
// counts only where the type checker says a role is meant: its contextual type, or the type of what it
// is compared with, is a set of roles that is not also a set of kinds (Role is; OrganisationKind and
// Party are not).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SyntaxKind } from "typescript/unstable/ast";
import { API, TypeFlags } from "typescript/unstable/sync";

export const ALLOWED = [/^src\/model\/access-policy\.ts$/, /^src\/model\/identity\.ts$/, /^src\/demo\//, /^test\//];

function namesOf(source, constName) {
  const m = new RegExp(`export const ${constName} = \\[([^\\]]*)\\]`).exec(source);
  if (!m) throw new Error(`lint-roles: ${constName} not found in src/model/identity.ts`);
  return new Set([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
}

const EQUALITY = new Set([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
]);
const MEMBERSHIP = new Set(["includes", "indexOf", "has"]);

/** The findings in `src/` of the TypeScript project whose tsconfig.json is in `root`. */
export function roleFindings({ root }) {
  const identity = readFileSync(path.join(root, "src/model/identity.ts"), "utf8");
  const ROLES = namesOf(identity, "ROLES");
  const KINDS = namesOf(identity, "ORGANISATION_KINDS");
  const api = new API({ cwd: root });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [path.join(root, "tsconfig.json")] });
    const project = snapshot.getProjects()[0];
    const { program, checker } = project;

    /** The string literals a type stands for, or null when it is not only string literals (undefined and null aside). */
    const literalsOf = (type) => {
      const parts = (type.flags & TypeFlags.Union ? type.getTypes() : [type]).filter(
        (x) => !(x.flags & (TypeFlags.Undefined | TypeFlags.Null)),
      );
      if (!parts.length || !parts.every((x) => x.flags & TypeFlags.StringLiteral)) return null;
      return parts.map((x) => x.value);
    };
    const isRoleType = (type) => {
      const values = type ? literalsOf(type) : null;
      return !!values && values.every((v) => ROLES.has(v)) && values.some((v) => !KINDS.has(v));
    };
    const namedRole = (node) =>
      (node.kind === SyntaxKind.Identifier && node.text === "role") ||
      (node.kind === SyntaxKind.PropertyAccessExpression && node.name.text === "role");
    const meansRole = (node) => namedRole(node) || isRoleType(checker.getTypeAtLocation(node));

    const findings = [];
    for (const fileName of program.getSourceFileNames()) {
      const rel = path.relative(root, fileName).split(path.sep).join("/");
      if (!rel.startsWith("src/") || ALLOWED.some((re) => re.test(rel))) continue;
      const sf = program.getSourceFile(fileName);
      const text = readFileSync(fileName, "utf8");
      const report = (node, why) => {
        const start = node.getStart ? node.getStart(sf) : node.pos;
        const line = text.slice(0, start).split("\n").length;
        findings.push({ file: rel, line, text: text.slice(start, node.end).trim(), why });
      };
      const visit = (node) => {
        const kind = node.kind;
        if ((kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NoSubstitutionTemplateLiteral) && ROLES.has(node.text)) {
          const parent = node.parent;
          const other =
            parent.kind === SyntaxKind.BinaryExpression && EQUALITY.has(parent.operatorToken.kind)
              ? parent.left === node
                ? parent.right
                : parent.left
              : null;
          if (other && meansRole(other)) report(node, "a role compared outside the access policy");
          else if (parent.kind === SyntaxKind.CaseClause && meansRole(parent.parent.parent.expression))
            report(node, "a case of a switch on a role");
          else if (isRoleType(checker.getContextualType(node))) report(node, "a role named outside the access policy");
        } else if (
          kind === SyntaxKind.CallExpression &&
          node.expression.kind === SyntaxKind.PropertyAccessExpression &&
          MEMBERSHIP.has(node.expression.name.text) &&
          node.arguments.length > 0 &&
          meansRole(node.arguments[0])
        ) {
          report(node, "a membership test of a role outside the access policy");
        }
        node.forEachChild(visit);
      };
      sf.forEachChild(visit);
    }
    return findings;
  } finally {
    api.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const findings = roleFindings({ root: process.cwd() });
  for (const f of findings) console.error(`${f.file}:${f.line}: ${f.why}: ${f.text} (ask src/model/access-policy.ts)`);
  console.log(`lint:roles: ${findings.length} role${findings.length === 1 ? "" : "s"} written outside the access policy`);
  process.exit(findings.length ? 1 : 0);
}
