// /docs: a readable API reference rendered on the server from the OpenAPI document (no external scripts).
import { html, raw } from "hono/html";

type Doc = {
  info: { title: string; description?: string };
  paths?: Record<string, Record<string, { summary?: string; description?: string; tags?: string[] }>>;
};

export function apiReferencePage(doc: Doc) {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), ...op })),
  );
  const tags = [...new Set(ops.map((o) => o.tags?.[0] ?? "Other"))];
  return html`<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} reference</title>
<link rel="stylesheet" href="/assets/docs.css"></head>
<body>
<a href="#main" class="skip">Skip to main content</a>
<header><p>WithUs</p></header>
<main id="main">
<h1>${doc.info.title}</h1>
<p>${doc.info.description ?? ""}</p>
<p>The machine-readable description is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Send a personal token as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${tags.map(
  (t) => html`<section><h2>${t}</h2>
  ${ops
    .filter((o) => (o.tags?.[0] ?? "Other") === t)
    .map(
      (o) =>
        html`<h3><code>${o.method} ${o.path}</code></h3><p>${o.summary ?? ""}</p>${raw(
          (o.description ?? "")
            .split("\n\n")
            .map((p) => `<p>${escapeHtml(p)}</p>`)
            .join(""),
        )}`,
    )}
  </section>`,
)}
</main></body></html>`;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
