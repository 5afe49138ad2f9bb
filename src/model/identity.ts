// Who acts in WithUs: the kinds of organisation, the roles, and the caller every service acts for.
// A user group is a service-user forum or lived experience recovery organisation, independent of the provider.
export const ORGANISATION_KINDS = ["commissioner", "provider", "user_group"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ROLES = ["admin", "commissioner", "reviewer", "provider", "representative"] as const;
export type Role = (typeof ROLES)[number];

/** What says whether someone invited has joined: a password chosen, or a sign-in (single sign-on needs no password). */
export interface Joining {
  passwordHash: string | null;
  lastSignInAt: Date | null;
}

/** True once the person has joined; until then (and while active) their invitation may be resent or cancelled. */
export const hasJoined = (u: Joining) => u.passwordHash !== null || u.lastSignInAt !== null;

export interface Actor {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  role: Role;
  /** The service operator (a flag granted on the server, never through the API): see access-policy.ts. */
  operator?: boolean;
  name: string;
  email: string;
  via: "session" | "token";
  /** The session's CSRF token (session callers only). */
  csrfToken?: string;
  /** The stored hash of the session's id (session callers only), to end every session but this one. */
  sessionIdHash?: string;
}
