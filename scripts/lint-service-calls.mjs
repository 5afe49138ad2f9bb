// Fails on a service called another way than `{ ctx, input }`: every function of src/services/ that a page
// (src/web/) or an API route (src/routes/) imports and that does work (returns a promise: reads the
// database, a file, another server) must take one object with exactly two properties, `ctx` (who acts, on
// which database, when) and `input` (an object: what they ask for). Helpers used only inside the services
// may take what suits them, and so may pure synchronous rules (a label, a file name) a page shares with a
// service. The type checker reads each imported function's call signatures, so a
// `const f = (db, actor) => ...` is caught as surely as a `function f(db, actor)`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SyntaxKind } from "typescript/unstable/ast";
import { API, SignatureKind, TypeFlags } from "typescript/unstable/sync";

const CALLERS = /^src\/(routes|web)\//;

const SERVICES = /^src\/services\//;

/** The findings in `src/` of the TypeScript project whose tsconfig.json is in `root`. */
export function serviceCallFindings({ root }) {
  const api = new API({ cwd: root });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [path.join(root, "tsconfig.json")] });
    const project = snapshot.getProjects()[0];
    const { program, checker } = project;
    const relOf = (fileName) => path.relative(root, fileName).split(path.sep).join("/");

    /** Why this parameter list is not `{ ctx, input }`, or null when it is. */
    const wrongShape = (signature) => {
      const params = signature.getParameters();
      if (params.length !== 1) return `takes ${params.length} parameters`;
      const type = checker.getTypeOfSymbol(params[0]);
      if (!type) return "its parameter has no type";
      const names = checker
        .getPropertiesOfType(type)
        .map((p) => p.name)
        .sort();
      if (names.join(",") !== "ctx,input") return `takes { ${names.join(", ")} }`;
      const input = checker.getTypeOfSymbol(checker.getPropertyOfType(type, "input"));
      const parts = input ? (input.flags & TypeFlags.Union ? input.getTypes() : [input]) : [];
      const objects = parts.filter((t) => !(t.flags & (TypeFlags.Undefined | TypeFlags.Null)));
      if (!objects.length || !objects.every((t) => t.flags & TypeFlags.Object || t.flags & TypeFlags.Intersection))
        return "its input is not an object";
      return null;
    };

    const findings = [];
    const seen = new Set();
    for (const fileName of program.getSourceFileNames()) {
      const rel = relOf(fileName);
      if (!CALLERS.test(rel)) continue;
      const sf = program.getSourceFile(fileName);
      for (const statement of sf.statements) {
        if (statement.kind !== SyntaxKind.ImportDeclaration) continue;
        const clause = statement.importClause;
        if (!clause || clause.isTypeOnly || !statement.moduleSpecifier.text.startsWith(".")) continue;
        const target = relOf(path.resolve(path.dirname(fileName), statement.moduleSpecifier.text));
        if (!SERVICES.test(target)) continue;
        const names = [];
        if (clause.name) names.push(clause.name);
        const bindings = clause.namedBindings;
        if (bindings?.kind === SyntaxKind.NamedImports) {
          for (const el of bindings.elements) if (!el.isTypeOnly) names.push(el.name);
        } else if (bindings?.kind === SyntaxKind.NamespaceImport) {
          const ns = checker.getAliasedSymbol(checker.getSymbolAtLocation(bindings.name));
          for (const sym of checker.getExportsOfModule(ns)) names.push(sym);
        }
        for (const name of names) {
          const local = name.escapedName !== undefined ? name : checker.getSymbolAtLocation(name);
          if (!local) continue;
          const symbol = local.flags & 2097152 /* Alias */ ? checker.getAliasedSymbol(local) : local;
          const type = checker.getTypeOfSymbol(symbol);
          if (!type) continue;
          const signatures = checker.getSignaturesOfType(type, SignatureKind.Call);
          for (const signature of signatures) {
            const returns = checker.getReturnTypeOfSignature(signature);
            if (!returns || !/^Promise</.test(checker.typeToString(returns))) continue;
            const why = wrongShape(signature);
            const key = `${target}:${symbol.name}`;
            if (why && !seen.has(key)) {
              seen.add(key);
              findings.push({ service: target.replace(/\.js$/, ""), name: symbol.name, caller: rel, why });
            }
          }
        }
      }
    }
    return findings.sort((a, b) => (a.service + a.name).localeCompare(b.service + b.name));
  } finally {
    api.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const findings = serviceCallFindings({ root: process.cwd() });
  for (const f of findings)
    console.error(`${f.service}: ${f.name} ${f.why} (called from ${f.caller}); take one { ctx, input } object`);
  console.log(
    `lint:service-calls: ${findings.length} service function${findings.length === 1 ? "" : "s"} not called with { ctx, input }`,
  );
  process.exit(findings.length ? 1 : 0);
}
