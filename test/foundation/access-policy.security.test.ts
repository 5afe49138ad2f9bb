// Generated from the access policy (src/model/access-policy.ts): for every action in the table, every API
// operation and every page that performs it is called by every role, of the organisation that owns the
// rows and of another one. The API and the pages must answer alike (allowed, 403, 404), and what they
// answer must be what the table says: 403 for the roles that lack the action (404 when only the operator
// may take it, or when the action is refused as not found); for the others, allowed when the tenant rule
// lets them see the row, 404 when it does not. A role that more than one kind of organisation may have
// (an administrator of a council, of a provider) is called in each, since an action may be its in one
// kind only. The operator (an administrator of a third organisation) is one more caller.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiTokens,
  contractAssessments,
  contractUserGroups,
  domainClaims,
  submissions,
} from "../../src/db/schema/index.js";
import {
  ACTIONS,
  type Action,
  type Caller,
  can,
  type OrganisationKind,
  ROLE_POLICY,
  ROLES,
  ROW_RULES,
  type Role,
  refusedAsNotFound,
  type TenantRule,
  tenantRule,
} from "../../src/model/access-policy.js";
import {
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  pdfBytes,
  upload,
} from "../contracts/fixtures.js";
import {
  makeOperator,
  makeOrganisation,
  makeTenant,
  makeUser,
  PASSWORD,
  type TestUser,
} from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

type Tenant = Awaited<ReturnType<typeof makeTenant>> & {
  group: { id: string };
  representative: TestUser;
  providerAdmin: TestUser;
};
type Outcome = "allowed" | "forbidden" | "not found" | "invalid" | `unexpected ${number}`;
interface Endpoint {
  kind: "api" | "page";
  method: string;
  path: string;
  access: string;
}

const OWN_CLAUSE = {
  title: "Peer-led welcome group for new starters",
  category: "peer_roles",
  level: "involve",
  requirement: "The provider must run a peer-led welcome group every month.",
  evidence: { documents: "Session register and notes.", reviewerChecks: "A session ran each month." },
  frequency: "quarterly",
  parameters: [],
};

let h: Harness;
let t: Tenant;
let other: Tenant;
let operator: TestUser;
let endpoints: Endpoint[];
/** The value for each path parameter, by the path segment before it: rows that belong to tenant t. */
let ids: Record<string, string>;
let bystanderId: string;
let contractId: string;
const sessions = new Map<string, { cookie: string; csrf: string }>();

beforeAll(async () => {
  h = await createHarness();
  // Each tenant has a user group with a representative; only t's is linked to t's contract.
  const withGroup = async () => {
    const tenant = await makeTenant(h.db);
    const group = await makeOrganisation(h.db, "user_group");
    return {
      ...tenant,
      group,
      representative: await makeUser(h.db, group.id, "representative"),
      providerAdmin: await makeUser(h.db, tenant.provider.id, "admin"),
    };
  };
  const [mine, theirs] = await Promise.all([withGroup(), withGroup()]);
  [t, other] = [mine, theirs];
  // COP-04 is checked by people who use the service: its evidence, once shared, reaches representatives.
  const spec = await issuedSpecification(h, t, ["COP-04", "GOV-04", "GOV-05"]);
  const contract = await letContract(h, t, spec.id);
  contractId = contract.id;
  await h.db.insert(contractUserGroups).values({ contractId: contract.id, userGroupId: mine.group.id });
  const ob = await findObligation(h, t.providerUser.auth, contract.id, "COP-04", "2026-27 Q1");
  const sub = await upload(h, t.providerUser.auth, ob.id, [
    ...evidenceFields(),
    { name: "files", filename: "r.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  const submission = sub.body as { id: string; files: Array<{ id: string }> };
  expect(sub.status, JSON.stringify(sub.body)).toBe(201);
  await h.db.update(submissions).set({ shareable: true }).where(eq(submissions.id, submission.id));
  const said = await h.app.request(`/api/contracts/${contract.id}/you-said-we-did`, {
    method: "POST",
    headers: { ...t.providerUser.auth, "content-type": "application/json" },
    body: JSON.stringify({
      youSaid: "Evening groups, please.",
      weDid: "We started a Tuesday evening group.",
    }),
  });
  expect(said.status, await said.clone().text()).toBe(201);
  const indicator = (evidence: string) => ({ score: 2, evidence });
  const review = await h.app.request(`/api/contracts/${contract.id}/involvement-reviews`, {
    method: "POST",
    headers: { ...t.providerUser.auth, "content-type": "application/json" },
    body: JSON.stringify({
      year: 2026,
      completedWith: "The recovery forum",
      participants: 6,
      ratings: {
        decisions: indicator("Activity register"),
        governance: indicator("Two members on the quality group"),
        budget: indicator("The forum decided how part of the budget was spent"),
        changes: indicator("An evening clinic started after the forum asked"),
      },
    }),
  });
  expect(review.status, await review.clone().text()).toBe(201);
  // An invitation into t's group, sent by t's commissioner: the group's representatives manage it too.
  const invited = await h.app.request(
    `/api/contracts/${contract.id}/user-groups/${mine.group.id}/invitations`,
    {
      method: "POST",
      headers: { ...t.commissioner.auth, "content-type": "application/json" },
      body: JSON.stringify({ email: `invited-${crypto.randomUUID()}@forum.example`, name: "Ivy Invited" }),
    },
  );
  expect(invited.status, await invited.clone().text()).toBe(202);
  // Someone for the user-management routes to act on, so the callers themselves stay signed in.
  const bystander = await makeUser(h.db, t.council.id, "reviewer");
  operator = await makeOperator(h.db);
  // The council's own clause: commissioning staff see it, the provider and other councils do not.
  const clauseKey = "OWN-01";
  const clause = await h.app.request("/api/clauses", {
    method: "POST",
    headers: { ...t.commissioner.auth, "content-type": "application/json" },
    body: JSON.stringify({ key: clauseKey, ...OWN_CLAUSE }),
  });
  expect(clause.status, await clause.clone().text()).toBe(201);
  bystanderId = bystander.id;
  // A domain claim for the operator's routes (its conflicts take the bystander, who is not one: 404 for all).
  const [claim] = await h.db
    .insert(domainClaims)
    .values({ domain: `${crypto.randomUUID().slice(0, 8)}.example.gov.uk`, organisationId: t.council.id })
    .returning();
  // A confirmed performance assessment with one KPI's rating (the provider reads it; rating or confirming it
  // again is a conflict, so the rating pages answer the council's writers 409, not 404).
  const kpiId = crypto.randomUUID();
  const [assessment] = await h.db
    .insert(contractAssessments)
    .values({
      contractId: contract.id,
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      status: "confirmed",
      ratings: [
        {
          kpiId,
          clauseKey: "GRP-01",
          clauseTitle: "Service user group",
          metric: "meetings_held",
          metricLabel: "Meetings held",
          unit: "count",
          comparator: "at_least",
          frequency: "quarterly",
          mostMaterial: true,
          tolerancePercent: 10,
          annualTarget: 4,
          target: 4,
          proRated: false,
          figure: null,
          proposed: "inadequate",
          rating: "inadequate",
          reason: null,
        },
      ],
    })
    .returning();
  // A direct award record (the contract is under the Provider Selection Regime, the default).
  const record = await h.app.request(`/api/contracts/${contract.id}/direct-award-records`, {
    method: "POST",
    headers: t.commissioner.auth,
  });
  expect(record.status, await record.clone().text()).toBe(201);
  ids = {
    "direct-award-records": ((await record.json()) as { id: string }).id,
    assessments: assessment!.id,
    ratings: kpiId,
    "domain-claims": claim!.id,
    conflicts: bystander.id,
    specifications: spec.id,
    contracts: contract.id,
    obligations: ob.id,
    submissions: submission.id,
    evidence: submission.id,
    files: submission.files[0]!.id,
    clauses: clauseKey,
    versions: "1",
    users: bystander.id,
    tokens: "",
    organisations: t.council.id,
    "you-said-we-did": ((await said.json()) as { id: string }).id,
    "user-groups": "",
    "involvement-reviews": ((await review.json()) as { id: string }).id,
    invitations: ((await invited.json()) as { id: string }).id,
  };

  const doc = (await (await h.app.request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, { "x-access": string }>>;
  };
  const api: Endpoint[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      kind: "api" as const,
      method: method.toUpperCase(),
      path,
      access: op["x-access"],
    })),
  );
  // Pages are found by their guard, which carries the action it checks.
  const pages = new Map<string, Endpoint>();
  for (const r of h.app.routes) {
    // Hono wraps a mounted app's handlers; the guard is at the end of the chain.
    let handler = r.handler as { access?: string; __COMPOSED_HANDLER?: unknown };
    while (handler.__COMPOSED_HANDLER) handler = handler.__COMPOSED_HANDLER as typeof handler;
    const access = handler.access;
    if (access === undefined || r.path.startsWith("/api") || r.method === "ALL") continue;
    pages.set(`${r.method} ${r.path}`, { kind: "page", method: r.method, path: r.path, access });
  }
  endpoints = [...api, ...pages.values()];
});
afterAll(() => h.close());

async function freshLinkedGroup(): Promise<string> {
  const group = await makeOrganisation(h.db, "user_group");
  await h.db.insert(contractUserGroups).values({ contractId, userGroupId: group.id });
  return group.id;
}

async function freshToken(): Promise<string> {
  const [row] = await h.db
    .insert(apiTokens)
    .values({ userId: bystanderId, name: "to revoke", tokenHash: crypto.randomUUID(), prefix: "wu_test" })
    .returning();
  return row!.id;
}

/** The concrete URL: each parameter takes the id named by the segment before it. */
function concrete(path: string): string {
  const parts = path.split("/");
  return parts
    .map((part, i) => {
      if (!/^(\{.+\}|:.+)$/.test(part)) return part;
      if (parts[i - 2] === "specifications" && parts[i - 1] === "clauses") return "FBK-02";
      const id = ids[parts[i - 1]!];
      if (!id) throw new Error(`no id for ${path}`);
      return id;
    })
    .join("/");
}

async function session(user: TestUser) {
  let s = sessions.get(user.id);
  if (!s) {
    const res = await h.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    expect(res.status, user.email).toBe(200);
    s = {
      cookie: res.headers.get("set-cookie")!.split(";")[0]!,
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
    sessions.set(user.id, s);
  }
  return s;
}

/** Calls an endpoint as a user: the API with their token, a page in their browser session. */
async function outcome(e: Endpoint, user: TestUser): Promise<Outcome> {
  // Revoking a token leaves nothing to revoke the second time: each call gets a token of its own.
  if (e.path.includes("/tokens/")) ids.tokens = await freshToken();
  // Unlinking a group likewise: each call unlinks a group linked for it. Invitations go into t's group,
  // whose representative is one of the callers.
  if (e.path.includes("/invitations")) ids["user-groups"] = t.group.id;
  else if (e.path.includes("/user-groups/")) ids["user-groups"] = await freshLinkedGroup();
  const url = concrete(e.path);
  const write = !["GET", "HEAD", "DELETE"].includes(e.method);
  let res: Response;
  if (e.kind === "api") {
    res = await h.app.request(url, {
      method: e.method,
      headers: { ...user.auth, "content-type": "application/json" },
      body: write ? "{}" : undefined,
    });
  } else {
    const s = await session(user);
    res = await h.app.request(url, {
      method: e.method,
      headers: {
        cookie: s.cookie,
        accept: "text/html",
        origin: "http://localhost",
        ...(write ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: write ? `_csrf=${s.csrf}` : undefined,
    });
  }
  await res.arrayBuffer();
  if (res.status === 403) return "forbidden";
  if (res.status === 404) return "not found";
  if (res.status === 400 || res.status === 422) return "invalid";
  // Anything a handler answers after the guard let the caller in: the page, a redirect, a form error,
  // a conflict with the row's state. 401 and 5xx are never right here.
  if (res.status === 401 || res.status >= 500) return `unexpected ${res.status}`;
  return "allowed";
}

/** Whether a row owned by one organisation and let to another is visible under a tenant rule. */
type Relation = "owner" | "party" | "linked" | "none";
const RELATION: Record<OrganisationKind, Relation> = {
  commissioner: "owner",
  provider: "party",
  user_group: "linked",
};

function visible(rule: TenantRule, relation: Relation): boolean {
  switch (rule) {
    case "all":
      return true;
    case "own":
    case "own_or_shared":
      return relation === "owner";
    case "party":
      return relation === "party";
    case "linked":
      return relation === "linked";
    case "shared":
    case "none":
      return false;
  }
}

/**
 * The policy's row rule for evidence.submit (every row rule is tested on its own in
 * row-rules.security.test.ts): evidence is handed in by the clause's party. The obligation here is the
 * provider's, so a commissioner may submit evidence (for their own commitments) but is refused this one,
 * by the API and the page alike.
 */
function partyRefuses(action: Action, e: Endpoint, caller: Caller): boolean {
  return (
    action === "evidence.submit" &&
    e.method === "POST" &&
    !ROW_RULES["evidence.submit"].allows({ ...caller, organisationId: "" }, { party: "provider" })
  );
}

const hasParam = (e: Endpoint) => /[{:]/.test(e.path);
const userOf = (tenant: Tenant, role: Role, kind: OrganisationKind): TestUser =>
  ({
    admin: kind === "provider" ? tenant.providerAdmin : tenant.admin,
    commissioner: tenant.commissioner,
    reviewer: tenant.reviewer,
    provider: tenant.providerUser,
    representative: tenant.representative,
  })[role];

describe("the access policy table", () => {
  it("names only actions that some API operation or page performs, and every guarded route names one", () => {
    // Checked inside a service rather than by a route's guard: which organisations a list shows.
    const used = new Set([...endpoints.map((e) => e.access), "provider.list"]);
    const unused = Object.keys(ACTIONS).filter((a) => !used.has(a));
    expect(unused).toEqual([]);
    const unknown = endpoints.filter(
      (e) => !(e.access in ACTIONS) && e.access !== "public" && e.access !== "signed_in",
    );
    expect(unknown).toEqual([]);
  });

  for (const action of Object.keys(ACTIONS) as Action[]) {
    it(`${action}: the API and the pages answer every role as the table says`, async () => {
      const mine = endpoints.filter((e) => e.access === action);
      const resource = ACTIONS[action].resource;
      const hidden = refusedAsNotFound(action);
      // The rows belong to t's council, are let to t's provider and linked to t's user group: the
      // relation says which of these the caller's organisation is.
      const callers: Array<{ label: string; user: TestUser; caller: Caller; relation: Relation }> =
        ROLES.flatMap((role) =>
          ROLE_POLICY[role].kinds.flatMap((kind) => {
            const caller = { role, organisationKind: kind };
            const relation = RELATION[kind];
            const label = ROLE_POLICY[role].kinds.length > 1 ? `${role} of a ${kind}` : role;
            return [
              { label, user: userOf(t, role, kind), caller, relation },
              {
                label: `${label} of another organisation`,
                user: userOf(other, role, kind),
                caller,
                relation: "none" as const,
              },
            ];
          }),
        );
      callers.push({
        label: "operator",
        user: operator,
        caller: { role: "admin", organisationKind: "commissioner", operator: true },
        relation: "none",
      });
      const got: string[] = [];
      const want: string[] = [];
      for (const { label, user, caller, relation } of callers) {
        const sees = visible(tenantRule(caller, resource), relation);
        for (const e of mine) {
          const row = hasParam(e);
          let answer = await outcome(e, user);
          // The API checks a write's body before it looks the row up, so a stranger's empty body is
          // refused as invalid without saying whether the row exists; the pages look the row up first.
          if (answer === "invalid") answer = e.kind === "api" && row && !sees ? "not found" : "allowed";
          const expected = !can(caller, action)
            ? hidden
              ? "not found"
              : "forbidden"
            : !row || sees
              ? partyRefuses(action, e, caller)
                ? "forbidden"
                : "allowed"
              : "not found";
          got.push(`${label}: ${e.kind} ${e.method} ${e.path}: ${answer}`);
          want.push(`${label}: ${e.kind} ${e.method} ${e.path}: ${expected}`);
        }
      }
      expect(got).toEqual(want);
    }, 60_000);
  }
});
