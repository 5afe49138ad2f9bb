// Email domain claims: an organisation's administrator asks for a domain; the service operator approves or
// refuses, and moves or deactivates the accounts other organisations have at it.
import { ROLES } from "../../db/schema/index.js";
import { serviceCtx } from "../../middleware/access.js";
import { DOMAIN_CLAIM_STATUSES } from "../../model/email-domains.js";
import {
  decideDomainClaim,
  getDomainClaim,
  listDomainClaims,
  listOrganisationDomainClaims,
  requestDomainClaim,
  resolveDomainConflict,
} from "../../services/organisations/domain-claims.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";
import { toUser, userSchema } from "../schemas.js";

const organisationRef = z.object({ id: z.uuid(), name: z.string() });

const claimSchema = z
  .object({
    id: z.uuid(),
    domain: z.string(),
    status: z.enum(DOMAIN_CLAIM_STATUSES),
    organisationId: z.uuid(),
    organisationName: z.string(),
    allowedOrganisations: z.array(organisationRef),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("DomainClaim");

const claimDetailSchema = claimSchema
  .extend({
    conflicts: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        email: z.string(),
        role: z.enum(ROLES),
        active: z.boolean(),
        organisationId: z.uuid(),
        organisationName: z.string(),
      }),
    ),
    otherSingleSignOn: organisationRef.nullable(),
    heldBy: organisationRef.nullable(),
  })
  .openapi("DomainClaimDetail");

export const domainClaimRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/organisations/{id}/domain-claims",
      tags: ["Organisations"],
      summary:
        "Ask for an email domain to be your organisation's, naming any other organisation allowed at it (an in-house provider). The service operator approves or refuses it. Shared and personal domains (nhs.net, gmail.com and the like) cannot be claimed",
      access: "domain_claim.request",
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
              domain: z.string().max(253),
              allowedOrganisationIds: z.array(z.uuid()).max(20).optional(),
            })
            .strict(),
        ),
      },
      responses: { 201: jsonResponse(claimSchema, "Asked for") },
    }),
    async (c) =>
      c.json(
        await requestDomainClaim({
          ctx: serviceCtx(c),
          input: { organisationId: c.req.valid("param").id, ...c.req.valid("json") },
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/organisations/{id}/domain-claims",
      tags: ["Organisations"],
      summary: "Your organisation's domain claims and where each stands",
      access: "domain_claim.request",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ claims: z.array(claimSchema) }), "Claims") },
    }),
    async (c) =>
      c.json(
        {
          claims: await listOrganisationDomainClaims({
            ctx: serviceCtx(c),
            input: { organisationId: c.req.valid("param").id },
          }),
        },
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/domain-claims",
      tags: ["Organisations"],
      summary: "Every domain claim, those waiting for a decision first",
      access: "domain_claim.decide",
      responses: { 200: jsonResponse(z.object({ claims: z.array(claimSchema) }), "Claims") },
    }),
    async (c) => c.json({ claims: await listDomainClaims({ ctx: serviceCtx(c) }) }, 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/domain-claims/{id}",
      tags: ["Organisations"],
      summary:
        "A domain claim with the accounts other organisations have at the domain (neither the claimant nor allowed)",
      access: "domain_claim.decide",
      request: { params: idParam },
      responses: { 200: jsonResponse(claimDetailSchema, "The claim") },
    }),
    async (c) =>
      c.json(await getDomainClaim({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/domain-claims/{id}/decision",
      tags: ["Organisations"],
      summary:
        "Approve or refuse a waiting claim. Approving ends any other organisation's hold on the domain and its single sign-on for it; accounts elsewhere at the domain stay until moved or deactivated",
      access: "domain_claim.decide",
      request: {
        params: idParam,
        body: jsonBody(z.object({ decision: z.enum(["approve", "refuse"]) }).strict()),
      },
      responses: { 200: jsonResponse(claimDetailSchema, "Decided") },
    }),
    async (c) =>
      c.json(
        await decideDomainClaim({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/domain-claims/{id}/conflicts/{userId}",
      tags: ["Organisations"],
      summary:
        "Move an account at the claimed domain into the claiming organisation (keeping its role where it fits, else the role given), or deactivate it. Its sessions end and its API tokens are revoked",
      access: "domain_claim.decide",
      request: {
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        body: jsonBody(
          z.object({ action: z.enum(["move", "deactivate"]), role: z.enum(ROLES).optional() }).strict(),
        ),
      },
      responses: { 200: jsonResponse(userSchema, "Moved or deactivated") },
    }),
    async (c) => {
      const { id, userId } = c.req.valid("param");
      const user = await resolveDomainConflict({
        ctx: serviceCtx(c),
        input: { claimId: id, userId, ...c.req.valid("json") },
      });
      return c.json(toUser(user), 200);
    },
  );
