// Web forms: where signing in may send you back to, dates, text the database cannot hold, the same
// length limits as the API, and the compliance filter's providers. (The evidence form's figures and the
// API's are one rule: test/contracts/evidence-web-and-api.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNext } from "../../src/web/error-pages.js";
import { Form, readDateInput } from "../../src/web/forms.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { makeOperator, makeOrganisation, makeTenant, PASSWORD, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await issuedSpecification(h, t, ["GOV-02", "FBK-02"]);
  contractId = (await letContract(h, t, spec.id)).id;
  const otherSpec = await issuedSpecification(h, other, ["GOV-02"]);
  await letContract(h, other, otherSpec.id, { providerOrganisationId: other.provider.id });
});
afterAll(() => h.close());

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };

async function signIn(user: TestUser, next?: string) {
  const body = new URLSearchParams({ email: user.email, password: PASSWORD, ...(next ? { next } : {}) });
  return h.app.request("/sign-in", { method: "POST", headers: FORM, body: body.toString() });
}

/** A browser session: its cookie, and the CSRF token its forms carry. */
async function session(user: TestUser) {
  const res = await signIn(user);
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const home = await h.app.request(res.headers.get("location")!, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1];
  expect(csrf).toBeTruthy();
  return {
    get: (path: string) => call(h, path, { headers: { cookie, accept: "text/html" } }),
    post: (path: string, fields: Record<string, string>) =>
      call(h, path, {
        method: "POST",
        headers: { ...FORM, cookie },
        body: new URLSearchParams({ _csrf: csrf!, ...fields }).toString(),
      }),
  };
}

describe("returning after signing in", () => {
  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "/x/..//evil.example",
    "/./%2e%2e//evil.example",
    " /contracts",
    "/contracts\u0000",
    "contracts",
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBeUndefined();
  });

  it("keeps a path and query on this site, without a fragment", () => {
    expect(safeNext("/contracts?status=overdue#top")).toBe("/contracts?status=overdue");
    expect(safeNext("/obligations/abc")).toBe("/obligations/abc");
  });

  it("a tab in next neither reaches the form nor the redirect", async () => {
    const page = await h.app.request("/sign-in?next=%2F%09%2Fevil.example", {
      headers: { accept: "text/html" },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("evil.example");
    const res = await signIn(t.reviewer, "/\t/evil.example");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  it("a local next is honoured", async () => {
    const res = await signIn(t.reviewer, "/compliance?period=x");
    expect(res.headers.get("location")).toBe("/compliance?period=x");
  });
});

describe("dates", () => {
  const parts = (day: string, month: string, year: string) => ({ day, month, year });
  it.each(["0000", "0099", "1899", "2201", "9999"])("year %s is out of range", (year) => {
    expect(readDateInput(parts("1", "4", year), "the start date", true)).toEqual({
      iso: null,
      error: "The start date must be between 1900 and 2200",
    });
  });
  it("accepts the first and last years, and pads day and month", () => {
    expect(readDateInput(parts("1", "1", "1900"), "the start date", true).iso).toBe("1900-01-01");
    expect(readDateInput(parts("31", "12", "2200"), "the start date", true).iso).toBe("2200-12-31");
  });
  it.each([
    ["31", "2", "2026"],
    ["0", "1", "2026"],
    ["1", "13", "2026"],
    ["1.5", "1", "2026"],
    ["1", "1", "26"],
  ])("%s/%s/%s is not a real date", (d, m, y) => {
    expect(readDateInput(parts(d, m, y), "the start date", true).error).toBe(
      "The start date must be a real date",
    );
  });

  it("a contract starting in year 9999 is a field error, not a failure", async () => {
    const web = await session(t.commissioner);
    const res = await web.post("/contracts", {
      "startDate-day": "1",
      "startDate-month": "4",
      "startDate-year": "9999",
      "endDate-day": "31",
      "endDate-month": "3",
      "endDate-year": "2029",
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain("The start date must be between 1900 and 2200");
  });
});

describe("control characters", () => {
  it("reach the service as typed, keeping tabs and line ends", () => {
    const form = new Form({ a: "a\u0000b", b: "one\r\ntwo\tthree" });
    expect(form.str("b")).toBe("one\ntwo\tthree");
    expect(form.str("a")).toBe("a\u0000b");
  });

  it("a NUL in an organisation's name is a field error and does not reach the database", async () => {
    const web = await session(await makeOperator(h.db));
    const name = `Nul${crypto.randomUUID().slice(0, 6)}`;
    const res = await web.post("/admin/organisations", { name: `${name}\u0000 Ltd`, kind: "provider" });
    expect(res.status).toBe(422);
    expect(res.body).toContain("The name must not contain U+0000 (a control character)");
    const list = await web.get("/admin/organisations");
    expect(list.body).not.toContain(name);
  });
});

describe("the same limits as the API", () => {
  it("a waive reason of under 3 or over 2,000 characters is refused at the field", async () => {
    const ob = await findObligation(h, t.reviewer.auth, contractId, "GOV-02", "Mobilisation");
    const web = await session(t.reviewer);
    const short = await web.post(`/obligations/${ob.id}/waive`, { reason: "no" });
    expect(short.status).toBe(422);
    expect(short.body).toContain("The reason must be 3 characters or more");
    const long = await web.post(`/obligations/${ob.id}/waive`, { reason: "x".repeat(2001) });
    expect(long.status).toBe(422);
    expect(long.body).toContain("The reason must be 2,000 characters or fewer");
    const ok = await web.post(`/obligations/${ob.id}/waive`, { reason: "Not commissioned this quarter" });
    expect(ok.status).toBe(303);
  });

  it("a request for changes needs a comment of at least 3 characters", async () => {
    const ob = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q1");
    const sent = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const web = await session(t.reviewer);
    const res = await web.post(`/submissions/${sent.body.id}/review`, {
      decision: "changes_requested",
      comment: "no",
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain("The comment must be 3 characters or more");
    const ok = await web.post(`/submissions/${sent.body.id}/review`, {
      decision: "changes_requested",
      comment: "Add the attendance figures",
    });
    expect(ok.status).toBe(303);
  });

  it("a decision is judged by the service alone: the page and the API refuse the same input at the same fields", async () => {
    // A tenant of its own: its evidence stays undecided, and no other test here meets it.
    const own = await makeTenant(h.db);
    const spec = await issuedSpecification(h, own, ["FBK-02"]);
    const contract = await letContract(h, own, spec.id);
    const ob = await findObligation(h, own.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const sent = await upload(h, own.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "evidence.pdf", data: pdfBytes() },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const web = await session(own.reviewer);
    const cases: Array<{ input: Record<string, string>; fields: string[]; says: string[] }> = [
      { input: {}, fields: ["decision"], says: ["Choose whether to accept the evidence or request changes"] },
      { input: { decision: "maybe" }, fields: ["decision"], says: ["Choose whether to accept"] },
      { input: { decision: "accepted" }, fields: ["verdict"], says: ["Choose a verdict"] },
      {
        input: { decision: "changes_requested" },
        fields: ["comment"],
        says: ["Say what the provider needs to change"],
      },
      {
        input: { decision: "changes_requested", comment: "no" },
        fields: ["comment"],
        says: ["The comment must be 3 characters or more"],
      },
      {
        input: { decision: "accepted", verdict: "compliant", comment: "x".repeat(5001) },
        fields: ["comment"],
        says: ["The comment must be 5,000 characters or fewer"],
      },
      {
        input: { decision: "changes_requested", comment: "Add the figures", responseToViews: "a\u202eb" },
        fields: ["responseToViews"],
        says: ["Your answer must not contain U+202E (a text-direction override)"],
      },
    ];
    for (const { input, fields, says } of cases) {
      const api = await call(h, `/api/submissions/${sent.body.id}/reviews`, {
        method: "POST",
        headers: { ...own.reviewer.auth, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      expect(api.status, JSON.stringify(input)).toBe(422);
      expect((api.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(fields);
      const page = await web.post(`/submissions/${sent.body.id}/review`, input);
      expect(page.status, JSON.stringify(input)).toBe(422);
      const summary = [...page.body.matchAll(/<li><a href="#(\w+)">([^<]*)<\/a><\/li>/g)];
      expect(summary.map((m) => m[1])).toEqual(fields);
      for (const [i, text] of says.entries()) expect(summary[i]![2]).toContain(text);
    }
    // Nothing was decided by any of it.
    const still = await call(h, `/api/submissions/${sent.body.id}`, { headers: own.reviewer.auth });
    expect(still.body.status).toBe("submitted");
  });

  it("a user's name over 200 characters is refused at the field", async () => {
    const web = await session(t.admin);
    const res = await web.post(`/admin/organisations/${t.council.id}/users`, {
      name: "N".repeat(201),
      email: `long-${crypto.randomUUID().slice(0, 8)}@example.test`,
      role: "reviewer",
      password: "a long enough passphrase for this",
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain("The full name must be 200 characters or fewer");
  });
});

describe("the compliance filter", () => {
  it("offers a reviewer the providers of their organisation's contracts, and no others", async () => {
    const unrelated = await makeOrganisation(h.db, "provider");
    const web = await session(t.reviewer);
    const res = await web.get("/compliance");
    expect(res.status).toBe(200);
    const select = /<select[^>]*name="provider"[\s\S]*?<\/select>/.exec(res.body)?.[0] ?? "";
    expect(select).toContain(`value="${t.provider.id}"`);
    expect(select).not.toContain(other.provider.id);
    expect(select).not.toContain(unrelated.id);
    expect(select).not.toContain(`value="${t.council.id}"`);
  });
});

describe("one CSRF rule for every form, in the middleware", () => {
  it("a page's form posted from another site, or with neither this site's origin nor the token, is refused", async () => {
    const ob = await findObligation(h, t.reviewer.auth, contractId, "FBK-02", "2026-27 Q2");
    const res = await signIn(t.reviewer);
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const home = await h.app.request(res.headers.get("location")!, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!;
    const waive = (headers: Record<string, string>, fields: Record<string, string>) =>
      h.app.request(`/obligations/${ob.id}/waive`, {
        method: "POST",
        headers: { ...FORM, cookie, ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const reason = { reason: "Not commissioned this quarter" };
    expect((await waive({ origin: "https://evil.example" }, { _csrf: csrf, ...reason })).status).toBe(403);
    expect((await waive({}, { _csrf: "not-the-token", ...reason })).status).toBe(403);
    expect((await waive({}, reason)).status).toBe(403);
    const after = await findObligation(h, t.reviewer.auth, contractId, "FBK-02", "2026-27 Q2");
    expect(after.status).not.toBe("not_applicable");
    // This site's own page, by its Origin, or by the token where a browser sent no Origin.
    expect((await waive({}, { _csrf: csrf, ...reason })).status).toBe(303);
  });
});
