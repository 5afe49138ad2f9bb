// Single sign-on in Chromium against a real OpenID provider (oidc-provider) run by this test: a user of
// the organisation lands on their home page; an address of another domain, an unknown address, an
// unverified one, a wrong state and a replayed code are refused; with passwords off, the password is refused.

import { eq, sql } from "drizzle-orm";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, signInFlows } from "../../src/db/schema/index.js";
import { json, makeOrganisation, makeUser, PASSWORD, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { startIdP, type TestIdP } from "../oidc-provider.js";
import { CHROMIUM, checkPage } from "./browser.js";
import { serveApp } from "./serve.js";

let h: Harness;
let server: Awaited<ReturnType<typeof serveApp>>;
let idp: TestIdP;
let browser: Browser;
let domain: string;
let commissioner: TestUser;
let admin: TestUser;
let org: { id: string };

beforeAll(async () => {
  h = await createHarness({ config: { OIDC_ALLOW_INSECURE_ISSUER: "true" } });
  server = await serveApp(h.app);
  idp = await startIdP([`${server.url}/sign-in/oidc/callback`]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  org = await makeOrganisation(h.db, "commissioner");
  domain = `council-${org.id.slice(0, 8)}.test`;
  admin = await makeUser(h.db, org.id, "admin", `admin@${domain}`);
  commissioner = await makeUser(h.db, org.id, "commissioner", `cass@${domain}`);
  const res = await h.app.request(
    `/api/organisations/${org.id}/sign-in`,
    json(
      {
        oidc: {
          issuer: idp.issuer,
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          emailDomains: [domain],
        },
        passwordSignIn: true,
      },
      admin.auth,
      "PUT",
    ),
  );
  expect(res.status, await res.clone().text()).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await server?.close();
  await h?.close();
});

/** A fresh browser; the callback addresses the identity provider sends it back to are recorded. */
async function fresh() {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const callbacks: string[] = [];
  const states: string[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(`${server.url}/sign-in/oidc/callback`)) callbacks.push(r.url());
    const state = r.url().startsWith(idp.issuer) ? new URL(r.url()).searchParams.get("state") : null;
    if (state) states.push(state);
  });
  return { context, page, callbacks, states };
}

/**
 * Starts at our sign-in page with the email address; the organisation allows passwords too, so the next
 * page offers its own sign-in beside the password.
 */
async function toIdP(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
  await page.getByRole("button", { name: "Sign in with your organisation's account" }).click();
  await page.waitForURL((u) => u.href.startsWith(idp.issuer));
}

/** Goes to the identity provider from our sign-in page, then signs in there as `login`. */
async function throughIdP(page: Page, email: string, login: string) {
  await toIdP(page, email);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((u) => u.href.startsWith(server.url));
  await page.waitForLoadState("load");
}

describe("single sign-on through the organisation's identity provider", () => {
  it("signs a user of the organisation in, onto their home page; the same answer again is refused", async () => {
    const { context, page, callbacks } = await fresh();
    await throughIdP(page, commissioner.email, commissioner.email);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.locator(".app-header__who").textContent()).toContain("Test commissioner");
    await checkPage(page);

    // Replayed: the identity provider's answer used a second time.
    expect(callbacks).toHaveLength(1);
    await page.goto(callbacks[0]!);
    expect(await page.locator("h1").textContent()).toBe("You have not been signed in");
    await checkPage(page);

    // Replayed into a sign-in started afresh: the code was used, and was not issued for that sign-in.
    const other = await fresh();
    await toIdP(other.page, commissioner.email);
    const freshState = other.states[0]!;
    const replay = new URL(callbacks[0]!);
    replay.searchParams.set("state", freshState);
    const res = await other.page.goto(replay.href);
    expect(res!.status()).toBe(403);
    expect(await other.page.locator("h1").textContent()).toBe("You have not been signed in");
    expect((await other.context.cookies()).some((c) => c.name === "withus_session")).toBe(false);
    await other.context.close();
    await context.close();
  });

  it("refuses an address of another domain, an unknown address and an unverified one, and says why", async () => {
    const cases: Array<[string, RegExp]> = [
      [`someone@elsewhere-${domain}`, /is not an address your organisation signs in/],
      [`nobody@${domain}`, /There is no WithUs account for nobody@/],
      [`unverified:${commissioner.email}`, /has not confirmed your email address/],
    ];
    for (const [login, reason] of cases) {
      const { context, page } = await fresh();
      await throughIdP(page, commissioner.email, login);
      expect(new URL(page.url()).pathname).toBe("/sign-in/oidc/callback");
      expect(await page.locator("main").textContent()).toMatch(reason);
      expect((await context.cookies()).some((c) => c.name === "withus_session")).toBe(false);
      await context.close();
    }
  });

  it("takes Microsoft Entra ID's answer for a work account (the domain confirmed by xms_edov), and refuses it unconfirmed", async () => {
    const entra = await fresh();
    await throughIdP(entra.page, commissioner.email, `entra:${commissioner.email}`);
    expect(new URL(entra.page.url()).pathname).toBe("/");
    expect((await entra.context.cookies()).some((c) => c.name === "withus_session")).toBe(true);
    await entra.context.close();

    const unconfirmed = await fresh();
    await throughIdP(unconfirmed.page, commissioner.email, `entra-unverified:${commissioner.email}`);
    expect(await unconfirmed.page.locator("main").textContent()).toMatch(
      /has not confirmed your email address/,
    );
    expect((await unconfirmed.context.cookies()).some((c) => c.name === "withus_session")).toBe(false);
    await unconfirmed.context.close();
  });

  it("refuses an answer whose state is not the one sent", async () => {
    const { context, page, callbacks, states } = await fresh();
    await toIdP(page, commissioner.email);
    // The state WithUs sent is in the request to the provider; make the answer carry another one by
    // changing what this sign-in expects (the same as an answer forged with a state of its own).
    const sent = states[0]!;
    const changed = await h.db
      .update(signInFlows)
      .set({ data: sql`jsonb_set(${signInFlows.data}, '{state}', '"a-state-never-sent"')` })
      .where(sql`${signInFlows.data}->>'state' = ${sent}`)
      .returning();
    expect(changed).toHaveLength(1);
    await page.locator('input[name="login"]').fill(commissioner.email);
    await page.locator('input[name="password"]').fill("anything at all");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((u) => u.href.startsWith(server.url));
    expect(new URL(callbacks[0]!).searchParams.get("state")).toBe(sent);
    expect(await page.locator("h1").textContent()).toBe("You have not been signed in");
    expect((await context.cookies()).some((c) => c.name === "withus_session")).toBe(false);
    await context.close();
  });

  it("someone invited who comes in through single sign-on has joined: no longer offered a resend or cancel, and the link dies", async () => {
    const invited = await h.app.request(
      "/api/users",
      json(
        { email: `ivy@${domain}`, name: "Ivy Invited", role: "reviewer", organisationId: org.id },
        admin.auth,
      ),
    );
    expect(invited.status).toBe(202);
    const ivy = (await invited.json()) as { id: string; lastSignInAt: string | null };
    expect(ivy.lastSignInAt).toBeNull();
    const [message] = await h.db.select().from(notifications).where(eq(notifications.userId, ivy.id));
    const usersPage = async () =>
      (await h.app.request("/admin/users", { headers: { ...admin.auth, accept: "text/html" } })).text();
    expect(await usersPage()).toContain(
      'Send a new invitation<span class="govuk-visually-hidden"> to Ivy Invited',
    );

    const { context, page } = await fresh();
    await throughIdP(page, `ivy@${domain}`, `ivy@${domain}`);
    expect(new URL(page.url()).pathname).toBe("/");
    await context.close();

    const list = (await (await h.app.request("/api/users", { headers: admin.auth })).json()) as {
      users: Array<{ id: string; passwordSet: boolean; lastSignInAt: string | null }>;
    };
    const joined = list.users.find((u) => u.id === ivy.id)!;
    expect(joined.passwordSet).toBe(false);
    expect(joined.lastSignInAt).not.toBeNull();
    const html = await usersPage();
    expect(html).not.toContain("to Ivy Invited");
    expect(html).toContain('Deactivate<span class="govuk-visually-hidden"> Ivy Invited');
    for (const method of ["POST", "DELETE"]) {
      const res = await h.app.request(`/api/users/${ivy.id}/invitation`, { method, headers: admin.auth });
      expect(res.status, method).toBe(409);
    }
    // The emailed link no longer sets a password for an account that is in use.
    const link = await h.app.request(message!.link!, { headers: { accept: "text/html" } });
    expect(link.status).toBe(404);
  });

  it("the admin's sign-in settings page and the two-factor set-up page pass the page checks", async () => {
    const { context, page } = await fresh();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(admin.email);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/admin/users");
    await page.goto("/admin/sign-in");
    expect(await page.getByLabel("Identity provider's address (issuer)").inputValue()).toBe(idp.issuer);
    expect(await page.content()).not.toContain(idp.clientSecret);
    await checkPage(page);
    await page.goto("/account/two-factor");
    expect(await page.locator("h1").textContent()).toBe("Set up two-factor sign-in");
    expect(await page.getByRole("img", { name: /QR code/ }).count()).toBe(1);
    await checkPage(page);
    await page.goto("/account");
    await checkPage(page);
    await context.close();
  });

  it("with passwords off, the organisation's people cannot use a password", async () => {
    const res = await h.app.request(
      `/api/organisations/${commissioner.organisationId}/sign-in`,
      json(
        {
          oidc: { issuer: idp.issuer, clientId: idp.clientId, emailDomains: [domain] },
          passwordSignIn: false,
        },
        admin.auth,
        "PUT",
      ),
    );
    expect(res.status).toBe(200);
    const api = await h.app.request(
      "/api/auth/login",
      json({ email: commissioner.email, password: PASSWORD }),
    );
    expect(api.status).toBe(403);
    expect(((await api.json()) as { detail: string }).detail).toMatch(/single sign-on/);

    const { context, page } = await fresh();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(commissioner.email);
    await page.getByRole("button", { name: "Continue" }).click();
    // Sent straight to the identity provider: there is no password step.
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    expect((await context.cookies(server.url)).some((c) => c.name === "withus_session")).toBe(false);
    await context.close();
  });
});
