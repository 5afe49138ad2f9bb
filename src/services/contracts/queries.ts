// Reading contracts and obligations. Every read goes through the tenant filter: commissioning staff see
// their organisation's contracts, provider staff only the contracts let to their organisation.

import { and, asc, type Column, desc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import {
  clauseVersions,
  contracts,
  obligations,
  organisations,
  specifications,
  submissions,
} from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { evidenceScope } from "../../model/access-policy.js";
import { COMMISSIONER_CATEGORY, type Party, type RenderedClause } from "../../model/clause-schema.js";
import type { ObligationStatus } from "../../model/compliance.js";
import type { Actor } from "../../model/identity.js";
import { libraryMetricsSql } from "../clauses/library-units.js";
import type { ServiceCtx } from "../context.js";
import { userLedSql } from "../involvement/user-led.js";
import { keptQuery } from "../kept-queries.js";
import { scopeFilter } from "../scope.js";
import { obligationStatusSql } from "./obligation-status.js";

export type ContractRow = typeof contracts.$inferSelect;
export type ObligationRow = typeof obligations.$inferSelect;

const contractScope = (actor: Actor) =>
  scopeFilter(actor, "contract", {
    organisationId: contracts.organisationId,
    providerOrganisationId: contracts.providerOrganisationId,
    contractId: contracts.id,
  });

export const obligationScope = (actor: Actor) =>
  scopeFilter(actor, "obligation", {
    organisationId: obligations.organisationId,
    providerOrganisationId: obligations.providerOrganisationId,
    contractId: obligations.contractId,
  });

/** A contract the caller may see, or 404. */
export async function findContract({
  ctx,
  input: { id, lock = false },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string; lock?: boolean };
}): Promise<ContractRow> {
  const { db, actor } = ctx;
  const q = db
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), contractScope(actor)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("contract");
  return row;
}

/** A specification snapshot's clause cut to what figures are judged by: its key and its threshold's metrics. */
export type SnapshotMetrics = Array<Pick<RenderedClause, "key" | "threshold">>;

/** The clause an obligation of the contract carries, as its first period has it: key, title, version, party. */
export interface ContractClauseRow {
  key: string;
  title: string;
  versionId: string;
  frequency: string;
  party: Party;
}

/**
 * A contract the caller may see, narrowly (its reference and start), for its figures against targets: in the
 * same read, its clauses as its obligations carry them (ContractClauseRow, one a clause), its specification's
 * clauses as let, cut to their metrics (a snapshot holds every clause's whole text), and what the library's
 * current versions of its clauses say of their metrics' units (judgedUnit). Or 404, as findContract.
 */
export async function findContractForFigures({
  ctx,
  input: { id },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string };
}) {
  const { db, actor } = ctx;
  const [row] = await keptQuery(db, "contract for figures", actor, () =>
    db
      .select({
        id: contracts.id,
        reference: contracts.reference,
        startDate: contracts.startDate,
        // Each clause as its first obligation has it (the contract's obligations in clause and period order).
        obligationClauses: sql<ContractClauseRow[] | null>`(select json_agg(json_build_object(
          'key', f.clause_key, 'title', f.clause_title, 'versionId', f.clause_version_id, 'frequency', f.frequency,
          'party', ${partyOfCategorySql(sql`cv.category`)}) order by f.clause_key)
          from (select distinct on (o.clause_key) o.clause_key, o.clause_title, o.clause_version_id, o.frequency
                from obligations o where o.contract_id = ${contracts.id}
                order by o.clause_key, o.period_start) f
          left join clause_versions cv on cv.id = f.clause_version_id)`,
        clauses: sql<SnapshotMetrics | null>`(select json_agg(json_build_object('key', c->'key',
          'threshold', json_build_object('metrics', coalesce(c->'threshold'->'metrics', '[]'::jsonb))))
          from jsonb_array_elements(${specifications.snapshot}->'clauses') c)`,
        libraryMetrics: libraryMetricsSql(
          sql`select distinct o.clause_key from obligations o where o.contract_id = ${contracts.id}`,
        ),
      })
      .from(contracts)
      .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
      .where(and(eq(contracts.id, sql.placeholder("id")), contractScope(actor)))
      .prepare(""),
  ).execute({ id });
  if (!row) throw notFound("contract");
  return row;
}

const provider = alias(organisations, "provider");
const commissioner = alias(organisations, "commissioner");

const contractColumns = {
  contract: contracts,
  providerName: provider.name,
  commissionerName: commissioner.name,
  specificationTitle: specifications.title,
  specificationReference: specifications.reference,
  serviceName: specifications.serviceName,
  specificationVersion: specifications.version,
  specificationLineageId: specifications.lineageId,
  gracePeriodDays: specifications.gracePeriodDays,
};

type ContractJoined = {
  contract: ContractRow;
  providerName: string;
  commissionerName: string;
  specificationTitle: string;
  specificationReference: string | null;
  serviceName: string;
  specificationVersion: number;
  specificationLineageId: string;
  gracePeriodDays: number;
};

function contractView(r: ContractJoined) {
  const c = r.contract;
  return {
    id: c.id,
    reference: c.reference,
    organisationId: c.organisationId,
    commissionerName: r.commissionerName,
    providerOrganisationId: c.providerOrganisationId,
    providerName: r.providerName,
    specificationId: c.specificationId,
    specificationTitle: r.specificationTitle,
    specificationReference: r.specificationReference,
    specificationVersion: r.specificationVersion,
    specificationLineageId: r.specificationLineageId,
    startDate: c.startDate,
    endDate: c.endDate,
    reportingYearStart: c.reportingYearStart,
    reminderDays: c.reminderDays,
    gracePeriodDays: r.gracePeriodDays,
    serviceName: r.serviceName,
    public: c.public,
    slug: c.slug,
    involvementContact: c.involvementContact,
    involvementContactName: c.involvementContactName,
    contactEmail: c.contactEmail,
    contactPhone: c.contactPhone,
    validationDays: c.validationDays,
    procurementRegime: c.procurementRegime,
    lightTouch: c.lightTouch,
    estimatedValuePence: c.estimatedValuePence,
    title: c.title,
    procurementIdentifier: c.procurementIdentifier,
    kpiExemptionReason: c.kpiExemptionReason,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ContractView = ReturnType<typeof contractView>;

function joinedContracts(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(contractColumns)
    .from(contracts)
    .innerJoin(provider, eq(provider.id, contracts.providerOrganisationId))
    .innerJoin(commissioner, eq(commissioner.id, contracts.organisationId))
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(where);
}

export async function getContract({
  ctx,
  input: { id },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string };
}): Promise<ContractView> {
  const { db, actor } = ctx;
  const [row] = await joinedContracts(db, and(eq(contracts.id, id), contractScope(actor)));
  if (!row) throw notFound("contract");
  return contractView(row);
}

export async function listContracts({
  ctx,
  input: filter,
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { providerOrganisationId?: string; specificationId?: string };
}) {
  const { db, actor } = ctx;
  const conds: SQL[] = [contractScope(actor)];
  if (filter.providerOrganisationId) {
    conds.push(eq(contracts.providerOrganisationId, filter.providerOrganisationId));
  }
  if (filter.specificationId) conds.push(eq(contracts.specificationId, filter.specificationId));
  const rows = await joinedContracts(db, and(...conds)).orderBy(
    desc(contracts.startDate),
    asc(contracts.reference),
  );
  return rows.map(contractView);
}

/**
 * Representatives see an obligation's latest submission only when it is shared with them (as
 * submissionScope has it), and never the reason stored on it: that is the reviewer's note to the provider
 * when changes are asked for, or why it was waived, and may be about evidence not shared or about people.
 */
function forRepresentatives(actor: Actor) {
  if (evidenceScope(actor) === "all") {
    return { reason: obligations.stateReason, latestSubmissionId: obligations.latestSubmissionId };
  }
  const shared = sql`exists (select 1 from ${submissions} where ${submissions.id} = ${obligations.latestSubmissionId} and ${submissions.shareable}) and ${userLedSql(obligations.contractId, obligations.clauseKey)}`;
  return {
    reason: sql<string | null>`null::text`,
    latestSubmissionId: sql<string | null>`case when ${shared} then ${obligations.latestSubmissionId} end`,
  };
}

/** The columns of an obligation as the API shows it to this caller, with its status as of `today`. */
export function obligationColumns(today: string, actor: Actor) {
  return {
    id: obligations.id,
    contractId: obligations.contractId,
    clauseKey: obligations.clauseKey,
    clauseTitle: obligations.clauseTitle,
    frequency: obligations.frequency,
    period: obligations.period,
    periodStart: obligations.periodStart,
    periodEnd: obligations.periodEnd,
    dueDate: obligations.dueDate,
    status: obligationStatusSql(today),
    verdict: obligations.verdict,
    ...forRepresentatives(actor),
    party: partySql,
  };
}

/** Who a clause of this category binds, and so who hands in its evidence: partyOf, read in SQL. */
const partyOfCategorySql = (category: SQL | Column) =>
  sql<Party>`case when ${category} = ${COMMISSIONER_CATEGORY} then 'commissioner' else 'provider' end`;

/** Who the obligation's clause binds, for a query that does not join its clause version. */
const partySql = partyOfCategorySql(
  sql`(select ${clauseVersions.category} from ${clauseVersions} where ${clauseVersions.id} = ${obligations.clauseVersionId})`,
);

/** Who an obligation's clause binds: the commissioner for the commissioning category, else the provider. */
export async function obligationParty(db: DbOrTx, ob: Pick<ObligationRow, "id">): Promise<Party> {
  const [row] = await db.select({ party: partySql }).from(obligations).where(eq(obligations.id, ob.id));
  return row?.party ?? "provider";
}

export interface ObligationView {
  id: string;
  contractId: string;
  clauseKey: string;
  clauseTitle: string;
  frequency: string;
  period: string;
  periodStart: string;
  periodEnd: string | null;
  dueDate: string | null;
  status: ObligationStatus;
  verdict: ObligationRow["verdict"];
  reason: string | null;
  latestSubmissionId: string | null;
  /** Who hands in the evidence: the provider, or the commissioner for their own commitments. */
  party: Party;
}

export async function listObligations({
  ctx,
  input: { contractId, today, ...filter },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { contractId: string; today: string; status?: ObligationStatus; clause?: string; period?: string };
}): Promise<ObligationView[]> {
  const { db, actor } = ctx;
  await findContract({ ctx, input: { id: contractId } });
  const conds: SQL[] = [eq(obligations.contractId, contractId), obligationScope(actor)];
  if (filter.status) conds.push(eq(obligationStatusSql(today), filter.status));
  if (filter.clause) conds.push(eq(obligations.clauseKey, filter.clause));
  if (filter.period) conds.push(eq(obligations.period, filter.period));
  return db
    .select(obligationColumns(today, actor))
    .from(obligations)
    .where(and(...conds))
    .orderBy(asc(obligations.periodStart), asc(obligations.clauseKey));
}

/** One obligation the caller may see, with its status, or 404. */
export async function getObligation({
  ctx,
  input: { id, today },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string; today: string };
}): Promise<ObligationView> {
  const { db, actor } = ctx;
  const [row] = await db
    .select(obligationColumns(today, actor))
    .from(obligations)
    .where(and(eq(obligations.id, id), obligationScope(actor)));
  if (!row) throw notFound("obligation");
  return row;
}

/** The stored obligation row the caller may see, optionally locked for an update, or 404. */
export async function findObligation({
  ctx,
  input: { id, lock = false },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string; lock?: boolean };
}): Promise<ObligationRow> {
  const { db, actor } = ctx;
  const q = db
    .select()
    .from(obligations)
    .where(and(eq(obligations.id, id), obligationScope(actor)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("obligation");
  return row;
}
