// People who use the service: user groups linked to contracts, their representatives' views on evidence,
// and "you said, we did" entries for the public page.

import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { NameReach } from "../../model/access-policy.js";
import type { ValidationView } from "../../model/involvement.js";
import { contracts, obligations, submissions } from "./contracts.js";
import { organisations, users } from "./identity.js";

/** A user group whose representatives may see a contract's promises and shareable evidence. */
export const contractUserGroups = pgTable(
  "contract_user_groups",
  {
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    userGroupId: uuid()
      .notNull()
      .references(() => organisations.id),
    linkedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.userGroupId] }), index().on(t.userGroupId)],
);

export { VALIDATION_VIEWS, type ValidationView } from "../../model/involvement.js";

/** A representative's view of whether a submission matches their experience. One per person and submission. */
export const validations = pgTable(
  "validations",
  {
    id: uuid().primaryKey().defaultRandom(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    obligationId: uuid()
      .notNull()
      .references(() => obligations.id),
    contractId: uuid().notNull(),
    userGroupId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    view: text().$type<ValidationView>().notNull(),
    comment: text().notNull().default(""),
    /** Whether the provider may see who said it (fear of reprisal: off unless chosen). */
    showMyName: boolean().notNull().default(false),
    /**
     * How far the writer's name travels (model/access-policy.ts nameShownTo): "group" (everyone else reads
     * "a member of <group>"), "council", or "everyone" (showMyName).
     */
    nameReach: text().$type<NameReach>().notNull().default("council"),
    /** Given after the council decided on the evidence: the reviewer could not weigh it, and it says so. */
    afterDecision: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("validations_submission_user_unique").on(t.submissionId, t.userId),
    index().on(t.contractId),
    index().on(t.obligationId),
  ],
);

/**
 * A person has read a privacy notice (for representatives: what happens to their views and name), once.
 * `notice` names which one, so a changed notice can be asked for again under a new name.
 */
export const noticeAcknowledgements = pgTable(
  "notice_acknowledgements",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    notice: text().notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.notice] })],
);

export const YOU_SAID_STATUSES = ["proposed", "approved", "rejected"] as const;
export type YouSaidStatus = (typeof YOU_SAID_STATUSES)[number];

/** "You said, we did": written by the provider, approved by a reviewer before the public page shows it. */
export const youSaidWeDid = pgTable(
  "you_said_we_did",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    organisationId: uuid().notNull(),
    providerOrganisationId: uuid().notNull(),
    youSaid: text().notNull(),
    weDid: text().notNull(),
    status: text().$type<YouSaidStatus>().notNull().default("proposed"),
    createdBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.contractId, t.status), index().on(t.organisationId)],
);
