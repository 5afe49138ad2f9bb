// Fails when a file in src/web/ grows past 350 lines: a page that long is doing too much (split it by page,
// move shared markup to web/components/ and rules to a service).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const LIMIT = 350;
const files = readdirSync("src/web", { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && /\.tsx?$/.test(d.name))
  .map((d) => path.join(d.parentPath ?? d.path, d.name));
const long = files
  .map((f) => ({ f, lines: readFileSync(f, "utf8").split("\n").length - 1 }))
  .filter((x) => x.lines > LIMIT);
for (const { f, lines } of long) console.error(`${f}: ${lines} lines (at most ${LIMIT} in src/web/)`);
console.log(`lint:pages: ${files.length} files in src/web, ${long.length} over ${LIMIT} lines`);
process.exit(long.length ? 1 : 0);
