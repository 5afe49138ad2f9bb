// The email templates by kind, from the module the build step writes (see templates/emails/).
import type { EmailTemplate } from "./template-file.js";
import { EMAIL_TEMPLATES } from "./templates.generated.js";

export type MessageKind = keyof typeof EMAIL_TEMPLATES;

export function templateOf(kind: string): EmailTemplate {
  const t = (EMAIL_TEMPLATES as Record<string, EmailTemplate>)[kind];
  if (!t) throw new Error(`no email template for kind ${kind}: add templates/emails/${kind}.md`);
  return t;
}
