// Removing an evidence file that should not be kept (it names someone who uses the service): a page of
// its own, saying what will happen, with the reason asked for. The same redactFile service as
// POST /api/files/:id/redact.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { findFile } from "../../services/evidence/queries.js";
import { redactFile } from "../../services/evidence/redact.js";
import { Button, CsrfField, type FieldErrors, Textarea, WarningText } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

async function removePage(c: Ctx, id: string, reason: string, errors: FieldErrors) {
  const ctx = serviceCtx(c);
  const file = await findFile({ ctx, input: { id } });
  return page(
    c,
    {
      title: `Remove ${file.name}`,
      nav: "contracts",
      errors: errors.reason ? [{ href: "#reason", text: errors.reason }] : [],
      status: errors.reason ? 422 : 200,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Remove {file.name}</h1>
        <p class="govuk-body">
          Remove a file that should not be kept, for example one that names someone who uses the service. Its
          contents are destroyed. Its name, size and when it was uploaded stay in the submission's history,
          with who removed it, when and why; anyone who tries to download it is told why it was removed.
        </p>
        <WarningText>This cannot be undone.</WarningText>
        <form method="post" action={`/files/${file.id}/remove`} novalidate>
          <CsrfField token={ctx.actor.csrfToken} />
          <Textarea
            name="reason"
            label="Why is it being removed?"
            labelSize="s"
            value={reason}
            error={errors.reason}
            rows={3}
          />
          <Button warning>Remove the file</Button>
        </form>
        <p class="govuk-body">
          <a class="govuk-link" href={`/submissions/${file.submissionId}`}>
            Cancel
          </a>
        </p>
      </div>
    </div>,
  );
}

export const removeFilePages = new Hono<AppEnv>()
  .get("/files/:id/remove", authorize("file.redact"), (c) => removePage(c, pathId(c, "file"), "", {}))
  .post("/files/:id/remove", authorize("file.redact"), async (c) => {
    const id = pathId(c, "file");
    const ctx = serviceCtx(c);
    const form = await readForm(c);
    const reason = form.str("reason");
    const file = await findFile({ ctx, input: { id } });
    try {
      await redactFile({ ctx, input: { id, reason } });
    } catch (e) {
      // Removal no longer allowed (forbidden) or already done (conflict) is said at the reason too.
      const shown = errorsFromAppError(
        e,
        { reason: "reason" },
        (err) => (reason ? labelled({ reason: "the reason" })(err) : "Say why the file is being removed"),
        {
          codes: ["validation_failed", "forbidden", "conflict"],
          whole: { forbidden: "reason", conflict: "reason" },
        },
      );
      if (!shown) throw e;
      return removePage(c, id, reason, shown.fields);
    }
    return redirectWith(c, `/submissions/${file.submissionId}`, {
      kind: "success",
      heading: `${file.name} removed`,
      body: "Its contents were destroyed. The submission's history says who removed it, when and why.",
    });
  });
