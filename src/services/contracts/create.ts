// Letting a contract: an issued specification to a provider organisation, with its evidence schedule.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { contracts, obligations, organisations } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict, validation } from "../../lib/errors.js";
import { kpiRuleProblem } from "../../model/procurement.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { parseInput } from "../input.js";
import { findSpecification } from "../specifications/queries.js";
import { createContractInput } from "./input.js";
import { carryKpis } from "./kpis.js";
import { insertInBatches, obligationValues, planFor } from "./plan.js";
import { getContract } from "./queries.js";
import { DEFAULT_REPORTING_YEAR_START } from "./schedule.js";
import { procurementOf } from "./update.js";

/** A new contract as given: judged by createContractInput (./input.ts) whoever calls. */
export type CreateContractInput = z.input<typeof createContractInput>;

export async function createContract({ ctx, input: given }: { ctx: ServiceCtx; input: CreateContractInput }) {
  // Every field problem that needs no database, at once: each field, the term and the procurement details.
  const input = parseInput(createContractInput, given, "The contract has values that are not valid.");
  const reportingYearStart = input.reportingYearStart ?? DEFAULT_REPORTING_YEAR_START;
  const procurement = procurementOf(input);
  return withTransaction(ctx.db, async (tx) => {
    const spec = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id: input.specificationId } });
    const [provider] = await tx
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, input.providerOrganisationId), eq(organisations.kind, "provider")));
    if (!provider) {
      throw validation([{ path: "providerOrganisationId", message: "must be a provider organisation" }]);
    }
    const plan = await planFor(tx, spec, {
      startDate: input.startDate,
      endDate: input.endDate,
      reportingYearStart,
    });
    let contract: typeof contracts.$inferSelect;
    try {
      [contract] = (await tx
        .insert(contracts)
        .values({
          organisationId: ctx.actor.organisationId,
          providerOrganisationId: provider.id,
          specificationId: spec.id,
          reference: input.reference,
          startDate: input.startDate,
          endDate: input.endDate,
          reportingYearStart,
          ...procurement,
          ...(input.reminderDays ? { reminderDays: [...input.reminderDays].sort((a, b) => b - a) } : {}),
          createdBy: ctx.actor.userId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning()) as [typeof contracts.$inferSelect];
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`There is already a contract with reference ${input.reference}.`);
      throw e;
    }
    await insertInBatches(plan, 1000, (batch) =>
      tx.insert(obligations).values(batch.map((p) => obligationValues(contract, p))),
    );
    const kpiCount = await carryKpis(tx, contract.id, spec, ctx.now);
    const ruleProblem = kpiRuleProblem(procurement, kpiCount);
    if (ruleProblem) throw validation([ruleProblem], "The Procurement Act 2023 asks for three KPIs.");
    const view = await getContract({ ctx: { ...ctx, db: tx }, input: { id: contract.id } });
    await recordAudit(tx, ctx, {
      action: "contract.create",
      entityType: "contract",
      entityId: contract.id,
      after: { ...view, obligations: plan.length, kpis: kpiCount },
    });
    return { ...view, obligationCount: plan.length };
  });
}
