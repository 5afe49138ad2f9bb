// Representatives' views on evidence: does it match their experience? Reviewers see them before deciding;
// the provider sees them too, with the person's name only when they chose to show it (fear of reprisal).

import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import {
  contracts,
  contractUserGroups,
  organisations,
  reviews,
  users,
  type ValidationView,
  validations,
} from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict } from "../../lib/errors.js";
import { longText } from "../../lib/text.js";
import { type NameReach, nameShownTo, viewsScope } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import { reachOf, VALIDATION_VIEWS, VIEW_NAME_REACHES, viewsDueBy } from "../../model/involvement.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findSubmission, type SubmissionRow } from "../evidence/queries.js";
import { parseInput } from "../input.js";
import { requireViewsNoticeRead } from "./privacy-notice.js";
import { userLedSql } from "./user-led.js";

/**
 * A view as it may be given: the one statement of the rule, read by createValidation and used by
 * POST /api/submissions/:id/validations to describe its body. nameReach says who may see the writer's
 * name ("group" only, "council" by default, or "everyone"); showMyName true, the older choice, means
 * everyone and is read when nameReach is not given.
 */
export const validationInput = z
  .object({
    view: z.enum(VALIDATION_VIEWS, { error: "choose agree, partly or disagree" }),
    comment: longText(TEXT_LIMITS.validationComment).default(""),
    showMyName: z.boolean().default(false),
    nameReach: z.enum(VIEW_NAME_REACHES, { error: "choose who can see your name" }).optional(),
  })
  .strict();

export interface ValidationEntry {
  id: string;
  submissionId: string;
  view: ValidationView;
  comment: string;
  showMyName: boolean;
  nameReach: NameReach;
  /** Given after the council decided on the evidence. */
  afterDecision: boolean;
  userGroupId: string;
  userGroupName: string;
  /** Null unless the viewer may know who said it: pages then read "a member of <group>". */
  name: string | null;
  mine: boolean;
  createdAt: string;
}

/** Whether linked groups are asked for their view of this submission: shared, and a user-led clause. */
export async function openToGroups(db: DbOrTx, sub: SubmissionRow): Promise<boolean> {
  if (!sub.shareable) return false;
  const [row] = await db
    .select({
      userLed: userLedSql(
        sql`${sub.contractId}::uuid`,
        sql`(select clause_key from obligations where id = ${sub.obligationId}::uuid)`,
      ),
    })
    .from(sql`(select 1) as one`);
  return Boolean(row?.userLed);
}

export async function createValidation({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx;
  /** The submission, and a view as sent: judged here against validationInput (422 with each field's problem). */
  input: { submissionId: string } & Record<string, unknown>;
}): Promise<ValidationEntry> {
  const { submissionId, ...raw } = given;
  const input = parseInput(validationInput, raw, "The view has values that are not valid.");
  try {
    return await withTransaction(ctx.db, async (tx) => {
      // Representatives reach only shared evidence of user-led clauses of their group's contracts: else 404.
      const sub = await findSubmission(tx, ctx.actor, submissionId);
      // The privacy notice comes before a representative's first view, in the pages and the API alike.
      await requireViewsNoticeRead(tx, ctx);
      const nameReach = input.nameReach ?? (input.showMyName ? "everyone" : "council");
      // One decision per submission (reviews.submission_id is unique): a view after it stays marked so.
      const [decided] = await tx
        .select({ id: reviews.id })
        .from(reviews)
        .where(eq(reviews.submissionId, sub.id));
      const [row] = await tx
        .insert(validations)
        .values({
          submissionId: sub.id,
          obligationId: sub.obligationId,
          contractId: sub.contractId,
          userGroupId: ctx.actor.organisationId,
          userId: ctx.actor.userId,
          view: input.view,
          comment: input.comment,
          showMyName: nameReach === "everyone",
          nameReach,
          afterDecision: Boolean(decided),
          createdAt: ctx.now,
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: "validation.create",
        entityType: "validation",
        entityId: row!.id,
        organisationId: sub.organisationId,
        parentType: "submission",
        parentId: sub.id,
        after: {
          view: row!.view,
          nameReach: row!.nameReach,
          afterDecision: row!.afterDecision,
          userGroupId: row!.userGroupId,
        },
      });
      return {
        id: row!.id,
        submissionId: sub.id,
        view: row!.view,
        comment: row!.comment,
        showMyName: row!.showMyName,
        nameReach: reachOf(row!),
        afterDecision: row!.afterDecision,
        userGroupId: row!.userGroupId,
        userGroupName: ctx.actor.organisationName,
        name: ctx.actor.name,
        mine: true,
        createdAt: row!.createdAt.toISOString(),
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("You have already given your view on this evidence.");
    throw e;
  }
}

/** Who may know the person behind a view: as far as its writer chose (the group, the council, everyone). */
function nameFor(
  actor: Actor,
  v: { userId: string; showMyName: boolean; nameReach: NameReach },
  name: string,
): string | null {
  return nameShownTo(actor, { reach: reachOf(v), own: v.userId === actor.userId }) ? name : null;
}

export interface ViewsOfSubmission {
  validations: ValidationEntry[];
  /** Linked groups that have not given a view yet, while the contract's days for it last. */
  pending: Array<{ organisationId: string; name: string }>;
  /** The last day the groups have for their view; null when the evidence is not open to them. */
  dueBy: string | null;
}

export async function viewsOfSubmission({
  ctx,
  input: { submissionId, today },
}: {
  ctx: ServiceCtx;
  input: { submissionId: string; today: string };
}): Promise<ViewsOfSubmission> {
  const { db, actor } = ctx;
  const sub = await findSubmission(db, actor, submissionId);
  const conds = [eq(validations.submissionId, sub.id)];
  // A representative sees their own group's views, not other groups'.
  if (viewsScope(actor) === "own_group") conds.push(eq(validations.userGroupId, actor.organisationId));
  const rows = await db
    .select({ v: validations, name: users.name, groupName: organisations.name })
    .from(validations)
    .innerJoin(users, eq(users.id, validations.userId))
    .innerJoin(organisations, eq(organisations.id, validations.userGroupId))
    .where(and(...conds))
    .orderBy(asc(validations.createdAt));
  const entries = rows.map(({ v, name, groupName }) => ({
    id: v.id,
    submissionId: v.submissionId,
    view: v.view,
    comment: v.comment,
    showMyName: v.showMyName,
    nameReach: reachOf(v),
    afterDecision: v.afterDecision,
    userGroupId: v.userGroupId,
    userGroupName: groupName,
    name: nameFor(actor, v, name),
    mine: v.userId === actor.userId,
    createdAt: v.createdAt.toISOString(),
  }));
  if (!(await openToGroups(db, sub))) return { validations: entries, pending: [], dueBy: null };
  const [contract] = await db
    .select({ days: contracts.validationDays })
    .from(contracts)
    .where(eq(contracts.id, sub.contractId));
  const dueBy = viewsDueBy(sub.createdAt, contract!.days);
  const groups = await db
    .select({ organisationId: organisations.id, name: organisations.name })
    .from(contractUserGroups)
    .innerJoin(organisations, eq(organisations.id, contractUserGroups.userGroupId))
    .where(eq(contractUserGroups.contractId, sub.contractId))
    .orderBy(asc(organisations.name));
  const answered = new Set(rows.map((r) => r.v.userGroupId));
  const pending =
    today <= dueBy
      ? groups.filter(
          (g) =>
            !answered.has(g.organisationId) &&
            (viewsScope(actor) === "all" || g.organisationId === actor.organisationId),
        )
      : [];
  return { validations: entries, pending, dueBy };
}

/** Views that call for the reviewer's answer: anyone who disagreed or partly agreed. */
/** How many views people who use the service have given on a submission, of any kind. */
export async function viewsGiven(db: DbOrTx, submissionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(validations)
    .where(eq(validations.submissionId, submissionId));
  return Number(row?.n ?? 0);
}

export async function viewsNeedingResponse(db: DbOrTx, submissionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(validations)
    .where(
      and(eq(validations.submissionId, submissionId), sql`${validations.view} in ('disagree', 'partly')`),
    );
  return Number(row?.n ?? 0);
}
