// Runs dependency-cruiser with .dependency-cruiser.cjs over src/ and fails on any violation.
// Through its API rather than its CLI: the CLI refuses Node 20, which this project supports; the API
// (with swc as the parser, since TypeScript 7 has no JavaScript API) runs on it.
// `importViolations({ root })` is the same check on another tree (test/lint plants violations in a copy).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, format } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs");
const { forbidden, options } = config;

/** Cruises `root`/src with the project's rules; the result, the modules of src/ read, and the violations. */
export async function importViolations({ root = process.cwd() } = {}) {
  const result = await cruise(
    ["src"],
    { ...options, baseDir: root, ruleSet: { forbidden }, validate: true },
    options.enhancedResolveOptions,
    { tsConfig: extractTSConfig(path.join(root, options.tsConfig.fileName)) },
  );
  const { summary, modules } = result.output;
  const ours = modules.filter((m) => m.source.startsWith("src/")).length;
  const violations = summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    via: (v.via ?? []).map((d) => d.name),
  }));
  return { output: result.output, modules: ours, violations };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { output, modules: ours } = await importViolations();
  const { summary } = output;
  if (ours < 50) {
    // Guards against a checker that silently reads nothing (say, a missing parser): zero modules, zero errors.
    console.error(`lint:imports: only ${ours} modules of src/ were read; is @swc/core installed?`);
    process.exit(2);
  }
  if (summary.error > 0) {
    // (Its closing note about a missing TypeScript compiler does not apply: swc reads the sources.)
    const report = await format(output, { outputType: "err" });
    process.stdout.write(report.output);
  }
  console.log(
    `lint:imports: ${ours} modules, ${summary.totalDependenciesCruised} imports, ${summary.error} violations`,
  );
  process.exit(summary.error > 0 ? 1 : 0);
}
