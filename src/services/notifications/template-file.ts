// Parses one email template (templates/emails/<kind>.md): YAML front matter with the subject and who
// the message is for, then the body in a small, fixed Markdown subset that renders as plain text and as
// HTML (see render.ts). Used by the build step that bundles the templates and by the test that checks it.
import { parse as parseYaml } from "yaml";
import { z } from "zod";

export interface EmailTemplate {
  kind: string;
  subject: string;
  /** About the recipient's own account (invitation, password reset): always sent at once, whatever their preference. */
  account: boolean;
  /** Listed in the app's notifications as well as emailed. */
  inApp: boolean;
  body: string;
}

const frontSchema = z
  .object({
    subject: z.string().min(3).max(120),
    account: z.boolean().default(false),
    inApp: z.boolean().default(true),
  })
  .strict();

const KIND_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Placeholders used in a template: `{{name}}`. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g)].map((m) => m[1]!))];
}

export function parseEmailTemplate(file: string, text: string): EmailTemplate {
  const kind = file.replace(/^.*\//, "").replace(/\.md$/, "");
  if (!KIND_PATTERN.test(kind)) throw new Error(`${file}: the name must be lower-case words joined by -`);
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: it must start with YAML front matter between --- lines`);
  const front = frontSchema.safeParse(parseYaml(m[1]!));
  if (!front.success) {
    throw new Error(
      `${file}: ${front.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const body = m[2]!.replace(/\r\n/g, "\n").trim();
  if (!body) throw new Error(`${file}: the body is empty`);
  const actions = body.split("\n").filter((l) => /^\[[^\]]+\]\(\{\{link\}\}\)$/.test(l.trim()));
  if (actions.length !== 1) {
    throw new Error(`${file}: the body needs exactly one call to action line: [What to do]({{link}})`);
  }
  return { kind, ...front.data, body };
}
