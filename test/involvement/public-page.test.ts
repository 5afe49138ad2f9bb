// The public page of a service, as a browser without JavaScript gets it: no sign-in, plain words that
// read easily (Flesch reading ease measured here), nothing about people, a print stylesheet, a large-print
// Word file with the same text, and 404 for anything unpublished or unknown.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  evidenceFields,
  issuedSpecification,
  letContract,
  makeClock,
  obligationsOf,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { fleschReadingEase, part, rawText } from "../documents/helpers.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let contractId: string;
let slug: string;
const NARRATIVE = "Forum minutes: Jo Bloggs chaired; attendance list attached.";

/** The visible text of the page's main content, tags and scripts removed. */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1]!;
  return main
    .replace(/<[^>]+>/g, "\n")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
}

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const spec = await issuedSpecification(h, t, ["FBK-01", "GRP-01", "GOV-02", "LOOP-01", "ACC-01", "PAY-01"]);
  contractId = (await letContract(h, t, spec.id)).id;
  const grp = (await obligationsOf(h, t.providerUser.auth, contractId, "?clause=GOV-02")).find(
    (o) => o.status === "overdue" || o.status === "open",
  )!;
  const sent = await upload(h, t.providerUser.auth, grp.id, [
    ...evidenceFields({
      narrative: NARRATIVE,
      coveredFrom: grp.periodStart,
      coveredTo: grp.periodStart,
      shareable: "yes",
    }),
    { name: "files", filename: "forum-minutes.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(sent.status).toBe(201);
  const decided = await call(
    h,
    `/api/submissions/${sent.body.id}/reviews`,
    json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
  );
  expect(decided.status).toBe(201);
  // Figures the council accepted: GRP-01's meetings (a count, pro-rated year to date) short of the target,
  // LOOP-01's answers on time (a percentage) on it.
  for (const [clause, metrics] of [
    ["GRP-01", { meetings_held: 2, requests_answered_on_time_percent: 100 }],
    ["LOOP-01", { answered_on_time_percent: 100 }],
  ] as const) {
    const ob = (await obligationsOf(h, t.providerUser.auth, contractId, `?clause=${clause}`)).find(
      (o) => o.status === "overdue" || o.status === "open",
    )!;
    const withFigures = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({
        narrative: "The quarter's figures.",
        coveredFrom: ob.periodStart,
        coveredTo: ob.periodStart,
        metrics: JSON.stringify(metrics),
      }),
      { name: "files", filename: "figures.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    expect(withFigures.status, JSON.stringify(withFigures.body)).toBe(201);
    const accepted = await call(
      h,
      `/api/submissions/${withFigures.body.id}/reviews`,
      json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
    );
    expect(accepted.status).toBe(201);
  }
  const ysd = await call(
    h,
    `/api/contracts/${contractId}/you-said-we-did`,
    json(
      { youSaid: "The forum was too early in the day.", weDid: "It now meets at two in the afternoon." },
      t.providerUser.auth,
    ),
  );
  await call(
    h,
    `/api/you-said-we-did/${ysd.body.id}/decision`,
    json({ decision: "approved" }, t.reviewer.auth),
  );
  const published = await call(
    h,
    `/api/contracts/${contractId}`,
    json(
      {
        public: true,
        involvementContact: "Come to the forum. It is on the first Monday of each month.",
        contactEmail: "forum@example.org",
        involvementContactName: "Forum team",
        contactPhone: "01632 960 100",
      },
      t.commissioner.auth,
      "PATCH",
    ),
  );
  expect(published.status).toBe(200);
  slug = published.body.slug;
});
afterAll(() => h.close());

describe("the public service page", () => {
  it("shows the promises, how each is going in words, what changed and how to get involved, to anyone", async () => {
    const res = await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = mainText(html);
    expect(text).toContain("Recovery Together");
    expect(text).toContain("What the service promises");
    expect(text).toMatch(/1 April 2026 to 30 June 2026\ndone, and checked/);
    // Paperwork not sent is "evidence not in yet", never "late".
    expect(text).toContain("evidence not in yet");
    expect(text).not.toMatch(/\blate\b/);
    expect(text).toContain("You said:\nThe forum was too early in the day.");
    expect(text).toContain("We did:\nIt now meets at two in the afternoon.");
    expect(text).toContain("Come to the forum. It is on the first Monday of each month.");
    expect(html).toContain('href="mailto:forum@example.org"');
    // Its words come from the same text as the summary document.
    expect(text).toContain("It says how the service will listen to you.");
    expect(text).toContain("You can tell a worker you trust.");
  });

  it("opens with the answer and the contact box, reads figures against targets in plain words, and keeps history in details", async () => {
    const html = await (
      await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })
    ).text();
    const text = mainText(html);
    const answer = text.indexOf("1 promise is on target.");
    expect(answer).toBeGreaterThan(0);
    expect(text).toContain("1 promise is below target.\n4 promises are not reported yet.");
    // The answer, then who to call, then the rest.
    expect(text.indexOf("Who you can call")).toBeGreaterThan(answer);
    expect(text.indexOf("Who you can call")).toBeLessThan(text.indexOf("This is about"));
    // GRP-01: 2 meetings against 10 a year pro-rated to 3 months (2.5): below target, and a count under 5
    // is "fewer than 5". LOOP-01's percentage is never pro-rated.
    expect(text).toMatch(/We will help you run your own group\.\nbelow target/);
    expect(text).toMatch(/: fewer than 5 \(target 2\.5 by now\), 1 April 2026 to 30 June 2026\./);
    expect(text).toMatch(/We will write down what you tell us\.\non target/);
    expect(text).toMatch(/: 100% \(target \d+%\), 1 April 2026 to 30 June 2026\./);
    // GOV-02 was accepted without its figures: not reported yet, not "on target".
    expect(text).toContain("not reported yet\nThe council has not checked any figures for this promise yet.");
    // The key behind a details element, and each heading's promises, with their history, behind one
    // whose summary says how they stand: six promises in all, one on target and one below.
    expect(text).toContain("evidence not in yet\nThe service has not sent the council what it owes yet.");
    const summaries = [...html.matchAll(/<span class="govuk-details__summary-text">([^<]*)<\/span>/g)].map(
      (m) => m[1]!,
    );
    expect(summaries[0]).toBe("What the words mean");
    const counted = { "on target": 0, "below target": 0, "not reported yet": 0 };
    for (const s of summaries.slice(1)) {
      expect(s).toMatch(
        /^[^:]+: \d+ (on target|below target|not reported yet)(, \d+ (below target|not reported yet))*$/,
      );
      for (const [, n, words] of s.matchAll(/(\d+) (on target|below target|not reported yet)/g))
        counted[words as keyof typeof counted] += Number(n);
    }
    expect(counted).toEqual({ "on target": 1, "below target": 1, "not reported yet": 4 });
    expect(html.match(/<details class="govuk-details"/g)?.length).toBe(summaries.length);
    // The representative's API reads the same words.
    const api = await call(h, `/api/contracts/${contractId}/promises`, { headers: t.commissioner.auth });
    const grp = api.body.promises.find((p: { clauseKey: string }) => p.clauseKey === "GRP-01");
    expect(grp).toMatchObject({ standing: "below_target", standingWords: "below target" });
    expect(grp.figures[0]).toMatchObject({ value: "fewer than 5", target: "2.5", proRated: true });
  });

  it("shows no file, narrative or personal name, and needs no sign-in or script", async () => {
    const html = await (
      await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })
    ).text();
    for (const s of [
      NARRATIVE,
      "Jo Bloggs",
      "forum-minutes",
      "/files/",
      "Test provider",
      "Test reviewer",
      "Test commissioner",
    ]) {
      expect(html, s).not.toContain(s);
    }
    expect(html).not.toContain("Sign out");
    expect(mainText(html)).not.toMatch(/<script/);
  });

  it("reads easily: Flesch reading ease of the page's text is 70 or more", async () => {
    const html = await (
      await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })
    ).text();
    const score = fleschReadingEase(mainText(html));
    expect(score).toBeGreaterThanOrEqual(70);
  });

  it("prints well: a print stylesheet hides the page furniture and keeps promises whole", async () => {
    const html = await (
      await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })
    ).text();
    expect(html).toContain('href="/assets/withus.css"');
    const css = await readFile("src/web/assets/withus.css", "utf8");
    const print = /@media print \{([\s\S]*)\}\s*$/.exec(css)![1]!;
    expect(print).toContain(".govuk-service-navigation");
    expect(print).toContain(".govuk-footer");
    expect(print).toContain("break-inside: avoid");
  });

  it("offers the same text as a large-print Word file", async () => {
    const res = await h.app.request(`/services/${slug}/large-print.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`${slug}-large-print.docx`);
    const docx = new Uint8Array(await res.arrayBuffer());
    const styles = await part(docx, "word/styles.xml");
    expect(/<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0]).toContain('<w:sz w:val="36"/>');
    const text = await rawText(docx);
    expect(text).toContain("It says how the service will listen to you.");
    expect(text).not.toContain(NARRATIVE);
    expect(text).toContain("What this service promises to do to involve you");
  });

  it("answers 404 for an unknown or malformed address, and once unpublished", async () => {
    for (const p of [
      "/services/no-such-service",
      "/services/Not_A_Slug",
      "/services/no-such-service/large-print.docx",
    ]) {
      const res = await h.app.request(p, { headers: { accept: "text/html" } });
      expect(res.status, p).toBe(404);
    }
    await call(h, `/api/contracts/${contractId}`, json({ public: false }, t.commissioner.auth, "PATCH"));
    expect((await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })).status).toBe(404);
    expect((await h.app.request(`/services/${slug}/large-print.docx`)).status).toBe(404);
    await call(h, `/api/contracts/${contractId}`, json({ public: true }, t.commissioner.auth, "PATCH"));
    expect((await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })).status).toBe(200);
  });
});

describe("the page's address", () => {
  it("is the commissioner's to choose on the public page form, with errors at the field", async () => {
    const s = await signInSession(h.app, t.commissioner.email);
    const path = `/contracts/${contractId}/public-page`;
    const form = await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });
    expect(await form.text()).toMatch(new RegExp(`name="slug"[^>]*value="${slug}"`));
    const other = await call(
      h,
      `/api/contracts/${(await letContract(h, t, (await issuedSpecification(h, t, ["FBK-01"])).id)).id}`,
      json(
        {
          public: true,
          slug: "taken-address",
          involvementContactName: "Forum team",
          contactPhone: "01632 960 101",
        },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(other.status).toBe(200);
    const post = (address: string) =>
      h.app.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          cookie: s.cookie,
        },
        body: new URLSearchParams({
          _csrf: s.csrfToken,
          public: "yes",
          slug: address,
          involvementContact: "",
          involvementContactName: "Forum team",
          contactEmail: "",
          contactPhone: "01632 960 100",
          validationDays: "14",
        }).toString(),
      });
    const bad = await post("not a slug!");
    expect(bad.status).toBe(422);
    expect(pageText(await bad.text())).toContain(
      "The address can only have lower-case letters, numbers and single hyphens between them",
    );
    const taken = await post("taken-address");
    expect(taken.status).toBe(422);
    expect(pageText(await taken.text())).toContain("Another service's page has this address. Choose another");
    const ok = await post("northshire-recovery");
    expect(ok.status).toBe(303);
    const moved = await h.app.request("/services/northshire-recovery", { headers: { accept: "text/html" } });
    expect(moved.status).toBe(200);
    expect((await h.app.request(`/services/${slug}`, { headers: { accept: "text/html" } })).status).toBe(404);
    // Left empty, the address stays as it is.
    expect((await post("")).status).toBe(303);
    const kept = await call(h, `/api/contracts/${contractId}`, { headers: t.commissioner.auth });
    expect(kept.body.slug).toBe("northshire-recovery");
  });
});
