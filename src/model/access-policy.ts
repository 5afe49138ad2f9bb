// Who may do what, written once as data: the roles (one row each: what it is called, which organisations
// may have it, where it starts, and the actions it may take), the operator's extra actions, and for each
// resource the tenant rule that says which rows an organisation of each kind may see. The API routes
// (defineRoute's `access`), the web pages (`authorize`), the services (`can`, `scopeFilter`) and the
// tests generated from this table all read it. Adding a role is adding its row to ROLE_POLICY, its name
// to ROLES (src/model/identity.ts), and (for a new kind of organisation) a column in TENANCY. The service operator is not a role
// but a flag on a user (granted on the server only): OPERATOR is its row.

import type { Party } from "./clause-schema.js";
import { type OrganisationKind, ROLES, type Role } from "./identity.js";

export { type OrganisationKind, ROLES, type Role } from "./identity.js";

/** The things a tenant's rows are, for the tenant rule. */
export type Resource =
  | "clause"
  | "specification"
  | "contract"
  | "obligation"
  | "submission"
  | "file"
  | "organisation"
  | "user"
  | "sign_in_settings"
  | "audit_event";

/** Every action a route, page or service checks, with the resource it acts on. */
export const ACTIONS = {
  "clause.read": { resource: "clause", text: "Read the clause library and the organisation's own clauses" },
  "clause.write": { resource: "clause", text: "Write the organisation's own clauses and publish versions" },
  "clause.usage": { resource: "clause", text: "See which specifications use a clause" },
  "specification.read": { resource: "specification", text: "Read specifications and their documents" },
  "specification.write": {
    resource: "specification",
    text: "Create, edit, issue and revise specifications",
  },
  "specification.changes": { resource: "specification", text: "Read what a revision changed" },
  "contract.read": { resource: "contract", text: "Read contracts and their obligations" },
  "contract.write": { resource: "contract", text: "Let contracts and change them" },
  "compliance.read": { resource: "contract", text: "Read where a contract stands on compliance" },
  "kpi.read": { resource: "contract", text: "Read a contract's key performance indicators" },
  "assessment.read": {
    resource: "contract",
    text: "Read a contract's performance assessments (the provider and representatives: confirmed ones only)",
  },
  "assessment.write": {
    resource: "contract",
    text: "Propose a performance assessment, change its ratings with reasons and confirm it",
  },
  "assessment.records": {
    resource: "contract",
    text: "Download a confirmed assessment's records: the contract performance notice draft and the Word assessment",
  },
  "direct_award.read": {
    resource: "contract",
    text: "Read a Provider Selection Regime contract's performance records for a direct award decision",
    refusal: "not_found",
  },
  "direct_award.write": {
    resource: "contract",
    text: "Make a performance record for a direct award decision, kept as it was made",
  },
  "kpi.write": {
    resource: "contract",
    text: "Change a contract's key performance indicators, until the first confirmed assessment",
  },
  "compliance.report": { resource: "contract", text: "Download a contract's compliance report" },
  "compliance.matrix": { resource: "contract", text: "Compare compliance across all the contracts" },
  "obligation.read": { resource: "obligation", text: "Read an obligation and its submissions" },
  "evidence.submit": {
    resource: "obligation",
    text: "Submit evidence for an obligation (the provider's, or the commissioner's own commitments)",
  },
  "obligation.waive": { resource: "obligation", text: "Waive an obligation, or reinstate it" },
  "submission.read": { resource: "submission", text: "Read a submission and its reviews" },
  "submission.review": { resource: "submission", text: "Review a submission" },
  "review.queue": { resource: "submission", text: "See the evidence waiting for review" },
  "file.read": { resource: "file", text: "Download an evidence file" },
  "file.redact": { resource: "file", text: "Remove an evidence file that should not be kept, saying why" },
  "file.downloads": { resource: "file", text: "See who downloaded an evidence file" },
  "involvement.read": {
    resource: "contract",
    text: "Read a contract's user groups, promises, shared evidence, views and you-said-we-did",
  },
  "involvement.link": { resource: "contract", text: "Link user groups to a contract, or unlink them" },
  "involvement.home": { resource: "contract", text: "See the services the user group is linked to" },
  // Who manages a user group's membership. A group has no administrator of its own: the operator may add
  // anyone (user.manage); a commissioner may invite representatives into a group linked to one of their
  // council's contracts, and sees, resends or cancels only the invitations they sent (never the group's
  // other members); a representative may invite fellow representatives of their own group, and sees the
  // group's members and resends or cancels any of its invitations not yet accepted (the group, not the
  // council, keeps its membership). Taking someone out of a group stays with the operator. Roles without
  // the action are answered 404: who belongs to a group of people who use the service is no business of
  // the provider's, and the route's existence tells them nothing they need.
  "user_group.invite": {
    resource: "contract",
    text: "Invite representatives into a user group linked to the contract; see, resend or cancel those invitations",
    refusal: "not_found",
  },
  "public_page.manage": {
    resource: "contract",
    text: "Publish or withdraw a contract's public service page",
  },
  "evidence.validate": { resource: "submission", text: "Say whether shared evidence matches experience" },
  "you_said_we_did.write": { resource: "contract", text: "Write a you-said-we-did entry" },
  "you_said_we_did.decide": { resource: "contract", text: "Approve or refuse a you-said-we-did entry" },
  "maturity.read": { resource: "contract", text: "Read a contract's involvement-maturity reviews" },
  "maturity.assess": { resource: "contract", text: "Record the year's involvement-maturity review" },
  "maturity.confirm": { resource: "contract", text: "Confirm or change the provider's maturity ratings" },
  "provider.list": {
    resource: "organisation",
    text: "List providers and user groups, to let contracts and link groups to them",
  },
  "organisation.manage": {
    resource: "organisation",
    text: "Create and rename organisations, and see every one",
  },
  "organisation.register": {
    resource: "organisation",
    text: "Register a provider or user group that is not on WithUs yet, inviting its first user",
  },
  "organisation.details": {
    resource: "organisation",
    text: "Set the organisation's postal address, email address and identifier (a contract performance notice names them)",
  },
  "user.manage": { resource: "user", text: "Add users, change their roles, deactivate them" },
  // An email domain is claimed for one organisation: its administrator asks, the operator decides (seeing
  // the accounts of other organisations at the domain, which they may move or deactivate).
  "domain_claim.request": {
    resource: "organisation",
    text: "Ask for an email domain to be the organisation's, naming any other organisation allowed at it",
  },
  "domain_claim.decide": {
    resource: "organisation",
    text: "Approve or refuse a domain claim; move or deactivate other organisations' accounts at the domain",
  },
  "sign_in.manage": {
    resource: "sign_in_settings",
    text: "Set the organisation's sign-in: single sign-on, passwords, two-factor",
  },
  "audit.read": { resource: "audit_event", text: "Read the audit log" },
  "outbox.read": { resource: "audit_event", text: "See the organisation's undelivered email" },
} as const satisfies Record<string, { resource: Resource; text: string; refusal?: "not_found" }>;

export type Action = keyof typeof ACTIONS;

export interface RolePolicy {
  /** What people see: the role's name and a one-line description. */
  label: string;
  hint: string;
  /** The kinds of organisation whose users may have this role. */
  kinds: readonly OrganisationKind[];
  /** The page a user with this role lands on after signing in ("/" starts with what needs their attention). */
  home: string;
  actions: readonly Action[];
  /** Actions the role has only in organisations of one kind (a role several kinds may have). */
  onlyIn?: Partial<Record<OrganisationKind, readonly Action[]>>;
}

/** What everyone party to a contract reads: its obligations, evidence, compliance and involvement. */
const READ_CONTRACT = [
  "contract.read",
  "compliance.read",
  "obligation.read",
  "submission.read",
  "file.read",
  "involvement.read",
] as const satisfies readonly Action[];

/** What the staff on a contract read besides: the clauses, the specification and the reports. */
const READ_CONTRACTS = [
  ...READ_CONTRACT,
  "file.redact",
  "clause.read",
  "specification.read",
  "compliance.report",
  "maturity.read",
  "kpi.read",
  "assessment.read",
  "assessment.records",
  "direct_award.read",
] as const satisfies readonly Action[];

/** One row per role: the role x action table. */
export const ROLE_POLICY: Record<Role, RolePolicy> = {
  commissioner: {
    label: "Commissioner",
    hint: "Builds and issues specifications and lets contracts",
    kinds: ["commissioner"],
    home: "/",
    actions: [
      ...READ_CONTRACTS,
      "clause.write",
      "clause.usage",
      "specification.write",
      "specification.changes",
      "contract.write",
      "compliance.matrix",
      "review.queue",
      "provider.list",
      "organisation.register",
      "involvement.link",
      "user_group.invite",
      "public_page.manage",
      "evidence.submit",
      "kpi.write",
      "assessment.write",
      "direct_award.write",
    ],
  },
  reviewer: {
    label: "Reviewer",
    hint: "Reviews the evidence providers submit and follows compliance",
    kinds: ["commissioner"],
    home: "/",
    actions: [
      ...READ_CONTRACTS,
      "clause.usage",
      "specification.changes",
      "compliance.matrix",
      "review.queue",
      "obligation.waive",
      "submission.review",
      "you_said_we_did.decide",
      "maturity.confirm",
      "kpi.write",
      "assessment.write",
      "direct_award.write",
    ],
  },
  provider: {
    label: "Provider staff",
    hint: "Submits evidence for their organisation's contracts",
    kinds: ["provider"],
    home: "/",
    actions: [
      ...READ_CONTRACTS,
      "evidence.submit",
      "you_said_we_did.write",
      "maturity.assess",
      "file.downloads",
    ],
  },
  representative: {
    label: "Representative",
    hint: "Speaks for a group of people who use the service; checks the evidence shared with the group",
    kinds: ["user_group"],
    home: "/involvement",
    // Their contract's figures (compliance.read) and the ratings the council confirmed (assessment.read:
    // assessmentScope gives them confirmed ones only, never a draft).
    actions: [
      ...READ_CONTRACT,
      "assessment.read",
      "involvement.home",
      "evidence.validate",
      "user_group.invite",
      "assessment.records",
    ],
  },
  admin: {
    label: "Administrator",
    hint: "Manages their organisation's users and sees its audit log",
    kinds: ["commissioner", "provider"],
    home: "/admin/users",
    actions: [
      "user.manage",
      "sign_in.manage",
      "domain_claim.request",
      "audit.read",
      "outbox.read",
      "organisation.details",
    ],
    // A council's administrator sees who downloaded its contracts' evidence (on the submission page, which
    // they may read but whose files they may not download), and registers providers and groups not yet on
    // WithUs; a provider's administrator manages only their own organisation.
    onlyIn: { commissioner: ["submission.read", "file.downloads", "organisation.register"] },
  },
};

/**
 * The operator's row: actions on top of their role's, and the resources whose rows they see in every
 * organisation (their role's tenant rule still applies to everything else).
 */
export const OPERATOR = {
  // The first administrator is the operator: they land on what is still to set up.
  home: "/get-started",
  actions: ["organisation.manage", "user.manage", "domain_claim.decide", "audit.read"],
  seesAll: ["organisation", "user", "audit_event"],
} as const satisfies { home: string; actions: readonly Action[]; seesAll: readonly Resource[] };

/**
 * The tenant rule for each resource, by the caller's kind of organisation:
 * "own"    rows whose organisation is the caller's;
 * "party"  rows that name the caller's organisation as the provider (contracts let to it and what hangs off them);
 * "shared" only what belongs to no organisation (the published clause library);
 * "own_or_shared" both of those;
 * "linked" rows of the contracts the caller's user group is linked to;
 * "all"    every organisation's rows (the operator, for the resources in OPERATOR.seesAll);
 * "none"   nothing.
 */
export type TenantRule = "own" | "party" | "linked" | "shared" | "own_or_shared" | "all" | "none";

const TENANCY: Record<Resource, Record<OrganisationKind, TenantRule>> = {
  clause: { commissioner: "own_or_shared", provider: "shared", user_group: "shared" },
  specification: { commissioner: "own", provider: "party", user_group: "none" },
  contract: { commissioner: "own", provider: "party", user_group: "linked" },
  obligation: { commissioner: "own", provider: "party", user_group: "linked" },
  submission: { commissioner: "own", provider: "party", user_group: "linked" },
  file: { commissioner: "own", provider: "party", user_group: "linked" },
  organisation: { commissioner: "own", provider: "own", user_group: "own" },
  user: { commissioner: "own", provider: "own", user_group: "own" },
  sign_in_settings: { commissioner: "own", provider: "own", user_group: "own" },
  audit_event: { commissioner: "own", provider: "own", user_group: "own" },
};

/** What the policy needs to know about a caller. */
export interface Caller {
  role: Role;
  organisationKind: OrganisationKind;
  operator?: boolean;
}

/** Whether a role has an action in organisations of a kind (every kind when none is given). */
function roleHas(role: Role, action: Action, kind?: OrganisationKind): boolean {
  const row = ROLE_POLICY[role];
  if (row.actions.includes(action)) return true;
  const only = Object.entries(row.onlyIn ?? {}) as Array<[OrganisationKind, readonly Action[]]>;
  return only.some(([k, actions]) => (kind === undefined || k === kind) && actions.includes(action));
}

/** The kinds of organisation in which a role has an action only there (none when it has it in every kind). */
export function onlyInKinds(role: Role, action: Action): OrganisationKind[] {
  if (ROLE_POLICY[role].actions.includes(action)) return [];
  const only = Object.entries(ROLE_POLICY[role].onlyIn ?? {}) as Array<[OrganisationKind, readonly Action[]]>;
  return only.filter(([, actions]) => actions.includes(action)).map(([k]) => k);
}

/** True when the caller's role (in their kind of organisation), or their being the operator, grants the action. */
export function can(caller: Caller | null | undefined, action: Action): boolean {
  if (!caller) return false;
  if (caller.operator && (OPERATOR.actions as readonly Action[]).includes(action)) return true;
  return roleHas(caller.role, action, caller.organisationKind);
}

/** Where a caller lands after signing in. */
export function homeFor(caller: Pick<Caller, "role" | "operator">): string {
  return caller.operator ? OPERATOR.home : ROLE_POLICY[caller.role].home;
}

/**
 * How a caller whose role lacks the action is refused: 404 when only the operator may take it, or when
 * the action says so (refusal: "not_found"); otherwise 403.
 */
export function refusedAsNotFound(action: Action): boolean {
  return (
    rolesFor(action).length === 0 || ("refusal" in ACTIONS[action] && ACTIONS[action].refusal === "not_found")
  );
}

/** The roles that may take an action (in some kind of organisation), in table order. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((r) => roleHas(r, action));
}

/** The tenant rule that applies to this caller for rows of this action's resource. */
export function tenantRule(caller: Caller, resource: Resource): TenantRule {
  if (caller.operator && (OPERATOR.seesAll as readonly Resource[]).includes(resource)) return "all";
  return TENANCY[resource][caller.organisationKind];
}

/**
 * The kinds of organisation commissioning staff may register (organisation.register), each with the role
 * its first user is invited with: the provider's administrator, the group's representative.
 */
export const REGISTRABLE = { provider: "admin", user_group: "representative" } as const satisfies Partial<
  Record<OrganisationKind, Role>
>;
export type RegistrableKind = keyof typeof REGISTRABLE;

/** Whether an organisation of this kind may give its users this role (anything not a role never fits). */
export function roleFitsKind(role: string, kind: OrganisationKind): role is Role {
  return (ROLES as readonly string[]).includes(role) && ROLE_POLICY[role as Role].kinds.includes(kind);
}

/** The roles an organisation of this kind may give its users, in the table's order. */
export function rolesForKind(kind: OrganisationKind): Role[] {
  return (Object.keys(ROLE_POLICY) as Role[]).filter((r) => ROLE_POLICY[r].kinds.includes(kind));
}

// Row rules: what the role x action table and the tenant rule leave to the row itself. Each is asked for
// by name (`can(caller, action, row)`, `evidenceScope`, `nameShownTo`, `audienceOf`); a role compared
// anywhere else is a second copy of one of these (npm run lint refuses it: scripts/lint-roles.mjs).

/** Who hands in an obligation's evidence, by the party its clause binds (evidence.submit). */
export const HANDS_IN: Record<Party, Role> = { provider: "provider", commissioner: "commissioner" };

/** The caller of a row rule: who they are as well as what. */
export interface RowCaller extends Caller {
  organisationId: string;
}

/** The facts of a row each row-ruled action reads. */
export interface RowFacts {
  /** The obligation's party. */
  "evidence.submit": { party: Party };
  /** The evidence's council and provider, and whether any of it has been reviewed. */
  "file.redact": { organisationId: string; providerOrganisationId: string; reviewed: boolean };
  /** The evidence's council and provider. */
  "file.downloads": { organisationId: string; providerOrganisationId: string };
}
export type RowAction = keyof RowFacts;

/**
 * The row rules, each in words and as its one test. Every one is exercised, allowed and refused, across two
 * organisations, by test/foundation/row-rules.security.test.ts.
 */
export const ROW_RULES: {
  [A in RowAction]: { text: string; allows: (c: RowCaller, row: RowFacts[A]) => boolean };
} = {
  "evidence.submit": {
    text: "Evidence is handed in by the obligation's party: the provider's staff for the provider's clauses, the commissioner for the council's own commitments",
    allows: (c, row) => HANDS_IN[row.party] === c.role,
  },
  "file.redact": {
    text: "The council's staff remove any file of their contracts; the provider's staff only their own, before any of it is reviewed",
    allows: (c, row) =>
      (c.organisationKind === "commissioner" && c.organisationId === row.organisationId) ||
      (c.organisationKind === "provider" && c.organisationId === row.providerOrganisationId && !row.reviewed),
  },
  "file.downloads": {
    text: "Who downloaded a file: the provider it came from, and the administrators of the council that let the contract",
    allows: (c, row) =>
      c.organisationId ===
      (c.organisationKind === "provider" ? row.providerOrganisationId : row.organisationId),
  },
};

/** can(), and the action's row rule on this row. */
export function canOnRow<A extends RowAction>(caller: RowCaller, action: A, row: RowFacts[A]): boolean {
  return can(caller, action) && ROW_RULES[action].allows(caller, row);
}

/**
 * Which of a contract's evidence a caller reads, of the rows the tenant rule lets them see: "all", or
 * "shared": only what the provider shared with the groups, for the clauses people who use the service
 * check, with the staff's names, the reviewer's notes and the approval of you-said-we-did entries left
 * out (user groups).
 */
export type EvidenceScope = "all" | "shared";
const EVIDENCE_SCOPE: Record<OrganisationKind, EvidenceScope> = {
  commissioner: "all",
  provider: "all",
  user_group: "shared",
};
export const evidenceScope = (caller: Caller): EvidenceScope => EVIDENCE_SCOPE[caller.organisationKind];

/** Which performance assessments a caller reads: the council's staff every one, everyone else confirmed ones. */
export const assessmentScope = (caller: Caller): "all" | "confirmed" =>
  caller.organisationKind === "commissioner" ? "all" : "confirmed";

/**
 * Whose views of evidence a caller reads: every linked group's, or (a group's representatives) their own
 * group's only.
 */
export const viewsScope = (caller: Caller): "all" | "own_group" =>
  caller.organisationKind === "user_group" ? "own_group" : "all";

/**
 * How far a representative's name travels (a view they gave, a file they downloaded): "group" to their own
 * group, "council" to the group and the council's staff, "everyone" to the provider's staff too. A person
 * always sees their own name.
 */
export type NameReach = "group" | "council" | "everyone";
const REACHES: Record<NameReach, readonly OrganisationKind[]> = {
  group: ["user_group"],
  council: ["user_group", "commissioner"],
  everyone: ["user_group", "commissioner", "provider"],
};
export function nameShownTo(viewer: Caller, view: { reach: NameReach; own?: boolean }): boolean {
  return view.own === true || REACHES[view.reach].includes(viewer.organisationKind);
}
/** The provider's and the council's staff are named to each other; to user groups, never. */
export const staffNamesShownTo = (viewer: Caller): boolean => viewer.organisationKind !== "user_group";

/**
 * Who is told of each event: the roles whose active users, in the organisation the event concerns, get
 * the message.
 */
export const AUDIENCES = {
  /** Evidence due soon or overdue; evidence accepted, sent back or waived: the provider's staff. */
  evidence_due: ["provider"],
  evidence_decided: ["provider"],
  /** New evidence waiting for review. */
  evidence_submitted: ["reviewer"],
  /** The weekly overdue summary, and a contract's rating changing: the council's staff on contracts. */
  overdue_summary: ["commissioner", "reviewer"],
  rating_changed: ["commissioner", "reviewer"],
  /** A performance assessment confirmed: the provider's staff. */
  assessment_confirmed: ["provider"],
  /** A performance assessment falling due: the council's reviewers. */
  assessment_due: ["reviewer"],
  /** Shared evidence waiting for a linked group's view. */
  view_wanted: ["representative"],
} as const satisfies Record<string, readonly Role[]>;
export type Audience = keyof typeof AUDIENCES;

/** Whether a role may take away its own ability to manage users (it may not: the last door would close). */
export const keepsUserManagement = (role: Role, kind: OrganisationKind): boolean =>
  can({ role, organisationKind: kind }, "user.manage");

// Presentation: choices of what to show, by role, that grant nothing.

/** The invitation email a role gets: people who use the service get it in plainer words. */
export const INVITATION_TEMPLATE: Record<Role, "invitation" | "invitation-representative"> = {
  admin: "invitation",
  commissioner: "invitation",
  reviewer: "invitation",
  provider: "invitation",
  representative: "invitation-representative",
};

/** The first administrator's role, made on first start (then made the operator). */
export const FIRST_ADMIN_ROLE: Role = "admin";

/** Which home page a role gets: what needs the attention of the provider, the reviewer, the commissioner. */
export type HomeKind = "provider" | "reviewer" | "commissioner" | "none";
const HOME_KIND: Record<Role, HomeKind> = {
  admin: "none",
  commissioner: "commissioner",
  reviewer: "reviewer",
  provider: "provider",
  representative: "none",
};
export const homeOf = (caller: Pick<Caller, "role">): HomeKind => HOME_KIND[caller.role];

/** Whether an organisation of this kind may give its users this role. */
export const kindAllowsRole = (kind: OrganisationKind, role: Role): boolean =>
  ROLE_POLICY[role].kinds.includes(kind);
