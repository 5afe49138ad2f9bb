// npm run bench: every benchmark, each printing ratios against a baseline measured in the same run
// (these machines are shared and noisy, so absolute times mean little on their own), then the table of
// every target (bench/targets.ts) and whether this run met it. `npm run bench <word>` runs the suites whose
// name contains the word. Exits 1 when a target is missed or a benchmark fails.
import { benchCompliance } from "./compliance.js";
import { benchDocuments } from "./documents.js";
import { benchPerformance } from "./performance.js";
import { benchReminders } from "./reminders.js";
import { failed, targetRows, targetTable } from "./targets.js";
import { benchUpload } from "./upload.js";

const suites: Array<[string, () => Promise<string>]> = [
  ["Word documents (issue 3)", benchDocuments],
  ["Compliance matrix on PostgreSQL (issue 4)", benchCompliance],
  ["Evidence upload (issue 4)", benchUpload],
  ["Reminder job on PostgreSQL (issue 10)", benchReminders],
  ["Figures against targets at national scale on PostgreSQL (issue 21)", benchPerformance],
];

const only = process.argv[2];
for (const [name, run] of suites) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  try {
    console.log(await run());
  } catch (e) {
    console.log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    failed(name, e);
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

console.log("\n## Targets\n");
const rows = targetRows();
console.log(rows.length ? targetTable() : "(no benchmark ran: nothing matched the filter)");
const missed = rows.filter((r) => !r.met).length;
console.log(
  missed ? `\n${missed} of ${rows.length} targets NOT MET in this run.` : `\nAll ${rows.length} targets met.`,
);
if (missed) process.exitCode = 1;
