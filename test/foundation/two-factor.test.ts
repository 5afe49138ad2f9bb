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
  const wrong = await h.app.request("/api/me/two-factor/confirm", json({ code: "000000" }, s.headers));
  expect(wrong.status).toBe(422);
  const ok = await h.app.request("/api/me/two-factor/confirm", json({ code: codeAt(secret) }, s.headers));
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
