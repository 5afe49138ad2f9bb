// The tenant filter every service read of tenant data goes through.
import { type Column, eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../model/identity.js";

/**
 * The tenant filter for rows that belong to a commissioning organisation and, optionally, a provider:
 * commissioning staff see their organisation's rows, provider staff the rows that name their organisation.
 */
export function scopeFilter(
  actor: Actor,
  cols: { organisationId: Column; providerOrganisationId?: Column },
): SQL {
  if (actor.role === "provider") {
    return cols.providerOrganisationId ? eq(cols.providerOrganisationId, actor.organisationId) : sql`false`;
  }
  return eq(cols.organisationId, actor.organisationId);
}
