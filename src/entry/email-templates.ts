// Reads templates/emails/*.md (Node only) and writes them into a module that both entries bundle
// (the Worker has no file system): `npm run build:emails` after changing a template.
import { execFileSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type EmailTemplate, parseEmailTemplate } from "../services/notifications/template-file.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EMAIL_TEMPLATE_DIR = path.join(ROOT, "templates/emails");
export const GENERATED = path.join(ROOT, "src/services/notifications/templates.generated.ts");

export async function readEmailTemplates(dir = EMAIL_TEMPLATE_DIR): Promise<EmailTemplate[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (f) => parseEmailTemplate(f, await readFile(path.join(dir, f), "utf8"))),
  );
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url));
if (isMain) {
  const templates = await readEmailTemplates();
  const byKind = Object.fromEntries(templates.map((t) => [t.kind, t]));
  await writeFile(
    GENERATED,
    `// Generated from templates/emails/*.md by \`npm run build:emails\`: edit the templates, not this file.\n` +
      `// (test/notifications/templates.test.ts fails when the two differ.)\n` +
      `export const EMAIL_TEMPLATES = ${JSON.stringify(byKind, null, 2)} as const;\n`,
  );
  execFileSync(path.join(ROOT, "node_modules/.bin/biome"), ["format", "--write", GENERATED], {
    stdio: "ignore",
  });
  console.log(`${templates.length} email templates -> ${path.relative(ROOT, GENERATED)}`);
}
