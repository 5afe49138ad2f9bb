// Each suite makes its own tenants, so suites never see each other's data.
import { randomBytes, randomUUID, scrypt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { type OrganisationKind, organisations, type Role, users } from "../src/db/schema/index.js";
import type { Actor } from "../src/model/identity.js";
import { insertOrganisation } from "../src/services/organisations/organisations.js";
import { createToken } from "../src/services/tokens/tokens.js";
import { grantOperator } from "../src/services/users/operator.js";
import { createUser } from "../src/services/users/users.js";
import { TEST_SECRET } from "./harness.js";

export const PASSWORD = "correct horse battery staple";

/**
 * PASSWORD hashed once, at a small scrypt cost (N=2^10): factories make about 200 users a run and tests
 * sign in as them about 300 times, and at the service's cost (N=2^15, 32 MiB, 50-100 ms of a core each)
 * those hashes were a sixth of the suite's CPU. A stored hash carries its own parameters
 * (scrypt$N$r$p$salt$key, src/lib/crypto.ts), so signing in runs the same verification on it.
 * Passwords that tests set through the API or the services are hashed at the service's cost as ever.
 */
let factoryHash: Promise<string> | undefined;
function passwordHash(): Promise<string> {
  factoryHash ??= new Promise((resolve, reject) => {
    const salt = randomBytes(16);
    const [N, r, p] = [1024, 8, 1];
    scrypt(PASSWORD.normalize("NFKC"), salt, 32, { N, r, p }, (err, key) =>
      err
        ? reject(err)
        : resolve(`scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`),
    );
  });
  return factoryHash;
}

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
    },
  );
  await db
    .update(users)
    .set({ passwordHash: await passwordHash() })
    .where(eq(users.id, user.id));
  const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
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
    ctx: { db, actor, now: new Date(), secret: TEST_SECRET },
    input: { name: "test" },
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
