// COM-02's record on a draft: who helped the council write this version, from which groups, when, and how
// each wants to be credited. Only with it do the documents say people who use services helped write them.
import { eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { specifications } from "../../db/schema/index.js";
import { type FieldError, validation } from "../../lib/errors.js";
import { textProblem } from "../../lib/text.js";
import type { CoProductionRecord, CreditChoice } from "../../model/co-production.js";
import { isoDateProblem, londonDate } from "../../model/dates.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findSpecification, selectionsOf, specificationView } from "./queries.js";
import { assertDraft } from "./write.js";

const CHOICES: readonly CreditChoice[] = ["name", "pseudonym"];
const GROUP = TEXT_LIMITS.coProductionGroup;
const CREDIT = TEXT_LIMITS.coProductionCredit;
const PEOPLE = NUMBER_LIMITS.coProductionPeople;

/** Checks a record as given and answers it tidied; every problem at its field. */
function checkCoProduction(given: CoProductionRecord, today: string): CoProductionRecord {
  const errors: FieldError[] = [];
  const tidy = (s: unknown) => (typeof s === "string" ? s.trim().replace(/\s+/g, " ") : "");
  const date = (path: string, v: unknown, what: string) => {
    const s = tidy(v);
    const problem = s ? isoDateProblem(s) : `enter ${what}`;
    if (problem) errors.push({ path, message: problem });
    else if (s > today) errors.push({ path, message: "must be today or earlier: record what has happened" });
    return s;
  };
  const from = date("from", given.from, "the first day people worked on it");
  const to = date("to", given.to, "the last day people worked on it");
  if (from && to && !errors.some((e) => e.path === "from" || e.path === "to") && to < from) {
    errors.push({ path: "to", message: "must be on or after the first day" });
  }
  const groups = (given.groups ?? []).map((g, i) => {
    const name = tidy(g.name);
    const problem = textProblem(name, "short");
    if (!name) errors.push({ path: `groups/${i}/name`, message: "enter the group or organisation" });
    else if (problem) errors.push({ path: `groups/${i}/name`, message: problem });
    else if (name.length > GROUP.max)
      errors.push({ path: `groups/${i}/name`, message: `must be ${GROUP.max} characters or fewer` });
    if (!Number.isInteger(g.people) || g.people < PEOPLE.min || g.people > PEOPLE.max) {
      errors.push({
        path: `groups/${i}/people`,
        message: `must be a whole number from ${PEOPLE.min} to ${PEOPLE.max}`,
      });
    }
    return { name, people: g.people };
  });
  if (groups.length === 0) {
    errors.push({ path: "groups", message: "say how many people took part, and from which group" });
  }
  groups.forEach((g, i) => {
    if (g.name && groups.findIndex((o) => o.name.toLowerCase() === g.name.toLowerCase()) !== i) {
      errors.push({
        path: `groups/${i}/name`,
        message: "this group is already listed: add its people together",
      });
    }
  });
  const credited = (given.credited ?? []).map((c, i) => {
    const name = tidy(c.name);
    const problem = textProblem(name, "short");
    if (!name) errors.push({ path: `credited/${i}/name`, message: "enter the name or pseudonym they chose" });
    else if (problem) errors.push({ path: `credited/${i}/name`, message: problem });
    else if (name.length > CREDIT.max)
      errors.push({ path: `credited/${i}/name`, message: `must be ${CREDIT.max} characters or fewer` });
    const group = groups.find((g) => g.name.toLowerCase() === tidy(c.group).toLowerCase())?.name;
    if (!group) {
      errors.push({ path: `credited/${i}/group`, message: "must be one of the groups people came from" });
    }
    if (!CHOICES.includes(c.as)) {
      errors.push({
        path: `credited/${i}/as`,
        message: "choose whether they are credited by name or by a pseudonym",
      });
    }
    const consentRecordedOn = date(
      `credited/${i}/consentRecordedOn`,
      c.consentRecordedOn,
      "the day their consent to be credited was recorded",
    );
    return { name, group: group ?? tidy(c.group), as: c.as, consentRecordedOn };
  });
  groups.forEach((g, i) => {
    const n = credited.filter((c) => c.group === g.name).length;
    if (n > g.people) {
      errors.push({
        path: `groups/${i}/people`,
        message: `is fewer than the ${n} people credited from this group`,
      });
    }
  });
  if (errors.length) throw validation(errors, "The record of who helped write this is not complete.");
  return { from, to, groups, credited };
}

/** Sets (or, with null, clears) a draft's COM-02 record. */
export async function setCoProduction({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { id: string; record: CoProductionRecord | null };
}) {
  const record = input.record ? checkCoProduction(input.record, londonDate(ctx.now)) : null;
  return withTransaction(ctx.db, async (tx) => {
    const before = await findSpecification({ ctx: { ...ctx, db: tx }, input: { id: input.id, lock: true } });
    assertDraft(before);
    const [after] = await tx
      .update(specifications)
      .set({ coProduction: record, updatedAt: ctx.now })
      .where(eq(specifications.id, input.id))
      .returning();
    // The audit keeps counts and groups, not the names of people with lived experience.
    const summary = (r: CoProductionRecord | null) =>
      r && { from: r.from, to: r.to, groups: r.groups, credited: r.credited.length };
    await recordAudit(tx, ctx, {
      action: "specification.co_production",
      entityType: "specification",
      entityId: input.id,
      before: { coProduction: summary(before.coProduction) },
      after: { coProduction: summary(record) },
    });
    return specificationView(
      after!,
      await selectionsOf({ ctx: { ...ctx, db: tx }, input: { specificationId: input.id } }),
    );
  });
}
