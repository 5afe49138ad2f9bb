// Reading specifications: commissioning staff see their organisation's; a provider sees those let to it.

import { and, asc, desc, eq, exists, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import {
  clauses,
  clauseVersions,
  contracts,
  organisations,
  specificationClauses,
  specifications,
  users,
} from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { tenantRule } from "../../model/access-policy.js";
import {
  followsSize,
  type ParameterDef,
  type RenderedClause,
  renderClause,
  type ServiceSize,
  scaleBasis,
} from "../../model/clause-schema.js";
import { withIndependentBody } from "../../model/contacts.js";
import { documentShapeOf } from "../../model/document-input.js";
import type { Actor } from "../../model/identity.js";
import { libraryUnitJudge, withJudgedUnits } from "../clauses/library-units.js";
import type { PublicCtx, ServiceCtx } from "../context.js";

export type SpecificationRow = typeof specifications.$inferSelect;

function visibleSpecifications(db: DbOrTx, actor: Actor): SQL {
  if (tenantRule(actor, "specification") === "party") {
    return exists(
      db
        .select({ one: contracts.id })
        .from(contracts)
        .where(
          and(
            eq(contracts.specificationId, specifications.id),
            eq(contracts.providerOrganisationId, actor.organisationId),
          ),
        ),
    );
  }
  return eq(specifications.organisationId, actor.organisationId);
}

export async function findSpecification({
  ctx,
  input: { id, lock = false },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string; lock?: boolean };
}): Promise<SpecificationRow> {
  const { db, actor } = ctx;
  const q = db
    .select()
    .from(specifications)
    .where(and(eq(specifications.id, id), visibleSpecifications(db, actor)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("specification");
  return row;
}

export interface Selection {
  position: number;
  key: string;
  version: number;
  title: string;
  category: string;
  parameters: Record<string, unknown>;
  clauseVersionId: string;
  content: typeof clauseVersions.$inferSelect.content;
}

export async function selectionsOf({
  ctx,
  input: { specificationId },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { specificationId: string };
}): Promise<Selection[]> {
  const { db } = ctx;
  const rows = await db
    .select({
      position: specificationClauses.position,
      key: clauses.key,
      version: clauseVersions.version,
      title: clauseVersions.title,
      category: clauseVersions.category,
      parameters: specificationClauses.parameters,
      clauseVersionId: clauseVersions.id,
      content: clauseVersions.content,
    })
    .from(specificationClauses)
    .innerJoin(clauseVersions, eq(clauseVersions.id, specificationClauses.clauseVersionId))
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(eq(specificationClauses.specificationId, specificationId))
    .orderBy(asc(specificationClauses.position));
  return rows;
}

/** The clauses as they read in this specification: frozen at issue, or rendered now for a draft. */
export async function renderedClausesOf({
  ctx,
  input: spec,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: SpecificationRow;
}): Promise<RenderedClause[]> {
  if (spec.snapshot) return spec.snapshot.clauses;
  const sel = await selectionsOf({ ctx, input: { specificationId: spec.id } });
  return sel.map((s) =>
    renderClause(
      s.key,
      s.version,
      s.content,
      withIndependentBody(s.key, s.parameters, spec.contacts, s.content.parameters),
      sizeOf(spec),
    ),
  );
}

/**
 * The specification's clauses as a KPI form offers their metrics: rendered, each metric in the unit it is
 * judged in (withJudgedUnits), as the KPIs set from them are read.
 */
export async function kpiClausesOf({
  ctx,
  input: spec,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: SpecificationRow;
}): Promise<RenderedClause[]> {
  const clauses = await renderedClausesOf({ ctx, input: spec });
  const unitOf = await libraryUnitJudge(
    ctx.db,
    clauses.map((c) => c.key),
  );
  return clauses.map((c) => withJudgedUnits(c, unitOf));
}

/** The service size a specification records, which scaled parameter defaults follow. */
export const sizeOf = (s: Pick<SpecificationRow, "caseload" | "sites">): ServiceSize => ({
  caseload: s.caseload,
  sites: s.sites,
});

export function specificationView(
  s: SpecificationRow,
  selections?: Array<
    Pick<Selection, "key" | "version" | "title" | "parameters"> & Partial<Pick<Selection, "content">>
  >,
) {
  return {
    id: s.id,
    lineageId: s.lineageId,
    version: s.version,
    revisesId: s.revisesId,
    status: s.status,
    title: s.title,
    reference: s.reference,
    serviceName: s.serviceName,
    area: s.area,
    commissionerLead: s.commissionerLead,
    providerName: s.providerName,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    reviewDate: s.reviewDate,
    sections: s.sections,
    documentShape: documentShapeOf(s.documentShape, s.sections),
    contacts: s.contacts,
    coProduction: s.coProduction ?? null,
    keyPromises: s.keyPromises ?? null,
    gracePeriodDays: s.gracePeriodDays,
    caseload: s.caseload,
    sites: s.sites,
    bundle: s.bundle,
    revisionNote: s.revisionNote,
    issuedAt: s.issuedAt?.toISOString() ?? null,
    contentHash: s.contentHash,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...(selections
      ? {
          clauses: selections.map((x) => ({
            key: x.key,
            version: x.version,
            title: x.title,
            parameters: x.parameters,
            // Which values are the defaults computed from the service's size, and what from.
            ...(x.content ? { parameterBasis: basisOf(x.content.parameters, x.parameters, sizeOf(s)) } : {}),
          })),
        }
      : {}),
  };
}

function basisOf(params: ParameterDef[], values: Record<string, unknown>, size: ServiceSize) {
  const out: Record<string, string> = {};
  for (const p of params) {
    const basis = followsSize(p, values[p.name], size) ? scaleBasis(p, size) : null;
    if (basis) out[p.name] = basis;
  }
  return out;
}

export async function listSpecifications({
  ctx,
  input: { status },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { status?: string };
}) {
  const { db, actor } = ctx;
  const conds = [visibleSpecifications(db, actor)];
  if (status) conds.push(eq(specifications.status, status as SpecificationRow["status"]));
  const rows = await db
    .select()
    .from(specifications)
    .where(and(...conds))
    .orderBy(desc(specifications.updatedAt));
  return rows.map((r) => specificationView(r));
}

export async function getSpecification({
  ctx,
  input: { id },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string };
}) {
  const spec = await findSpecification({ ctx, input: { id } });
  const sel = spec.snapshot
    ? spec.snapshot.clauses.map((c) => ({
        key: c.key,
        version: c.version,
        title: c.title,
        parameters: c.parameterValues,
      }))
    : await selectionsOf({ ctx, input: { specificationId: spec.id } });
  return specificationView(spec, sel);
}

/** Names the documents need: the organisation and the people who issued each version. */
export async function documentContext(db: DbOrTx, spec: SpecificationRow) {
  const [org] = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, spec.organisationId));
  const lineage = await db
    .select({
      version: specifications.version,
      status: specifications.status,
      issuedAt: specifications.issuedAt,
      createdAt: specifications.createdAt,
      revisionNote: specifications.revisionNote,
      issuer: users.name,
      creatorId: specifications.createdBy,
    })
    .from(specifications)
    .leftJoin(users, eq(users.id, specifications.issuedBy))
    .where(and(eq(specifications.lineageId, spec.lineageId)))
    .orderBy(asc(specifications.version));
  return { organisationName: org?.name ?? "", lineage };
}
