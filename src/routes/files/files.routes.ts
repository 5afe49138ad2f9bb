// Evidence files: downloaded as attachments, never rendered in the browser, by those who may see them.

import { serviceCtx } from "../../middleware/access.js";
import { listDownloads, openEvidenceFile } from "../../services/evidence/download.js";
import { attachmentDisposition } from "../../services/evidence/file-name.js";
import { redactFile, redactInput } from "../../services/evidence/redact.js";
import { fileSchema } from "../contracts/schemas.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

export const fileRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/files/{id}",
      tags: ["Evidence"],
      summary: "Download an evidence file",
      description:
        "The provider of the contract and the commissioning organisation's staff may download it; anyone else gets 404. Served as an attachment with its detected content type and X-Content-Type-Options: nosniff. Every download is recorded (see /files/{id}/downloads). A removed file (redacted, or its retention period ended) answers 410 Gone saying when and why.",
      access: "file.read",
      request: { params: idParam },
      responses: {
        200: {
          description: "The file's bytes",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
    }),
    async (c) => {
      const { file, body } = await openEvidenceFile({
        ctx: serviceCtx(c),
        input: { id: c.req.valid("param").id },
      });
      return c.body(body, 200, {
        "content-type": file.contentType,
        "content-length": String(file.size),
        "content-disposition": attachmentDisposition(file.name),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        etag: `"${file.sha256}"`,
      });
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/files/{id}/redact",
      tags: ["Evidence"],
      summary: "Remove an evidence file that should not be kept (it names people who use the service, say)",
      description:
        "Destroys the file's bytes in the store. The row keeps its name, size, SHA-256, who uploaded it and when, and records who removed it, when and why; downloads then answer 410 Gone with that reason, and the audit log records it. For the commissioning organisation's reviewers and commissioners, and for the provider while the evidence awaits review (403 after). 409 if already removed.",
      access: "file.redact",
      request: {
        params: idParam,
        body: jsonBody(redactInput),
      },
      responses: {
        200: jsonResponse(fileSchema, "Removed"),
        403: problem("Not yours to remove"),
        409: problem("Already removed"),
      },
    }),
    async (c) =>
      c.json(
        await redactFile({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, reason: c.req.valid("json").reason },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/files/{id}/downloads",
      tags: ["Evidence"],
      summary: "Who downloaded an evidence file, and when",
      description:
        "For the provider whose evidence it is and the commissioning organisation's administrators; other staff of either get 403, anyone else 404. The provider sees a representative of a user group as their group only (userId null, name \"A representative of <group>\"): who belongs to a group of people who use the service is not the provider's to know.",
      access: "file.downloads",
      request: { params: idParam },
      responses: {
        200: jsonResponse(
          z.object({
            downloads: z.array(
              z.object({
                at: z.string(),
                userId: z.uuid().nullable(),
                name: z.string(),
                organisationId: z.uuid(),
              }),
            ),
          }),
          "Every download, oldest first",
        ),
      },
    }),
    async (c) =>
      c.json(
        { downloads: await listDownloads({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }) },
        200,
      ),
  );
