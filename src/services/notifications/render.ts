// Renders an email template with its values into a subject, a plain-text part and an HTML part.
// The body is a small Markdown subset: paragraphs, "- " lists (a lone "- {{items}}" expands a list
// value, whose entries may be links), and one call to action line "[What to do]({{link}})".
// The HTML is table-based with inline styles, the way Outlook reads it, in the GOV.UK email style.
import type { EmailTemplate } from "./template-file.js";

type ListItem = string | { text: string; link: string };
type ParamValue = string | number | ListItem[];
export type Params = Record<string, ParamValue>;

export const SERVICE_NAME = "WithUs";
/** Where a recipient changes which emails they get (the footer of every email). */
const PREFERENCES_PATH = "/account/notifications";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An absolute address: paths get the public origin; anything else is refused (no links off-site). */
function absolute(origin: string, link: string): string {
  if (!link.startsWith("/") || link.startsWith("//"))
    throw new Error(`a message link must be a path: ${link}`);
  return origin.replace(/\/$/, "") + link;
}

function itemText(item: ListItem): string {
  return typeof item === "string" ? item : item.text;
}

function fill(text: string, params: Params, kind: string): string {
  return text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`email template ${kind}: no value for {{${name}}}`);
    return Array.isArray(v) ? v.map(itemText).join(", ") : String(v);
  });
}

export function renderSubject(template: EmailTemplate, params: Params): string {
  return fill(template.subject, params, template.kind).replace(/\s+/g, " ").trim();
}

type Block =
  | { type: "p"; text: string }
  | { type: "list"; items: Array<{ text: string; href?: string }> }
  | { type: "action"; label: string; href: string };

function blocks(template: EmailTemplate, params: Params, origin: string, link: string): Block[] {
  const out: Block[] = [];
  for (const chunk of template.body.split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length) continue;
    const action = /^\[([^\]]+)\]\(\{\{link\}\}\)$/.exec(lines[0]!);
    if (action && lines.length === 1) {
      out.push({
        type: "action",
        label: fill(action[1]!, params, template.kind),
        href: absolute(origin, link),
      });
    } else if (lines.every((l) => l.startsWith("- "))) {
      const items: Array<{ text: string; href?: string }> = [];
      for (const l of lines) {
        const lone = /^- \{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}$/.exec(l);
        const value = lone ? params[lone[1]!] : undefined;
        if (Array.isArray(value)) {
          for (const item of value) {
            items.push(
              typeof item === "string"
                ? { text: item }
                : { text: item.text, href: absolute(origin, item.link) },
            );
          }
        } else items.push({ text: fill(l.slice(2), params, template.kind) });
      }
      out.push({ type: "list", items });
    } else {
      out.push({ type: "p", text: fill(lines.join(" "), params, template.kind) });
    }
  }
  return out;
}

const FONT = "font-family: Helvetica, Arial, sans-serif; color: #0b0c0c;";
const P = `${FONT} font-size: 19px; line-height: 25px; margin: 0 0 20px 0;`;

export function renderEmail(
  template: EmailTemplate,
  params: Params,
  opts: { origin: string; link: string },
): RenderedEmail {
  const subject = renderSubject(template, params);
  const body = blocks(template, params, opts.origin, opts.link);
  const footer = `You are getting this email because you have an account on ${SERVICE_NAME}.`;
  const prefs = absolute(opts.origin, PREFERENCES_PATH);

  const text = [
    ...body.map((b) => {
      if (b.type === "p") return b.text;
      if (b.type === "action") return `${b.label}:\n${b.href}`;
      return b.items.map((i) => (i.href ? `- ${i.text}: ${i.href}` : `- ${i.text}`)).join("\n");
    }),
    "---",
    `${footer}\nChoose which emails you get: ${prefs}`,
  ].join("\n\n");

  const htmlBlocks = body
    .map((b) => {
      if (b.type === "p") return `<p style="${P}">${escapeHtml(b.text)}</p>`;
      if (b.type === "action") {
        return `<p style="${P}"><a href="${escapeHtml(b.href)}" style="color: #1d70b8; text-decoration: underline; font-weight: bold;">${escapeHtml(b.label)}</a></p>`;
      }
      const items = b.items
        .map((i) => {
          const t = escapeHtml(i.text);
          const inner = i.href
            ? `<a href="${escapeHtml(i.href)}" style="color: #1d70b8; text-decoration: underline;">${t}</a>`
            : t;
          return `<li style="margin: 5px 0 5px 0;">${inner}</li>`;
        })
        .join("");
      return `<ul style="${P} padding-left: 20px;">${items}</ul>`;
    })
    .join("\n");

  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin: 0; padding: 0; background-color: #ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse; background-color: #0b0c0c;">
<tr><td style="padding: 15px 20px;"><span style="${FONT} color: #ffffff; font-size: 28px; line-height: 32px; font-weight: bold;">${SERVICE_NAME}</span></td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse;">
<tr><td height="10" style="background-color: #1d70b8; font-size: 1px; line-height: 1px;">&nbsp;</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse; max-width: 580px;">
<tr><td style="padding: 30px 20px 10px 20px;">
${htmlBlocks}
<hr style="border: 0; border-top: 1px solid #b1b4b6; margin: 30px 0 20px 0;">
<p style="${FONT} font-size: 16px; line-height: 22px; margin: 0 0 10px 0;">${escapeHtml(footer)}</p>
<p style="${FONT} font-size: 16px; line-height: 22px; margin: 0;"><a href="${escapeHtml(prefs)}" style="color: #1d70b8; text-decoration: underline;">Choose which emails you get</a></p>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, text, html };
}
