// The organisation details page (issue 21 item 2): an organisation's administrators see and change its
// postal address, email address and identifier, as a contract performance notice (UK9) names it; bad input
// answers with an error summary at the field and stores nothing; other roles may not.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../src/db/schema/index.js";
import { pageText } from "../contracts/fixtures.js";
import { makeTenant, makeUser, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  h = await createHarness();
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

type Session = Awaited<ReturnType<typeof signInSession>>;
const get = (s: Session) =>
  h.app.request("/admin/organisation", { headers: { cookie: s.cookie, accept: "text/html" } });
const post = (s: Session, fields: Record<string, string>) =>
  h.app.request("/admin/organisation", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });
const summary = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
const stored = async (id: string) =>
  (await h.db.select().from(organisations).where(eq(organisations.id, id)))[0]!;

describe("the organisation details page", () => {
  it("lets the council's administrator see what a notice needs, refuse bad input at the field, and save", async () => {
    const admin = await signInSession(h.app, t.admin.email);
    const first = pageText(await (await get(admin)).text());
    expect(first).toContain("contract performance notice (UK9)");
    expect(first).toContain("Still missing for a notice: postal address, email address, identifier");
    expect(first).toContain("Organisation details");

    const bad = await post(admin, {
      postalAddress: "1 Town Hall Square, Anytown AN1 1AA",
      email: "not an address",
      identifier: "x".repeat(101),
    });
    expect(bad.status).toBe(422);
    const errors = summary(await bad.text());
    expect(errors).toContain('href="#email"');
    expect(errors).toContain('href="#identifier"');
    expect(pageText(errors)).toContain("The email address enter an email address like name@example.org");
    expect(pageText(errors)).toContain("The identifier must be 100 characters or fewer");
    expect(await stored(t.council.id)).toMatchObject({ postalAddress: null, email: null, identifier: null });

    const saved = await post(admin, {
      postalAddress: "1 Town Hall Square\nAnytown AN1 1AA",
      email: "commissioning@anytown.example",
      identifier: "PPON-1234-5678",
    });
    expect(saved.status).toBe(303);
    expect(await stored(t.council.id)).toMatchObject({
      postalAddress: "1 Town Hall Square\nAnytown AN1 1AA",
      email: "commissioning@anytown.example",
      identifier: "PPON-1234-5678",
    });
    const html = await (await get(admin)).text();
    expect(pageText(html)).not.toContain("Still missing");
    expect(html).toContain('value="commissioning@anytown.example"');
    expect(html).toContain('value="PPON-1234-5678"');
  });

  it("is for administrators only: a provider's administrator edits their own, others are refused", async () => {
    const providerAdmin = await signInSession(h.app, (await makeUser(h.db, t.provider.id, "admin"))!.email);
    expect((await post(providerAdmin, { email: "office@provider.example" })).status).toBe(303);
    expect(await stored(t.provider.id)).toMatchObject({ email: "office@provider.example" });
    for (const user of [t.commissioner, t.reviewer, t.providerUser]) {
      const s = await signInSession(h.app, user.email);
      expect((await get(s)).status, user.role).toBe(403);
      expect((await post(s, { email: "x@y.example" })).status, user.role).toBe(403);
    }
  });
});
