// One obligation: the clause as the contract words it, what evidence is asked for, the upload form for
// provider staff (narrative, covered dates, the clause's metrics, files) with its limits stated, and the
// history of submissions and reviewers' comments. Uploads go to the same submitEvidence service as
// POST /api/obligations/:id/submissions, read by the same parser (lib/multipart.ts).
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { londonDate } from "../../model/dates.js";
import { getObligation } from "../../services/contracts/queries.js";
import { getSubmission } from "../../services/evidence/queries.js";
import { readEvidenceUpload, uploadLimits } from "../../services/evidence/receive-upload.js";
import { scannerOf, submitEvidence } from "../../services/evidence/submit.js";
import { reinstateObligation, waiveObligation } from "../../services/evidence/waive.js";
import { Panel } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { obligationPage, WaiveForms } from "./obligation-page.js";
import { submissionFieldsOf } from "./upload-form.js";

type Ctx = Context<AppEnv>;

const obligationId = (c: Ctx) => pathId(c, "obligation");

export const obligationPages = new Hono<AppEnv>()
  .get("/obligations/:id", authorize("obligation.read"), async (c) =>
    obligationPage(c, serviceCtx(c), obligationId(c)),
  )
  .post("/obligations/:id/submit", authorize("evidence.submit"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    const deps = c.get("deps");
    const limits = uploadLimits(deps.env);
    // Read as the API reads it (one parser); the service decides, before a byte is read, whether this
    // person may submit now (403, or 409: the page again saying why), then judges the fields.
    const upload = readEvidenceUpload({
      body: c.req.raw.body,
      contentType: c.req.header("content-type"),
      limits,
      from: "browser",
    });
    let sent: Record<string, string> | null = null;
    try {
      const view = await submitEvidence({
        ctx: { ...ctx, limits, scanner: scannerOf(deps) },
        input: {
          obligationId: id,
          fields: async () => {
            sent = await upload.fields();
            return submissionFieldsOf(sent);
          },
          files: upload.files,
          // Judged after the fields, so what was typed is kept on the page that says so.
          contentLength: c.req.header("content-length"),
        },
      });
      return c.redirect(`/submissions/${view.id}/confirmation`, 303);
    } catch (e) {
      // Read to the end, or a refused upload up to a small cap (then the answer closes the connection).
      upload.refuse();
      const read = await upload.done();
      return obligationPage(c, ctx, id, { failure: e, sent: sent ?? {}, read });
    }
  })
  .post("/obligations/:id/waive", authorize("obligation.waive"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    const form = await readForm(c);
    const reason = form.str("reason");
    try {
      await waiveObligation({ ctx, input: { id, reason } });
    } catch (e) {
      // Evidence accepted or awaiting review (a conflict) is said at the reason, as a refused reason is.
      const shown = errorsFromAppError(
        e,
        { reason: "reason" },
        (err) => (reason ? labelled({ reason: "the reason" })(err) : "Enter the reason it does not apply"),
        { whole: { conflict: "reason" } },
      );
      if (!shown) throw e;
      const ob = await getObligation({ ctx, input: { id, today: londonDate(ctx.now) } });
      return page(
        c,
        {
          title: "Mark as not applicable",
          nav: "contracts",
          errors: [{ href: "#reason", text: shown.fields.reason ?? shown.general.join(" ") }],
          status: shown.status === 409 ? 409 : 422,
        },
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <span class="govuk-caption-l">
              {ob.clauseKey}, {ob.period}
            </span>
            <h1 class="govuk-heading-l">Mark as not applicable</h1>
            <WaiveForms
              ob={ob}
              csrf={ctx.actor.csrfToken}
              reason={reason}
              errors={{ reason: shown.fields.reason ?? shown.general.join(" ") }}
            />
          </div>
        </div>,
      );
    }
    return redirectWith(c, `/obligations/${id}`, { kind: "success", heading: "Marked as not applicable" });
  })
  .post("/obligations/:id/reinstate", authorize("obligation.waive"), async (c) => {
    const ctx = serviceCtx(c);
    const id = obligationId(c);
    await readForm(c);
    await reinstateObligation({ ctx, input: { id } });
    return redirectWith(c, `/obligations/${id}`, {
      kind: "success",
      heading: "Reinstated: evidence is expected again",
    });
  })
  .get("/submissions/:id/confirmation", authorize("evidence.submit"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "submission");
    const s = await getSubmission({ ctx, input: { id } });
    const ob = await getObligation({ ctx, input: { id: s.obligationId, today: londonDate(ctx.now) } });
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
