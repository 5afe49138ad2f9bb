// The assessment page warns when the contract performance notice draft (UK9) will have empty fields because
// details are missing: each party's missing postal address, email address or identifier, and the
// contract's title or procurement identifier, with where each is entered (a link for whoever may use that
// page). A draft reads the details as they stand; once confirmed, the notice keeps those it was confirmed
// with, and the warning says so.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../src/db/schema/index.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import { call, letContract, makeClock, pageText, type Tenant } from "./fixtures.js";

const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
  const spec = await call(
    h,
    "/api/specifications",
    json(
      { title: "Noticed", serviceName: "Recovery Together", contacts: SPEC_CONTACTS },
      t.commissioner.auth,
    ),
  );
  const id = spec.body.id;
  const put = (path: string, body: unknown) =>
    call(h, `/api/specifications/${id}/${path}`, json(body, t.commissioner.auth, "PUT"));
  expect((await put("clauses", { clauses: [{ key: "GRP-01" }] })).status).toBe(200);
  expect(
    (await put("kpis", { kpis: [{ clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true }] }))
      .status,
  ).toBe(200);
  expect((await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth))).status).toBe(200);
  contractId = (await letContract(h, t, id)).id;
});
afterAll(() => h.close());

type Session = Awaited<ReturnType<typeof signInSession>>;
const html = async (path: string, s: Session) =>
  (await h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } })).text();
const warning = (page: string) => {
  const start = page.indexOf('<div class="govuk-warning-text">');
  if (start < 0) return "";
  return page.slice(start, page.indexOf("</ul>", start));
};
const details = (
  id: string,
  d: { postalAddress?: string | null; email?: string | null; identifier?: string | null },
) => h.db.update(organisations).set(d).where(eq(organisations.id, id));

describe("the notice's missing details on the assessment page", () => {
  it("names each missing detail and where it is entered, and holds a confirmed one to what it kept", async () => {
    const reviewer = await signInSession(h.app, t.reviewer.email);
    const commissioner = await signInSession(h.app, t.commissioner.email);
    const provider = await signInSession(h.app, t.providerUser.email);
    const draft = await call(
      h,
      `/api/contracts/${contractId}/assessments`,
      json({ periodEnd: "2027-03-31" }, t.reviewer.auth),
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const url = `/contracts/${contractId}/assessments/${draft.body.id}`;

    // Nothing entered yet: every detail is named, by whose it is.
    const all = warning(await html(url, reviewer));
    expect(pageText(all)).toContain("will have empty fields: these details are missing");
    expect(pageText(all)).toContain(
      `${t.council.name}'s postal address, email address and identifier: an administrator of ${t.council.name} enters them under Organisation details.`,
    );
    expect(pageText(all)).toContain(
      `${t.provider.name}'s postal address, email address and identifier: an administrator of ${t.provider.name} enters them under Organisation details.`,
    );
    expect(pageText(all)).toContain(
      "The contract's title and procurement identifier: a commissioner enters them in the contract's procurement details.",
    );
    // The reviewer may change neither the contract nor the organisation's details: no links they cannot use.
    expect(all).not.toContain("href=");
    // The commissioner may change the contract: the link takes them to its procurement details.
    const theirs = warning(await html(url, commissioner));
    expect(theirs).toContain(`href="/contracts/${contractId}/procurement"`);

    // Entered: the contract's details through the API, the parties' own; only what is still missing is named.
    const patched = await call(
      h,
      `/api/contracts/${contractId}`,
      json(
        { title: "Recovery services", procurementIdentifier: "ocds-h6vhtk-0a1b2c" },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await details(t.council.id, {
      postalAddress: "1 Hall Street",
      email: "c@council.example",
      identifier: "GB-1",
    });
    await details(t.provider.id, { postalAddress: "2 Mill Lane", email: "p@provider.example" });
    const some = pageText(warning(await html(url, reviewer)));
    expect(some).toContain(`${t.provider.name}'s identifier:`);
    expect(some).not.toContain(`${t.council.name}'s`);
    expect(some).not.toContain("The contract's");

    // All entered: no warning.
    await details(t.provider.id, { identifier: "GB-2" });
    expect(await html(url, reviewer)).not.toContain("govuk-warning-text");

    // Confirmed without the provider's email address: the notice keeps that gap, whatever is entered later.
    await details(t.provider.id, { email: null });
    expect((await call(h, `/api${url}/confirmation`, json({}, t.reviewer.auth))).status).toBe(200);
    await details(t.provider.id, { email: "p@provider.example" });
    for (const s of [reviewer, provider]) {
      const kept = pageText(warning(await html(url, s)));
      expect(kept).toContain("these details were missing when it was confirmed");
      expect(kept).toContain(`${t.provider.name}'s email address:`);
    }
    const notice = await call(h, `/api${url}/notice`, { headers: t.reviewer.auth });
    expect(notice.body.missing).toEqual(["Supplier: email address"]);
  });
});
