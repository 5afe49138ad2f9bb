// The sign-in page asks for the email address first. An address whose domain belongs to an organisation
// with single sign-on and no passwords goes straight to its identity provider; every other address gets
// the password step, the same page whether or not an account exists (with single sign-on offered beside
// it when the organisation allows both). No JavaScript is needed: plain forms and a Refresh to the provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOrganisation, makeUser, PASSWORD, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { startIdP, type TestIdP } from "../oidc-provider.js";

const FORM = {
  "content-type": "application/x-www-form-urlencoded",
  accept: "text/html",
  origin: "http://localhost",
};
let h: Harness;
let idp: TestIdP;
let plain: TestUser;
let ssoOnly: TestUser;
let ssoOrPassword: TestUser;

beforeAll(async () => {
  h = await createHarness({ config: { OIDC_ALLOW_INSECURE_ISSUER: "true" } });
  idp = await startIdP(["http://localhost/sign-in/oidc/callback"]);
  plain = await makeUser(h.db, (await makeOrganisation(h.db, "commissioner")).id, "commissioner");
  const withSso = async (passwordSignIn: boolean) => {
    const org = await makeOrganisation(h.db, "provider");
    const domain = `p-${org.id.slice(0, 8)}.example.test`;
    const admin = await makeUser(h.db, org.id, "admin", `admin@${domain}`);
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
          passwordSignIn,
        },
        admin.auth,
        "PUT",
      ),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return makeUser(h.db, org.id, "provider", `pat@${domain}`);
  };
  [ssoOnly, ssoOrPassword] = [await withSso(false), await withSso(true)];
});
afterAll(async () => {
  await idp?.close();
  await h?.close();
});

const post = async (fields: Record<string, string>) => {
  const res = await h.app.request("/sign-in", {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
};
/** The page with the address taken out, to compare what two addresses are shown. */
const without = (html: string, email: string) =>
  html.replaceAll(email, "<email>").replaceAll(encodeURIComponent(email), "<email>");

describe("the email step", () => {
  it("asks for the email address alone", async () => {
    const res = await h.app.request("/sign-in?next=/contracts", { headers: { accept: "text/html" } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('name="email"');
    expect(html).not.toContain('name="password"');
    expect(html).toContain(">Continue<");
    expect(html).toContain('name="next" value="/contracts"');
  });

  it("says what is wrong with a missing or malformed address, in the error summary", async () => {
    for (const [email, message] of [
      ["", "Enter your email address"],
      ["not-an-address", "Enter an email address in the correct format, like name@example.org"],
    ]) {
      const res = await post({ email: email! });
      expect(res.status).toBe(400);
      expect(res.html).toContain("govuk-error-summary");
      expect(res.html).toContain(message);
      expect(res.html).not.toContain('name="password"');
    }
  });
});

describe("the next step", () => {
  it("is the password step for an address without single sign-on, the same whether or not it has an account", async () => {
    const known = await post({ email: plain.email, next: "/contracts" });
    expect(known.status).toBe(200);
    expect(known.html).toContain("Enter your password");
    expect(known.html).toContain('name="password"');
    expect(known.html).toContain(`name="email" value="${plain.email}"`);
    expect(known.html).toContain('name="next" value="/contracts"');
    expect(known.html).not.toContain("Sign in with your organisation");
    const unknownEmail = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const unknown = await post({ email: unknownEmail, next: "/contracts" });
    expect(unknown.status).toBe(200);
    expect(without(unknown.html, unknownEmail)).toBe(without(known.html, plain.email));
  });

  it("signs in with the password, or says the email address and password do not match", async () => {
    const wrong = await post({ email: plain.email, password: "not the password at all" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("Enter a correct email address and password");
    expect(wrong.html).toContain('href="#password"');
    const empty = await post({ email: plain.email, password: "" });
    expect(empty.html).toContain("Enter your password");
    const right = await post({ email: plain.email, password: PASSWORD, next: "/contracts" });
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/contracts");
    expect(right.headers.get("set-cookie")).toContain("withus_session=");
  });

  it("is the organisation's identity provider when it allows no passwords, with or without one typed", async () => {
    const tries: Array<Record<string, string>> = [
      { email: ssoOnly.email },
      { email: ssoOnly.email, password: PASSWORD },
    ];
    for (const fields of tries) {
      const res = await post(fields);
      expect(res.status).toBe(200);
      expect(res.headers.get("refresh")).toMatch(new RegExp(`^0; url=${idp.issuer}`));
      expect(res.html).toContain("Continue to your organisation&#39;s sign-in");
      expect(res.headers.get("set-cookie") ?? "").not.toContain("withus_session=");
    }
  });

  it("offers both when the organisation allows passwords too", async () => {
    const step = await post({ email: ssoOrPassword.email });
    expect(step.status).toBe(200);
    expect(step.html).toContain('name="password"');
    expect(step.html).toContain("Sign in with your organisation&#39;s account");
    const sso = await post({ email: ssoOrPassword.email, sso: "1" });
    expect(sso.headers.get("refresh")).toMatch(new RegExp(`^0; url=${idp.issuer}`));
    const password = await post({ email: ssoOrPassword.email, password: PASSWORD });
    expect(password.status).toBe(303);
  });
});
