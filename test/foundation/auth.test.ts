import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOperator, makeTenant, makeUser, PASSWORD, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
beforeAll(async () => {
  // Sign-in throttling is per address; these tests name addresses through a trusted proxy header.
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

const login = (email: string, password: string, ip = "203.0.113.1") =>
  h.app.request("/api/auth/login", json({ email, password }, { "x-forwarded-for": ip }));

describe("sign in", () => {
  it("with the right password sets an httpOnly SameSite session cookie that identifies the user", async () => {
    const res = await login(t.commissioner.email.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/withus_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await res.json()) as { user: Record<string, unknown> };
    expect(body.user.email).toBe(t.commissioner.email);
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash/);

    const me = await h.app.request("/api/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(t.commissioner.id);
  });

  it("with a wrong password is refused with 401 and a plain message", async () => {
    const res = await login(t.reviewer.email, "not the password at all");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/email address or password/);
  });

  it("eleven wrong passwords from one address slow that address, not the colleague at another", async () => {
    const victim = await makeUser(h.db, t.council.id, "reviewer");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await login(victim.email, `wrong password ${i}`, "198.51.100.7")).status);
    // Five tries, then a delay: the rest are refused without being checked.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
    const locked = await login(victim.email, PASSWORD, "198.51.100.7");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(
      /Try again in 1 minute \(at \d\d:\d\d UTC\)/,
    );
    // The colleague, at their own desk, signs in.
    expect((await login(victim.email, PASSWORD, "198.51.100.8")).status).toBe(200);
  });

  it("throttles an address that tries many accounts", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < 30; i++) await login(`nobody${i}@example.test`, "wrong password here", ip);
    const res = await login(t.commissioner.email, PASSWORD, ip);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeTruthy();
  });

  it("without TRUST_PROXY, a forged X-Forwarded-For does not buy a fresh allowance", async () => {
    const plain = await createHarness();
    // The socket's address, as the Node server passes it; unique so no other suite shares its counter.
    const socket = {
      incoming: { socket: { remoteAddress: `192.0.2.${100 + Math.floor(Math.random() * 100)}` } },
    };
    try {
      const victim = (await makeTenant(plain.db)).reviewer;
      for (let i = 0; i < 30; i++) {
        await plain.app.request(
          "/api/auth/login",
          json(
            { email: `x${i}@example.test`, password: "wrong password here" },
            { "x-forwarded-for": `10.0.0.${i}` },
          ),
          socket,
        );
      }
      const res = await plain.app.request(
        "/api/auth/login",
        json({ email: victim.email, password: PASSWORD }, { "x-forwarded-for": "10.9.9.9" }),
        socket,
      );
      expect(res.status).toBe(429);
    } finally {
      await plain.close();
    }
  });

  it("logout ends the session", async () => {
    const res = await login(t.commissioner.email, PASSWORD, "203.0.113.50");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const out = await h.app.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie, origin: "http://localhost" },
    });
    expect(out.status).toBe(204);
    expect((await h.app.request("/api/me", { headers: { cookie } })).status).toBe(401);
  });

  it("a deactivated user cannot sign in or use their token", async () => {
    const u = await makeUser(h.db, t.council.id, "commissioner");
    const res = await h.app.request(`/api/users/${u.id}`, json({ active: false }, t.admin.auth, "PATCH"));
    expect(res.status).toBe(200);
    expect((await login(u.email, PASSWORD, "203.0.113.77")).status).toBe(401);
    expect((await h.app.request("/api/me", { headers: u.auth })).status).toBe(401);
  });
});

describe("CSRF for cookie sessions", () => {
  it("refuses a cookie-authenticated write from another origin, accepts ours and the token", async () => {
    const res = await login(t.commissioner.email, PASSWORD, "203.0.113.60");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const create = (headers: Record<string, string>) =>
      h.app.request("/api/tokens", json({ name: "script" }, { cookie, ...headers }));
    expect((await create({ origin: "https://evil.example" })).status).toBe(403);
    expect((await create({})).status).toBe(403);
    expect((await create({ origin: "http://localhost" })).status).toBe(201);
    expect((await create({ "x-csrf-token": csrfToken })).status).toBe(201);
  });

  it("bearer-token writes need no CSRF token", async () => {
    const res = await h.app.request(
      `/api/users/${t.reviewer.id}`,
      json({ name: "Rev Iewer" }, t.admin.auth, "PATCH"),
    );
    expect(res.status).toBe(200);
  });
});

describe("API tokens", () => {
  it("are shown once, work as Bearer, list without their value, and stop working when revoked", async () => {
    const session = await signInSession(h.app, t.reviewer.email);
    const created = await h.app.request("/api/tokens", json({ name: "reporting script" }, session.headers));
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^wu_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.app.request("/api/me", { headers: bearer })).status).toBe(200);

    const list = await h.app.request("/api/tokens", { headers: bearer });
    const text = await list.text();
    expect(text).toContain("reporting script");
    expect(text).not.toContain(token);

    expect((await h.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: bearer })).status).toBe(
      204,
    );
    expect((await h.app.request("/api/me", { headers: bearer })).status).toBe(401);
  });

  it("cannot be revoked by someone else (404)", async () => {
    const session = await signInSession(h.app, t.reviewer.email);
    const created = await h.app.request("/api/tokens", json({ name: "mine" }, session.headers));
    const { id } = (await created.json()) as { id: string };
    expect(
      (await h.app.request(`/api/tokens/${id}`, { method: "DELETE", headers: t.commissioner.auth })).status,
    ).toBe(404);
  });
});

describe("passwords", () => {
  it("short and common passwords are refused with the field named", async () => {
    // A first password is the operator's to set (scripted set-up).
    const operator = await makeOperator(h.db);
    for (const password of ["short", "password1234"]) {
      const res = await h.app.request(
        "/api/users",
        json(
          {
            email: `p${password.length}@example.test`,
            name: "P",
            role: "reviewer",
            organisationId: t.council.id,
            password,
          },
          operator.auth,
        ),
      );
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: Array<{ path: string }> };
      expect(body.errors[0]!.path).toBe("password");
    }
  });
});

describe("secrets never leak", () => {
  it("no password hash or token appears in any log line", async () => {
    const joined = h.logLines.join("\n");
    expect(joined.length).toBeGreaterThan(0);
    expect(joined).not.toMatch(/scrypt\$/);
    expect(joined).not.toContain(t.commissioner.token);
    expect(joined).not.toContain(PASSWORD);
  });
});
