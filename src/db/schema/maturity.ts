// Involvement-maturity reviews (clause GOV-05): one a contract year, recorded by the provider with its forum
// and confirmed, or changed with reasons, by the reviewer.
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { Approach, Indicator } from "../../model/maturity.js";
import { contracts } from "./contracts.js";
import { users } from "./identity.js";

export type ProviderRatings = Record<Indicator, { score: number; evidence: string }>;
export type ReviewerRatings = Record<Indicator, { score: number; reason: string | null }>;

export const involvementReviews = pgTable(
  "involvement_reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    /** Denormalised from the contract, for the tenant filter. */
    organisationId: uuid().notNull(),
    providerOrganisationId: uuid().notNull(),
    /** The calendar year the review is for ("pragmatist in 2026"). */
    year: integer().notNull(),
    /** The forum or lived experience organisation the provider completed it with. */
    completedWith: text().notNull(),
    /** Service users (who did not write it) who took part. */
    participants: integer().notNull(),
    /** Their disagreements, in their own words. */
    disagreement: text(),
    ratings: jsonb().$type<ProviderRatings>().notNull(),
    approach: text().$type<Approach>().notNull(),
    level: text().notNull(),
    submittedBy: uuid().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reviewerRatings: jsonb().$type<ReviewerRatings>(),
    confirmedApproach: text().$type<Approach>(),
    confirmedLevel: text(),
    reviewedBy: uuid().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique().on(t.contractId, t.year),
    index().on(t.organisationId),
    index().on(t.providerOrganisationId),
  ],
);
