// Inviting representatives into a user group linked to a contract: by a commissioner of the contract's
// council, or by a representative of the group itself.

import { serviceCtx } from "../../middleware/access.js";
import {
  cancelGroupInvitation,
  inviteRepresentative,
  listGroupInvitations,
  representativeInput,
  resendGroupInvitation,
} from "../../services/involvement/group-invitations.js";
import { createRouter, defineRoute, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const TAGS = ["People who use the service"];

const memberSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable().openapi({ description: "Shown only to whoever sent the invitation." }),
    status: z.enum(["invited", "joined", "cancelled"]).openapi({
      description:
        "invited: the link is out and no password chosen yet; joined: they chose a password; cancelled.",
    }),
    invitedAt: z.string(),
    sentByMe: z.boolean(),
  })
  .openapi("GroupMember");

const groupParams = z.object({
  id: z.uuid({ error: "must be a UUID" }),
  organisationId: z.uuid({ error: "must be a UUID" }),
});
const memberParams = groupParams.extend({ userId: z.uuid({ error: "must be a UUID" }) });

const WHO =
  "For a commissioner of the contract's council (any group linked to the contract) and for a representative of the group (their own group, through a contract it is linked to). Anyone else, or a group not linked to the contract, gets 404.";

const conflictResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

export const groupInvitationRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/user-groups/{organisationId}/invitations",
      tags: TAGS,
      summary: "Invite someone to be a representative of a user group linked to the contract",
      description: `Makes them an account with the role representative and emails them a link (valid for 7 days) to choose a password, in plain words. ${WHO} The answer is the same whether or not the address has an account in another organisation: its owner is emailed that someone tried to add them, and no account is made. 409 if the address is already one of the group's.`,
      access: "user_group.invite",
      request: {
        params: groupParams,
        body: jsonBody(representativeInput),
      },
      responses: {
        202: jsonResponse(memberSchema, "Invited"),
        409: conflictResponse("The address is already one of the group's"),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const member = await inviteRepresentative({
        ctx: serviceCtx(c),
        input: { ...c.req.valid("json"), contractId: p.id, organisationId: p.organisationId },
      });
      return c.json(member, 202);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/contracts/{id}/user-groups/{organisationId}/invitations",
      tags: TAGS,
      summary:
        "The group's representatives the caller may see: a commissioner's own invitations, or the whole group for its representatives",
      description: `A commissioner sees only the people they invited, never the group's other members. ${WHO}`,
      access: "user_group.invite",
      request: { params: groupParams },
      responses: {
        200: jsonResponse(
          z.object({ organisationId: z.uuid(), name: z.string(), members: z.array(memberSchema) }),
          "The group and the people in it the caller may see",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const p = c.req.valid("param");
      return c.json(
        await listGroupInvitations({ ctx, input: { contractId: p.id, organisationId: p.organisationId } }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/contracts/{id}/user-groups/{organisationId}/invitations/{userId}",
      tags: TAGS,
      summary: "Send a fresh invitation link (the earlier one stops working)",
      description: `For an invitation the caller sent (a commissioner), or any of the group's (its representatives). 409 once accepted or cancelled. ${WHO}`,
      access: "user_group.invite",
      request: { params: memberParams },
      responses: {
        202: { description: "A new invitation is on its way" },
        409: conflictResponse("Already accepted, or cancelled"),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await resendGroupInvitation({
        ctx: serviceCtx(c),
        input: { contractId: p.id, organisationId: p.organisationId, userId: p.userId },
      });
      return c.body(null, 202);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/contracts/{id}/user-groups/{organisationId}/invitations/{userId}",
      tags: TAGS,
      summary: "Cancel an invitation not yet accepted: the link stops working and the account is closed",
      description: `For an invitation the caller sent (a commissioner), or any of the group's (its representatives). 409 once accepted or cancelled. ${WHO}`,
      access: "user_group.invite",
      request: { params: memberParams },
      responses: {
        204: { description: "Cancelled" },
        409: conflictResponse("Already accepted, or cancelled"),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await cancelGroupInvitation({
        ctx: serviceCtx(c),
        input: { contractId: p.id, organisationId: p.organisationId, userId: p.userId },
      });
      return c.body(null, 204);
    },
  );
