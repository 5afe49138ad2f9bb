// One obligation: the clause as the contract words it, what evidence is asked for, the upload form for
// provider staff (narrative, covered dates, the clause's metrics, files) with its limits stated, and the
// history of submissions and reviewers' comments. Uploads go to the same submitEvidence service as
// POST /api/obligations/:id/submissions, streamed through (see upload-stream.ts).
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { londonDate } from "../../model/dates.js";
import { clauseOfObligation, metricDefinitions } from "../../services/contracts/obligation-clause.js";
import { findObligation, getObligation } from "../../services/contracts/queries.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { uploadLimits } from "../../services/evidence/receive-upload.js";
import { scannerOf, submissionRefusalFor, submitEvidence } from "../../services/evidence/submit.js";
import { reinstateObligation, waiveObligation } from "../../services/evidence/waive.js";
import { type ErrorItem, errorList, type FieldErrors, Panel } from "../components.js";
import { redirectWith } from "../flash.js";
import { pathId, readForm, TEXT_LIMITS, textFieldProblem } from "../forms.js";
import { page } from "../layout.js";
import { obligationPage, WaiveForms } from "./obligation-page.js";
import { describeServiceError, fieldOf, readUpload } from "./upload-form.js";
import { type Prepared, reencodeUpload } from "./upload-stream.js";

type Ctx = Context<AppEnv>;

export const obligationId = (c: Ctx) => pathId(c, "obligation");

export const obligationPages = new Hono<AppEnv>()
  .get("/obligations/:id", authorize("obligation.read"), async (c) =>
    obligationPage(c, serviceCtx(c), obligationId(c)),
  )
  .post("/obligations/:id/submit", authorize("evidence.submit"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    // Someone else's obligation is a 404 before a byte of the upload is read.
    const row = await findObligation(ctx.db, ctx.actor, id);
    const clause = await clauseOfObligation(ctx.db, row);
    // As the API, and before the form is read: only the clause's party (403), and only while the
    // obligation takes evidence (409: the page again, saying why, with no form).
    const refusal = await submissionRefusalFor(ctx, row, clause);
    if (refusal?.kind === "forbidden") throw new AppError("forbidden", refusal.message);
    if (refusal) return obligationPage(c, ctx, id, { summary: [{ href: "", text: refusal.message }] }, 409);
    const defs = metricDefinitions(clause);
    const limits = uploadLimits(c.get("deps").env);
    let checked: ReturnType<typeof readUpload> | null = null;
    const upload = reencodeUpload({
      body: c.req.raw.body,
      contentType: c.req.header("content-type"),
      csrfToken: ctx.actor.csrfToken,
      maxFiles: limits.maxFiles,
      listFields: ["attachFileIds"],
      prepare: (raw): Prepared => {
        checked = readUpload(raw, defs);
        return checked.fields ? { ok: true, fields: checked.fields } : { ok: false };
      },
    });
    let failure: unknown = null;
    let submissionId: string | null = null;
    if (await upload.decided) {
      try {
        const length = Number(c.req.header("content-length"));
        const view = await submitEvidence({
          ctx,
          input: {
            obligationId: id,
            body: upload.body,
            contentType: upload.contentType,
            contentLength: Number.isFinite(length) ? length : undefined,
          },
          files: c.get("deps").files,
          limits,
          scanner: scannerOf(c.get("deps")),
        });
        submissionId = view.id;
      } catch (e) {
        failure = e;
        upload.discard();
      }
    }
    // Read to the end, or a refused upload up to a small cap (then the answer closes the connection).
    const sent = await upload.done;
    if (submissionId) return c.redirect(`/submissions/${submissionId}/confirmation`, 303);
    if (failure && !(failure instanceof AppError)) throw failure;
    const values =
      (checked as ReturnType<typeof readUpload> | null)?.values ?? readUpload(sent.fields, defs).values;
    const errors: FieldErrors = { ...((checked as ReturnType<typeof readUpload> | null)?.errors ?? {}) };
    const extra: ErrorItem[] = [];
    let status: 409 | 413 | 415 | 422 | 503 = 422;
    if (failure instanceof AppError) {
      if (failure.code === "validation_failed" && failure.errors?.length) {
        for (const err of failure.errors) {
          const field = fieldOf(err.path);
          const text = describeServiceError(err, defs);
          if (field && !errors[field]) errors[field] = text;
          else if (!field) extra.push({ href: "", text });
        }
      } else if (
        failure.code === "payload_too_large" ||
        failure.code === "unsupported_media_type" ||
        failure.code === "unavailable"
      ) {
        // unavailable: the virus scanner cannot be reached, so nothing was kept (scanning fails closed).
        errors.files = failure.message;
        status = failure.code === "payload_too_large" ? 413 : failure.code === "unavailable" ? 503 : 415;
      } else if (failure.code === "conflict") {
        extra.push({ href: "", text: failure.message });
        status = 409;
      } else if (failure.code === "bad_request") {
        extra.push({ href: "", text: failure.message });
      } else throw failure;
    }
    if (sent.fileNames.length) {
      const names = sent.fileNames.join(", ");
      // Reading stopped part way: there may be more files than the names seen.
      const again = sent.complete
        ? `Nothing was saved, so choose your ${sent.fileNames.length === 1 ? "file" : "files"} again: ${names}`
        : `Nothing was saved, so choose your files again (${names}, and any others you chose)`;
      errors.files = errors.files ? `${errors.files} ${again}` : again;
    }
    const summary = [...errorList(errors, ["coveredFrom", "coveredTo"]), ...extra];
    return obligationPage(c, ctx, id, { values, errors, summary }, status);
  })
  .post("/obligations/:id/waive", authorize("obligation.waive"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    const form = await readForm(c);
    const reason = form.str("reason");
    const problem = reason
      ? textFieldProblem(reason, "the reason", TEXT_LIMITS.waiveReason)
      : "Enter the reason it does not apply";
    if (problem) {
      const ob = await getObligation(ctx.db, ctx.actor, id, londonDate(ctx.now));
      return page(
        c,
        {
          title: "Mark as not applicable",
          nav: "contracts",
          errors: [{ href: "#reason", text: problem }],
          status: 422,
        },
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <span class="govuk-caption-l">
              {ob.clauseKey}, {ob.period}
            </span>
            <h1 class="govuk-heading-l">Mark as not applicable</h1>
            <WaiveForms ob={ob} csrf={ctx.actor.csrfToken} reason={reason} errors={{ reason: problem }} />
          </div>
        </div>,
      );
    }
    await waiveObligation({ ctx, id, reason });
    return redirectWith(c, `/obligations/${id}`, { kind: "success", heading: "Marked as not applicable" });
  })
  .post("/obligations/:id/reinstate", authorize("obligation.waive"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    await readForm(c);
    await reinstateObligation({ ctx, id });
    return redirectWith(c, `/obligations/${id}`, {
      kind: "success",
      heading: "Reinstated: evidence is expected again",
    });
  })
  .get("/submissions/:id/confirmation", authorize("evidence.submit"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "submission");
    const s = await getSubmission(ctx.db, ctx.actor, id);
    const ob = await getObligation(ctx.db, ctx.actor, s.obligationId, londonDate(ctx.now));
    return page(
      c,
      { title: "Evidence submitted", nav: "contracts" },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Panel title="Evidence submitted">
            {ob.clauseKey}, {ob.period}
            <br />
            Version {s.version}
          </Panel>
          <p class="govuk-body">
            We have your evidence: {s.files.length} {s.files.length === 1 ? "file" : "files"}
            {s.files.length ? ` (${s.files.map((f) => f.name).join(", ")})` : ""}.
          </p>
          <h2 class="govuk-heading-m">What happens next</h2>
          <p class="govuk-body">
            A reviewer at the commissioning organisation will check it against the contract. If they ask for
            changes, this clause will show as returned for changes on your contract, with their comments, and
            you can submit again.
          </p>
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href={`/obligations/${ob.id}`}>
                See this evidence and its history
              </a>
            </li>
            <li>
              <a class="govuk-link" href={`/contracts/${ob.contractId}`}>
                Back to the contract's evidence
              </a>
            </li>
          </ul>
        </div>
      </div>,
    );
  });
