// Evidence files: downloaded as attachments, never rendered in the browser, by those who may see them.
import { CONTRACT_READERS, serviceCtx } from "../../middleware/access.js";
import { openEvidenceFile } from "../../services/evidence/download.js";
import { attachmentDisposition } from "../../services/evidence/file-name.js";
import { createRouter, defineRoute, idParam, z } from "../openapi.js";

export const fileRoutes = createRouter().openapi(
  defineRoute({
    method: "get",
    path: "/files/{id}",
    tags: ["Evidence"],
    summary: "Download an evidence file",
    description:
      "The provider of the contract and the commissioning organisation's staff may download it; anyone else gets 404. Served as an attachment with its sniffed content type and X-Content-Type-Options: nosniff.",
    access: CONTRACT_READERS,
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
      id: c.req.valid("param").id,
      files: c.get("deps").files,
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
);
