// "A submission is waiting for your group's view": written in the transaction of the submission, to the
// representatives of every user group linked to the contract, when the evidence is open to them. And "the
// council has decided", in the transaction of the review, to each representative who gave a view on it.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import {
  contracts,
  contractUserGroups,
  specifications,
  users,
  type Verdict,
  validations,
} from "../../db/schema/index.js";
import { formatDate } from "../../model/dates.js";
import { GROUP_DECISION_WORDS, viewsDueBy } from "../../model/involvement.js";
import type { SubmissionRow } from "../evidence/queries.js";
import { activeUsers, enqueueMessages } from "../notifications/enqueue.js";
import { openToGroups } from "./validations.js";

export async function askGroupsForViews(
  tx: DbOrTx,
  sub: SubmissionRow,
  ob: { clauseTitle: string; period: string },
  now: Date,
): Promise<string[]> {
  if (!(await openToGroups(tx, sub))) return [];
  const [contract] = await tx
    .select({ days: contracts.validationDays, service: specifications.serviceName })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, sub.contractId));
  const groups = await tx
    .select({ id: contractUserGroups.userGroupId })
    .from(contractUserGroups)
    .where(eq(contractUserGroups.contractId, sub.contractId));
  const recipients = (await Promise.all(groups.map((g) => activeUsers(tx, g.id, "view_wanted")))).flat();
  const dueBy = viewsDueBy(sub.createdAt, contract!.days);
  return enqueueMessages(
    tx,
    recipients.map((userId) => ({
      userId,
      organisationId: sub.organisationId,
      kind: "view-wanted" as const,
      params: {
        service: contract!.service,
        clause: ob.clauseTitle,
        period: ob.period,
        dueBy: formatDate(dueBy),
      },
      link: `/involvement/evidence/${sub.id}`,
      dedupeKey: `view-wanted:${sub.id}`,
    })),
    now,
  );
}

export async function tellGroupsOfDecision(
  tx: DbOrTx,
  sub: SubmissionRow,
  ob: { clauseTitle: string; period: string },
  decision: { decision: "accepted"; verdict: Verdict } | { decision: "changes_requested" },
  now: Date,
): Promise<string[]> {
  const gave = await tx
    .selectDistinct({ userId: validations.userId })
    .from(validations)
    .innerJoin(users, eq(users.id, validations.userId))
    .where(and(eq(validations.submissionId, sub.id), eq(users.active, true)));
  if (!gave.length) return [];
  const [contract] = await tx
    .select({ service: specifications.serviceName })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, sub.contractId));
  const words = `They ${GROUP_DECISION_WORDS[decision.decision === "accepted" ? decision.verdict : "changes_requested"]}.`;
  return enqueueMessages(
    tx,
    gave.map(({ userId }) => ({
      userId,
      organisationId: sub.organisationId,
      kind: "view-answered" as const,
      params: { service: contract!.service, clause: ob.clauseTitle, period: ob.period, decision: words },
      link: `/involvement/evidence/${sub.id}`,
      dedupeKey: `view-answered:${sub.id}`,
    })),
    now,
  );
}
