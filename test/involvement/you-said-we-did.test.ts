// "You said, we did" in the browser: the provider writes an entry on a page, a reviewer of the council
// approves it there, and only then do the contract's group and the public page see it. Who may not, too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, issuedSpecification, letContract, pageText, type Tenant } from "../contracts/fixtures.js";
import { json, makeOrganisation, makeTenant, makeUser, signInSession, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
const SAID = "The forum was too early in the day.";
const DID = "It now meets at two in the afternoon.";
let h: Harness;
let t: Tenant;
let other: Tenant;
let rep: TestUser;
let otherRep: TestUser;
let contractId: string;
let slug: string;

type Session = Awaited<ReturnType<typeof signInSession>>;
const get = (s: Session, path: string) =>
  h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });
const post = (s: Session, path: string, fields: Record<string, string>) =>
  h.app.request(path, {
    method: "POST",
    headers: { ...FORM, cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });

/** The page a form's redirect leads to, with the banner it carries (a cookie, as a browser keeps it). */
async function follow(s: Session, res: Response) {
  expect(res.status).toBe(303);
  const flash = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const next = await h.app.request(res.headers.get("location")!, {
    headers: { cookie: `${s.cookie}; ${flash}`, accept: "text/html" },
  });
  return pageText(await next.text());
}

beforeAll(async () => {
  h = await createHarness();
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const [forum, otherForum] = await Promise.all([
    makeOrganisation(h.db, "user_group"),
    makeOrganisation(h.db, "user_group"),
  ]);
  [rep, otherRep] = await Promise.all([
    makeUser(h.db, forum.id, "representative"),
    makeUser(h.db, otherForum.id, "representative"),
  ]);
  const spec = await issuedSpecification(h, t, ["LOOP-01", "GRP-01"]);
  contractId = (await letContract(h, t, spec.id)).id;
  const linked = await call(
    h,
    `/api/contracts/${contractId}/user-groups`,
    json({ organisationId: forum.id }, t.commissioner.auth),
  );
  expect(linked.status).toBe(201);
  const published = await call(
    h,
    `/api/contracts/${contractId}`,
    json(
      { public: true, involvementContactName: "Forum team", contactPhone: "01632 960 100" },
      t.commissioner.auth,
      "PATCH",
    ),
  );
  slug = published.body.slug;
});
afterAll(() => h.close());

describe("you said, we did, on the pages", () => {
  const path = () => `/contracts/${contractId}/you-said-we-did`;

  it("is linked from the contract page and from the group's page of the service", async () => {
    const staff = await signInSession(h.app, t.providerUser.email);
    expect(await (await get(staff, `/contracts/${contractId}`)).text()).toContain(`href="${path()}"`);
    const group = await signInSession(h.app, rep.email);
    expect(await (await get(group, `/involvement/contracts/${contractId}`)).text()).toContain(
      `href="${path()}"`,
    );
  });

  it("lets the provider write an entry, with errors at the fields", async () => {
    const s = await signInSession(h.app, t.providerUser.email);
    const form = await get(s, path());
    expect(form.status).toBe(200);
    expect(pageText(await form.text())).toContain("What people said");
    const empty = await post(s, path(), { youSaid: "", weDid: "" });
    expect(empty.status).toBe(422);
    const errors = pageText(await empty.text());
    expect(errors).toContain("Enter what people said");
    expect(errors).toContain("Enter what you did about it");
    const sent = await post(s, path(), { youSaid: SAID, weDid: DID });
    expect(sent.headers.get("location")).toBe(path());
    const after = await follow(s, sent);
    expect(after).toContain("Your entry is sent for approval");
    expect(after).toContain(SAID);
    expect(after).toContain("Waiting for approval");
    // Not on the public page, and not to the group, until a reviewer approves it.
    expect((await call(h, `/api/services/${slug}`)).body.youSaidWeDid).toEqual([]);
    const group = await signInSession(h.app, rep.email);
    expect(pageText(await (await get(group, path())).text())).not.toContain(SAID);
  });

  it("lets a reviewer of the council approve it, after which the group and the public page see it", async () => {
    const s = await signInSession(h.app, t.reviewer.email);
    const html = await (await get(s, path())).text();
    const action = /action="(\/contracts\/[^"]+\/you-said-we-did\/[^"]+\/decision)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    expect(pageText(html)).toContain("Do not approve");
    // Provider staff cannot decide, and another council's reviewer does not find it.
    const provider = await signInSession(h.app, t.providerUser.email);
    expect((await post(provider, action!, { decision: "approved" })).status).toBe(403);
    const foreign = await signInSession(h.app, other.reviewer.email);
    expect((await post(foreign, action!, { decision: "approved" })).status).toBe(404);

    expect(await follow(s, await post(s, action!, { decision: "approved" }))).toContain(
      "The entry is approved",
    );
    expect(await follow(s, await post(s, action!, { decision: "rejected" }))).toContain(
      "This entry was already approved.",
    );

    const group = await signInSession(h.app, rep.email);
    const seen = pageText(await (await get(group, path())).text());
    expect(seen).toContain(SAID);
    expect(seen).toContain(DID);
    expect(seen).not.toContain("Write an entry");
    const page = await call(h, `/api/services/${slug}`);
    expect(page.body.youSaidWeDid).toEqual([expect.objectContaining({ youSaid: SAID, weDid: DID })]);
  });

  it("lets no one else write or decide, and another group or council does not find the page", async () => {
    for (const who of [t.commissioner, rep]) {
      const s = await signInSession(h.app, who.email);
      expect((await post(s, path(), { youSaid: SAID, weDid: DID })).status, who.role).toBe(403);
    }
    for (const who of [otherRep, other.commissioner, other.providerUser]) {
      const s = await signInSession(h.app, who.email);
      expect((await get(s, path())).status, who.role).toBe(404);
    }
    expect((await h.app.request(path(), { headers: { accept: "text/html" } })).status).not.toBe(200);
  });
});
