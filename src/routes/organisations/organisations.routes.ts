// Organisations: the operator creates, renames and lists them all; others see their own (commissioning
// staff may list providers, and register one that is not on WithUs yet with its first user invited).

import { ORGANISATION_KINDS } from "../../db/schema/index.js";
import { serviceCtx } from "../../middleware/access.js";
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  newOrganisationInput,
  organisationDetailsInput,
  renameInput,
  renameOrganisation,
  setOrganisationDetails,
} from "../../services/organisations/organisations.js";
import { registerOrganisation, registrationInput } from "../../services/organisations/register.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";
import { organisationSchema, toOrganisation, toUser, userSchema } from "../schemas.js";

export const organisationRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/organisations",
      tags: ["Organisations"],
      summary: "Create an organisation",
      access: "organisation.manage",
      request: {
        body: jsonBody(newOrganisationInput),
      },
      responses: { 201: jsonResponse(organisationSchema, "Created") },
    }),
    async (c) =>
      c.json(
        toOrganisation(await createOrganisation({ ctx: serviceCtx(c), input: c.req.valid("json") })),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/organisations/register",
      tags: ["Organisations"],
      summary:
        "Register a provider (or a group of people who use the service) that is not on WithUs yet, and invite its first user: by email, a link valid for 7 days. The first user of a provider is its administrator; of a group, its representative. A name that looks like an organisation already on WithUs is refused (409, naming it): choose that one instead. A name close to one you can see is answered 409 naming it, until confirmNotDuplicate is true",
      access: "organisation.register",
      request: { body: jsonBody(registrationInput) },
      responses: {
        201: jsonResponse(
          z.object({ organisation: organisationSchema, firstUser: userSchema }),
          "Registered, and the invitation is on its way",
        ),
      },
    }),
    async (c) => {
      const { organisation, firstUser } = await registerOrganisation({
        ctx: serviceCtx(c),
        input: c.req.valid("json"),
      });
      return c.json({ organisation: toOrganisation(organisation), firstUser: toUser(firstUser) }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/organisations",
      tags: ["Organisations"],
      summary: "Organisations you may see",
      access: "signed_in",
      // Organisations' rows: a caller without credentials is answered as for a row not theirs.
      anonymous: "not_found",
      request: { query: z.object({ kind: z.enum(ORGANISATION_KINDS).optional() }) },
      responses: {
        200: jsonResponse(z.object({ organisations: z.array(organisationSchema) }), "Organisations"),
      },
    }),
    async (c) => {
      const rows = await listOrganisations({
        ctx: serviceCtx(c),
        input: { kind: c.req.valid("query").kind },
      });
      return c.json({ organisations: rows.map(toOrganisation) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/organisations/{id}",
      tags: ["Organisations"],
      summary: "Rename an organisation",
      access: "organisation.manage",
      request: { params: idParam, body: jsonBody(renameInput) },
      responses: { 200: jsonResponse(organisationSchema, "Renamed") },
    }),
    async (c) =>
      c.json(
        toOrganisation(
          await renameOrganisation({
            ctx: serviceCtx(c),
            input: { id: c.req.valid("param").id, name: c.req.valid("json").name },
          }),
        ),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/organisations/{id}",
      tags: ["Organisations"],
      summary: "One organisation",
      access: "signed_in",
      // Organisations' rows: a caller without credentials is answered as for a row not theirs.
      anonymous: "not_found",
      request: { params: idParam },
      responses: { 200: jsonResponse(organisationSchema, "The organisation") },
    }),
    async (c) =>
      c.json(
        toOrganisation(await getOrganisation({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } })),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/organisations/{id}/details",
      tags: ["Organisations"],
      summary: "Set your organisation's postal address, email address and identifier",
      description:
        "A contract performance notice (UK9) names the contracting authority and each supplier by these. Your own organisation only (the operator: any); null or an empty string clears one, a field left out is kept.",
      access: "organisation.details",
      request: {
        params: idParam,
        body: jsonBody(organisationDetailsInput),
      },
      responses: { 200: jsonResponse(organisationSchema, "Saved") },
    }),
    async (c) =>
      c.json(
        toOrganisation(
          await setOrganisationDetails({
            ctx: serviceCtx(c),
            input: { organisationId: c.req.valid("param").id, ...c.req.valid("json") },
          }),
        ),
        200,
      ),
  );
