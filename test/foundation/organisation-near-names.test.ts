// A name close to an organisation's already on WithUs (the same but for punctuation, accents, a legal
// suffix such as Ltd or CIC, or a plural s) is not refused, but asked about first: "did you mean ...?",
// naming only organisations the caller can already see, and created once the caller confirms it is a
// different organisation (confirmNotDuplicate: true, or the box on the form). The unique key is unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationNameKey, organisationNearKey } from "../../src/model/organisation-name.js";
import {
  json,
  makeOperator,
  makeOrganisation,
  makeTenant,
  signInSession,
  type TestUser,
} from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let operator: TestUser;
let t: Awaited<ReturnType<typeof makeTenant>>;
const tag = crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  h = await createHarness();
  operator = await makeOperator(h.db);
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

type Problem = { status: number; detail: string; errors: Array<{ path: string; message: string }> };

async function formPoster(user: TestUser) {
  const s = await signInSession(h.app, user.email);
  return async (path: string, fields: Record<string, string>) => {
    const res = await h.app.request(path, {
      method: "POST",
      headers: {
        cookie: s.cookie,
        accept: "text/html",
        origin: "http://localhost",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
    });
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  };
}

describe("the near key", () => {
  it("drops punctuation, accents, legal suffixes and a trailing plural s; the unique key keeps them", () => {
    const key = organisationNearKey("Renew Recovery");
    for (const near of [
      "Renew Recovery Ltd",
      "Renew Recovery Ltd.",
      "Renew Recovery Limited",
      "Renew-Recovery CIC",
      "Renew Recovery, C.I.C.",
      "Renew Recovery LLP",
      "Renew Recovery plc",
      "Rénew Recövery",
      "The Renew Recovery",
      "RenewRecovery",
      "Renew Recoverys",
      "Renew Recovery Community Interest Company",
    ])
      expect(organisationNearKey(near), near).toBe(key);
    expect(organisationNearKey("Turning Points")).toBe(organisationNearKey("Turning Point"));
    expect(organisationNearKey("Turning Point's")).toBe(organisationNearKey("Turning Point"));
    expect(organisationNearKey("Turning Paint")).not.toBe(organisationNearKey("Turning Point"));
    // A Trust is a different body from the council or charity that shares its place name.
    expect(organisationNearKey("Forward Trust")).not.toBe(organisationNearKey("Forward"));
    expect(organisationNameKey("Renew Recovery Ltd")).not.toBe(organisationNameKey("Renew Recovery"));
  });
});

describe("the API asks 'did you mean' before creating", () => {
  it("the operator's create: 409 naming the near match; created once confirmed", async () => {
    const existing = await makeOrganisation(h.db, "provider", `${tag} Humankind Ltd`);
    const near = await h.app.request(
      "/api/organisations",
      json({ name: `${tag} Humankind Limited`, kind: "provider" }, operator.auth),
    );
    expect(near.status).toBe(409);
    expect(near.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await near.json()) as Problem;
    expect(problem.errors).toEqual([
      {
        path: "name",
        message: `is close to ${existing.name} (organisation ${existing.id}), already on WithUs: did you mean it? If not, send confirmNotDuplicate: true`,
      },
    ]);
    const confirmed = await h.app.request(
      "/api/organisations",
      json({ name: `${tag} Humankind Limited`, kind: "provider", confirmNotDuplicate: true }, operator.auth),
    );
    expect(confirmed.status).toBe(201);
    // Exactly the same name as a reader sees it is still refused, confirmed or not.
    const same = await h.app.request(
      "/api/organisations",
      json({ name: `${tag} HUMANKIND LTD`, kind: "provider", confirmNotDuplicate: true }, operator.auth),
    );
    expect(same.status).toBe(409);
    expect(((await same.json()) as Problem).errors[0]!.message).toMatch(/looks the same as/);
  });

  it("registering a provider: a commissioner is asked about a provider they can see", async () => {
    const existing = await makeOrganisation(h.db, "provider", `${tag} Via Recovery CIC`);
    const body = {
      name: `${tag} Via Recovery`,
      kind: "provider",
      firstUser: { email: `first-${tag}@via.example`, name: "Sam First" },
    };
    const near = await h.app.request("/api/organisations/register", json(body, t.commissioner.auth));
    expect(near.status).toBe(409);
    const problem = (await near.json()) as Problem;
    expect(problem.errors).toEqual([
      {
        path: "name",
        message: `is close to ${existing.name} (organisation ${existing.id}), already on WithUs: did you mean it? If not, send confirmNotDuplicate: true`,
      },
    ]);
    const confirmed = await h.app.request(
      "/api/organisations/register",
      json({ ...body, confirmNotDuplicate: true }, t.commissioner.auth),
    );
    expect(confirmed.status, JSON.stringify(await confirmed.clone().json())).toBe(201);
  });

  it("never names an organisation the caller cannot see", async () => {
    // Another council: a commissioner sees providers and groups, and their own council, not other councils.
    await makeOrganisation(h.db, "commissioner", `${tag} Northshire Council`);
    const res = await h.app.request(
      "/api/organisations/register",
      json(
        {
          name: `${tag} Northshire Council Ltd`,
          kind: "provider",
          firstUser: { email: `north-${tag}@north.example`, name: "Alex North" },
        },
        t.commissioner.auth,
      ),
    );
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  });
});

describe("the pages ask the question on the form", () => {
  it("adding an organisation: 'Did you mean', then created once the box is ticked", async () => {
    const existing = await makeOrganisation(h.db, "provider", `${tag} Delphi Medical`);
    const post = await formPoster(operator);
    const first = await post("/admin/organisations", { name: `${tag} Delphi-Medical Ltd`, kind: "provider" });
    expect(first.status).toBe(422);
    expect(first.html).toContain("govuk-error-summary");
    expect(first.html).toContain(`Did you mean ${existing.name}?`);
    expect(first.html).toMatch(
      /<input[^>]*name="confirmNotDuplicate"[^>]*type="checkbox"|type="checkbox"[^>]*name="confirmNotDuplicate"/,
    );
    const again = await post("/admin/organisations", {
      name: `${tag} Delphi-Medical Ltd`,
      kind: "provider",
      confirmNotDuplicate: "true",
    });
    expect(again.status).toBe(303);
  });

  it("registering a provider: the same question, and the near match offered to choose", async () => {
    const existing = await makeOrganisation(h.db, "provider", `${tag} Change Grow Live`);
    const post = await formPoster(t.commissioner);
    const fields = {
      kind: "provider",
      name: `${tag} Change, Grow, Live Ltd`,
      personName: "Jo Smith",
      email: `jo-${tag}@cgl.example`,
    };
    const first = await post("/organisations/register", fields);
    expect(first.status).toBe(422);
    expect(first.html).toContain("govuk-error-summary");
    expect(first.html).toContain(`Did you mean ${existing.name}?`);
    const again = await post("/organisations/register", { ...fields, confirmNotDuplicate: "true" });
    expect(again.status).toBe(303);
  });
});
