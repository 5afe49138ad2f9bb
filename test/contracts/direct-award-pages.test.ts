// The pages for a Provider Selection Regime contract's performance records for a direct award decision
// (issue 21, the record's web side): the assessments page links to them, a reviewer makes one with the
// button and finds it listed with its date, the Word and CSV links download it, the provider reads the
// list and downloads without a button, a representative and another council are answered 404 as by the
// API, and a contract under another regime has no button, its POST refused with the service's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOrganisation, makeTenant, makeUser, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { call, issuedSpecification, letContract, makeClock, pageText, type Tenant } from "./fixtures.js";

const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let rep: TestUser;
let psrId: string;
let actId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await issuedSpecification(h, t, ["GRP-01", "FBK-01"]);
  // The Provider Selection Regime is a contract's regime unless told otherwise.
  psrId = (await letContract(h, t, spec.id)).id;
  actId = (await letContract(h, t, spec.id, { procurementRegime: "procurement_act" })).id;
  const forum = await makeOrganisation(h.db, "user_group");
  rep = (await makeUser(h.db, forum.id, "representative"))!;
  const linked = await call(
    h,
    `/api/contracts/${psrId}/user-groups`,
    json({ organisationId: forum.id }, t.commissioner.auth),
  );
  expect(linked.status).toBe(201);
});
afterAll(() => h.close());

type Session = Awaited<ReturnType<typeof signInSession>>;
const get = (path: string, s: Session) =>
  h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });
const post = (path: string, s: Session) =>
  h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
  });
const BUTTON = "Make a record as the contract stands today";

describe("the direct award record pages", () => {
  it("let a reviewer make a record and download it, the provider read it, and no one else", async () => {
    const reviewer = await signInSession(h.app, t.reviewer.email);
    const provider = await signInSession(h.app, t.providerUser.email);
    const records = `/contracts/${psrId}/direct-award-records`;

    // The assessments page links to the records.
    const assessments = await (await get(`/contracts/${psrId}/assessments`, reviewer)).text();
    expect(assessments).toContain(`href="${records}"`);

    const empty = await get(records, reviewer);
    expect(empty.status).toBe(200);
    const emptyText = pageText(await empty.text());
    expect(emptyText).toContain("No record has been made yet.");
    expect(emptyText).toContain(BUTTON);

    const made = await post(records, reviewer);
    expect(made.status).toBe(303);
    expect(made.headers.get("location")).toBe(records);
    const listHtml = await (await get(records, reviewer)).text();
    const list = pageText(listHtml);
    expect(list).toContain("15 May 2027");
    expect(list).not.toContain("No record has been made yet.");

    // The links download the record the API made, as Word and as CSV.
    const [stored] = (await call(h, `/api${records}`, { headers: t.reviewer.auth })).body.records;
    const word = `/api${records}/${stored.id}?format=docx`;
    const csv = `/api${records}/${stored.id}?format=csv`;
    expect(listHtml).toContain(`href="${word}"`);
    expect(listHtml).toContain(`href="${csv}"`);
    const docx = await h.app.request(word, { headers: { cookie: reviewer.cookie } });
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toContain("wordprocessingml");
    const csvRes = await h.app.request(csv, { headers: { cookie: reviewer.cookie } });
    expect(csvRes.status).toBe(200);
    expect(await csvRes.text()).toContain("GRP-01");

    // The provider reads the list and downloads, but has no button and may not make one.
    const providerPage = await get(records, provider);
    expect(providerPage.status).toBe(200);
    const providerHtml = await providerPage.text();
    expect(providerHtml).toContain(`href="${word}"`);
    expect(pageText(providerHtml)).not.toContain(BUTTON);
    expect((await post(records, provider)).status).toBe(403);
    const providerWord = await h.app.request(word, { headers: { cookie: provider.cookie } });
    expect(providerWord.status).toBe(200);

    // A representative of a linked group: the API answers 404, and so do the page and the link to it.
    const representative = await signInSession(h.app, rep.email);
    expect(
      (await h.app.request(`/api${records}`, { headers: { cookie: representative.cookie } })).status,
    ).toBe(404);
    expect((await get(records, representative)).status).toBe(404);
    const repAssessments = await get(`/contracts/${psrId}/assessments`, representative);
    expect(repAssessments.status).toBe(200);
    expect(await repAssessments.text()).not.toContain(records);

    // Another council does not find the contract.
    const outsider = await signInSession(h.app, other.reviewer.email);
    expect((await get(records, outsider)).status).toBe(404);
    expect((await post(records, outsider)).status).toBe(404);
  });

  it("has no button for a contract under another regime, and refuses its POST in the service's words", async () => {
    const commissioner = await signInSession(h.app, t.commissioner.email);
    const records = `/contracts/${actId}/direct-award-records`;
    expect(await (await get(`/contracts/${actId}/assessments`, commissioner)).text()).not.toContain(records);
    const page = pageText(await (await get(records, commissioner)).text());
    expect(page).toContain("for contracts let under the Provider Selection Regime");
    expect(page).not.toContain(BUTTON);
    const refused = await post(records, commissioner);
    expect(refused.status).toBe(409);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(await refused.text())?.[0] ?? "";
    expect(pageText(summary)).toContain(
      "A direct award record is for contracts let under the Provider Selection Regime; this contract is not.",
    );
  });
});
