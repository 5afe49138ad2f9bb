// Email domains claimed by an organisation: its administrator asks, the service operator approves or
// refuses. Once approved, new accounts at the domain belong to that organisation or to one it names.
import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DomainClaimStatus } from "../../model/email-domains.js";
import { organisations, users } from "./identity.js";

export { DOMAIN_CLAIM_STATUSES, type DomainClaimStatus } from "../../model/email-domains.js";

export const domainClaims = pgTable(
  "domain_claims",
  {
    id: uuid().primaryKey().defaultRandom(),
    domain: text().notNull(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    status: text().$type<DomainClaimStatus>().notNull().default("requested"),
    requestedBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One organisation holds a domain; one open request per organisation and domain.
    uniqueIndex("domain_claims_approved_unique").on(t.domain).where(sql`${t.status} = 'approved'`),
    uniqueIndex("domain_claims_requested_unique")
      .on(t.domain, t.organisationId)
      .where(sql`${t.status} = 'requested'`),
    index().on(t.organisationId),
  ],
);

/** Other organisations whose people may have accounts at a claimed domain (a council's in-house provider). */
export const domainClaimAllowed = pgTable(
  "domain_claim_allowed",
  {
    claimId: uuid()
      .notNull()
      .references(() => domainClaims.id, { onDelete: "cascade" }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.organisationId] }), index().on(t.organisationId)],
);
