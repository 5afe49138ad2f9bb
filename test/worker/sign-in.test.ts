// Signing in on the Worker: with a password (API and the sign-in page) and through single sign-on, with
// oidc-provider running here on localhost as the organisation's identity provider. The provider's login
// and consent pages are driven with fetch, as a browser would follow them.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { startIdP, type TestIdP } from "../oidc-provider.js";

const base = inject("workerUrl");
const PUBLIC_URL = "https://withus.example.gov.uk";
const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
let idp: TestIdP;
let adminToken: string;

/** The cookies a browser would keep for one site. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string) {
    return Boolean(this.cookies.get(name));
  }
}

async function session(email: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

beforeAll(async () => {
  idp = await startIdP([`${PUBLIC_URL}/sign-in/oidc/callback`]);
  const cookie = await session(inject("adminEmail"), inject("adminPassword"));
  const res = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { cookie, origin: PUBLIC_URL, "content-type": "application/json" },
    body: JSON.stringify({ name: "worker sign-in" }),
  });
  adminToken = ((await res.json()) as { token: string }).token;
});
afterAll(() => idp?.close());

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Follows the identity provider's pages: login as `login`, then consent; returns the callback address. */
async function throughIdP(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  let form: Record<string, string> | null = null;
  for (let i = 0; i < 12; i++) {
    const res: Response = await fetch(url, {
      method: form ? "POST" : "GET",
      headers: form ? { ...FORM, cookie: jar.header } : { cookie: jar.header },
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
    });
    jar.take(res);
    form = null;
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(`${PUBLIC_URL}/`)) return next;
      url = next.href;
      continue;
    }
    const html: string = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
    form = html.includes('name="login"')
      ? { prompt: "login", login, password: "anything at all" }
      : { prompt: "consent" };
  }
  throw new Error("the identity provider did not send the browser back");
}

describe("signing in on the Worker", () => {
  test("with a password on the sign-in page", async () => {
    const res = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({
        email: inject("adminEmail"),
        password: inject("adminPassword"),
      }).toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith("withus_session="))!
      .split(";")[0]!;
    expect((await fetch(`${base}/api/me`, { headers: { cookie } })).status).toBe(200);
  });

  test("an identity provider at an address inside a private network is refused when saved", async () => {
    const me = (await (await api("GET", "/api/me")).json()) as { organisation: { id: string } };
    // The Worker cannot pin the address it connects to; literals are refused without resolving anything.
    // (OIDC_ALLOW_INSECURE_ISSUER is on here, so loopback itself is allowed, as for the provider above.)
    for (const issuer of [
      "https://169.254.169.254/",
      "https://10.0.0.1/",
      "https://100.64.0.1/",
      "https://[fd00::1]/",
      "https://[::ffff:127.0.0.1]/",
    ]) {
      const put = await api("PUT", `/api/organisations/${me.organisation.id}/sign-in`, {
        oidc: {
          issuer,
          clientId: "withus",
          clientSecret: "s3cret",
          emailDomains: [`x-${Date.now()}.example.test`],
        },
        passwordSignIn: true,
      });
      expect(put.status, issuer).toBe(422);
      const problem = (await put.json()) as { errors: Array<{ path: string; message: string }> };
      expect(problem.errors[0]).toMatchObject({ path: "oidc/issuer" });
      expect(problem.errors[0]!.message).toContain("inside a private network");
    }
  });

  test("through the organisation's identity provider (oidc-provider on localhost)", async () => {
    const me = (await (await api("GET", "/api/me")).json()) as { organisation: { id: string } };
    const orgId = me.organisation.id;
    const domain = `sso-${Date.now()}.example.test`;
    const put = await api("PUT", `/api/organisations/${orgId}/sign-in`, {
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        emailDomains: [domain],
      },
      passwordSignIn: true,
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.text()).not.toContain(idp.clientSecret);
    const email = `sam@${domain}`;
    const created = await api("POST", "/api/users", {
      email,
      name: "Sam Single",
      role: "commissioner",
      organisationId: orgId,
      password: "worker sso user password 7",
    });
    expect(created.status, await created.clone().text()).toBe(201);

    const app = new Jar();
    const start = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: FORM,
      // The organisation allows passwords too: the person chose its own sign-in on the password step.
      body: new URLSearchParams({ email, sso: "1" }).toString(),
      redirect: "manual",
    });
    app.take(start);
    expect(start.status).toBe(200);
    const refresh = start.headers.get("refresh")!;
    const authorizationUrl = refresh.replace(/^0; url=/, "");
    expect(authorizationUrl.startsWith(idp.issuer)).toBe(true);

    const callback = await throughIdP(authorizationUrl, email);
    const back = await fetch(`${base}${callback.pathname}${callback.search}`, {
      headers: { cookie: app.header, accept: "text/html" },
      redirect: "manual",
    });
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get("location")).toBe("/");
    app.take(back);
    expect(app.has("withus_session")).toBe(true);
    const who = await fetch(`${base}/api/me`, { headers: { cookie: app.header } });
    expect(((await who.json()) as { user: { email: string } }).user.email).toBe(email);

    // The same answer again is refused.
    const again = await fetch(`${base}${callback.pathname}${callback.search}`, {
      headers: { cookie: app.header, accept: "text/html" },
      redirect: "manual",
    });
    expect(again.status).toBe(403);
  });
});
