// The origin every CSRF check and Secure cookie uses: PUBLIC_URL when set, else (TRUST_PROXY) the
// proxied Host with X-Forwarded-Proto, else the request's own URL, as on localhost before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeTenant, PASSWORD } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const harnesses: Harness[] = [];
async function setUp(config: Record<string, string>) {
  const h = await createHarness({ config });
  harnesses.push(h);
  const t = await makeTenant(h.db);
  let n = 0;
  const login = async (headers: Record<string, string> = {}) => {
    const res = await h.app.request(
      "/api/auth/login",
      json(
        { email: t.commissioner.email, password: PASSWORD },
        { "x-forwarded-for": `198.51.100.${++n}`, ...headers },
      ),
    );
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    return { setCookie, cookie: setCookie.split(";")[0]! };
  };
  /** A cookie-authenticated write (creating an API token) with these headers: its status. */
  const write = async (cookie: string, headers: Record<string, string>) =>
    (await h.app.request("/api/tokens", json({ name: "script" }, { cookie, ...headers }))).status;
  const signInForm = async (headers: Record<string, string>) =>
    (
      await h.app.request("/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ email: t.commissioner.email, password: PASSWORD }).toString(),
      })
    ).status;
  return { h, t, login, write, signInForm };
}

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

describe("without PUBLIC_URL or TRUST_PROXY (localhost, as before)", () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp({});
  });

  it("accepts the request's own origin, refuses others, and ignores X-Forwarded-Proto", async () => {
    const { cookie, setCookie } = await s.login();
    expect(setCookie).not.toMatch(/Secure/i);
    expect(await s.write(cookie, { origin: "http://localhost" })).toBe(201);
    expect(await s.write(cookie, { origin: "https://evil.example" })).toBe(403);
    // A client cannot talk its way in with a header only a trusted proxy may set.
    expect(await s.write(cookie, { origin: "https://localhost", "x-forwarded-proto": "https" })).toBe(403);
    expect((await s.login({ "x-forwarded-proto": "https" })).setCookie).not.toMatch(/Secure/i);
  });

  it("refuses a sign-in form posted from another site, by Origin or by Referer", async () => {
    expect(await s.signInForm({ origin: "https://evil.example" })).toBe(403);
    expect(await s.signInForm({ referer: "https://evil.example/a-page" })).toBe(403);
    expect(await s.signInForm({ referer: "http://localhost/sign-in" })).toBe(303);
  });
});

describe("with TRUST_PROXY and no PUBLIC_URL", () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp({ TRUST_PROXY: "true" });
  });

  it("takes the origin from the Host and X-Forwarded-Proto the proxy sets", async () => {
    const proxied = { host: "withus.example.gov.uk", "x-forwarded-proto": "https" };
    const { cookie, setCookie } = await s.login(proxied);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(await s.write(cookie, { ...proxied, origin: "https://withus.example.gov.uk" })).toBe(201);
    expect(await s.write(cookie, { ...proxied, origin: "http://withus.example.gov.uk" })).toBe(403);
    expect(await s.write(cookie, { ...proxied, origin: "https://evil.example" })).toBe(403);
    // No X-Forwarded-Proto: the request's own origin, as on localhost.
    expect(await s.write(cookie, { origin: "http://localhost" })).toBe(201);
  });
});

describe("with PUBLIC_URL", () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp({ PUBLIC_URL: "https://withus.example.gov.uk/" });
  });

  it("accepts only PUBLIC_URL's origin and marks cookies Secure", async () => {
    const { cookie, setCookie } = await s.login();
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(await s.write(cookie, { origin: "https://withus.example.gov.uk" })).toBe(201);
    expect(await s.write(cookie, { origin: "http://localhost" })).toBe(403);
    expect(await s.signInForm({ origin: "http://localhost" })).toBe(403);
    expect(await s.signInForm({ origin: "https://withus.example.gov.uk" })).toBe(303);
  });

  it("marks every cookie it sets Secure, the banner carried across a redirect too", async () => {
    const res = await s.h.app.request("/forgot-password", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://withus.example.gov.uk",
      },
      body: new URLSearchParams({ email: "nobody@example.test" }).toString(),
    });
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("withus_flash="))).toBe(true);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
  });

  it("leaves cookies without Secure when COOKIE_SECURE=never", async () => {
    const never = await setUp({ PUBLIC_URL: "https://withus.example.gov.uk", COOKIE_SECURE: "never" });
    expect((await never.login()).setCookie).not.toMatch(/Secure/i);
  });
});
