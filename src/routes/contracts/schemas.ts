// Response shapes for contracts, obligations, submissions and compliance, shared by their routes.
import { REVIEW_DECISIONS, SUBMISSION_STATUSES, VERDICTS } from "../../db/schema/index.js";
import { OBLIGATION_STATUSES } from "../../model/compliance.js";
import { PROCUREMENT_REGIMES } from "../../model/procurement.js";
import { z } from "../openapi.js";

export { isoDate } from "../../model/dates.js";

export const contractSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    organisationId: z.uuid(),
    commissionerName: z.string(),
    providerOrganisationId: z.uuid(),
    providerName: z.string(),
    specificationId: z.uuid(),
    specificationTitle: z.string(),
    specificationReference: z
      .string()
      .nullable()
      .describe("The council's own reference for the specification, if it has set one"),
    specificationVersion: z.number().int(),
    specificationLineageId: z.uuid(),
    startDate: z.string(),
    endDate: z.string(),
    reportingYearStart: z.number().int(),
    reminderDays: z.array(z.number().int()).describe("Days before each due date the provider is reminded"),
    gracePeriodDays: z.number().int(),
    serviceName: z.string(),
    public: z
      .boolean()
      .openapi({ description: "Whether the service's page at /services/{slug} is published." }),
    slug: z
      .string()
      .nullable()
      .openapi({ description: "The public page's address, set when first published." }),
    involvementContact: z
      .string()
      .nullable()
      .openapi({ description: "How people can get involved, shown on the public page." }),
    involvementContactName: z
      .string()
      .nullable()
      .openapi({ description: "The provider's involvement contact, shown on the public page." }),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    validationDays: z
      .number()
      .int()
      .openapi({ description: "Days the linked user groups have to give their view on a submission." }),
    procurementRegime: z.enum(PROCUREMENT_REGIMES),
    lightTouch: z.boolean(),
    estimatedValuePence: z.number().int().nullable(),
    title: z.string().nullable(),
    procurementIdentifier: z.string().nullable(),
    kpiExemptionReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Contract");

export const obligationStatusSchema = z.enum(OBLIGATION_STATUSES).openapi("ObligationStatus", {
  description:
    "not_due: the period has not started. open: started, not yet past its due date. overdue: past its due date with nothing submitted. submitted: awaiting review. changes_requested: returned to the provider. accepted: accepted, see verdict. not_applicable: waived by a reviewer.",
});

const partySchema = z.enum(["provider", "commissioner"]).openapi({
  description:
    "Who the clause binds, and so who hands in its evidence: the provider, or (for the commissioner's own commitments) the commissioner.",
});

export const obligationSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    clauseKey: z.string(),
    clauseTitle: z.string(),
    frequency: z.string(),
    period: z.string().openapi({ example: "2026-27 Q1" }),
    periodStart: z.string(),
    periodEnd: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: obligationStatusSchema,
    verdict: z.enum(VERDICTS).nullable(),
    reason: z
      .string()
      .nullable()
      .openapi({ description: "Why it was waived, or the reviewer's request for changes." }),
    latestSubmissionId: z.uuid().nullable(),
    party: partySchema,
  })
  .openapi("Obligation");

const metricSchema = z.object({
  name: z.string(),
  label: z.string(),
  unit: z.string(),
  comparator: z.string(),
  target: z.number().nullable(),
});

export const obligationDetailSchema = obligationSchema
  .extend({
    evidence: z.string().openapi({ description: "What the provider hands in." }),
    reviewerChecks: z.string(),
    threshold: z.string().nullable(),
    metrics: z
      .array(metricSchema)
      .openapi({ description: "Values a submission reports in its metrics field." }),
  })
  .openapi("ObligationDetail");

export const fileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    contentType: z.string(),
    redactedAt: z.string().nullable().openapi({
      description:
        "When the file's bytes were destroyed (redacted, or its retention period ended); null while it is kept.",
    }),
    redactionReason: z.string().nullable(),
  })
  .openapi("EvidenceFile");

const reviewSchema = z
  .object({
    id: z.uuid(),
    decision: z.enum(REVIEW_DECISIONS),
    verdict: z.enum(VERDICTS).nullable(),
    comment: z.string().nullable(),
    responseToViews: z.string().nullable(),
    reviewerId: z.uuid(),
    reviewerName: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Review");

export const submissionSchema = z
  .object({
    id: z.uuid(),
    obligationId: z.uuid(),
    contractId: z.uuid(),
    version: z.number().int(),
    status: z.enum(SUBMISSION_STATUSES),
    latest: z.boolean(),
    narrative: z.string(),
    coveredFrom: z.string(),
    coveredTo: z.string(),
    metrics: z.record(z.string(), z.union([z.number(), z.string()])),
    shareable: z.boolean().openapi({
      description:
        "The provider agreed that representatives of the contract's user groups may see it and its files.",
    }),
    submittedBy: z.uuid().nullable(),
    submittedByName: z.string().nullable(),
    createdAt: z.string(),
    files: z.array(fileSchema),
    reviews: z.array(reviewSchema),
  })
  .openapi("Submission");

const ragSchema = z.enum(["red", "amber", "green"]);

const viewCountsSchema = z
  .object({ agree: z.number().int(), partly: z.number().int(), disagree: z.number().int() })
  .openapi("ViewCounts", {
    description:
      "Views that representatives of people who use the service gave on the evidence: it matches their experience, partly, or not.",
  });
const overriddenSchema = z.number().int().openapi({
  description:
    "Disagreements on evidence that the reviewer accepted as compliant or partially compliant all the same (not those it found non-compliant).",
});

const summarySchema = z
  .object({
    counts: z.record(z.string(), z.number().int()).openapi({
      description: "Obligations by status, and accepted obligations by verdict.",
    }),
    assessed: z.number().int(),
    percentCompliant: z.number().nullable().openapi({
      description:
        "(compliant + half of partially compliant) / assessed x 100, to one decimal; not applicable excluded; null until something is assessed.",
    }),
    overdue: z.number().int(),
    rag: ragSchema,
    ragExplanation: z.string().openapi({
      description: "Why the rating is what it is, including disagreements the reviewer overrode.",
    }),
    views: viewCountsSchema,
    overriddenDisagreements: overriddenSchema,
  })
  .openapi("ComplianceSummary");

export const contractComplianceSchema = z
  .object({
    contract: contractSchema,
    asOf: z.string(),
    /** The provider's figures: its own obligations only. */
    summary: summarySchema,
    /** The commissioner's own commitments (clauses of the commissioning category), counted apart. */
    commissionerSummary: summarySchema,
    clauses: z.array(
      z.object({
        clauseKey: z.string(),
        clauseTitle: z.string(),
        frequency: z.string(),
        party: partySchema,
        rag: ragSchema,
        ragExplanation: z.string(),
        views: viewCountsSchema,
        overriddenDisagreements: overriddenSchema,
        percentCompliant: z.number().nullable(),
        overdue: z.number().int(),
        periods: z.array(
          z.object({
            obligationId: z.uuid(),
            party: partySchema,
            period: z.string(),
            periodStart: z.string(),
            periodEnd: z.string().nullable(),
            dueDate: z.string().nullable(),
            status: obligationStatusSchema,
            verdict: z.enum(VERDICTS).nullable(),
            reason: z.string().nullable(),
            views: viewCountsSchema,
            overriddenDisagreements: overriddenSchema,
          }),
        ),
      }),
    ),
  })
  .openapi("ContractCompliance");

export const matrixSchema = z
  .object({
    period: z.string(),
    asOf: z.string(),
    periods: z.array(z.string()),
    clauses: z.array(z.object({ key: z.string(), title: z.string() })),
    contracts: z.array(
      z.object({
        id: z.uuid(),
        reference: z.string(),
        providerOrganisationId: z.uuid(),
        providerName: z.string(),
        summary: summarySchema,
        cells: z.array(
          z.object({
            clauseKey: z.string(),
            obligationId: z.uuid(),
            status: obligationStatusSchema,
            verdict: z.enum(VERDICTS).nullable(),
            dueDate: z.string().nullable(),
          }),
        ),
        trend: z.array(
          z.object({
            period: z.string(),
            assessed: z.number().int(),
            percentCompliant: z.number().nullable(),
            overdue: z.number().int(),
            rag: ragSchema.nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("ComplianceMatrix");

const performancePeriodSchema = z.object({
  obligationId: z.string(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string().nullable(),
  dueDate: z.string().nullable(),
  value: z.number().nullable(),
  yearToDate: z.number().nullable(),
  target: z.number().nullable(),
  proRated: z.boolean(),
  months: z.number().nullable(),
  state: z.enum(["met", "below", "not_reported", "no_target"]),
  checked: z.boolean(),
  note: z.string().nullable(),
});
const performanceClauseSchema = z.object({
  clauseKey: z.string(),
  clauseTitle: z.string(),
  frequency: z.string(),
  party: z.enum(["provider", "commissioner"]),
  metrics: z.array(
    z.object({
      metric: z.string(),
      label: z.string(),
      unit: z.string(),
      comparator: z.enum(["at_least", "at_most"]),
      annualTarget: z.number().nullable(),
      proRated: z.boolean(),
      periods: z.array(performancePeriodSchema),
    }),
  ),
});
export const contractPerformanceSchema = z
  .object({
    contract: z.object({ id: z.string(), reference: z.string(), startDate: z.string() }),
    asOf: z.string(),
    rule: z.string(),
    clauses: z.array(performanceClauseSchema),
    commissionerClauses: z.array(performanceClauseSchema),
  })
  .openapi("ContractPerformance");
