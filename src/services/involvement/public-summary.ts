// The large-print summary of a published service: the plain-language summary document of the contract's
// specification, at 18pt. The same text the public page shows; no sign-in, 404 when not published.
import { and, eq } from "drizzle-orm";
import { contracts, specifications } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import type { PublicCtx, ServiceCtx, ServiceDeps } from "../context.js";
import { findContract } from "../contracts/queries.js";

export async function largePrintSummary({
  ctx,
  input: { slug },
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "renderer">;
  input: { slug: string };
}) {
  const { db, renderer } = ctx;
  const [row] = await db
    .select({
      snapshot: specifications.snapshot,
      name: contracts.involvementContactName,
      phone: contracts.contactPhone,
    })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(and(eq(contracts.slug, slug), eq(contracts.public, true)));
  if (!row?.snapshot) throw notFound("service page");
  // The page's contact box names the provider's contact too; so does its large print.
  const bytes = await renderer.summary(
    { ...row.snapshot.document, providerContact: { name: row.name, phone: row.phone } },
    { largePrint: true },
  );
  return { bytes, fileName: `${slug}-large-print.docx` };
}

/** The same large-print summary for someone who may read the contract (its staff, its groups' representatives). */
export async function largePrintSummaryOfContract({
  ctx,
  input: { contractId },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: { contractId: string };
}) {
  const { db, renderer } = ctx;
  const contract = await findContract({ ctx, input: { id: contractId } });
  const [spec] = await db
    .select({ snapshot: specifications.snapshot })
    .from(specifications)
    .where(eq(specifications.id, contract.specificationId));
  if (!spec?.snapshot) throw notFound("summary");
  const bytes = await renderer.summary(spec.snapshot.document, { largePrint: true });
  return {
    bytes,
    fileName: `summary-${contract.reference.replace(/[^A-Za-z0-9._-]+/g, "-")}-large-print.docx`,
  };
}
