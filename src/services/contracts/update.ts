// Changing a contract: its reference, dates, reporting year, or moving it to a newer issued version of
// the same specification. Anything that changes the schedule regenerates it in the same transaction.
import { eq, like, or } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { contracts } from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict, type FieldError, validation } from "../../lib/errors.js";
import { textProblem } from "../../lib/text.js";
import { PHONE_MESSAGE, ukPhone } from "../../model/contacts.js";
import { INPUT_LIMITS, NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { kpiRuleProblem, PROCUREMENT_REGIMES, type ProcurementRegime } from "../../model/procurement.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findSpecification } from "../specifications/queries.js";
import { contractKpiRows } from "./kpis.js";
import { assertIssued, checkTerm, planFor } from "./plan.js";
import { findContract, getContract } from "./queries.js";
import { type RegenerationSummary, regenerateObligations } from "./regenerate.js";

export interface UpdateContractInput {
  reference?: string;
  startDate?: string;
  endDate?: string;
  reportingYearStart?: number;
  /** Days before each due date to remind the provider. */
  reminderDays?: number[];
  /** A newer issued version of the contract's specification. */
  specificationId?: string;
  /** Publish (true) or withdraw (false) the service's public page; null (a form left unanswered) is refused. */
  public?: boolean | null;
  slug?: string;
  involvementContact?: string | null;
  involvementContactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  validationDays?: number;
  procurementRegime?: ProcurementRegime;
  lightTouch?: boolean;
  estimatedValuePence?: number | null;
  title?: string | null;
  procurementIdentifier?: string | null;
  kpiExemptionReason?: string | null;
}

const SLUG_MAX = TEXT_LIMITS.publicPageAddress.max;

/** What is wrong with the public page's fields as given, each at its field (the page's form shows these). */
function publicPageProblems(input: UpdateContractInput): FieldError[] {
  const errors: FieldError[] = [];
  const short = (path: "slug" | "involvementContactName" | "contactEmail" | "contactPhone") => {
    const value = input[path];
    const problem = typeof value === "string" ? textProblem(value, "short") : undefined;
    if (problem) errors.push({ path, message: problem });
    return !problem;
  };
  if (input.public === null) errors.push({ path: "public", message: "choose whether to publish the page" });
  if (input.slug !== undefined && short("slug")) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.slug))
      errors.push({
        path: "slug",
        message: "the address can only have lower-case letters, numbers and single hyphens between them",
      });
    else if (input.slug.length < TEXT_LIMITS.publicPageAddress.min || input.slug.length > SLUG_MAX)
      errors.push({
        path: "slug",
        message: `the address must be ${TEXT_LIMITS.publicPageAddress.min} to ${SLUG_MAX} characters`,
      });
  }
  if (input.involvementContact) {
    const problem =
      textProblem(input.involvementContact, "long") ??
      (input.involvementContact.length > TEXT_LIMITS.involvementContact.max
        ? `must be at most ${TEXT_LIMITS.involvementContact.max} characters`
        : undefined);
    if (problem) errors.push({ path: "involvementContact", message: problem });
  }
  if (short("involvementContactName"))
    tooLong(errors, input, "involvementContactName", TEXT_LIMITS.contactName.max);
  if (input.contactEmail && short("contactEmail")) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.contactEmail))
      errors.push({ path: "contactEmail", message: "enter an email address like name@example.org" });
    else tooLong(errors, input, "contactEmail", INPUT_LIMITS.contactEmailLength);
  }
  if (short("contactPhone")) tooLong(errors, input, "contactPhone", TEXT_LIMITS.phoneNumber.max);
  const days = input.validationDays;
  const { min, max } = NUMBER_LIMITS.validationDays;
  if (days !== undefined && (!Number.isInteger(days) || days < min || days > max))
    errors.push({ path: "validationDays", message: `enter a number of days from ${min} to ${max}` });
  errors.push(...contractFieldProblems(input));
  return errors;
}

/** A change's reference length and reporting year's first month, by model/limits.ts (new: createContractInput). */
function contractFieldProblems(input: { reference?: string; reportingYearStart?: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.reference !== undefined) {
    const { min, max } = TEXT_LIMITS.contractReference;
    if (input.reference.length < min || input.reference.length > max)
      errors.push({ path: "reference", message: `must be ${min} to ${max} characters` });
  }
  const month = input.reportingYearStart;
  const year = NUMBER_LIMITS.reportingYearStart;
  if (month !== undefined && (!Number.isInteger(month) || month < year.min || month > year.max))
    errors.push({ path: "reportingYearStart", message: `must be a month from ${year.min} to ${year.max}` });
  return errors;
}

/** Adds "must be at most N characters" at the field when its text is longer. */
function tooLong(
  errors: FieldError[],
  input: UpdateContractInput,
  path: "involvementContactName" | "contactEmail" | "contactPhone",
  max: number,
) {
  const value = input[path];
  if (typeof value === "string" && value.trim().length > max)
    errors.push({ path, message: `must be at most ${max} characters` });
}

/** Lower-case words joined by hyphens: the public page's address, cut at a word's end, not mid-word. */
function slugify(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s.length <= SLUG_MAX) return s || "service";
  // The last hyphen within the limit (one just after it counts: the word before it ends at the limit).
  const end = s.slice(0, SLUG_MAX + 1).lastIndexOf("-");
  return end > 0 ? s.slice(0, end) : s.slice(0, SLUG_MAX);
}

/** The slug, or the slug with the first free number after it. */
async function freeSlug(tx: DbOrTx, base: string): Promise<string> {
  const taken = new Set(
    (
      await tx
        .select({ slug: contracts.slug })
        .from(contracts)
        .where(or(eq(contracts.slug, base), like(contracts.slug, `${base}-%`)))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export async function updateContract({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: UpdateContractInput & { id: string };
}) {
  const { id } = input;
  return withTransaction(ctx.db, async (tx) => {
    const before = await findContract({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    const beforeView = await getContract({ ctx: { ...ctx, db: tx }, input: { id } });
    const fieldErrors = publicPageProblems(input);
    if (fieldErrors.length) throw validation(fieldErrors, "The public page's details are not valid.");
    const next = {
      reference: input.reference ?? before.reference,
      startDate: input.startDate ?? before.startDate,
      endDate: input.endDate ?? before.endDate,
      reportingYearStart: input.reportingYearStart ?? before.reportingYearStart,
      specificationId: input.specificationId ?? before.specificationId,
    };
    checkTerm(next.startDate, next.endDate);

    const current = await findSpecification({
      ctx: { ...ctx, db: tx },
      input: { id: before.specificationId },
    });
    let spec = current;
    if (next.specificationId !== before.specificationId) {
      spec = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id: next.specificationId } });
      if (spec.lineageId !== current.lineageId) {
        throw validation([
          { path: "specificationId", message: "must be a version of the contract's own specification" },
        ]);
      }
      if (spec.version <= current.version) {
        throw conflict(
          `The contract is on version ${current.version}; it can only move to a later issued version.`,
        );
      }
      assertIssued(spec);
    }

    const scheduleChanged =
      next.startDate !== before.startDate ||
      next.endDate !== before.endDate ||
      next.reportingYearStart !== before.reportingYearStart ||
      next.specificationId !== before.specificationId;

    const isPublic = input.public ?? before.public;
    const page = {
      public: isPublic,
      // The page keeps its address once it has one, so links people saved keep working.
      slug:
        input.slug ??
        before.slug ??
        (isPublic ? await freeSlug(tx, slugify(`${beforeView.serviceName} ${next.reference}`)) : null),
      involvementContact:
        input.involvementContact === undefined ? before.involvementContact : input.involvementContact,
      involvementContactName:
        input.involvementContactName === undefined
          ? before.involvementContactName
          : input.involvementContactName?.trim() || null,
      contactEmail: input.contactEmail === undefined ? before.contactEmail : input.contactEmail,
      contactPhone: input.contactPhone === undefined ? before.contactPhone : input.contactPhone,
      validationDays: input.validationDays ?? before.validationDays,
    };

    // People reading the public page need someone at the provider to call.
    const pageErrors: FieldError[] = [];
    if (input.contactPhone && !ukPhone(input.contactPhone))
      pageErrors.push({ path: "contactPhone", message: PHONE_MESSAGE });
    if (page.public) {
      if (!page.involvementContactName)
        pageErrors.push({
          path: "involvementContactName",
          message: "enter the provider's involvement contact before publishing the page",
        });
      if (!page.contactPhone && !pageErrors.some((e) => e.path === "contactPhone"))
        pageErrors.push({
          path: "contactPhone",
          message: "enter the provider's involvement phone number before publishing the page",
        });
    }
    if (pageErrors.length) throw validation(pageErrors, "The public page needs a contact at the provider.");

    const procurement = procurementOf(input, before);
    const procurementErrors = procurementProblems(procurement);
    if (procurementErrors.length) throw validation(procurementErrors);
    const ruleProblem = kpiRuleProblem(procurement, (await contractKpiRows(tx, id)).length);
    if (ruleProblem) throw validation([ruleProblem], "The Procurement Act 2023 asks for three KPIs.");

    if (input.slug !== undefined && input.slug !== before.slug) {
      const [other] = await tx
        .select({ id: contracts.id })
        .from(contracts)
        .where(eq(contracts.slug, input.slug));
      if (other) throw conflict(`Another service's page already has the address ${input.slug}.`);
    }

    let after: typeof contracts.$inferSelect;
    try {
      [after] = (await tx
        .update(contracts)
        .set({
          ...next,
          ...page,
          ...procurement,
          ...(input.reminderDays ? { reminderDays: [...input.reminderDays].sort((a, b) => b - a) } : {}),
          updatedAt: ctx.now,
        })
        .where(eq(contracts.id, id))
        .returning()) as [typeof contracts.$inferSelect];
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`There is already a contract with reference ${next.reference}.`);
      throw e;
    }

    let regeneration: RegenerationSummary | null = null;
    if (scheduleChanged) {
      const plan = await planFor(tx, spec, next);
      regeneration = await regenerateObligations(tx, after, plan, ctx.now);
    }
    const view = await getContract({ ctx: { ...ctx, db: tx }, input: { id } });
    await recordAudit(tx, ctx, {
      action: "contract.update",
      entityType: "contract",
      entityId: id,
      before: beforeView,
      after: view,
    });
    if (regeneration) {
      await recordAudit(tx, ctx, {
        action: "contract.regenerate",
        entityType: "contract",
        entityId: id,
        before: {
          startDate: before.startDate,
          endDate: before.endDate,
          reportingYearStart: before.reportingYearStart,
          specificationId: before.specificationId,
        },
        after: { ...next, ...regeneration },
      });
    }
    return { ...view, regeneration };
  });
}

/** The contract's procurement details after a change: what was given, else what it had; blanks as null. */
export function procurementOf(
  input: Pick<
    UpdateContractInput,
    | "procurementRegime"
    | "lightTouch"
    | "estimatedValuePence"
    | "title"
    | "procurementIdentifier"
    | "kpiExemptionReason"
  >,
  before?: typeof contracts.$inferSelect,
) {
  const text = (given: string | null | undefined, was: string | null | undefined) =>
    given === undefined ? (was ?? null) : given?.trim() || null;
  return {
    procurementRegime: input.procurementRegime ?? before?.procurementRegime ?? "provider_selection_regime",
    lightTouch: input.lightTouch ?? before?.lightTouch ?? false,
    estimatedValuePence:
      input.estimatedValuePence === undefined
        ? (before?.estimatedValuePence ?? null)
        : input.estimatedValuePence,
    title: text(input.title, before?.title),
    procurementIdentifier: text(input.procurementIdentifier, before?.procurementIdentifier),
    kpiExemptionReason: text(input.kpiExemptionReason, before?.kpiExemptionReason),
  };
}

/** What the service itself refuses in the procurement details (the API's schema says the same first). */
function procurementProblems(p: ReturnType<typeof procurementOf>): FieldError[] {
  const errors: FieldError[] = [];
  if (!(PROCUREMENT_REGIMES as readonly string[]).includes(p.procurementRegime))
    errors.push({ path: "procurementRegime", message: "choose which rules the contract was procured under" });
  const v = p.estimatedValuePence;
  if (v !== null && (!Number.isSafeInteger(v) || v < 0))
    errors.push({
      path: "estimatedValuePence",
      message: "enter the estimated value as an amount, like 5,250,000",
    });
  for (const [path, kind, { max }] of [
    ["title", "short", TEXT_LIMITS.procurementTitle],
    ["procurementIdentifier", "short", TEXT_LIMITS.procurementIdentifier],
    ["kpiExemptionReason", "long", TEXT_LIMITS.kpiExemptionReason],
  ] as const) {
    const value = p[path] ?? "";
    // The same words as the API's schema (lib/text.ts), so a page and the API say the same.
    const problem =
      textProblem(value, kind) ?? (value.length > max ? `must be at most ${max} characters` : undefined);
    if (problem) errors.push({ path, message: problem });
  }
  return errors;
}
