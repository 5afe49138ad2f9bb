// Response shapes shared across routes. Secrets (hashes, tokens) are never part of these.

import { ORGANISATION_KINDS, ROLES } from "../db/schema/index.js";
import { z } from "./openapi.js";

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.uuid(),
    active: z.boolean(),
    /** False for someone invited who has not chosen a password yet (or who signs in only through single sign-on). */
    passwordSet: z.boolean(),
    /** When they last signed in (null: never). Someone invited has joined once they have a password or have signed in. */
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");

export const organisationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    postalAddress: z.string().nullable(),
    email: z.string().nullable(),
    identifier: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Organisation");

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  organisationId: string;
  active: boolean;
  passwordHash: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
};
export const toUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisationId: u.organisationId,
  active: u.active,
  passwordSet: u.passwordHash !== null,
  lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

type OrgRow = {
  id: string;
  name: string;
  kind: (typeof ORGANISATION_KINDS)[number];
  postalAddress?: string | null;
  email?: string | null;
  identifier?: string | null;
  createdAt: Date;
};
export const toOrganisation = (o: OrgRow) => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  postalAddress: o.postalAddress ?? null,
  email: o.email ?? null,
  identifier: o.identifier ?? null,
  createdAt: o.createdAt.toISOString(),
});
