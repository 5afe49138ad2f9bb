// Contracts: letting an issued specification to a provider, changing it, and its evidence schedule.

import { longText } from "../../lib/text.js";
import { serviceCtx } from "../../middleware/access.js";
import { londonDate } from "../../model/dates.js";
import { INPUT_LIMITS, NUMBER_LIMITS, TEXT_LIMITS } from "../../model/limits.js";
import { createContract } from "../../services/contracts/create.js";
import {
  contractReference,
  createContractInput,
  procurementFields,
  reminderDays,
  reportingYearStart,
} from "../../services/contracts/input.js";
import { MAX_TERM_YEARS } from "../../services/contracts/plan.js";
import { getContract, listContracts, listObligations } from "../../services/contracts/queries.js";
import { DEFAULT_REPORTING_YEAR_START, MOBILISATION_DUE_MONTHS } from "../../services/contracts/schedule.js";
import { updateContract } from "../../services/contracts/update.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";
import { contractSchema, isoDate, obligationSchema, obligationStatusSchema } from "./schemas.js";

const conflictResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

const SCHEDULE_RULES = [
  "The schedule: one obligation per clause per period, from the clause's frequency.",
  `Quarters, half-years and years are aligned to the reporting year (reportingYearStart, month 1-12, default ${DEFAULT_REPORTING_YEAR_START} = April);`,
  "months are calendar months; first and last periods are clipped to the contract dates.",
  "Each is due the specification's grace period after it ends.",
  `"At mobilisation" evidence is due ${MOBILISATION_DUE_MONTHS} months after the start;`,
  '"once per term" is one obligation over the whole term; "per event" is one open-ended obligation',
  "(no end or due date) whose submissions form the event log.",
].join(" ");

const regenerationSchema = z
  .object({
    kept: z.number().int(),
    unchanged: z.number().int(),
    updated: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    coveredByKept: z.number().int(),
    alreadyEnded: z.number().int(),
  })
  .nullable();

export const contractRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts",
      tags: ["Contracts"],
      summary: "Let an issued specification to a provider, generating its evidence schedule",
      description: `Only an issued specification of your organisation can be contracted (409 otherwise); providerOrganisationId must be a provider organisation (422). Its users then see this contract and nothing else of yours. The specification's KPIs become the contract's. Under the Procurement Act 2023, not light touch and over £5 million (estimatedValuePence over 500000000), fewer than three KPIs answers 422 naming s.52 unless kpiExemptionReason says why performance cannot be assessed by KPIs. Terms of at most ${MAX_TERM_YEARS} years. ${SCHEDULE_RULES}`,
      access: "contract.write",
      request: {
        body: jsonBody(createContractInput),
      },
      responses: {
        201: jsonResponse(contractSchema.extend({ obligationCount: z.number().int() }), "Created"),
        409: conflictResponse("The specification is not issued, or the reference is taken"),
      },
    }),
    async (c) => c.json(await createContract({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts",
      tags: ["Contracts"],
      summary: "Contracts you may see: your organisation's, or (for a provider) those let to you",
      access: "contract.read",
      request: {
        query: z.object({ provider: z.uuid().optional(), specification: z.uuid().optional() }),
      },
      responses: { 200: jsonResponse(z.object({ contracts: z.array(contractSchema) }), "Contracts") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const q = c.req.valid("query");
      const rows = await listContracts({
        ctx,
        input: {
          providerOrganisationId: q.provider,
          specificationId: q.specification,
        },
      });
      return c.json({ contracts: rows }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}",
      tags: ["Contracts"],
      summary: "A contract",
      access: "contract.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(contractSchema, "The contract") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await getContract({ ctx, input: { id: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/contracts/{id}",
      tags: ["Contracts"],
      summary:
        "Change a contract's reference, dates or reporting year, move it to a newer specification version, or publish its page",
      description:
        "public: true publishes the service's page at /services/{slug} for anyone to read (off by default; false withdraws it, and the address then answers 404). The slug is made from the service's name and reference when first published, unless you send one (409 if another page has it); it is kept after. involvementContact, contactEmail and contactPhone say how people can get involved, on that page; involvementContactName (a person or team at the provider) and contactPhone (a UK phone number) are needed to publish it (422 otherwise). validationDays is how long linked user groups have to give their view on a submission. specificationId must be a later issued version of the contract's own specification. A change to the dates, the reporting year or the specification regenerates the schedule from today on, in the same transaction: obligations that hold evidence or a decision (any submission, or a waiver) and those whose period has ended are history and are never touched; the others are updated, added or removed to match; a planned period that has already ended, or that overlaps a kept obligation of the same clause, is not created. The response says what changed, and the audit log records it as contract.regenerate.",
      access: "contract.write",
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
              reference: contractReference.optional(),
              startDate: isoDate.optional(),
              endDate: isoDate.optional(),
              reportingYearStart: reportingYearStart.optional(),
              reminderDays: reminderDays.optional(),
              specificationId: z.uuid().optional(),
              public: z.boolean().optional(),
              slug: z
                .string()
                .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lower-case letters, numbers and single hyphens")
                .min(TEXT_LIMITS.publicPageAddress.min)
                .max(TEXT_LIMITS.publicPageAddress.max)
                .optional(),
              involvementContact: longText(TEXT_LIMITS.involvementContact).nullable().optional(),
              contactEmail: z.email().max(INPUT_LIMITS.contactEmailLength).nullable().optional(),
              involvementContactName: z
                .string()
                .trim()
                .max(TEXT_LIMITS.contactName.max)
                .nullable()
                .optional(),
              // Whether it is a UK phone number is the service's rule (model/contacts.ts).
              contactPhone: z.string().trim().max(TEXT_LIMITS.phoneNumber.max).nullable().optional(),
              validationDays: z
                .number()
                .int()
                .min(NUMBER_LIMITS.validationDays.min)
                .max(NUMBER_LIMITS.validationDays.max)
                .optional(),
              ...procurementFields,
            })
            .strict()
            .refine((b) => Object.keys(b).length > 0, { message: "send at least one field to change" }),
        ),
      },
      responses: {
        200: jsonResponse(contractSchema.extend({ regeneration: regenerationSchema }), "Updated"),
        409: conflictResponse("Not a later issued version, or the reference is taken"),
      },
    }),
    async (c) =>
      c.json(
        await updateContract({
          ctx: serviceCtx(c),
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/obligations",
      tags: ["Contracts"],
      summary: "The contract's obligations, by period then clause, with their status as of today",
      description: "Filter by status, clause key (clause=FBK-02) or period label (period=2026-27 Q1).",
      access: "contract.read",
      request: {
        params: idParam,
        query: z.object({
          status: obligationStatusSchema.optional(),
          clause: z.string().max(20).optional(),
          period: z.string().max(40).optional(),
        }),
      },
      responses: { 200: jsonResponse(z.object({ obligations: z.array(obligationSchema) }), "Obligations") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const rows = await listObligations({
        ctx,
        input: { contractId: c.req.valid("param").id, today: londonDate(ctx.now), ...c.req.valid("query") },
      });
      return c.json({ obligations: rows }, 200);
    },
  );
