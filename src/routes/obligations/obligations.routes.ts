// Obligations: what one is owed, its evidence (submitted as a streamed multipart upload), and waivers.

import { serviceCtx } from "../../middleware/access.js";
import { londonDate } from "../../model/dates.js";
import { obligationDetail } from "../../services/contracts/obligation-clause.js";
import { listSubmissions } from "../../services/evidence/queries.js";
import { MAX_FIELD_BYTES, readEvidenceUpload, uploadLimits } from "../../services/evidence/receive-upload.js";
import { MAX_NARRATIVE_LENGTH, scannerOf, submitEvidence } from "../../services/evidence/submit.js";
import {
  reinstateInput,
  reinstateObligation,
  waiveInput,
  waiveObligation,
} from "../../services/evidence/waive.js";
import { obligationDetailSchema, obligationSchema, submissionSchema } from "../contracts/schemas.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema, z } from "../openapi.js";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

/** Documented, not validated by the router: validating it would read the whole body into memory. */
const multipartSchema = {
  type: "object" as const,
  required: ["narrative", "coveredFrom", "coveredTo", "noPersonalData"],
  properties: {
    narrative: {
      type: "string" as const,
      maxLength: MAX_NARRATIVE_LENGTH,
      description: "What the evidence shows.",
    },
    coveredFrom: { type: "string" as const, format: "date", description: "First day the evidence covers." },
    coveredTo: { type: "string" as const, format: "date", description: "Last day the evidence covers." },
    metrics: {
      type: "string" as const,
      description:
        "A JSON object of the values the clause's threshold asks for (see the obligation's metrics), e.g. {\"anonymous_routes_live\": 3}.",
    },
    shareable: {
      type: "string" as const,
      enum: ["yes", "no", "true", "false"],
      description:
        "yes: representatives of the user groups linked to the contract may see this evidence and its files (only for clauses that people who use the service check). Default no.",
    },
    noPersonalData: {
      type: "string" as const,
      enum: ["true"],
      description:
        'Required, and only "true": the provider confirms the evidence does not identify anyone who uses the service (no names, dates of birth, addresses, NHS numbers or case notes; counts, summaries and anonymised or pseudonymised extracts only).',
    },
    attachFileIds: {
      type: "array" as const,
      items: { type: "string" as const, format: "uuid" },
      description:
        "Repeated, optional: ids of files already sent for another obligation of the same contract, used again without uploading them (the bytes are stored once). A file of another contract or organisation, an unknown id, or a removed file is 422 at this field. A submission may consist of attached files only.",
    },
    files: {
      type: "array" as const,
      items: { type: "string" as const, format: "binary" },
      description: "Repeat the field for each file.",
    },
  },
};

export const obligationRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/obligations/{id}",
      tags: ["Evidence"],
      summary: "An obligation, with the evidence its clause asks for and the metrics to report",
      access: "obligation.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(obligationDetailSchema, "The obligation") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        await obligationDetail({ ctx, input: { id: c.req.valid("param").id, today: londonDate(ctx.now) } }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/obligations/{id}/submissions",
      tags: ["Evidence"],
      summary: "The evidence submitted against an obligation, newest first, with files and reviews",
      access: "obligation.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ submissions: z.array(submissionSchema) }), "Submissions") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(
        { submissions: await listSubmissions({ ctx, input: { obligationId: c.req.valid("param").id } }) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/obligations/{id}/submissions",
      tags: ["Evidence"],
      summary: "Submit evidence (multipart/form-data, streamed)",
      description: [
        "Fields: narrative, coveredFrom, coveredTo, noPersonalData, optional metrics (JSON), attachFileIds (repeated: files already sent for this contract), and files, repeated for each file. The text fields must come before the first file: they are checked before any file is read, so a refused submission stores nothing.",
        "Personal data: evidence must not identify anyone who uses the service. Send counts, summaries and anonymised or pseudonymised extracts only, and confirm it with noPersonalData=true on every submission (422 without it).",
        "Files stream to the file store as they arrive, each with its size, SHA-256 and a type detected from its bytes (file-type; Word and Excel files are opened through their ZIP directory).",
        "Accepted kinds are configuration (EVIDENCE_FILE_TYPES; by default PDF, Word .docx and .doc, Excel .xlsx and .xls, CSV, plain text .txt, PNG and JPEG). Anything else is 415 with a message naming the accepted kinds: programs, scripts, web pages, macro-enabled Office files (.docm, .xlsm), ZIP files holding programs. The name's extension must agree with the bytes (a PDF named .docx is 415, not renamed); text is accepted only as UTF-8 .txt or .csv without markup or a script preamble.",
        "With CLAMAV_URL set, every file is scanned by ClamAV before it is kept: malware is 422 naming the finding (and recorded in the audit log); a scanner that cannot be reached is 503. Nothing is saved in either case.",
        "A file larger than UPLOAD_MAX_FILE_BYTES (25 MB unless configured) is 413; more than UPLOAD_MAX_FILES files (10 unless configured) is 413; the whole request is capped at files x size plus 2 MB, 413; an empty file is 422.",
        `Text fields are at most ${MAX_FIELD_BYTES} bytes. File names are kept for display only, without any path.`,
        "The submission and its files are saved atomically: if anything fails, including the upload being cut off, nothing is saved and no file is left behind.",
        "Allowed while the obligation is open, overdue or returned for changes (each resubmission is a new version; earlier versions stay). 409 if its period has not started, it is awaiting review, accepted, or not applicable. A per-event obligation takes a new event at any time once started.",
        "The provider submits for its obligations; the commissioner submits for the commissioner's own commitments (the obligation's party is commissioner). Anyone else is 403.",
      ].join(" "),
      access: "evidence.submit",
      request: {
        params: idParam,
        body: { required: true, content: { "multipart/form-data": { schema: multipartSchema } } },
      },
      responses: {
        201: jsonResponse(submissionSchema, "Saved"),
        409: problem("The obligation takes no evidence now"),
        413: problem("A file, the number of files, or the request is too large"),
        415: problem("A file's content is not an accepted type, or the body is not multipart/form-data"),
        422: problem("A field is missing or not valid, a file is empty, or a file contains malware"),
        503: problem("The virus scanner cannot be reached"),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const deps = c.get("deps");
      const limits = uploadLimits(deps.env);
      const upload = readEvidenceUpload({
        body: c.req.raw.body,
        contentType: c.req.header("content-type"),
        contentLength: c.req.header("content-length"),
        limits,
        from: "api",
      });
      try {
        const view = await submitEvidence({
          ctx: { ...ctx, limits, scanner: scannerOf(deps) },
          input: { obligationId: c.req.valid("param").id, fields: upload.fields, files: upload.files },
        });
        return c.json(view, 201);
      } catch (e) {
        upload.refuse();
        await upload.done();
        throw e;
      }
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/obligations/{id}/waive",
      tags: ["Evidence"],
      summary: "Mark an obligation not applicable, with the reason",
      description:
        "For a reviewer of the commissioning organisation. Not for evidence awaiting review or accepted (409). Not applicable obligations count neither for nor against compliance. Undo with /reinstate.",
      access: "obligation.waive",
      request: {
        params: idParam,
        body: jsonBody(waiveInput),
      },
      responses: { 200: jsonResponse(obligationSchema, "Waived"), 409: problem("Cannot be waived now") },
    }),
    async (c) =>
      c.json(
        await waiveObligation({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, reason: c.req.valid("json").reason },
        }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/obligations/{id}/reinstate",
      tags: ["Evidence"],
      summary: "Withdraw a waiver: the obligation is owed again",
      access: "obligation.waive",
      request: {
        params: idParam,
        body: {
          required: false,
          content: {
            "application/json": {
              schema: reinstateInput,
            },
          },
        },
      },
      responses: { 200: jsonResponse(obligationSchema, "Reinstated"), 409: problem("Not waived") },
    }),
    async (c) => {
      const body = (c.req.valid("json") ?? {}) as { reason?: string };
      return c.json(
        await reinstateObligation({
          ctx: serviceCtx(c),
          input: { id: c.req.valid("param").id, reason: body.reason },
        }),
        200,
      );
    },
  );
