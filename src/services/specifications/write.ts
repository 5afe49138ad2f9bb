// Drafting specifications: create, edit the details, choose and parameterise clauses, start a revision.
// Only drafts change; an issued specification answers 409 to any attempt.
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import {
  organisations,
  specificationClauses,
  specificationKpis,
  specifications,
} from "../../db/schema/index.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { AppError, conflict, type FieldError, validation } from "../../lib/errors.js";
import { longText, textProblem } from "../../lib/text.js";
import { BUNDLES, type BundleKey } from "../../model/bundles.js";
import { defaultFor, parameterValuesSchema, type ServiceSize } from "../../model/clause-schema.js";
import {
  CONTACT_FIELDS,
  type ContactField,
  contactProblem,
  type SpecificationContacts,
} from "../../model/contacts.js";
import { isoDateProblem } from "../../model/dates.js";
import type { DocumentShape, SpecificationSections } from "../../model/document-input.js";
import type { Actor } from "../../model/identity.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { KEY_PROMISES_MAX } from "../../model/plain-summary.js";
import { recordAudit } from "../audit/record.js";
import { clauseVersionsOf, findClause } from "../clauses/queries.js";
import type { ServiceCtx } from "../context.js";
import { parseInput } from "../input.js";
import {
  findSpecification,
  type SpecificationRow,
  selectionsOf,
  sizeOf,
  specificationView,
} from "./queries.js";

export interface SpecificationFields {
  title?: string;
  /** The council's own reference; null or "" clears it (the documents then print the id). */
  reference?: string | null;
  serviceName?: string;
  area?: string | null;
  commissionerLead?: string | null;
  providerName?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  reviewDate?: string | null;
  sections?: SpecificationSections;
  /** Null returns to the default, which follows the sections. */
  documentShape?: DocumentShape | null;
  gracePeriodDays?: number;
  caseload?: number | null;
  sites?: number | null;
  /** Merged into the stored contacts; null or "" clears one. */
  contacts?: SpecificationContacts;
  /** The summary's first-page promises: clause keys chosen in the specification, at most ten; null clears. */
  keyPromises?: string[] | null;
}

/** Checks a choice of first-page promises against the specification's clauses (422 at keyPromises/<i>). */
function checkKeyPromises(
  given: string[] | null | undefined,
  chosenKeys: string[],
): string[] | null | undefined {
  if (given === undefined || given === null) return given;
  const errors: FieldError[] = [];
  if (given.length > KEY_PROMISES_MAX) {
    errors.push({ path: "keyPromises", message: `choose at most ${KEY_PROMISES_MAX} promises` });
  }
  given.forEach((key, i) => {
    if (!chosenKeys.includes(key)) {
      errors.push({ path: `keyPromises/${i}`, message: `${key} is not a clause of this specification` });
    } else if (given.indexOf(key) !== i) {
      errors.push({ path: `keyPromises/${i}`, message: `${key} is already chosen` });
    }
  });
  if (errors.length) throw validation(errors, "The main promises are not valid.");
  return given.length ? given : null;
}

export function assertDraft(spec: SpecificationRow) {
  if (spec.status !== "draft") {
    throw conflict(
      `Version ${spec.version} of this specification is ${spec.status} and can no longer change. Start a revision to make changes.`,
    );
  }
}

/** What is said at periodEnd when the period ends before it starts. */
export const PERIOD_END_MESSAGE = "must be on or after the period start";

function periodProblem(f: SpecificationFields, current?: SpecificationRow): FieldError | undefined {
  const start = f.periodStart === undefined ? current?.periodStart : f.periodStart;
  const end = f.periodEnd === undefined ? current?.periodEnd : f.periodEnd;
  if (!start || !end || isoDateProblem(start) || isoDateProblem(end)) return undefined;
  return end < start ? { path: "periodEnd", message: PERIOD_END_MESSAGE } : undefined;
}

/** An edit's period against what is kept (checkLimits has judged the period as given). */
function checkPeriod(f: SpecificationFields, current: SpecificationRow) {
  const problem = periodProblem(f, current);
  if (problem) throw validation([problem]);
}

/** The details in the order the details form shows them. */
const FIELD_ORDER: ReadonlyArray<keyof SpecificationFields> = [
  "title",
  "serviceName",
  "reference",
  "area",
  "commissionerLead",
  "providerName",
  "periodStart",
  "periodEnd",
  "reviewDate",
  "gracePeriodDays",
  "caseload",
  "sites",
  "sections",
];

type Bounds = { min: number; max: number };
const TEXT_BOUNDS: Array<[keyof SpecificationFields, Bounds]> = [
  ["title", TEXT_LIMITS.specificationTitle],
  ["serviceName", TEXT_LIMITS.serviceName],
  ["area", TEXT_LIMITS.specificationDetail],
  ["commissionerLead", TEXT_LIMITS.specificationDetail],
  ["providerName", TEXT_LIMITS.specificationDetail],
];
const NUMBER_BOUNDS: Array<[keyof SpecificationFields, Bounds]> = [
  ["gracePeriodDays", NUMBER_LIMITS.gracePeriodDays],
  ["caseload", NUMBER_LIMITS.caseload],
  ["sites", NUMBER_LIMITS.sites],
];

/**
 * The limits of model/limits.ts and the free-text rule (lib/text.ts) on what was typed, the dates and the
 * reference, each at its field and all at once: the one rule, whoever calls.
 */
function checkLimits(f: SpecificationFields) {
  const errors: FieldError[] = [];
  for (const [path, { min, max }] of TEXT_BOUNDS) {
    const v = f[path];
    if (typeof v !== "string") continue;
    const problem = textProblem(v, "short");
    if (problem) errors.push({ path, message: problem });
    else if (v.length < min) errors.push({ path, message: `must be at least ${min} characters` });
    else if (v.length > max) errors.push({ path, message: `must be at most ${max} characters` });
  }
  for (const [path, { min, max }] of NUMBER_BOUNDS) {
    const v = f[path];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      errors.push({ path, message: `must be a whole number from ${min} to ${max}` });
  }
  for (const [k, v] of Object.entries(f.sections ?? {})) {
    if (typeof v !== "string") continue;
    const problem = textProblem(v, "long");
    if (problem) errors.push({ path: `sections/${k}`, message: problem });
    else if (v.length > TEXT_LIMITS.specificationSection.max)
      errors.push({
        path: `sections/${k}`,
        message: `must be at most ${TEXT_LIMITS.specificationSection.max} characters`,
      });
  }
  for (const path of ["periodStart", "periodEnd", "reviewDate"] as const) {
    const v = f[path];
    const problem = typeof v === "string" ? isoDateProblem(v) : null;
    if (problem) errors.push({ path, message: problem });
  }
  const reference = referenceProblem(f.reference);
  if (reference) errors.push({ path: "reference", message: reference });
  // The period as given, so a form hears of it with the rest (an edit checks it again against what is kept).
  const period = periodProblem(f);
  if (period) errors.push(period);
  // In the order a form shows its fields, so a page's error summary reads down the page.
  const rank = (e: FieldError) => FIELD_ORDER.indexOf(e.path.split("/")[0] as keyof SpecificationFields);
  if (errors.length) throw validation(errors.sort((a, b) => rank(a) - rank(b)));
}

const REFERENCE = TEXT_LIMITS.specificationReference;

/**
 * The council's reference as kept (spaces run together), null to clear, or undefined when not given;
 * 422 at the field when it is not one.
 */
function checkReference(given: string | null | undefined): string | null | undefined {
  if (given === undefined || given === null) return given;
  const reference = given.trim().replace(/\s+/g, " ");
  if (!reference) return null;
  const problem = referenceProblem(reference);
  if (problem) throw validation([{ path: "reference", message: problem }]);
  return reference;
}

/** What is wrong with a reference as given (spaces run together first), or undefined. */
function referenceProblem(given: string | null | undefined): string | undefined {
  const reference = given?.trim().replace(/\s+/g, " ");
  if (!reference) return undefined;
  return (
    textProblem(reference, "short") ??
    (reference.length > REFERENCE.max
      ? `must be at most ${REFERENCE.max} characters`
      : !/^[A-Za-z0-9 ./-]+$/.test(reference)
        ? "can only have letters A to Z, numbers, spaces, hyphens (-), slashes (/) and full stops (.)"
        : !/^[A-Za-z0-9]/.test(reference)
          ? "must start with a letter or a number"
          : undefined)
  );
}

/**
 * A reference names one specification (all its versions) within the council: 409 at the field naming the
 * one that has it, compared without regard to case. The council's row is locked while the check and the
 * write happen, so two drafts cannot take the same reference at once.
 */
async function assertReferenceFree(tx: DbOrTx, organisationId: string, lineageId: string, reference: string) {
  await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .for("no key update");
  const [other] = await tx
    .select({ title: specifications.title })
    .from(specifications)
    .where(
      and(
        eq(specifications.organisationId, organisationId),
        ne(specifications.lineageId, lineageId),
        sql`lower(${specifications.reference}) = lower(${reference})`,
      ),
    )
    .limit(1);
  if (other) {
    throw new AppError("conflict", `Another of your specifications already has the reference ${reference}.`, [
      { path: "reference", message: `is already used for your specification "${other.title}"` },
    ]);
  }
}

/** Checks the contacts given, and answers them tidied (blank ones as null). */
function checkContacts(given: SpecificationContacts | undefined): SpecificationContacts | undefined {
  if (!given) return undefined;
  const errors: FieldError[] = [];
  const out: SpecificationContacts = {};
  for (const f of Object.keys(given) as ContactField[]) {
    if (!CONTACT_FIELDS.includes(f)) {
      errors.push({ path: `contacts/${f}`, message: `there is no contact field "${f}"` });
      continue;
    }
    const v = given[f];
    const problem = contactProblem(f, v);
    if (problem) errors.push({ path: `contacts/${f}`, message: problem });
    else out[f] = v?.trim() ? v.trim().replace(/\s+/g, " ") : null;
  }
  if (errors.length) throw validation(errors, "Some contacts are not valid.");
  return out;
}

export async function createSpecification({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: SpecificationFields & { title: string; serviceName: string; bundle?: BundleKey };
}) {
  checkLimits(input);
  const contacts = checkContacts(input.contacts);
  const reference = checkReference(input.reference);
  return withTransaction(ctx.db, async (tx) => {
    const lineageId = crypto.randomUUID();
    if (reference) await assertReferenceFree(tx, ctx.actor.organisationId, lineageId, reference);
    const [row] = await tx
      .insert(specifications)
      .values({
        ...input,
        reference: reference ?? null,
        ...(contacts ? { contacts } : {}),
        bundle: input.bundle ?? null,
        organisationId: ctx.actor.organisationId,
        lineageId,
        createdBy: ctx.actor.userId,
      })
      .returning();
    // Starting from a bundle chooses its clauses, in its order, at their latest published versions with
    // their defaults (scaled to the service's size where known); they can be changed as usual afterwards.
    if (input.bundle) {
      const resolved = await resolveSelections(
        tx,
        ctx.actor,
        BUNDLES[input.bundle].clauses.map((c) => ({ key: c.key })),
        sizeOf(row!),
      );
      await tx
        .insert(specificationClauses)
        .values(resolved.map((r, position) => ({ specificationId: row!.id, position, ...r })));
    }
    const view = specificationView(
      row!,
      await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: row!.id } }),
    );
    await recordAudit(tx, ctx, {
      action: "specification.create",
      entityType: "specification",
      entityId: row!.id,
      after: view,
    });
    return view;
  });
}

export async function updateSpecification({
  ctx,
  input: { id, ...input },
}: {
  ctx: ServiceCtx;
  input: SpecificationFields & { id: string };
}) {
  checkLimits(input);
  const reference = checkReference(input.reference);
  return withTransaction(ctx.db, async (tx) => {
    const before = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    assertDraft(before);
    checkPeriod(input, before);
    if (reference) await assertReferenceFree(tx, before.organisationId, before.lineageId, reference);
    const given = checkContacts(input.contacts);
    const contacts = given ? { ...before.contacts, ...given } : undefined;
    const sections = input.sections ? { ...before.sections, ...input.sections } : undefined;
    const keyPromises = checkKeyPromises(
      input.keyPromises,
      input.keyPromises?.length
        ? (await selectionsOf({ ctx: { db: tx }, input: { specificationId: id } })).map((x) => x.key)
        : [],
    );
    const [after] = await tx
      .update(specifications)
      .set({
        ...input,
        ...(reference !== undefined ? { reference } : {}),
        ...(sections ? { sections } : {}),
        ...(contacts ? { contacts } : {}),
        ...(keyPromises !== undefined ? { keyPromises } : {}),
        updatedAt: ctx.now,
      })
      .where(eq(specifications.id, id))
      .returning();
    await followNewSize(tx, id, sizeOf(before), sizeOf(after!));
    await recordAudit(tx, ctx, {
      action: "specification.update",
      entityType: "specification",
      entityId: id,
      before: specificationView(before),
      after: specificationView(after!),
    });
    return specificationView(
      after!,
      await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: id } }),
    );
  });
}

export interface SelectionInput {
  key: string;
  version?: number;
  parameters?: Record<string, unknown>;
}

/**
 * Checks a list of clause selections and resolves each to a published clause version with its
 * parameter values (defaults filled in). Every problem is reported with the path of the selection.
 */
export async function resolveSelections(
  db: DbOrTx,
  actor: Actor,
  list: SelectionInput[],
  size?: ServiceSize | null,
) {
  const errors: FieldError[] = [];
  const out: Array<{ clauseVersionId: string; parameters: Record<string, unknown> }> = [];
  const seen = new Map<string, number>();
  for (const [i, s] of list.entries()) {
    const at = (...p: Array<string | number>) => ["clauses", i, ...p].join("/");
    const first = seen.get(s.key);
    if (first !== undefined) {
      errors.push({ path: at("key"), message: `${s.key} is already chosen at position ${first + 1}` });
      continue;
    }
    seen.set(s.key, i);
    const clause = await findClause(db, actor, s.key).catch(() => null);
    if (!clause) {
      errors.push({ path: at("key"), message: `there is no clause ${s.key}` });
      continue;
    }
    const versions = await clauseVersionsOf(db, clause.id);
    const published = versions.filter((v) => v.status === "published");
    const chosen =
      s.version === undefined
        ? published[published.length - 1]
        : versions.find((v) => v.version === s.version);
    if (!chosen) {
      errors.push(
        s.version === undefined
          ? { path: at("key"), message: `${s.key} has no published version yet` }
          : { path: at("version"), message: `${s.key} has no version ${s.version}` },
      );
      continue;
    }
    if (chosen.status !== "published") {
      errors.push({ path: at("version"), message: `version ${chosen.version} of ${s.key} is not published` });
      continue;
    }
    const parsed = parameterValuesSchema(chosen.content.parameters, size).safeParse(s.parameters ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const names = issue.code === "unrecognized_keys" ? issue.keys : [issue.path.join("/")];
        for (const name of names) {
          errors.push({
            path: at("parameters", name),
            message:
              issue.code === "unrecognized_keys" ? `${s.key} has no parameter "${name}"` : issue.message,
          });
        }
      }
      continue;
    }
    out.push({ clauseVersionId: chosen.id, parameters: parsed.data as Record<string, unknown> });
  }
  if (errors.length) throw validation(errors, "Some clause selections are not valid.");
  return out;
}

export async function setSpecificationClauses({
  ctx,
  input: { id, list, expectedUpdatedAt },
}: {
  ctx: ServiceCtx;
  input: {
    id: string;
    list: SelectionInput[];
    /** When the list was built from what the caller read: refuse if the draft changed since (no lost edit). */
    expectedUpdatedAt?: Date;
  };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const spec = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    assertDraft(spec);
    if (expectedUpdatedAt && spec.updatedAt.getTime() !== expectedUpdatedAt.getTime()) {
      throw conflict(
        "Someone changed this specification's clauses at the same time. Check them and try again.",
      );
    }
    const before = await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: id } });
    const resolved = await resolveSelections(tx, ctx.actor, list, sizeOf(spec));
    await tx.delete(specificationClauses).where(eq(specificationClauses.specificationId, id));
    if (resolved.length) {
      await tx
        .insert(specificationClauses)
        .values(resolved.map((r, position) => ({ specificationId: id, position, ...r })));
    }
    const [after] = await tx
      .update(specifications)
      .set({ updatedAt: ctx.now })
      .where(eq(specifications.id, id))
      .returning();
    const selections = await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: id } });
    const brief = (xs: typeof selections) =>
      xs.map((x) => ({ key: x.key, version: x.version, parameters: x.parameters }));
    await recordAudit(tx, ctx, {
      action: "specification.clauses.set",
      entityType: "specification",
      entityId: id,
      before: brief(before),
      after: brief(selections),
    });
    return specificationView(after!, selections);
  });
}

/**
 * When the service's size changes, values still at the default computed from the old size move to the
 * new one; values the commissioner changed stay as they set them.
 */
async function followNewSize(tx: DbOrTx, specificationId: string, before: ServiceSize, after: ServiceSize) {
  if (before.caseload === after.caseload && before.sites === after.sites) return;
  for (const s of await selectionsOf({ ctx: { db: tx }, input: { specificationId } })) {
    const next = { ...s.parameters };
    let changed = false;
    for (const p of s.content.parameters) {
      if (!p.scale || next[p.name] !== defaultFor(p, before)) continue;
      const value = defaultFor(p, after);
      if (value !== undefined && value !== next[p.name]) {
        next[p.name] = value;
        changed = true;
      }
    }
    if (changed) {
      await tx
        .update(specificationClauses)
        .set({ parameters: next })
        .where(
          and(
            eq(specificationClauses.specificationId, specificationId),
            eq(specificationClauses.position, s.position),
          ),
        );
    }
  }
}

/** Why a version is revised, if anyone says: the one statement of the rule (POST .../revise's body). */
export const revisionInput = z.object({ note: longText(TEXT_LIMITS.revisionNote).optional() }).strict();

/** Starts the next version as a draft copy of an issued one. */
export async function startRevision({
  ctx,
  input: { id, note: given },
}: {
  ctx: ServiceCtx;
  input: { id: string; note?: unknown };
}) {
  const { note } = parseInput(revisionInput, given === undefined ? {} : { note: given });
  return withTransaction(ctx.db, async (tx) => {
    const spec = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    if (spec.status !== "issued") {
      throw conflict(
        spec.status === "draft"
          ? "This version is still a draft: change it directly."
          : "This version has been superseded: revise the latest issued version instead.",
      );
    }
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      issuedAt: _i,
      issuedBy: _b,
      contentHash: _h,
      snapshot: _s,
      ...copy
    } = spec;
    let row: SpecificationRow;
    try {
      [row] = (await tx
        .insert(specifications)
        .values({
          ...copy,
          version: spec.version + 1,
          revisesId: spec.id,
          status: "draft",
          revisionNote: note ?? null,
          // COM-02 asks for people to help write each version: the record is this version's own.
          coProduction: null,
          createdBy: ctx.actor.userId,
        })
        .returning()) as [SpecificationRow];
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict("A revision of this specification is already in progress.");
      throw e;
    }
    // Keep the same clause versions and values; the commissioner moves them on deliberately.
    const kept = await tx
      .select()
      .from(specificationClauses)
      .where(eq(specificationClauses.specificationId, spec.id));
    if (kept.length) {
      await tx.insert(specificationClauses).values(kept.map((s) => ({ ...s, specificationId: row.id })));
    }
    // And the same KPIs (services/specifications/kpis.ts), to change while it is a draft.
    const kpis = await tx
      .select()
      .from(specificationKpis)
      .where(eq(specificationKpis.specificationId, spec.id));
    if (kpis.length) {
      await tx.insert(specificationKpis).values(kpis.map((k) => ({ ...k, specificationId: row.id })));
    }
    const view = specificationView(
      row,
      await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: row.id } }),
    );
    await recordAudit(tx, ctx, {
      action: "specification.revise",
      entityType: "specification",
      entityId: row.id,
      after: { ...view, revises: spec.id },
    });
    return view;
  });
}
