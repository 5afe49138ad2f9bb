// Changing one KPI's rating in a draft assessment, with the reason: the same service as
// PUT /api/contracts/:id/assessments/:assessmentId/ratings/:kpiId.
import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { AssessmentRating } from "../../model/assessment.js";
import { inUnit, RATING_WORDS, RATINGS } from "../../model/performance.js";
import { getAssessment, setAssessmentRating } from "../../services/assessments/assessments.js";
import { type ContractView, getContract } from "../../services/contracts/queries.js";
import {
  Breadcrumbs,
  errorList,
  type FieldErrors,
  FormPage,
  Radios,
  Textarea,
  withGeneral,
} from "../components.js";
import { contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";

export function assessmentCrumbs(contract: { id: string; reference: string }, here?: string) {
  const list = `/contracts/${contract.id}/assessments`;
  return (
    <Breadcrumbs
      items={[
        { href: "/contracts", text: "Contracts" },
        { href: `/contracts/${contract.id}`, text: contract.reference },
        here ? { href: list, text: "Performance assessments" } : { text: "Performance assessments" },
        ...(here ? [{ text: here }] : []),
      ]}
    />
  );
}

const RATING_HINTS: Record<(typeof RATINGS)[number], string> = {
  good: "The target is met",
  approaching_target: "Short of the target by no more than its tolerance",
  requires_improvement: "Short by more than the tolerance, up to twice it",
  inadequate: "Short by more than twice the tolerance, or nothing reported",
  other: "None of the four fits: say why",
};

const ids = (c: Context<AppEnv>) => {
  const assessmentId = c.req.param("assessmentId");
  const kpiId = c.req.param("kpiId");
  if (!isUuid(assessmentId) || !isUuid(kpiId)) throw notFound("assessment");
  return { contractId: contractId(c), assessmentId, kpiId };
};

async function load(c: Context<AppEnv>) {
  const ctx = serviceCtx(c);
  const input = ids(c);
  const contract = await getContract({ ctx, input: { id: input.contractId } });
  const a = await getAssessment({
    ctx,
    input: { contractId: contract.id, assessmentId: input.assessmentId },
  });
  const rating = a.ratings.find((r) => r.kpiId === input.kpiId);
  if (!rating) throw notFound("KPI in this assessment");
  return { ctx, contract, a, rating };
}

const path = "/contracts/:id/assessments/:assessmentId/ratings/:kpiId";

export const ratingFormPages = new Hono<AppEnv>()
  .get(path, authorize("assessment.write"), async (c) => {
    const { contract, a, rating } = await load(c);
    return ratingPage(c, contract, a.id, rating, { rating: rating.rating, reason: rating.reason ?? "" }, {});
  })
  .post(path, authorize("assessment.write"), async (c) => {
    const { ctx, contract, a, rating } = await load(c);
    const form = await readForm(c);
    const values = { rating: form.str("rating"), reason: form.str("reason") };
    try {
      await setAssessmentRating({
        ctx,
        input: { contractId: contract.id, assessmentId: a.id, kpiId: rating.kpiId, ...values },
      });
      return redirectWith(c, `/contracts/${contract.id}/assessments/${a.id}`, {
        kind: "success",
        heading: `Rating for ${rating.metricLabel} saved`,
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, { rating: "rating", reason: "reason" }, (err) =>
        err.path === "rating"
          ? "Choose one of the five ratings"
          : err.message.charAt(0).toUpperCase() + err.message.slice(1),
      );
      if (!mapped) throw e;
      const errors = withGeneral(mapped.fields, mapped.general);
      return ratingPage(c, contract, a.id, rating, values, errors, mapped.status === 409 ? 409 : 422);
    }
  });

function ratingPage(
  c: Context<AppEnv>,
  contract: ContractView,
  assessmentId: string,
  r: AssessmentRating,
  values: { rating: string; reason: string },
  errors: FieldErrors,
  status: 409 | 422 = 422,
) {
  const title = `Change the rating for ${r.metricLabel}`;
  const figure =
    r.figure && r.figure.value !== null
      ? `${inUnit(r.figure.value, r.unit)} (${r.figure.period}${r.figure.accepted ? "" : ", reported, not yet checked"})`
      : "no figure reported";
  return page(
    c,
    {
      title,
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? status : 200,
      before: assessmentCrumbs(contract, "Change a rating"),
    },
    <FormPage
      title={title}
      caption={`Contract ${contract.reference}: ${r.clauseKey} ${r.clauseTitle}`}
      action={`/contracts/${contract.id}/assessments/${assessmentId}/ratings/${r.kpiId}`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save the rating"
      intro={
        <p class="govuk-body">
          The figures propose <strong>{RATING_WORDS[r.proposed]}</strong>: {figure} against a target of{" "}
          {inUnit(r.target, r.unit)}
          {r.figure ? ` for the period to ${formatDay(r.figure.periodEnd)}` : ""}. A rating other than that
          one needs a reason, and so does Other.
        </p>
      }
    >
      <Radios
        name="rating"
        legend="Rating"
        legendSize="s"
        items={RATINGS.map((x) => ({ value: x, text: RATING_WORDS[x], hint: RATING_HINTS[x] }))}
        value={values.rating}
        error={errors.rating}
      />
      <Textarea
        name="reason"
        label="Reason"
        hint="What the figures do not show: the provider and, once published, others may read it"
        value={values.reason}
        error={errors.reason}
        rows={4}
      />
    </FormPage>,
  );
}
