// The plain-language summary in large print, offered beside the Word summary wherever a specification's
// documents are: the download's body text is at least 16pt (large print), it says what the summary says,
// and LibreOffice opens it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUMMARY_TITLE } from "../../src/documents/index.js";
import { issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import { part, rawText } from "../documents/helpers.js";
import { makeOrganisation, makeTenant, makeUser, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { openInLibreOffice } from "../libreoffice.js";

let h: Harness;
let t: Tenant;
let other: Tenant;
let specId: string;
let large: Uint8Array;

/** Every font size a part sets, in points (Word keeps half-points). */
const sizesIn = (xml: string) => [...xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1]) / 2);

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  specId = (await issuedSpecification(h, t, ["FBK-01", "PAY-01", "GOV-02"])).id;
  // Let to the provider, who may then read the specification and its documents.
  await letContract(h, t, specId);
});
afterAll(() => h.close());

describe("the large-print summary of a specification", () => {
  it("is offered on the specification page beside the Word summary", async () => {
    const s = await signInSession(h.app, t.commissioner.email);
    const html = await (
      await h.app.request(`/specifications/${specId}`, { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    const summary = html.indexOf(`/api/specifications/${specId}/summary-document"`);
    const largePrint = html.indexOf(`/api/specifications/${specId}/summary-document/large-print"`);
    expect(summary).toBeGreaterThan(0);
    expect(largePrint).toBeGreaterThan(summary);
    expect(html).toContain("The same summary in large print (Word)");
  });

  it("downloads as a Word file whose body text is 16pt or larger, with the summary's words", async () => {
    const res = await h.app.request(`/api/specifications/${specId}/summary-document/large-print`, {
      headers: t.commissioner.auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.headers.get("content-disposition")).toMatch(/-easy-read-summary-large-print\.docx"$/);
    large = new Uint8Array(await res.arrayBuffer());

    const styles = await part(large, "word/styles.xml");
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0];
    expect(sizesIn(defaults)).toEqual([18]);
    // Every style the text uses, every size its runs set, and the page footer: none under large print's 16pt.
    const body = await part(large, "word/document.xml");
    const used = new Set([...body.matchAll(/<w:[pr]Style w:val="([^"]+)"\/>/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(0);
    const usedStyleSizes = [...used].flatMap((id) => {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`, "s").exec(styles);
      expect(style, `style ${id}`).not.toBeNull();
      return sizesIn(style![0]);
    });
    expect(body).toContain("<w:footerReference");
    const footers = [await part(large, "word/footer1.xml")];
    const all = [...usedStyleSizes, ...sizesIn(body), ...footers.flatMap(sizesIn)];
    expect(all.length).toBeGreaterThan(2);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(16);

    const standard = await h.app.request(`/api/specifications/${specId}/summary-document`, {
      headers: t.commissioner.auth,
    });
    expect(await rawText(large)).toBe(await rawText(new Uint8Array(await standard.arrayBuffer())));
  });

  it("opens in LibreOffice, which reads its title and promises", async () => {
    const { large: pdf } = await openInLibreOffice({ large });
    const text = pdf!.pages.join(" ");
    expect(text).toContain(SUMMARY_TITLE);
    expect(text).toContain(t.council.name);
    // 18pt text takes more pages than the same words at 14pt would.
    expect(pdf!.count).toBeGreaterThan(1);
  }, 300_000);

  it("is for whoever may read the specification: its provider, not another council or an anonymous caller", async () => {
    const path = `/api/specifications/${specId}/summary-document/large-print`;
    expect((await h.app.request(path, { headers: t.providerUser.auth })).status).toBe(200);
    expect((await h.app.request(path, { headers: other.commissioner.auth })).status).toBe(404);
    expect((await h.app.request(path)).status).toBe(404);
    const rep = await makeUser(h.db, (await makeOrganisation(h.db, "user_group")).id, "representative");
    expect((await h.app.request(path, { headers: rep.auth })).status).toBe(403);
  });
});
