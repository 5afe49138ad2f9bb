// The tenant filter every service read of tenant data goes through.
import { type Column, eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../model/identity.js";

/**
 * The tenant filter for rows that belong to a commissioning organisation and, optionally, a provider and a
 * contract: commissioning staff see their organisation's rows, provider staff the rows that name their
 * organisation, and representatives the rows of the contracts their user group is linked to.
 */
export function scopeFilter(
  actor: Actor,
  cols: { organisationId: Column; providerOrganisationId?: Column; contractId?: Column },
): SQL {
  if (actor.role === "provider") {
    return cols.providerOrganisationId ? eq(cols.providerOrganisationId, actor.organisationId) : sql`false`;
  }
  if (actor.role === "representative") {
    return cols.contractId
      ? sql`${cols.contractId} in (select contract_id from contract_user_groups where user_group_id = ${actor.organisationId})`
      : sql`false`;
  }
  return eq(cols.organisationId, actor.organisationId);
}
