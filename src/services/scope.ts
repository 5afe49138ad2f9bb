// The tenant filter every service read of tenant data goes through: the access policy's tenant rule for
// the resource (src/model/access-policy.ts), as SQL.
import { type Column, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { type Resource, tenantRule } from "../model/access-policy.js";
import type { Actor } from "../model/identity.js";

/**
 * `organisationId` is the organisation that owns the row (null for shared rows such as the clause
 * library), `providerOrganisationId` the provider it is let to and `contractId` its contract, where there
 * are such.
 */
export function scopeFilter(
  actor: Actor,
  resource: Resource,
  cols: { organisationId: Column; providerOrganisationId?: Column; contractId?: Column },
): SQL {
  switch (tenantRule(actor, resource)) {
    case "own":
      return eq(cols.organisationId, actor.organisationId);
    case "party":
      return cols.providerOrganisationId ? eq(cols.providerOrganisationId, actor.organisationId) : sql`false`;
    case "linked":
      return cols.contractId
        ? sql`${cols.contractId} in (select contract_id from contract_user_groups where user_group_id = ${actor.organisationId})`
        : sql`false`;
    case "shared":
      return isNull(cols.organisationId);
    case "own_or_shared":
      return or(isNull(cols.organisationId), eq(cols.organisationId, actor.organisationId))!;
    case "all":
      return sql`true`;
    case "none":
      return sql`false`;
  }
}
