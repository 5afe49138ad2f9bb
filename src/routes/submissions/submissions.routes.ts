// Submissions: one piece of evidence with its files and reviews, and the reviewer's decision on it.
import { serviceCtx } from "../../middleware/access.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { reviewInput, reviewSubmission } from "../../services/evidence/review.js";
import { submissionSchema } from "../contracts/schemas.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, problemSchema } from "../openapi.js";

export const submissionRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/submissions/{id}",
      tags: ["Evidence"],
      summary: "A submission with its files and reviews",
      access: "submission.read",
      request: { params: idParam },
      responses: { 200: jsonResponse(submissionSchema, "The submission") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(await getSubmission({ ctx, input: { id: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/submissions/{id}/reviews",
      tags: ["Evidence"],
      summary: "Decide on a submission: accepted with a verdict, or changes requested with a comment",
      description:
        "For reviewers of the commissioning organisation only: commissioners let and change contracts, reviewers judge evidence, so no one marks the work they commissioned. One decision per submission: if two reviewers decide at once, one wins and the other gets 409 naming the decision that stands. Only the latest version of an obligation's evidence can be decided (each event of a per-event log is decided on its own).",
      access: "submission.review",
      request: { params: idParam, body: jsonBody(reviewInput) },
      responses: {
        201: jsonResponse(submissionSchema, "Decided: the submission with its review"),
        409: {
          description: "Already decided, or superseded by a newer version",
          content: { "application/problem+json": { schema: problemSchema } },
        },
      },
    }),
    async (c) =>
      c.json(
        await reviewSubmission({
          ctx: serviceCtx(c),
          input: { submissionId: c.req.valid("param").id, decision: c.req.valid("json") },
        }),
        201,
      ),
  );
