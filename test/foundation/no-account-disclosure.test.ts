// Whether an address has an account in another organisation is nobody else's business: for every operation
// that takes an address (or a domain) from someone outside that organisation, the answer (status, body and
// headers, less dates and ids) for an address in another organisation is the answer for a fresh one. The
// owner of the existing address is emailed that someone tried to add them; no account is made or moved.
// And one stray account elsewhere cannot block an organisation's domain claim or single sign-on.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractUserGroups, notifications, pendingInvitations, users } from "../../src/db/schema/index.js";
import { call, issuedSpecification, letContract, type Tenant } from "../contracts/fixtures.js";
import { json, makeOperator, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let t: Tenant;
let other: Tenant;
let forum: { id: string };
let rep: TestUser;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  forum = await makeOrganisation(h.db, "user_group");
  rep = await makeUser(h.db, forum.id, "representative");
  const spec = await issuedSpecification(h, t, ["FBK-02"]);
  contractId = (await letContract(h, t, spec.id)).id;
  await h.db.insert(contractUserGroups).values({ contractId, userGroupId: forum.id });
});
afterAll(() => h.close());

/** A fresh domain, always the same length, so the two answers' lengths can be compared too. */
const domain = () => `d${randomUUID().slice(0, 8)}.example.org`;
/** An address of the same length as every other, at a domain no one uses. */
const freshAddress = () => `p${randomUUID().slice(0, 8)}@${domain()}`;
/** An address that has an account in the other council. */
async function takenAddress() {
  const address = freshAddress();
  await makeUser(h.db, other.council.id, "commissioner", address);
  return address;
}

let ip = 0;
const from = () => ({ "x-forwarded-for": `198.51.100.${++ip}` });

/** The answer as compared: dates, ids, the address itself and the per-request headers taken out. */
async function answer(res: Response, address: string) {
  const text = await res.text();
  const local = address.split("@")[0]!;
  const host = address.split("@")[1]!;
  const body = text
    .replaceAll(address, "<address>")
    .replaceAll(host, "<domain>")
    .replaceAll(local, "<local>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<date>")
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="<csrf>"');
  const headers = [...res.headers.entries()]
    .filter(([k]) => !["date", "x-request-id", "set-cookie"].includes(k))
    .sort();
  const cookies = res.headers.getSetCookie().map((c) => c.split("=")[0]);
  return { status: res.status, headers, cookies, body };
}

/** Each operation, given an address (or for single sign-on and claims, its domain). */
const OPERATIONS: Array<[string, number, (address: string) => Response | Promise<Response>]> = [
  [
    "create user (an administrator, with a password)",
    422,
    (email) =>
      h.app.request(
        "/api/users",
        json(
          {
            email,
            name: "Sam Smith",
            role: "reviewer",
            organisationId: t.council.id,
            password: "a long enough passphrase",
          },
          t.admin.auth,
        ),
      ),
  ],
  [
    "invite (an administrator)",
    202,
    (email) =>
      h.app.request(
        "/api/users",
        json({ email, name: "Sam Smith", role: "reviewer", organisationId: t.council.id }, t.admin.auth),
      ),
  ],
  [
    "invite a representative (the council's commissioner)",
    202,
    (email) =>
      h.app.request(
        `/api/contracts/${contractId}/user-groups/${forum.id}/invitations`,
        json({ email, name: "Sam Smith" }, t.commissioner.auth),
      ),
  ],
  [
    "invite a fellow representative (the group's representative)",
    202,
    (email) =>
      h.app.request(
        `/api/contracts/${contractId}/user-groups/${forum.id}/invitations`,
        json({ email, name: "Sam Smith" }, rep.auth),
      ),
  ],
  [
    "single sign-on save (the address's domain)",
    200,
    (email) =>
      h.app.request(
        `/api/organisations/${t.council.id}/sign-in`,
        json(
          {
            oidc: {
              issuer: "https://login.example.org/tenant",
              clientId: "withus",
              clientSecret: "the-client-secret-0123456789",
              emailDomains: [email.split("@")[1]],
            },
            passwordSignIn: true,
          },
          t.admin.auth,
          "PUT",
        ),
      ),
  ],
  [
    "domain-claim request (the address's domain)",
    201,
    (email) =>
      h.app.request(
        `/api/organisations/${t.council.id}/domain-claims`,
        json({ domain: email.split("@")[1] }, t.admin.auth),
      ),
  ],
  [
    "sign-in (API)",
    401,
    (email) => h.app.request("/api/auth/login", json({ email, password: "not the password at all" }, from())),
  ],
  [
    "sign-in (the page's first step)",
    200,
    (email) =>
      h.app.request("/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...from() },
        body: new URLSearchParams({ email }).toString(),
      }),
  ],
  ["password reset", 202, (email) => h.app.request("/api/auth/password-reset", json({ email }, from()))],
];

describe("an address in another organisation answers as a fresh one", () => {
  it.each(OPERATIONS)("%s: %i for both", async (_name, status, operation) => {
    const [taken, fresh] = [await takenAddress(), freshAddress()];
    const a = await answer(await operation(taken), taken);
    const b = await answer(await operation(fresh), fresh);
    expect(b.status, b.body).toBe(status);
    expect(a).toEqual(b);
  });

  it("an invitation to an address elsewhere makes no account and moves no one; its owner is emailed, through the outbox", async () => {
    const taken = await takenAddress();
    const res = await h.app.request(
      "/api/users",
      json({ email: taken, name: "Sam Smith", role: "reviewer", organisationId: t.council.id }, t.admin.auth),
    );
    expect(res.status).toBe(202);
    const [owner] = await h.db.select().from(users).where(sql`lower(${users.email}) = ${taken}`);
    expect(owner!.organisationId).toBe(other.council.id);
    expect(owner!.role).toBe("commissioner");
    const [pending] = await h.db
      .select()
      .from(pendingInvitations)
      .where(and(eq(pendingInvitations.email, taken), eq(pendingInvitations.organisationId, t.council.id)));
    expect(pending!.userId).toBeNull();
    const [note] = await h.db.select().from(notifications).where(eq(notifications.userId, owner!.id));
    expect(note!.kind).toBe("invitation-attempt");
    expect(note!.subject).toContain(t.council.name);
    // An address already in the organisation itself is the caller's to know: 409.
    const again = await h.app.request(
      "/api/users",
      json(
        { email: t.reviewer.email, name: "Rae", role: "reviewer", organisationId: t.council.id },
        t.admin.auth,
      ),
    );
    expect(again.status).toBe(409);
  });

  it("the operator's own creation with a password may still say the address is taken (409)", async () => {
    const operator = await makeOperator(h.db);
    const res = await h.app.request(
      "/api/users",
      json(
        {
          email: await takenAddress(),
          name: "Sam Smith",
          role: "reviewer",
          organisationId: t.council.id,
          password: "a long enough passphrase",
        },
        operator.auth,
      ),
    );
    expect(res.status).toBe(409);
  });
});

describe("another organisation cannot block a claim", () => {
  it("a domain where another organisation has accounts is claimed and signed in as any other", async () => {
    const taken = await takenAddress();
    const d = taken.split("@")[1]!;
    const claim = await call(
      h,
      `/api/organisations/${t.council.id}/domain-claims`,
      json({ domain: d }, t.admin.auth),
    );
    expect(claim.status).toBe(201);
    const sso = await call(
      h,
      `/api/organisations/${t.council.id}/sign-in`,
      json(
        {
          oidc: {
            issuer: "https://login.example.org/tenant",
            clientId: "withus",
            clientSecret: "the-client-secret-0123456789",
            emailDomains: [d],
          },
          passwordSignIn: true,
        },
        t.admin.auth,
        "PUT",
      ),
    );
    expect(sso.status).toBe(200);
  });
});
