// "You said, we did" entries, and the public page of a published service as data.

import { publicCtx, serviceCtx } from "../../middleware/access.js";
import { publicService } from "../../services/involvement/public-service.js";
import {
  createYouSaid,
  decideYouSaid,
  listYouSaid,
  youSaidInput,
} from "../../services/involvement/you-said-we-did.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const youSaidSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    youSaid: z.string(),
    weDid: z.string(),
    status: z.enum(["proposed", "approved", "rejected"]),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("YouSaidWeDid");

const publicServiceSchema = z
  .object({
    slug: z.string(),
    serviceName: z.string(),
    commissionerName: z.string(),
    asOf: z.string(),
    promises: z.array(
      z.object({
        title: z.string(),
        category: z.string(),
        plainLanguage: z.string(),
        latest: z.array(
          z.object({
            period: z.string(),
            status: z.string(),
            verdict: z.string().nullable(),
            words: z.string(),
          }),
        ),
      }),
    ),
    youSaidWeDid: z.array(
      z.object({ youSaid: z.string(), weDid: z.string(), decidedAt: z.string().nullable() }),
    ),
    contactBox: z.array(z.string()).openapi({
      description:
        "Who people can call, one sentence each: the provider's and the council's contacts, complaints, an independent body and Healthwatch",
    }),
    getInvolved: z.object({
      text: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  })
  .openapi("PublicService");

export const publicRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/you-said-we-did",
      tags: ["People who use the service"],
      summary: 'Write a "you said, we did" entry: what people said and what changed',
      description:
        "For the contract's provider. The entry waits for a reviewer of the commissioning organisation to approve it; only approved entries appear on the public page and to representatives.",
      access: "you_said_we_did.write",
      request: {
        params: idParam,
        body: jsonBody(youSaidInput),
      },
      responses: { 201: jsonResponse(youSaidSchema, "Written, waiting for approval") },
    }),
    async (c) =>
      c.json(
        await createYouSaid({
          ctx: serviceCtx(c),
          input: { ...c.req.valid("json"), contractId: c.req.valid("param").id },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/you-said-we-did",
      tags: ["People who use the service"],
      summary: 'The contract\'s "you said, we did" entries, newest first',
      description: "Representatives see the approved entries; the contract's staff see all.",
      access: "involvement.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ entries: z.array(youSaidSchema) }), "Entries") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        { entries: await listYouSaid({ ctx, input: { contractId: c.req.valid("param").id } }) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/you-said-we-did/{id}/decision",
      tags: ["People who use the service"],
      summary: 'Approve or reject a "you said, we did" entry',
      description: "For reviewers of the commissioning organisation. 409 once decided.",
      access: "you_said_we_did.decide",
      request: {
        params: idParam,
        body: jsonBody(z.object({ decision: z.enum(["approved", "rejected"]) }).strict()),
      },
      responses: {
        200: jsonResponse(youSaidSchema, "Decided"),
        409: {
          description: "Already decided",
          content: { "application/problem+json": { schema: problemSchema } },
        },
      },
    }),
    async (c) =>
      c.json(
        await decideYouSaid({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, decision: c.req.valid("json").decision },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/services/{slug}",
      tags: ["People who use the service"],
      summary: "A published service's public page, as data",
      description:
        'No sign-in. The service\'s name, its promises in plain language with how each is doing in words, approved "you said, we did" entries and how to get involved. No files, narratives or names of people. 404 when the page is not published or the address is unknown.',
      access: "public",
      request: { params: z.object({ slug: z.string().max(80) }) },
      responses: { 200: jsonResponse(publicServiceSchema, "The service") },
    }),
    async (c) =>
      c.json(await publicService({ ctx: publicCtx(c), input: { slug: c.req.valid("param").slug } }), 200),
  );
