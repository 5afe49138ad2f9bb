// What an assessment's records need besides its ratings (model/performance-notice.ts AssessmentRecord): the
// contract's and both parties' details as they stand at confirmation, read once and kept with it.
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { contracts, organisations, specifications, users } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import type { AssessmentRecord, NoticeParty } from "../../model/performance-notice.js";

const supplier = alias(organisations, "supplier");
const authority = alias(organisations, "authority");

const party = (o: typeof organisations.$inferSelect): NoticeParty => ({
  name: o.name,
  postalAddress: o.postalAddress,
  email: o.email,
  identifier: o.identifier,
});

/** The record as of now; the caller has already found the contract within the actor's reach. */
export async function assessmentRecordOf(
  db: DbOrTx,
  contractId: string,
  confirmedBy: string | null,
  at: Date,
): Promise<AssessmentRecord> {
  const [row] = await db
    .select({ c: contracts, spec: specifications, supplier, authority })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .innerJoin(supplier, eq(supplier.id, contracts.providerOrganisationId))
    .innerJoin(authority, eq(authority.id, contracts.organisationId))
    .where(eq(contracts.id, contractId));
  if (!row) throw notFound("contract");
  const [who] = confirmedBy
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, confirmedBy))
    : [];
  const c = row.c;
  return {
    contract: {
      reference: c.reference,
      title: c.title,
      procurementIdentifier: c.procurementIdentifier,
      procurementRegime: c.procurementRegime,
      lightTouch: c.lightTouch,
      estimatedValuePence: c.estimatedValuePence,
      serviceName: row.spec.serviceName,
      specificationTitle: row.spec.title,
      startDate: c.startDate,
      endDate: c.endDate,
    },
    authority: party(row.authority),
    supplier: party(row.supplier),
    confirmedByName: who?.name ?? "",
    confirmedAt: at.toISOString(),
  };
}
