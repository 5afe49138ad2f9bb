// People who use the service: user groups linked to contracts, their representatives' views on the
// evidence shared with them, and the promises in plain language.
import { VALIDATION_VIEWS } from "../../db/schema/index.js";
import { serviceCtx } from "../../middleware/access.js";
import { londonDate } from "../../model/dates.js";
import { VIEW_NAME_REACHES } from "../../model/involvement.js";
import { findContract } from "../../services/contracts/queries.js";
import { acknowledgeViewsNotice, viewsNotice } from "../../services/involvement/privacy-notice.js";
import { promisesOf } from "../../services/involvement/promises.js";
import { sharedEvidence } from "../../services/involvement/shared-evidence.js";
import { linkUserGroup, listUserGroups, unlinkUserGroup } from "../../services/involvement/user-groups.js";
import {
  createValidation,
  validationInput,
  viewsOfSubmission,
} from "../../services/involvement/validations.js";
import { fileSchema, obligationStatusSchema } from "../contracts/schemas.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const conflictResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

const linkedGroupSchema = z
  .object({ organisationId: z.uuid(), name: z.string(), linkedAt: z.string() })
  .openapi("LinkedUserGroup");

const validationSchema = z
  .object({
    id: z.uuid(),
    submissionId: z.uuid(),
    view: z.enum(VALIDATION_VIEWS),
    comment: z.string(),
    showMyName: z
      .boolean()
      .openapi({ description: "Whether the provider may see the name (nameReach everyone)." }),
    nameReach: z.enum(VIEW_NAME_REACHES).openapi({
      description:
        "Who may see the writer's name: group (everyone else reads 'a member of <group>'), council (the group and the commissioning organisation's staff) or everyone (the provider too).",
    }),
    afterDecision: z.boolean().openapi({ description: "Given after the council decided on the evidence." }),
    userGroupId: z.uuid(),
    userGroupName: z.string(),
    name: z.string().nullable().openapi({
      description: "Who gave the view, to those nameReach lets see it (and to the writer); null otherwise.",
    }),
    mine: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Validation");

const promiseSchema = z
  .object({
    clauseKey: z.string(),
    title: z.string(),
    category: z.string(),
    plainLanguage: z.string(),
    userLed: z
      .boolean()
      .openapi({ description: "People who use the service check this promise's evidence." }),
    latest: z.array(
      z.object({
        period: z.string(),
        periodStart: z.string(),
        periodEnd: z.string().nullable(),
        status: obligationStatusSchema,
        verdict: z.string().nullable(),
        words: z.string().openapi({ example: "done, and checked" }),
      }),
    ),
    sentence: z.string().openapi({ description: "The promise in one plain sentence." }),
    standing: z.enum(["on_target", "below_target", "not_reported"]).openapi({
      description:
        "From accepted evidence only: its figures against the period's target (pro-rated year to date for counts and numbers), or without figures the verdict on the latest accepted evidence.",
    }),
    standingWords: z.string().openapi({ example: "on target" }),
    figures: z.array(
      z.object({
        label: z.string(),
        value: z.string().openapi({ description: 'As people read it: counts under 5 as "fewer than 5".' }),
        target: z.string(),
        proRated: z.boolean(),
        periodStart: z.string(),
        periodEnd: z.string().nullable(),
        standing: z.enum(["on_target", "below_target", "not_reported"]),
      }),
    ),
  })
  .openapi("ServicePromise");

const sharedEvidenceSchema = z
  .object({
    id: z.uuid(),
    obligationId: z.uuid(),
    clauseKey: z.string(),
    clauseTitle: z.string(),
    period: z.string(),
    version: z.number().int(),
    status: z.string(),
    narrative: z.string(),
    coveredFrom: z.string(),
    coveredTo: z.string(),
    createdAt: z.string(),
    files: z.array(fileSchema),
    groupViews: z.number().int().openapi({ description: "Views your group has given on it." }),
    myView: z.enum(VALIDATION_VIEWS).nullable(),
  })
  .openapi("SharedEvidence");

const groupParams = z.object({
  id: z.uuid({ error: "must be a UUID" }),
  organisationId: z.uuid({ error: "must be a UUID" }),
});

const viewsNoticeSchema = z
  .object({
    notice: z
      .string()
      .openapi({ description: "Which text: a new text takes a new name, and is read again." }),
    heading: z.string(),
    paragraphs: z.array(z.string()),
    readAt: z
      .string()
      .nullable()
      .openapi({ description: "When the caller said they had read this text; null until then." }),
  })
  .openapi("ViewsPrivacyNotice");

export const involvementRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/involvement/views-notice",
      tags: ["People who use the service"],
      summary: "The privacy notice a representative reads before their first view",
      description:
        "Who sees a view and its writer's name, why, for how long, and that the audit log keeps who wrote it; readAt says whether the caller has read it. A view is refused (409) until they have.",
      access: "evidence.validate",
      responses: { 200: jsonResponse(viewsNoticeSchema, "The notice") },
    }),
    async (c) => c.json(await viewsNotice({ ctx: serviceCtx(c), input: {} }), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/involvement/views-notice",
      tags: ["People who use the service"],
      summary: "Say you have read the privacy notice",
      description:
        "Records, with an audit event, that the caller has read the notice; after it they may give views. A second time changes nothing.",
      access: "evidence.validate",
      responses: { 200: jsonResponse(viewsNoticeSchema, "The notice, with when it was read") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      await acknowledgeViewsNotice({ ctx, input: {} });
      return c.json(await viewsNotice({ ctx, input: {} }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/user-groups",
      tags: ["People who use the service"],
      summary: "Link a user group to a contract: its representatives then see the contract",
      description:
        "organisationId must be a user_group organisation (422). Its representatives see this contract's promises, how each is doing, and the evidence the provider marks shareable for the clauses people who use the service check; nothing else. 409 if already linked.",
      access: "involvement.link",
      request: { params: idParam, body: jsonBody(z.object({ organisationId: z.uuid() }).strict()) },
      responses: { 201: jsonResponse(linkedGroupSchema, "Linked"), 409: conflictResponse("Already linked") },
    }),
    async (c) =>
      c.json(
        await linkUserGroup({
          ctx: serviceCtx(c),
          input: { contractId: c.req.valid("param").id, organisationId: c.req.valid("json").organisationId },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/user-groups",
      tags: ["People who use the service"],
      summary: "The user groups linked to a contract",
      access: "involvement.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ userGroups: z.array(linkedGroupSchema) }), "Linked groups") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        { userGroups: await listUserGroups({ ctx, input: { contractId: c.req.valid("param").id } }) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/contracts/{id}/user-groups/{organisationId}",
      tags: ["People who use the service"],
      summary: "Unlink a user group: its representatives no longer see the contract",
      access: "involvement.link",
      request: { params: groupParams },
      responses: { 204: { description: "Unlinked" } },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await unlinkUserGroup({
        ctx: serviceCtx(c),
        input: { contractId: p.id, organisationId: p.organisationId },
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/promises",
      tags: ["People who use the service"],
      summary: "The service's promises in plain language, each with how it is doing in words",
      description:
        "For each clause: its plain-language sentences and its latest periods that have started (the first period if none has), with the status in words: done, and checked; partly done; not done; late; done, waiting to be checked; sent back to be put right; not due yet; does not apply.",
      access: "involvement.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ promises: z.array(promiseSchema) }), "Promises") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const contract = await findContract({ ctx, input: { id: c.req.valid("param").id } });
      return c.json(
        {
          promises: await promisesOf({ ctx, input: { contractId: contract.id, today: londonDate(ctx.now) } }),
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/shared-evidence",
      tags: ["People who use the service"],
      summary: "Evidence the provider shared with the contract's user groups, newest first",
      description:
        "Only submissions marked shareable, for clauses whose verification includes people who use the service. For representatives, their own group's views are counted.",
      access: "involvement.read",
      request: { params: idParam },
      responses: {
        200: jsonResponse(z.object({ evidence: z.array(sharedEvidenceSchema) }), "Shared evidence"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        { evidence: await sharedEvidence({ ctx, input: { contractId: c.req.valid("param").id } }) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/submissions/{id}/validations",
      tags: ["People who use the service"],
      summary: "Say whether the evidence matches your experience",
      description:
        "For representatives of a user group linked to the contract, on evidence shared with them (404 otherwise). view: agree, partly or disagree. nameReach: who may see your name (group, council or everyone; council by default); showMyName: true is nameReach everyone (read when nameReach is not given). A view given once the council has decided is marked afterDecision. A representative reads the privacy notice (GET and POST /api/involvement/views-notice, or the page) before their first view: 409 until they have. One view per person per submission (409 for a second).",
      access: "evidence.validate",
      request: {
        params: idParam,
        body: jsonBody(validationInput),
      },
      responses: {
        201: jsonResponse(validationSchema, "Your view"),
        409: conflictResponse("You have already given your view, or have not read the privacy notice yet"),
      },
    }),
    async (c) =>
      c.json(
        await createValidation({
          ctx: serviceCtx(c),
          input: { ...c.req.valid("json"), submissionId: c.req.valid("param").id },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/submissions/{id}/validations",
      tags: ["People who use the service"],
      summary: "The views of people who use the service on a submission, and whose view is still awaited",
      description:
        "pending lists the linked groups that have not given a view while the contract's days for it last (dueBy). Representatives see their own group's views only.",
      access: "involvement.read",
      request: { params: idParam },
      responses: {
        200: jsonResponse(
          z.object({
            validations: z.array(validationSchema),
            pending: z.array(z.object({ organisationId: z.uuid(), name: z.string() })),
            dueBy: z.string().nullable(),
          }),
          "Views",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        await viewsOfSubmission({
          ctx,
          input: { submissionId: c.req.valid("param").id, today: londonDate(ctx.now) },
        }),
        200,
      );
    },
  );
