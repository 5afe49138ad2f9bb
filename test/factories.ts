// Each suite makes its own tenants, so suites never see each other's data.
import { randomUUID } from "node:crypto";
import type { Db } from "../src/db/client.js";
import { type OrganisationKind, organisations, type Role } from "../src/db/schema/index.js";
import type { Actor } from "../src/model/identity.js";
import { insertOrganisation } from "../src/services/organisations/organisations.js";
import { createToken } from "../src/services/tokens/tokens.js";
import { grantOperator } from "../src/services/users/operator.js";
import { createUser } from "../src/services/users/users.js";
import { TEST_SECRET } from "./harness.js";

export const PASSWORD = "correct horse battery staple";

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  token: string;
  /** Headers that authenticate as this user with their API token. */
  auth: Record<string, string>;
}

const KIND_NAME: Record<OrganisationKind, string> = {
  commissioner: "Council",
  provider: "Provider",
  user_group: "Forum",
};

export async function makeOrganisation(db: Db, kind: OrganisationKind, name?: string) {
  return insertOrganisation(db, { name: name ?? `${KIND_NAME[kind]} ${randomUUID().slice(0, 8)}`, kind });
}

export async function makeUser(
  db: Db,
  organisationId: string,
  role: Role,
  email?: string,
): Promise<TestUser> {
  const user = await createUser(
    db,
    { actor: null },
    {
      email: email ?? `${role}-${randomUUID().slice(0, 8)}@example.test`,
      name: `Test ${role}`,
      role,
      organisationId,
      password: PASSWORD,
    },
  );
  const [org] = await db
    .select()
    .from(organisations)
    .where((await import("drizzle-orm")).eq(organisations.id, organisationId));
  const actor: Actor = {
    userId: user.id,
    organisationId,
    organisationKind: org!.kind,
    organisationName: org!.name,
    role,
    name: user.name,
    email: user.email,
    // Tokens are made from a session; the factory stands in for the user signing in to make one.
    via: "session",
  };
  const { token } = await createToken({
    ctx: { db, actor, now: new Date() },
    input: { name: "test" },
    secret: TEST_SECRET,
  });
  return {
    id: user.id,
    email: user.email,
    role,
    organisationId,
    token,
    auth: { authorization: `Bearer ${token}` },
  };
}

/** A commissioning organisation with an admin, commissioner and reviewer, and a provider with one user. */
export async function makeTenant(db: Db) {
  const council = await makeOrganisation(db, "commissioner");
  const provider = await makeOrganisation(db, "provider");
  const [admin, commissioner, reviewer, providerUser] = await Promise.all([
    makeUser(db, council.id, "admin"),
    makeUser(db, council.id, "commissioner"),
    makeUser(db, council.id, "reviewer"),
    makeUser(db, provider.id, "provider"),
  ]);
  return {
    council,
    provider,
    admin: admin!,
    commissioner: commissioner!,
    reviewer: reviewer!,
    providerUser: providerUser!,
  };
}

/** The service operator: an administrator of an organisation of their own, with the operator flag. */
export async function makeOperator(db: Db): Promise<TestUser> {
  const user = await makeUser(db, (await makeOrganisation(db, "commissioner")).id, "admin");
  await grantOperator(db, user.email);
  return user;
}

/** JSON request helpers for app.request. */
export function json(body: unknown, headers: Record<string, string> = {}, method = "POST"): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/** Signs in through the API as a browser would; the session cookie and CSRF token for later calls. */
export async function signInSession(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  email: string,
  password = PASSWORD,
  address = `203.0.113.${1 + Math.floor(Math.random() * 250)}`,
) {
  const res = await app.request("/api/auth/login", json({ email, password }, { "x-forwarded-for": address }));
  if (res.status !== 200) throw new Error(`sign-in for ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  /** Headers for a cookie-authenticated write. */
  const headers = { cookie, "x-csrf-token": csrfToken };
  return { cookie, csrfToken, headers };
}
