// npm run bench: every benchmark, each printing ratios against a baseline measured in the same run
// (these machines are shared and noisy, so absolute times mean little on their own).
import { benchCompliance } from "./compliance.js";
import { benchDocuments } from "./documents.js";
import { benchUpload } from "./upload.js";

const suites: Array<[string, () => Promise<string>]> = [
  ["Word documents (issue 3)", benchDocuments],
  ["Compliance matrix on PostgreSQL (issue 4)", benchCompliance],
  ["Evidence upload (issue 4)", benchUpload],
];

const only = process.argv[2];
for (const [name, run] of suites) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  console.log(await run());
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
