// The email templates: the bundled module matches the reviewed files, every template renders in plain
// text and HTML, and the rules of the format are enforced with a message naming the file.
import { describe, expect, it } from "vitest";
import { readEmailTemplates } from "../../src/entry/email-templates.js";
import { renderEmail } from "../../src/services/notifications/render.js";
import { parseEmailTemplate, placeholders } from "../../src/services/notifications/template-file.js";
import { EMAIL_TEMPLATES } from "../../src/services/notifications/templates.generated.js";

const ORIGIN = "https://withus.example.gov.uk";

describe("email templates", () => {
  it("the bundled module is what the files under templates/emails say (run npm run build:emails)", async () => {
    const files = await readEmailTemplates();
    expect(Object.fromEntries(files.map((t) => [t.kind, t]))).toEqual(EMAIL_TEMPLATES);
  });

  it("every template renders with a subject, one call to action and a footer, in text and HTML", async () => {
    for (const t of await readEmailTemplates()) {
      const params = Object.fromEntries(
        placeholders(t.subject + t.body)
          .filter((p) => p !== "link")
          .map((p) => [p, p === "items" || p === "clauses" || p === "contracts" ? ["one", "two"] : `<${p}>`]),
      );
      const email = renderEmail(t, params, { origin: ORIGIN, link: "/contracts/1" });
      expect(email.subject.length, t.kind).toBeLessThanOrEqual(150);
      expect(email.text, t.kind).toContain(`${ORIGIN}/contracts/1`);
      expect(email.text, t.kind).toContain(`${ORIGIN}/account/notifications`);
      expect(
        email.html.match(/href="https:\/\/withus\.example\.gov\.uk\/contracts\/1"/g),
        t.kind,
      ).toHaveLength(1);
      // Values are escaped into the HTML, never interpreted.
      expect(email.html, t.kind).not.toMatch(/<(provider|clause|contract|commissioner)>/);
      expect(email.html, t.kind).toContain('lang="en"');
      expect(email.html, t.kind).toContain('role="presentation"');
    }
  });

  it("lists expand into items, and linked items become links", () => {
    const t = parseEmailTemplate(
      "daily-digest.md",
      "---\nsubject: Updates\n---\nHere:\n\n- {{items}}\n\n[See all]({{link}})\n",
    );
    const email = renderEmail(
      t,
      { items: [{ text: "Evidence accepted", link: "/submissions/1" }, "Plain item"] },
      { origin: ORIGIN, link: "/notifications" },
    );
    expect(email.text).toContain(`- Evidence accepted: ${ORIGIN}/submissions/1\n- Plain item`);
    expect(email.html).toContain(`<a href="${ORIGIN}/submissions/1"`);
    expect(() =>
      renderEmail(
        t,
        { items: [{ text: "x", link: "https://evil.example/" }] },
        { origin: ORIGIN, link: "/n" },
      ),
    ).toThrow(/must be a path/);
  });

  it("a template without exactly one call to action, or with bad front matter, is refused by name", () => {
    expect(() => parseEmailTemplate("x.md", "---\nsubject: Hello there\n---\nNo action.\n")).toThrow(
      /x\.md: the body needs exactly one call to action/,
    );
    expect(() => parseEmailTemplate("y.md", "---\nsubjekt: Hello\n---\n[Go]({{link}})\n")).toThrow(/y\.md: /);
    expect(() => parseEmailTemplate("Bad_Name.md", "---\nsubject: Hello\n---\n[Go]({{link}})\n")).toThrow(
      /lower-case/,
    );
  });
});
