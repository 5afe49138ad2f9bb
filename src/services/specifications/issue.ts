// Issuing: freezes every clause as rendered, hashes the content, renders the documents once and keeps
// them, and supersedes the version this one revises. Rendering happens before the transaction, so the
// database is never held while Word files are built; the transaction then checks nothing changed meanwhile.
import { eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { type DocumentKind, specificationDocuments, specifications } from "../../db/schema/index.js";
import { canonicalJson } from "../../lib/canonical.js";
import { sha256Hex } from "../../lib/crypto.js";
import { conflict, type FieldError, validation } from "../../lib/errors.js";
import { renderClause } from "../../model/clause-schema.js";
import { missingContactErrors, withIndependentBody } from "../../model/contacts.js";
import { documentShapeOf, emptySections, type IssuedSnapshot } from "../../model/document-input.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { documentInput, renderDocument } from "./documents.js";
import { kpiProblems } from "./kpis.js";
import { findSpecification, selectionsOf, sizeOf, specificationView } from "./queries.js";
import { assertDraft, resolveSelections } from "./write.js";

export async function issueSpecification({
  ctx,
  input: { id },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: { id: string };
}) {
  const { renderer } = ctx;
  const draft = await findSpecification({ ctx, input: { id } });
  assertDraft(draft);
  const selections = await selectionsOf({ ctx, input: { specificationId: id } });
  const missing: FieldError[] = missingContactErrors(
    draft.contacts,
    selections.map((s) => s.key),
  );
  if (selections.length === 0) {
    throw validation(
      [{ path: "clauses", message: "add at least one clause before issuing" }, ...missing],
      "This specification has no clauses.",
    );
  }
  // A full specification prints the general sections, so each must be written; a schedule has none.
  const documentShape = documentShapeOf(draft.documentShape, draft.sections);
  const unwritten: FieldError[] =
    documentShape === "full_specification"
      ? emptySections(draft.sections).map(([key, title]) => ({
          path: `sections/${key}`,
          message: `write the ${title.toLowerCase()} section, or issue as a schedule`,
        }))
      : [];
  if (missing.length || unwritten.length) {
    throw validation(
      [...missing, ...unwritten],
      missing.length
        ? "Add the contacts people can call before issuing."
        : "A full specification cannot be issued with an empty section.",
    );
  }
  // A KPI whose clause or metric has left the draft since it was designated.
  const kpiErrors = await kpiProblems(ctx.db, draft);
  if (kpiErrors.length) {
    throw validation(kpiErrors, "Some KPIs no longer fit the clauses: change them before issuing.");
  }
  // Check again, as on save: a clause may have been withdrawn from view since.
  await resolveSelections(
    ctx.db,
    ctx.actor,
    selections.map((s) => ({ key: s.key, version: s.version, parameters: s.parameters })),
    sizeOf(draft),
  );

  const issuedAt = ctx.now;
  const clauses = selections.map((s) => ({
    ...renderClause(
      s.key,
      s.version,
      s.content,
      withIndependentBody(s.key, s.parameters, draft.contacts, s.content.parameters),
      sizeOf(draft),
    ),
    parameterValues: withIndependentBody(s.key, s.parameters, draft.contacts, s.content.parameters),
  }));
  const issued = {
    ...draft,
    documentShape,
    status: "issued" as const,
    issuedAt,
    issuedBy: ctx.actor.userId,
  };
  const document = await documentInput(ctx.db, issued, clauses, issuedAt);
  // The issuer's name goes on this version's document-control row.
  document.history = document.history.map((h) =>
    h.version === draft.version ? { ...h, author: ctx.actor.name } : h,
  );
  const contentHash = await sha256Hex(canonicalJson({ ...document, contentHash: null, history: null }));
  document.contentHash = contentHash;
  const snapshot: IssuedSnapshot = { clauses, document };
  const withSnapshot = { ...issued, contentHash, snapshot };

  const kinds: DocumentKind[] = draft.revisesId
    ? ["specification", "summary", "commitments", "changes"]
    : ["specification", "summary", "commitments"];
  const rendered: Array<{ kind: DocumentKind; bytes: Uint8Array; sha256: string }> = [];
  for (const kind of kinds) {
    const bytes = await renderDocument(ctx.db, renderer, withSnapshot, kind, issuedAt, true);
    if (bytes) rendered.push({ kind, bytes, sha256: await sha256Hex(bytes) });
  }

  return withTransaction(ctx.db, async (tx) => {
    const current = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    assertDraft(current);
    if (current.updatedAt.getTime() !== draft.updatedAt.getTime()) {
      throw conflict("The specification changed while it was being issued. Check it and issue again.");
    }
    const [after] = await tx
      .update(specifications)
      .set({
        status: "issued",
        // Frozen as issued: a revision starts from the same shape.
        documentShape,
        issuedAt,
        issuedBy: ctx.actor.userId,
        contentHash,
        snapshot,
        updatedAt: issuedAt,
      })
      .where(eq(specifications.id, id))
      .returning();
    await tx.insert(specificationDocuments).values(rendered.map((r) => ({ specificationId: id, ...r })));
    if (draft.revisesId) {
      await tx
        .update(specifications)
        .set({ status: "superseded", updatedAt: issuedAt })
        .where(eq(specifications.id, draft.revisesId));
      await recordAudit(tx, ctx, {
        action: "specification.supersede",
        entityType: "specification",
        entityId: draft.revisesId,
        after: { status: "superseded", supersededBy: id },
      });
    }
    const view = specificationView(after!, selections);
    await recordAudit(tx, ctx, {
      action: "specification.issue",
      entityType: "specification",
      entityId: id,
      after: { ...view, documents: rendered.map((r) => ({ kind: r.kind, sha256: r.sha256 })) },
    });
    return view;
  });
}
