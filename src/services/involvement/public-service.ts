// The public page of a published service: no sign-in, and nothing about individual people. Only the
// service's name, its promises with how each is doing in words, approved "you said, we did" entries and
// how to get involved. An unpublished or unknown address is simply not found.
import { and, eq } from "drizzle-orm";
import { contracts, organisations, specifications } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { contactBoxLines } from "../../model/contacts.js";
import { londonDate } from "../../model/dates.js";
import type { PublicCtx } from "../context.js";
import { promisesOf } from "./promises.js";
import { approvedYouSaid } from "./you-said-we-did.js";

export async function publicService({ ctx, input: { slug } }: { ctx: PublicCtx; input: { slug: string } }) {
  const { db, now } = ctx;
  const [row] = await db
    .select({
      id: contracts.id,
      slug: contracts.slug,
      serviceName: specifications.serviceName,
      commissionerName: organisations.name,
      involvementContact: contracts.involvementContact,
      contactEmail: contracts.contactEmail,
      contactPhone: contracts.contactPhone,
      involvementContactName: contracts.involvementContactName,
      contacts: specifications.contacts,
      coProduction: specifications.coProduction,
    })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .innerJoin(organisations, eq(organisations.id, contracts.organisationId))
    .where(and(eq(contracts.slug, slug), eq(contracts.public, true)));
  if (!row) throw notFound("service page");
  const today = londonDate(now);
  const [promises, youSaid] = await Promise.all([
    promisesOf({ ctx, input: { contractId: row.id, today } }),
    approvedYouSaid(db, row.id),
  ]);
  return {
    slug: row.slug!,
    serviceName: row.serviceName,
    commissionerName: row.commissionerName,
    asOf: today,
    // Only whether and how many helped write it: credited names stay in the specification's document control.
    coProduction: row.coProduction && { ...row.coProduction, credited: [] },
    contactBox: contactBoxLines(row.contacts, { name: row.involvementContactName, phone: row.contactPhone }),
    promises: promises.map((p) => ({
      title: p.title,
      category: p.category,
      plainLanguage: p.plainLanguage,
      latest: p.latest,
      sentence: p.sentence,
      standing: p.standing,
      standingWords: p.standingWords,
      figures: p.figures,
    })),
    youSaidWeDid: youSaid.map((y) => ({ youSaid: y.youSaid, weDid: y.weDid, decidedAt: y.decidedAt })),
    getInvolved: {
      text: row.involvementContact,
      email: row.contactEmail,
      phone: row.contactPhone,
    },
  };
}
export type PublicService = Awaited<ReturnType<typeof publicService>>;
