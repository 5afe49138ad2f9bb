// What the evidence cycle announces, written in the transaction of the change: evidence submitted (to
// the commissioning organisation's reviewers), changes requested, evidence accepted and obligations
// marked not applicable (to the provider's staff). Only names of organisations, contracts, clauses and
// periods go in a message: never the narrative, a comment or a file.

import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { contracts, type obligations, organisations, type Verdict } from "../../db/schema/index.js";
import { VERDICT_WORDS } from "../../model/compliance.js";
import { activeUsers, enqueueMessages, type MessageInput } from "./enqueue.js";

type Obligation = Pick<
  typeof obligations.$inferSelect,
  "id" | "contractId" | "organisationId" | "providerOrganisationId" | "clauseTitle" | "period" | "revision"
>;

const providerOrg = alias(organisations, "provider_org");
const commissionerOrg = alias(organisations, "commissioner_org");

/** The names messages about these contracts use, by contract id. */
export async function contractNamesOf(db: DbOrTx, contractIds: string[]) {
  if (!contractIds.length)
    return new Map<string, { reference: string; provider: string; commissioner: string }>();
  const rows = await db
    .select({
      id: contracts.id,
      reference: contracts.reference,
      provider: providerOrg.name,
      commissioner: commissionerOrg.name,
    })
    .from(contracts)
    .innerJoin(providerOrg, eq(providerOrg.id, contracts.providerOrganisationId))
    .innerJoin(commissionerOrg, eq(commissionerOrg.id, contracts.organisationId))
    .where(inArray(contracts.id, [...new Set(contractIds)]));
  return new Map(rows.map(({ id, ...names }) => [id, names]));
}

/** The names a message about a contract uses. */
export async function contractNames(db: DbOrTx, contractId: string) {
  const row = (await contractNamesOf(db, [contractId])).get(contractId);
  if (!row) throw new Error(`contract ${contractId} not found`);
  return row;
}

async function toUsers(
  tx: DbOrTx,
  userIds: string[],
  msg: Omit<MessageInput, "userId">,
  now: Date,
): Promise<string[]> {
  return enqueueMessages(
    tx,
    userIds.map((userId) => ({ ...msg, userId })),
    now,
  );
}

export async function announceSubmission(tx: DbOrTx, ob: Obligation, submissionId: string, now: Date) {
  const names = await contractNames(tx, ob.contractId);
  return toUsers(
    tx,
    await activeUsers(tx, ob.organisationId, "evidence_submitted"),
    {
      organisationId: ob.organisationId,
      kind: "evidence-submitted",
      params: {
        provider: names.provider,
        clause: ob.clauseTitle,
        period: ob.period,
        contract: names.reference,
      },
      link: `/submissions/${submissionId}`,
      dedupeKey: `submitted:${submissionId}`,
    },
    now,
  );
}

export async function announceReview(
  tx: DbOrTx,
  ob: Obligation,
  submissionId: string,
  decision: { decision: "accepted"; verdict: Verdict } | { decision: "changes_requested" },
  now: Date,
) {
  const names = await contractNames(tx, ob.contractId);
  const common = {
    commissioner: names.commissioner,
    clause: ob.clauseTitle,
    period: ob.period,
    contract: names.reference,
  };
  return toUsers(
    tx,
    await activeUsers(tx, ob.providerOrganisationId, "evidence_decided"),
    decision.decision === "accepted"
      ? {
          organisationId: ob.organisationId,
          kind: "evidence-accepted",
          params: { ...common, verdict: VERDICT_WORDS[decision.verdict].toLowerCase() },
          link: `/submissions/${submissionId}`,
          dedupeKey: `accepted:${submissionId}`,
        }
      : {
          organisationId: ob.organisationId,
          kind: "changes-requested",
          params: common,
          link: `/submissions/${submissionId}`,
          dedupeKey: `changes-requested:${submissionId}`,
        },
    now,
  );
}

export async function announceWaiver(tx: DbOrTx, ob: Obligation, now: Date) {
  const names = await contractNames(tx, ob.contractId);
  return toUsers(
    tx,
    await activeUsers(tx, ob.providerOrganisationId, "evidence_decided"),
    {
      organisationId: ob.organisationId,
      kind: "not-applicable",
      params: {
        commissioner: names.commissioner,
        clause: ob.clauseTitle,
        period: ob.period,
        contract: names.reference,
      },
      link: `/obligations/${ob.id}`,
      // The revision it was waived at: waived, reinstated and waived again is announced twice.
      dedupeKey: `not-applicable:${ob.id}:${ob.revision}`,
    },
    now,
  );
}
