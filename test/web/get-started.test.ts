// "Get started": the first administrator lands on it, and each step is ticked from the state it names:
// the organisation renamed from the first start's name, a colleague invited, sign-in settings saved.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../src/db/schema/index.js";
import { organisationNameKey } from "../../src/model/organisation-name.js";
import { FIRST_ORGANISATION_NAME } from "../../src/services/bootstrap/first-admin.js";
import { json, makeOperator, makeTenant, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let operator: TestUser;
let orgId: string;

beforeAll(async () => {
  h = await createHarness();
  operator = await makeOperator(h.db);
  orgId = operator.organisationId;
  // As the first start leaves it (the harness's database may not hold the first start's organisation).
  await h.db
    .update(organisations)
    .set({ name: FIRST_ORGANISATION_NAME, nameKey: organisationNameKey(FIRST_ORGANISATION_NAME) })
    .where(eq(organisations.id, orgId));
});
afterAll(() => h.close());

/** Each step's status on the page, by its id. */
async function steps(cookie: string) {
  const res = await h.app.request("/get-started", { headers: { cookie, accept: "text/html" } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const status = (id: string) =>
    (new RegExp(`id="${id}-status"[^>]*>([\\s\\S]*?)</div>`).exec(html)?.[1] ?? "")
      .replace(/<[^>]+>/g, "")
      .trim();
  return { html, name: status("step-name"), invite: status("step-invite"), signIn: status("step-sign-in") };
}

describe("Get started", () => {
  it("is where the first administrator lands, with every step still to do", async () => {
    const s = await signInSession(h.app, operator.email);
    const home = await h.app.request("/", { headers: { cookie: s.cookie, accept: "text/html" } });
    expect(home.headers.get("location")).toBe("/get-started");
    const page = await steps(s.cookie);
    expect(page.html).toContain('<h1 class="govuk-heading-l">Get started</h1>');
    expect(page).toMatchObject({ name: "Incomplete", invite: "Incomplete", signIn: "Incomplete" });
    // The harness runs without email or a virus scanner: the page says how to turn each on.
    expect(page.html).toContain("set SMTP_URL and MAIL_FROM");
    expect(page.html).toContain("set CLAMAV_URL");
  });

  it("ticks each step from the state it names", async () => {
    const s = await signInSession(h.app, operator.email);
    const renamed = await h.app.request(
      `/api/organisations/${orgId}`,
      json({ name: `Northshire ${crypto.randomUUID().slice(0, 6)} Council` }, operator.auth, "PATCH"),
    );
    expect(renamed.status).toBe(200);
    expect((await steps(s.cookie)).name).toBe("Completed");

    const invited = await h.app.request(
      "/api/users",
      json(
        {
          organisationId: orgId,
          name: "Sam Colleague",
          email: `sam-${crypto.randomUUID().slice(0, 8)}@northshire.example`,
          role: "commissioner",
        },
        operator.auth,
      ),
    );
    expect(invited.status, await invited.clone().text()).toBeLessThan(300);
    expect((await steps(s.cookie)).invite).toBe("Completed");

    const saved = await h.app.request(
      `/api/organisations/${orgId}/sign-in`,
      json({ oidc: null, passwordSignIn: true }, operator.auth, "PUT"),
    );
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect((await steps(s.cookie)).signIn).toBe("Passwords only");
  });

  it("offers the demo only while the council has no contracts", async () => {
    const s = await signInSession(h.app, operator.email);
    expect((await steps(s.cookie)).html).toContain("DATA_DIR=./demo-data npm run seed:demo");
    const t = await makeTenant(h.db);
    const admin = await signInSession(h.app, t.admin.email);
    expect((await steps(admin.cookie)).html).toContain("Try the demo first");
  });

  it("is an administrator's page: others are refused", async () => {
    const t = await makeTenant(h.db);
    for (const who of [t.commissioner, t.reviewer, t.providerUser]) {
      const s = await signInSession(h.app, who.email);
      const res = await h.app.request("/get-started", { headers: { cookie: s.cookie, accept: "text/html" } });
      expect(res.status, who.email).toBe(403);
    }
  });
});
