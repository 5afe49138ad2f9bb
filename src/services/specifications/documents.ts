// The specification's Word documents. Issued versions are rendered once, at issue, and served as stored;
// drafts are rendered on request (off the main thread on Node) and say DRAFT.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type DocumentKind, specificationDocuments, specifications } from "../../db/schema/index.js";
import type { DocumentRenderer } from "../../documents/renderer.js";
import { conflict } from "../../lib/errors.js";
import type { RenderedClause } from "../../model/clause-schema.js";
import { documentShapeOf, type SpecificationDocumentInput } from "../../model/document-input.js";
import { formatTarget, KPI_FREQUENCY_WORDS } from "../../model/kpis.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { reportingCalendar } from "./calendar.js";
import { kpisOf } from "./kpis.js";
import { documentContext, findSpecification, renderedClausesOf, type SpecificationRow } from "./queries.js";

export async function documentInput(
  db: DbOrTx,
  spec: SpecificationRow,
  clauses: RenderedClause[],
  date: Date,
): Promise<SpecificationDocumentInput> {
  const { organisationName, lineage } = await documentContext(db, spec);
  // The KPIs designated on the draft, as the documents print them; without any the documents list "Measures".
  const kpis = (await kpisOf({ ctx: { db }, input: spec })).map((k) => ({
    clauseKey: k.clauseKey,
    measure: k.metricLabel,
    target: formatTarget(k),
    frequency: KPI_FREQUENCY_WORDS[k.frequency],
    mostMaterial: k.mostMaterial,
  }));
  return {
    id: spec.id,
    version: spec.version,
    status: spec.status,
    title: spec.title,
    // Only when set, so the content hash of a specification without one is what it always was.
    ...(spec.reference ? { reference: spec.reference } : {}),
    serviceName: spec.serviceName,
    area: spec.area,
    commissionerOrganisation: organisationName,
    commissionerLead: spec.commissionerLead,
    providerName: spec.providerName,
    periodStart: spec.periodStart,
    periodEnd: spec.periodEnd,
    reviewDate: spec.reviewDate,
    date: date.toISOString(),
    author: organisationName,
    contentHash: spec.contentHash,
    sections: spec.sections,
    documentShape: documentShapeOf(spec.documentShape, spec.sections),
    calendar: reportingCalendar({ ...spec, date: date.toISOString() }, clauses),
    ...(kpis.length ? { kpis } : {}),
    ...(Object.values(spec.contacts ?? {}).some(Boolean) ? { contacts: spec.contacts } : {}),
    ...(spec.coProduction ? { coProduction: spec.coProduction } : {}),
    gracePeriodDays: spec.gracePeriodDays,
    ...(spec.keyPromises?.length ? { keyPromises: spec.keyPromises } : {}),
    caseload: spec.caseload,
    sites: spec.sites,
    history: lineage
      .filter((l) => l.version <= spec.version)
      .map((l) => ({
        version: l.version,
        status: l.version === spec.version ? spec.status : l.status,
        date: (l.issuedAt ?? l.createdAt).toISOString(),
        author: l.issuer ?? organisationName,
        note: l.revisionNote,
      })),
    clauses,
  };
}

/** The document input for any version: frozen for issued ones, built now for a draft. */
async function currentDocumentInput(db: DbOrTx, spec: SpecificationRow, now: Date) {
  if (spec.snapshot) return spec.snapshot.document;
  return documentInput(db, spec, await renderedClausesOf({ ctx: { db }, input: spec }), now);
}

const FILE_NAMES: Record<DocumentKind, (s: SpecificationRow) => string> = {
  specification: (s) => `${slug(s.title)}-v${s.version}${s.status === "draft" ? "-draft" : ""}.docx`,
  summary: (s) => `${slug(s.title)}-v${s.version}-easy-read-summary.docx`,
  changes: (s) => `${slug(s.title)}-v${s.version}-changes.docx`,
  commitments: (s) =>
    `${slug(s.title)}-v${s.version}-statement-of-commitments${s.status === "draft" ? "-draft" : ""}.docx`,
};

function slug(s: string) {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "specification"
  );
}

export async function renderDocument(
  db: DbOrTx,
  renderer: DocumentRenderer,
  spec: SpecificationRow,
  kind: DocumentKind,
  now: Date,
  pageNumbers: boolean,
): Promise<Uint8Array | null> {
  const input = await currentDocumentInput(db, spec, now);
  switch (kind) {
    case "specification":
      return renderer.specification(input, { pageNumbers });
    case "summary":
      return renderer.summary(input);
    case "commitments":
      return renderer.commitments(input);
    case "changes": {
      if (!spec.revisesId) return null;
      // The version it revises is in the same lineage, so whoever may see this one may see that.
      const [previous] = await db.select().from(specifications).where(eq(specifications.id, spec.revisesId));
      if (!previous) return null;
      const prevInput = await currentDocumentInput(db, previous, now);
      return renderer.changes({
        previous: prevInput,
        current: input,
        author: input.history.at(-1)?.author ?? input.author,
        date: input.date,
      });
    }
  }
}

/** The bytes to download: stored ones for an issued version, freshly rendered for a draft. */
export async function getDocument({
  ctx: deps,
  input: { id, kind },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: { id: string; kind: DocumentKind };
}) {
  const spec = await findSpecification({ ctx: deps, input: { id } });
  if (spec.status !== "draft") {
    const [stored] = await deps.db
      .select()
      .from(specificationDocuments)
      .where(and(eq(specificationDocuments.specificationId, id), eq(specificationDocuments.kind, kind)));
    // Versions issued before the statement of commitments existed: rendered from their frozen input.
    if (!stored && kind === "commitments") {
      const bytes = await renderDocument(deps.db, deps.renderer, spec, kind, deps.now, false);
      return { bytes: bytes!, fileName: FILE_NAMES[kind](spec), sha256: null };
    }
    if (!stored) {
      if (kind === "changes")
        throw conflict("This is the first version of the specification: there is nothing it revises.");
      throw conflict("The documents of this version are missing.");
    }
    return { bytes: stored.bytes, fileName: FILE_NAMES[kind](spec), sha256: stored.sha256 };
  }
  const bytes = await renderDocument(deps.db, deps.renderer, spec, kind, deps.now, false);
  if (!bytes) throw conflict("This is the first version of the specification: there is nothing it revises.");
  return { bytes, fileName: FILE_NAMES[kind](spec), sha256: null };
}

/**
 * The plain-language summary in large print (18pt; large print starts at 16pt), beside the standard Word
 * file. Rendered on request from the same input as the stored summary (the snapshot of an issued version),
 * so it always says what the summary says.
 */
export async function getLargePrintSummary({
  ctx: deps,
  input: { id },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: { id: string };
}) {
  const spec = await findSpecification({ ctx: deps, input: { id } });
  const input = await currentDocumentInput(deps.db, spec, deps.now);
  const bytes = await deps.renderer.summary(input, { largePrint: true });
  return { bytes, fileName: FILE_NAMES.summary(spec).replace(/\.docx$/, "-large-print.docx") };
}
