// Two-factor sign-in: an authenticator app (codes made here with otpauth, as the app would) and recovery codes.
import { TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationSignIn } from "../../src/db/schema/index.js";
import {
  json,
  makeOrganisation,
  makeTenant,
  makeUser,
  PASSWORD,
  signInSession,
  type TestUser,
} from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
/** The code an authenticator app with this secret shows now, or some 30-second steps later. */
const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
const apiLogin = (email: string, body: Record<string, string> = {}, ip = "203.0.113.90") =>
  h.app.request("/api/auth/login", json({ email, password: PASSWORD, ...body }, { "x-forwarded-for": ip }));

/** Turns two-factor on through the API; the app's secret and the recovery codes. */
async function turnOn(user: TestUser) {
  const s = await signInSession(h.app, user.email);
  const started = await h.app.request("/api/me/two-factor", { method: "POST", headers: s.headers });
  expect(started.status).toBe(200);
  const { secret, otpauthUri } = (await started.json()) as { secret: string; otpauthUri: string };
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/WithUs:/);
  const confirm = (body: Record<string, string>) =>
    h.app.request("/api/me/two-factor/confirm", json(body, s.headers));
  const wrong = await confirm({ code: "000000", password: PASSWORD });
  expect(wrong.status).toBe(422);
  const ok = await confirm({ code: codeAt(secret), password: PASSWORD });
  expect(ok.status).toBe(200);
  const { recoveryCodes } = (await ok.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

describe("two-factor sign-in through the API", () => {
  it("asks for the code, refuses a wrong or replayed one, and takes a recovery code once; tokens still work", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    // A token cannot change how its user signs in.
    expect((await h.app.request("/api/me/two-factor", { method: "POST", headers: u.auth })).status).toBe(403);
    const { secret, recoveryCodes } = await turnOn(u);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const noCode = await apiLogin(u.email);
    expect(noCode.status).toBe(401);
    expect(((await noCode.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("code");
    expect((await apiLogin(u.email, { code: "123456" })).status).toBe(401);
    const next = codeAt(secret, 1);
    expect((await apiLogin(u.email, { code: next })).status).toBe(200);
    expect((await apiLogin(u.email, { code: next }, "203.0.113.91")).status).toBe(401);

    expect((await apiLogin(u.email, { code: recoveryCodes[3]!.toUpperCase() }, "203.0.113.92")).status).toBe(
      200,
    );
    expect((await apiLogin(u.email, { code: recoveryCodes[3]! }, "203.0.113.93")).status).toBe(401);
    // API tokens are unaffected.
    expect((await h.app.request("/api/me", { headers: u.auth })).status).toBe(200);
  });

  it("turning it off needs the password", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    const { secret } = await turnOn(u);
    const s = await signInSession(h.app, u.email, PASSWORD).catch(() => null);
    expect(s).toBeNull(); // a password alone no longer signs in
    const res = await apiLogin(u.email, { code: codeAt(secret, 1) }, "203.0.113.94");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const headers = { cookie, "x-csrf-token": csrfToken };
    expect(
      (await h.app.request("/api/me/two-factor/disable", json({ password: "not it at all" }, headers)))
        .status,
    ).toBe(422);
    expect(
      (await h.app.request("/api/me/two-factor/disable", json({ password: PASSWORD }, headers))).status,
    ).toBe(204);
    await signInSession(h.app, u.email);
  });
});

describe("what a session alone cannot do", () => {
  it("turn two-factor on or off: the password is asked, and guessing it is throttled", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const s = await signInSession(h.app, u.email);
    const at = { ...s.headers, "x-forwarded-for": "198.51.100.201" };
    const started = await h.app.request("/api/me/two-factor", { method: "POST", headers: at });
    const { secret } = (await started.json()) as { secret: string };
    const confirm = (password: string) =>
      h.app.request("/api/me/two-factor/confirm", json({ code: codeAt(secret), password }, at));
    const noPassword = await h.app.request("/api/me/two-factor/confirm", json({ code: codeAt(secret) }, at));
    expect(noPassword.status).toBe(422);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await confirm(`a guessed password ${i}`)).status);
    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    // The right password now waits too: someone holding the session cannot keep guessing.
    const locked = await confirm(PASSWORD);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/Try again in/);
    // From the person's own desk it works, and turning it off asks the same.
    const own = { ...s.headers, "x-forwarded-for": "198.51.100.202" };
    const on = await h.app.request(
      "/api/me/two-factor/confirm",
      json({ code: codeAt(secret), password: PASSWORD }, own),
    );
    expect(on.status).toBe(200);
    const off = (password: string) => h.app.request("/api/me/two-factor/disable", json({ password }, at));
    for (let i = 0; i < 5; i++) expect((await off(`another guess ${i}`)).status).toBe(429);
    const other = { ...s.headers, "x-forwarded-for": "198.51.100.203" };
    for (let i = 0; i < 5; i++)
      expect(
        (await h.app.request("/api/me/two-factor/disable", json({ password: `guess ${i}` }, other))).status,
      ).toBe(422);
    expect(
      (await h.app.request("/api/me/two-factor/disable", json({ password: PASSWORD }, other))).status,
    ).toBe(429);
  });

  it("the account page asks for the password with the code", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const s = await signInSession(h.app, u.email);
    const html = await (
      await h.app.request("/account/two-factor", { headers: { cookie: s.cookie, accept: "text/html" } })
    ).text();
    expect(html).toContain('name="password"');
    const secret = /<code class="app-secret-key">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, "");
    const post = (fields: Record<string, string>) =>
      h.app.request("/account/two-factor", {
        method: "POST",
        headers: { ...FORM, cookie: s.cookie, "x-forwarded-for": "198.51.100.210" },
        body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
      });
    const without = await post({ code: codeAt(secret) });
    expect(without.status).toBe(422);
    expect(await without.text()).toContain("Enter your password");
    const wrong = await post({ code: codeAt(secret), password: "not my password" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Your password is not right");
    const ok = await post({ code: codeAt(secret), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Save your recovery codes");
  });
});

describe("an administrator, for someone who lost their phone and recovery codes", () => {
  it("turns their two-factor sign-in off (API and page); they sign in with the password and set it up again; another organisation's admin gets 404", async () => {
    const org = await makeOrganisation(h.db, "commissioner");
    const admin = await makeUser(h.db, org.id, "admin");
    const u = await makeUser(h.db, org.id, "reviewer");
    await turnOn(u);
    // The admin signs in before their organisation requires two-factor sign-in.
    const s = await signInSession(h.app, admin.email);
    await h.db
      .insert(organisationSignIn)
      .values({ organisationId: org.id, requireTwoFactor: true })
      .onConflictDoNothing();
    const stranger = await makeUser(h.db, t.council.id, "admin");
    const reset = (who: TestUser) =>
      h.app.request(`/api/users/${u.id}/two-factor`, { method: "DELETE", headers: who.auth });
    expect((await reset(stranger)).status).toBe(404);
    expect((await reset(t.reviewer)).status).toBe(403);
    expect((await apiLogin(u.email, {}, "198.51.100.220")).status).toBe(401);

    const page = await (
      await h.app.request(`/admin/users/${u.id}/tokens`, {
        headers: { cookie: s.cookie, accept: "text/html" },
      })
    ).text();
    expect(page).toContain("Turn off two-factor sign-in");
    const off = await h.app.request(`/admin/users/${u.id}/two-factor/off`, {
      method: "POST",
      headers: { ...FORM, cookie: s.cookie },
      body: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
    });
    expect(off.status).toBe(303);
    // The organisation requires it, so the next password sign-in sets up an app again.
    const signIn = await h.app.request("/sign-in", {
      method: "POST",
      headers: { ...FORM, "x-forwarded-for": "198.51.100.221" },
      body: new URLSearchParams({ email: u.email, password: PASSWORD }).toString(),
    });
    expect(signIn.headers.get("location")).toBe("/sign-in/two-factor/setup");
    expect((await reset(admin)).status).toBe(204);
  });
});

describe("two-factor sign-in in the browser", () => {
  async function postSignIn(email: string, ip: string) {
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: { ...FORM, "x-forwarded-for": ip },
      body: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    return { location: res.headers.get("location")!, flow: res.headers.get("set-cookie")!.split(";")[0]! };
  }

  it("asks for the code after the password; a wrong code is refused; the right one signs in", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const { secret } = await turnOn(u);
    const { location, flow } = await postSignIn(u.email, "203.0.113.95");
    expect(location).toBe("/sign-in/two-factor");
    expect(flow).toMatch(/^withus_sign_in=/);
    const form = await h.app.request(location, { headers: { cookie: flow, accept: "text/html" } });
    expect(await form.text()).toContain("Enter the code from your authenticator app");

    const post = (code: string) =>
      h.app.request("/sign-in/two-factor", {
        method: "POST",
        headers: { ...FORM, cookie: flow, "x-forwarded-for": "203.0.113.95" },
        body: new URLSearchParams({ code }).toString(),
      });
    const wrong = await post("999999");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The code is not right");
    const right = await post(codeAt(secret, 1));
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/");
    const session = right.headers
      .getSetCookie()
      .find((c) => c.startsWith("withus_session="))!
      .split(";")[0]!;
    expect((await h.app.request("/api/me", { headers: { cookie: session } })).status).toBe(200);
    // The flow is used up.
    expect((await post(codeAt(secret, 0))).status).toBe(303);
    expect((await post(codeAt(secret, 0))).headers.get("location")).toBe("/sign-in");
  });

  it("a sign-in waiting at the code with the old password ends when the password is changed", async () => {
    const u = await makeUser(h.db, t.council.id, "reviewer");
    const { secret } = await turnOn(u);
    // Someone who knows the old password gets as far as the code.
    const { flow } = await postSignIn(u.email, "203.0.113.98");
    const owner = await apiLogin(u.email, { code: codeAt(secret, 1) }, "203.0.113.99");
    const cookie = owner.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await owner.json()) as { csrfToken: string };
    const changed = await h.app.request(
      "/api/me/password",
      json(
        { currentPassword: PASSWORD, newPassword: "a new and longer passphrase" },
        { cookie, "x-csrf-token": csrfToken },
      ),
    );
    expect(changed.status).toBe(204);
    const code = await h.app.request("/sign-in/two-factor", {
      method: "POST",
      headers: { ...FORM, cookie: flow, "x-forwarded-for": "203.0.113.98" },
      body: new URLSearchParams({ code: codeAt(secret, 2) }).toString(),
    });
    expect(code.status).toBe(303);
    expect(code.headers.get("location")).toBe("/sign-in");
    expect(code.headers.getSetCookie().some((c) => c.startsWith("withus_session="))).toBe(false);
  });

  it("when the organisation requires it, a password user sets it up while signing in, and the API refuses them until then", async () => {
    const org = await makeOrganisation(h.db, "commissioner");
    await h.db.insert(organisationSignIn).values({ organisationId: org.id, requireTwoFactor: true });
    const u = await makeUser(h.db, org.id, "commissioner");
    expect((await apiLogin(u.email, {}, "203.0.113.96")).status).toBe(403);
    expect((await h.app.request("/api/me", { headers: u.auth })).status).toBe(200);

    const { location, flow } = await postSignIn(u.email, "203.0.113.96");
    expect(location).toBe("/sign-in/two-factor/setup");
    const setup = await h.app.request(location, { headers: { cookie: flow, accept: "text/html" } });
    const html = await setup.text();
    expect(html).toContain('src="data:image/svg+xml;base64,');
    const secret = /<code class="app-secret-key">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, "");
    const done = await h.app.request("/sign-in/two-factor/setup", {
      method: "POST",
      headers: { ...FORM, cookie: flow, "x-forwarded-for": "203.0.113.96" },
      body: new URLSearchParams({ code: codeAt(secret) }).toString(),
    });
    expect(done.status).toBe(200);
    const codesPage = await done.text();
    expect(codesPage).toContain("Save your recovery codes");
    expect(codesPage.match(/<code>[a-z2-7]{5}-[a-z2-7]{5}<\/code>/g)).toHaveLength(10);
    const session = done.headers
      .getSetCookie()
      .find((c) => c.startsWith("withus_session="))!
      .split(";")[0]!;
    expect((await h.app.request("/api/me", { headers: { cookie: session } })).status).toBe(200);
    expect((await apiLogin(u.email, { code: codeAt(secret, 1) }, "203.0.113.97")).status).toBe(200);
  });
});
