// The page for one obligation: what is asked, what has been sent, and the forms for the next step.

import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import { londonDate } from "../../model/dates.js";
import type { ServiceCtx } from "../../services/context.js";
import { clauseOfObligation, metricDefinitions } from "../../services/contracts/obligation-clause.js";
import {
  findObligation,
  getContract,
  getObligation,
  type ObligationView,
} from "../../services/contracts/queries.js";
import { listAttachableFiles } from "../../services/evidence/attachable.js";
import { listSubmissions } from "../../services/evidence/queries.js";
import { uploadLimits } from "../../services/evidence/receive-upload.js";
import { submissionRefusalFor } from "../../services/evidence/submit.js";
import { isUserLed } from "../../services/involvement/user-led.js";
import {
  ActionForm,
  Button,
  ButtonLink,
  CsrfField,
  type FieldErrors,
  InsetText,
  NotificationBanner,
  Paragraphs,
  SummaryList,
  Textarea,
} from "../components.js";
import { contractCrumbs, periodText } from "../contracts/crumbs.js";
import { ClauseAsked, SubmissionHistory } from "../evidence/components.js";
import { isoToParts } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, ObligationTag } from "../status.js";
import { typedValues, UploadForm, type UploadValues, uploadErrors } from "./upload-form.js";

export async function obligationPage(
  c: Context<AppEnv>,
  ctx: ServiceCtx,
  id: string,
  /** A refused upload: why, what was typed, and the names of the files read. */
  refused?: {
    failure: unknown;
    sent: Record<string, string>;
    read: { fileNames: string[]; complete: boolean };
  },
) {
  const today = londonDate(ctx.now);
  const ob = await getObligation({ ctx, input: { id, today } });
  const row = await findObligation({ ctx, input: { id } });
  const contract = await getContract({ ctx, input: { id: ob.contractId } });
  const clause = await clauseOfObligation({ ctx, input: row });
  const defs = metricDefinitions(clause);
  const history = await listSubmissions({ ctx, input: { obligationId: id } });
  // The service's own rule: the form shows exactly when submitEvidence would take evidence.
  const refusal = await submissionRefusalFor({ ctx, input: { obligation: row, clause } });
  const limits = uploadLimits(c.get("deps").env);
  const upload = refused && uploadErrors(refused.failure, defs, refused.sent, refused.read);
  if (refused && !upload) throw refused.failure;
  const status = (upload ? upload.status : 200) as 200 | 409 | 413 | 415 | 422 | 503;
  const attachable = refusal ? [] : await listAttachableFiles({ ctx, input: { contractId: ob.contractId } });
  // A file chosen to use again may have gone from the list since (removed): then the error has no box to
  // point to.
  const summary = upload?.summary.map((e) =>
    e.href === "#attachFileIds" && !attachable.length ? { ...e, href: "" } : e,
  );
  const latest = history.find((s) => s.latest);
  const reviewer = can(ctx.actor, "submission.review");
  const values: UploadValues =
    refused && Object.keys(refused.sent).length
      ? typedValues(refused.sent)
      : {
          narrative: "",
          coveredFrom: isoToParts(ob.periodStart),
          // An open-ended (per event) obligation: today, or its start if that is later.
          coveredTo: isoToParts(ob.periodEnd ?? [ob.periodStart, today].sort()[1]),
          metrics: {},
          noPersonalData: false,
          shareable: "no",
          attachFileIds: [],
        };
  return page(
    c,
    {
      title: `${ob.clauseKey} ${ob.clauseTitle}, ${ob.period}`,
      nav: "contracts",
      errors: summary,
      status,
      before: contractCrumbs(contract, `${ob.clauseKey}, ${ob.period}`),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {ob.status === "changes_requested" && ob.reason ? (
          <NotificationBanner id="changes-title" heading="The reviewer asked for changes">
            <Paragraphs text={ob.reason} />
          </NotificationBanner>
        ) : null}
        <span class="govuk-caption-l">
          {contract.reference}, {ob.period}
        </span>
        <h1 class="govuk-heading-l">
          <span class="app-key">{ob.clauseKey}</span> {ob.clauseTitle}
        </h1>
        <SummaryList
          rows={[
            { key: "Status", value: <ObligationTag status={ob.status} verdict={ob.verdict} /> },
            { key: "Period", value: periodText(ob) },
            { key: "Evidence due", value: ob.dueDate ? formatDay(ob.dueDate) : "Each time it happens" },
            { key: "How often", value: FREQUENCIES[ob.frequency as Frequency] ?? ob.frequency },
            ...(ob.status === "not_applicable" && ob.reason
              ? [{ key: "Why not applicable", value: ob.reason }]
              : []),
            ...(ctx.actor.organisationKind !== "provider"
              ? [{ key: "Provider", value: contract.providerName }]
              : []),
            { key: "Who hands in evidence", value: PARTY_TEXT[ob.party] },
          ]}
        />
        {reviewer && latest?.status === "submitted" ? (
          <ButtonLink href={`/submissions/${latest.id}`}>Review the evidence</ButtonLink>
        ) : null}
        <ClauseAsked clause={clause} />
        {/* Only the obligation's party hands in its evidence: anyone else sees no form and no reason. */}
        {refusal?.kind !== "forbidden" ? (
          <>
            <h2 class="govuk-heading-m" id="submit">
              {refusal
                ? "Submitting evidence"
                : history.length && ob.frequency !== "per_event"
                  ? "Submit evidence again"
                  : "Submit evidence"}
            </h2>
            {!refusal ? (
              <UploadForm
                ob={ob}
                defs={defs}
                values={values}
                errors={upload?.errors ?? {}}
                csrf={ctx.actor.csrfToken}
                limits={limits}
                resubmit={history.length > 0 && ob.frequency !== "per_event"}
                attachable={attachable}
                askShareable={isUserLed(clause)}
              />
            ) : (
              <InsetText>{refusal.message}</InsetText>
            )}
          </>
        ) : null}
        <h2 class="govuk-heading-m">Submissions and reviewers' comments</h2>
        <SubmissionHistory submissions={history} metricDefs={defs} />
        {can(ctx.actor, "obligation.waive") ? (
          <WaiveForms ob={ob} csrf={ctx.actor.csrfToken} errors={{}} />
        ) : null}
      </div>
    </div>,
  );
}

const PARTY_TEXT = {
  provider: "The provider",
  commissioner: "The commissioner: this is their own commitment, not the provider's",
} as const;

export function WaiveForms({
  ob,
  csrf,
  errors,
  reason,
}: {
  ob: ObligationView;
  csrf: string | undefined;
  errors: FieldErrors;
  reason?: string;
}) {
  if (ob.status === "not_applicable") {
    return (
      <>
        <h2 class="govuk-heading-m">Not applicable</h2>
        <ActionForm action={`/obligations/${ob.id}/reinstate`} csrf={csrf} className="">
          <Button secondary>Reinstate this obligation</Button>
        </ActionForm>
      </>
    );
  }
  if (ob.status === "accepted" || ob.status === "submitted") return null;
  return (
    <>
      <h2 class="govuk-heading-m">Mark as not applicable</h2>
      <p class="govuk-body">
        If this evidence cannot apply in this period, say why. It then counts neither for nor against
        compliance.
      </p>
      <form method="post" action={`/obligations/${ob.id}/waive`} novalidate>
        <CsrfField token={csrf} />
        <Textarea
          name="reason"
          label="Reason"
          labelSize="s"
          value={reason ?? ""}
          error={errors.reason}
          rows={3}
        />
        <Button secondary>Mark as not applicable</Button>
      </form>
    </>
  );
}
