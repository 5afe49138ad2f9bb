// What needs each role's attention, for the top of their home page: the provider's evidence overdue,
// due soon and returned for changes; the reviewer's queue, oldest first; the commissioner's contracts
// rated red or amber and the evidence overdue on them. Read through the same tenant filters as the lists.
import { and, asc, count, eq, gte, inArray, lt, lte, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { contracts, obligations, organisations } from "../../db/schema/index.js";
import type { RagStatus } from "../../model/compliance.js";
import { addDays, londonDate } from "../../model/dates.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../context.js";
import { obligationScope } from "../contracts/queries.js";
import { reviewQueue } from "../evidence/queue.js";
import { ratingOf, ratingsQuery } from "./reminders.js";

/** "Due soon" on the home page: due within this many days. */
export const DUE_SOON_DAYS = 14;
/** At most this many items a list; the count says how many there are. */
const ATTENTION_LIMIT = 10;

export interface ObligationItem {
  id: string;
  contractId: string;
  reference: string;
  clauseKey: string;
  clauseTitle: string;
  period: string;
  dueDate: string | null;
}

async function obligationList(db: DbOrTx, actor: Actor, where: SQL, order: "due" | "recent") {
  const scope = and(obligationScope(actor), where);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: obligations.id,
        contractId: obligations.contractId,
        reference: contracts.reference,
        clauseKey: obligations.clauseKey,
        clauseTitle: obligations.clauseTitle,
        period: obligations.period,
        dueDate: obligations.dueDate,
      })
      .from(obligations)
      .innerJoin(contracts, eq(contracts.id, obligations.contractId))
      .where(scope)
      .orderBy(
        order === "due" ? asc(obligations.dueDate) : asc(obligations.updatedAt),
        asc(obligations.clauseKey),
      )
      .limit(ATTENTION_LIMIT),
    db.select({ n: count() }).from(obligations).where(scope),
  ]);
  return { items: rows as ObligationItem[], total: Number(total?.n ?? 0) };
}

export async function providerAttention({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const { db, actor } = ctx;
  const today = londonDate(ctx.now);
  const pending = eq(obligations.state, "pending");
  const [overdue, dueSoon, returned] = await Promise.all([
    obligationList(db, actor, and(pending, lt(obligations.dueDate, today))!, "due"),
    obligationList(
      db,
      actor,
      and(
        pending,
        lte(obligations.periodStart, today),
        gte(obligations.dueDate, today),
        lte(obligations.dueDate, addDays(today, DUE_SOON_DAYS)),
      )!,
      "due",
    ),
    obligationList(db, actor, eq(obligations.state, "changes_requested"), "recent"),
  ]);
  return { overdue, dueSoon, returned };
}

export async function reviewerAttention({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const queue = await reviewQueue({ ctx });
  return { waiting: { items: queue.slice(0, ATTENTION_LIMIT), total: queue.length } };
}

interface ContractAttention {
  id: string;
  reference: string;
  providerName: string;
  rag: RagStatus;
  overdue: number;
}

export async function commissionerAttention({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const { db, actor } = ctx;
  const rows = await ratingsQuery(db, londonDate(ctx.now), actor.organisationId);
  const flagged = rows
    .map((r) => ({ contractId: r.contractId, rag: ratingOf(r), overdue: r.overdue }))
    .filter((r) => r.rag !== "green" || r.overdue > 0);
  const names = flagged.length
    ? await db
        .select({ id: contracts.id, reference: contracts.reference, providerName: organisations.name })
        .from(contracts)
        .innerJoin(organisations, eq(organisations.id, contracts.providerOrganisationId))
        .where(
          and(
            eq(contracts.organisationId, actor.organisationId),
            inArray(
              contracts.id,
              flagged.map((f) => f.contractId),
            ),
          ),
        )
    : [];
  const byId = new Map(names.map((n) => [n.id, n]));
  const list: ContractAttention[] = flagged
    .filter((f) => byId.has(f.contractId))
    .map((f) => ({ ...byId.get(f.contractId)!, rag: f.rag, overdue: f.overdue }));
  const rank = { red: 0, amber: 1, green: 2 } as const;
  list.sort(
    (a, b) => rank[a.rag] - rank[b.rag] || b.overdue - a.overdue || a.reference.localeCompare(b.reference),
  );
  return {
    rated: list.filter((c) => c.rag !== "green"),
    overdue: list.filter((c) => c.overdue > 0),
    overdueTotal: list.reduce((n, c) => n + c.overdue, 0),
  };
}
