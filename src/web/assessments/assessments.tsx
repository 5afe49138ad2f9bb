// A contract's performance assessments: the list with the next due date, starting one (the period's end),
// the assessment with each KPI's rating and the figures behind it, and confirming it. The council's
// reviewers and commissioners see drafts and write; the provider reads confirmed ones only (the service
// answers a draft as not found). Changing a rating is rating-form.tsx.
import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import {
  confirmAssessment,
  getAssessment,
  listAssessments,
  proposeAssessment,
} from "../../services/assessments/assessments.js";
import { noticeGaps } from "../../services/assessments/records.js";
import { type ContractView, getContract } from "../../services/contracts/queries.js";
import {
  ActionForm,
  Button,
  ButtonLink,
  DateInput,
  type DateParts,
  errorList,
  type FieldErrors,
  FormPage,
  SummaryList,
  Table,
  withGeneral,
} from "../components.js";
import { contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isoToParts, isUuid, readDateInput, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, formatMoment } from "../status.js";
import { directAwardLink } from "./direct-award.js";
import { NoticeGapsWarning } from "./notice-gaps.js";
import { type AssessmentView, ClauseWords, DUE_RULE, NextDue, RatingsTable, StatusTag } from "./parts.js";
import { assessmentCrumbs, ratingFormPages } from "./rating-form.js";

const assessmentId = (c: Context<AppEnv>) => {
  const id = c.req.param("assessmentId");
  if (!isUuid(id)) throw notFound("assessment");
  return id;
};

const periodOf = (a: Pick<AssessmentView, "periodStart" | "periodEnd">) =>
  `${formatDay(a.periodStart)} to ${formatDay(a.periodEnd)}`;

export const assessmentPages = new Hono<AppEnv>()
  .get("/contracts/:id/assessments", authorize("assessment.read"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const { assessments, nextDue } = await listAssessments({ ctx, input: { contractId: contract.id } });
    const writer = can(ctx.actor, "assessment.write");
    const draft = assessments.find((a) => a.status === "draft");
    return page(
      c,
      { title: "Performance assessments", nav: "contracts", before: assessmentCrumbs(contract) },
      <>
        <span class="govuk-caption-l">Contract {contract.reference}</span>
        <h1 class="govuk-heading-l">Performance assessments</h1>
        <NextDue nextDue={nextDue} />
        <p class="govuk-body">{DUE_RULE}</p>
        <p class="govuk-body">
          Each assessment rates the provider against the contract's key performance indicators: Good,
          Approaching target, Requires improvement, Inadequate or Other.
          {writer
            ? " WithUs proposes each rating from the figures the provider reported; you can change any of them, saying why, before you confirm."
            : " You see an assessment once the council has confirmed it."}
        </p>
        {writer && !draft ? (
          <ButtonLink href={`/contracts/${contract.id}/assessments/new`}>Start an assessment</ButtonLink>
        ) : null}
        {assessments.length ? (
          <Table caption="Assessments" head={["Period", "Status", "Confirmed"]}>
            {[...assessments].reverse().map((a) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/contracts/${contract.id}/assessments/${a.id}`}>
                    {periodOf(a)}
                  </a>
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={a.status} />
                </td>
                <td class="govuk-table__cell">{a.confirmedAt ? formatMoment(a.confirmedAt) : "Not yet"}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p class="govuk-body">
            {writer ? "No assessment has been started." : "No assessment has been confirmed yet."}
          </p>
        )}
        {directAwardLink(c, contract)}
      </>,
    );
  })
  .get("/contracts/:id/assessments/new", authorize("assessment.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const { nextDue } = await listAssessments({ ctx, input: { contractId: contract.id } });
    return startPage(c, contract, isoToParts(nextDue), {});
  })
  .post("/contracts/:id/assessments/new", authorize("assessment.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const form = await readForm(c);
    const parts = form.date("periodEnd");
    const date = readDateInput(parts, "the period's end", true);
    if (date.error) return startPage(c, contract, parts, { periodEnd: date.error });
    try {
      const a = await proposeAssessment({ ctx, input: { contractId: contract.id, periodEnd: date.iso! } });
      return redirectWith(c, `/contracts/${contract.id}/assessments/${a.id}`, {
        kind: "success",
        heading: "Draft assessment started",
        body: "Check each proposed rating against its figures, change any that need it, then confirm.",
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, { periodEnd: "periodEnd" });
      if (!mapped) throw e;
      const errors = withGeneral(mapped.fields, mapped.general);
      return startPage(c, contract, parts, errors);
    }
  })
  .get("/contracts/:id/assessments/:assessmentId", authorize("assessment.read"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const input = { contractId: contract.id, assessmentId: assessmentId(c) };
    const [a, gaps] = await Promise.all([getAssessment({ ctx, input }), noticeGaps({ ctx, input })]);
    return assessmentPage(c, contract, a, gaps, {});
  })
  .post("/contracts/:id/assessments/:assessmentId/confirm", authorize("assessment.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const input = { contractId: contract.id, assessmentId: assessmentId(c) };
    await readForm(c);
    try {
      await confirmAssessment({ ctx, input });
      return redirectWith(c, `/contracts/${contract.id}/assessments/${input.assessmentId}`, {
        kind: "success",
        heading: "Assessment confirmed",
        body: "Its ratings and the figures behind them are now fixed. The provider has been told.",
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, {});
      if (!mapped) throw e;
      const [a, gaps] = await Promise.all([getAssessment({ ctx, input }), noticeGaps({ ctx, input })]);
      const errors = withGeneral({}, mapped.general);
      return assessmentPage(c, contract, a, gaps, errors, mapped.status === 409 ? 409 : 422);
    }
  })
  .route("/", ratingFormPages);

function startPage(c: Context<AppEnv>, contract: ContractView, value: DateParts, errors: FieldErrors) {
  return page(
    c,
    {
      title: "Start an assessment",
      nav: "contracts",
      errors: errorList(errors, ["periodEnd"]),
      status: Object.keys(errors).length ? 422 : 200,
      before: assessmentCrumbs(contract, "Start an assessment"),
    },
    <FormPage
      title="Start an assessment"
      caption={`Contract ${contract.reference}`}
      action={`/contracts/${contract.id}/assessments/new`}
      csrf={c.get("actor")?.csrfToken}
      submit="Start the assessment"
      intro={
        <p class="govuk-body">
          WithUs proposes a rating for each KPI from the latest figure the provider reported by the end of the
          period. Nothing is sent to the provider until you confirm.
        </p>
      }
    >
      <DateInput
        name="periodEnd"
        legend="When does the period assessed end?"
        legendSize="s"
        hint={`The contract started on ${formatDay(contract.startDate)}. For example, 31 3 2027`}
        value={value}
        error={errors.periodEnd}
      />
    </FormPage>,
  );
}

function assessmentPage(
  c: Context<AppEnv>,
  contract: ContractView,
  a: AssessmentView,
  gaps: Awaited<ReturnType<typeof noticeGaps>>,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const actor = c.get("actor");
  const editable = a.status === "draft" && actor !== null && can(actor, "assessment.write");
  const base = `/contracts/${contract.id}/assessments/${a.id}`;
  const title = `Assessment to ${formatDay(a.periodEnd)}`;
  return page(
    c,
    {
      title,
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? status : 200,
      wide: true,
      before: assessmentCrumbs(contract, title),
    },
    <>
      <span class="govuk-caption-l">Contract {contract.reference}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <StatusTag status={a.status} /> },
          { key: "Period", value: periodOf(a) },
          { key: "Provider", value: contract.providerName },
          { key: "Confirmed", value: a.confirmedAt ? formatMoment(a.confirmedAt) : "Not yet" },
        ]}
      />
      <p class="govuk-body">
        {a.status === "draft"
          ? "A draft: WithUs proposed each rating from the latest figure reported by the period's end, against its target, in the direction the measure counts. The provider does not see it until it is confirmed."
          : "Confirmed: the ratings, targets, figures and clauses below are as they were when it was confirmed, and do not change."}
      </p>
      <RatingsTable ratings={a.ratings} changeHref={editable ? (k) => `${base}/ratings/${k}` : undefined} />
      <ClauseWords ratings={a.ratings} />
      {a.status === "confirmed" && actor !== null && can(actor, "assessment.records") ? (
        <>
          <h2 class="govuk-heading-m">Records of this assessment</h2>
          <p class="govuk-body">
            Made from the assessment as it was confirmed, so they read the same whenever they are downloaded.
            The notice is a draft: the council checks it and publishes it through its e-tendering system.
          </p>
          <NoticeGapsWarning gaps={gaps} contract={contract} actor={actor} />
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href={`/api${base}/document`}>
                Contract performance assessment (Word)
              </a>
            </li>
            <li>
              <a class="govuk-link" href={`/api${base}/notice?format=csv`}>
                Contract performance notice draft (CSV)
              </a>
            </li>
            <li>
              <a class="govuk-link" href={`/api${base}/notice`}>
                Contract performance notice draft (JSON)
              </a>
            </li>
          </ul>
        </>
      ) : null}
      {editable ? (
        <>
          <h2 class="govuk-heading-m">Confirm the assessment</h2>
          <NoticeGapsWarning gaps={gaps} contract={contract} actor={actor!} />
          <p class="govuk-body">
            Once confirmed, its ratings cannot change, the contract's KPIs are fixed, and the provider is told
            by email and in WithUs.
          </p>
          <ActionForm action={`${base}/confirm`} csrf={actor?.csrfToken} className="govuk-!-margin-bottom-6">
            <Button>Confirm the assessment</Button>
          </ActionForm>
        </>
      ) : null}
    </>,
  );
}
