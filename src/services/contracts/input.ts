// The fields of a contract as zod, the one statement of their rules: createContract judges its input by
// createContractInput, and the API's POST and PATCH describe their bodies with these same fields.
import { z } from "zod";
import { longText, shortText } from "../../lib/text.js";
import { isoDate } from "../../model/dates.js";
import { NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { PROCUREMENT_REGIMES } from "../../model/procurement.js";
import { DEFAULT_REMINDER_DAYS, MAX_REMINDER_DAYS } from "../notifications/reminders.js";
import { termProblem } from "./plan.js";

export const contractReference = shortText(TEXT_LIMITS.contractReference);

export const reportingYearStart = z
  .number()
  .int()
  .min(NUMBER_LIMITS.reportingYearStart.min)
  .max(NUMBER_LIMITS.reportingYearStart.max);

export const reminderDays = z
  .array(z.number().int().min(1).max(MAX_REMINDER_DAYS))
  .min(1)
  .max(5)
  .refine((d) => new Set(d).size === d.length, "must not repeat a number of days")
  .describe(
    `Days before each due date to remind the provider of evidence not yet sent (1-${MAX_REMINDER_DAYS}, up to 5; default ${DEFAULT_REMINDER_DAYS.join(" and ")})`,
  );

/** The procurement details a contract records, as a contract performance notice (UK9) needs them. */
export const procurementFields = {
  procurementRegime: z
    .enum(PROCUREMENT_REGIMES)
    .optional()
    .describe("The law the contract was let under; provider_selection_regime by default"),
  lightTouch: z.boolean().optional().describe("A light touch contract under the Procurement Act 2023"),
  estimatedValuePence: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .optional()
    .describe("The estimated value including VAT, in pence"),
  title: shortText(TEXT_LIMITS.procurementTitle).nullable().optional().describe("The procurement's title"),
  procurementIdentifier: shortText(TEXT_LIMITS.procurementIdentifier)
    .nullable()
    .optional()
    .describe("The procurement's identifier, as its notices name it"),
  kpiExemptionReason: longText(TEXT_LIMITS.kpiExemptionReason)
    .nullable()
    .optional()
    .describe(
      "Why performance cannot be assessed by KPIs: lets a Procurement Act contract over £5 million that is not light touch have fewer than three",
    ),
};

/**
 * A new contract: every field judged at once, so one refusal names each field that is wrong. The term
 * (an end before the start, longer than the longest allowed) is judged whenever both dates are dates,
 * even when other fields are wrong.
 */
export const createContractInput = z
  .object({
    specificationId: z.uuid({ error: "choose an issued specification" }),
    providerOrganisationId: z.uuid({ error: "choose a provider organisation" }),
    reference: contractReference,
    startDate: isoDate,
    endDate: isoDate,
    reportingYearStart: reportingYearStart.optional(),
    reminderDays: reminderDays.optional(),
    ...procurementFields,
  })
  .strict()
  .superRefine(
    (v, ctx) => {
      const problem = termProblem(v.startDate, v.endDate);
      if (problem) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
    },
    // Run even when other fields are wrong: termProblem reads only the dates, and only real ones.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
