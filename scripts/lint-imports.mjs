// Runs dependency-cruiser with .dependency-cruiser.cjs over src/ and fails on any violation.
// Through its API rather than its CLI: the CLI refuses Node 20, which this project supports; the API
// (with swc as the parser, since TypeScript 7 has no JavaScript API) runs on it.
import { createRequire } from "node:module";
import { cruise, format } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs");
const { forbidden, options } = config;

const result = await cruise(
  ["src"],
  { ...options, ruleSet: { forbidden }, validate: true },
  options.enhancedResolveOptions,
  { tsConfig: extractTSConfig(options.tsConfig.fileName) },
);
const { summary, modules } = result.output;
const ours = modules.filter((m) => m.source.startsWith("src/")).length;
if (ours < 50) {
  // Guards against a checker that silently reads nothing (say, a missing parser): zero modules, zero errors.
  console.error(`lint:imports: only ${ours} modules of src/ were read; is @swc/core installed?`);
  process.exit(2);
}
if (summary.error > 0) {
  // (Its closing note about a missing TypeScript compiler does not apply: swc reads the sources.)
  const report = await format(result.output, { outputType: "err" });
  process.stdout.write(report.output);
}
console.log(`lint:imports: ${ours} modules, ${summary.totalDependenciesCruised} imports, ${summary.error} violations`);
process.exit(summary.error > 0 ? 1 : 0);
