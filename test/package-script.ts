// A package.json script as Node runs it under npm, without npm: `npm run x` costs a Node start of npm's own,
// and tsx's command line a second Node process that loads the first one's hook again. Suites that try what
// a command does (its output, exit code, what it leaves in DATA_DIR) start the script's file here with tsx's
// hook in one process; one-process.test.ts runs the real `npm start`, as the README has it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The command and arguments that run `npm run <name>` (a `tsx <file>` script) with no npm in between. */
export function scriptCommand(name: string): [string, string[]] {
  const match = /^tsx (\S+\.ts)$/.exec(scripts[name] ?? "");
  if (!match) throw new Error(`package.json's ${name} is not "tsx <file>": ${scripts[name]}`);
  return [process.execPath, ["--import", "tsx", path.join(ROOT, match[1]!)]];
}
