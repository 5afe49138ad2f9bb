// Involvement-maturity review pages (clause GOV-05): the list and trend for everyone on the contract, the
// provider's form (completed with its forum) and the reviewer's confirmation, one rating at a time.

import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { LEVEL_LABELS } from "../../model/clause-schema.js";
import { APPROACH_NOTE, APPROACHES, INDICATOR_KEYS, INDICATORS } from "../../model/maturity.js";
import { getContract } from "../../services/contracts/queries.js";
import {
  approachLabel,
  confirmInvolvementReview,
  listInvolvementReviews,
  recordInvolvementReview,
} from "../../services/maturity/reviews.js";
import { ButtonLink, errorList, InsetText, SummaryList, Table } from "../components.js";
import { contractCrumbs, contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, isUuid, readForm } from "../forms.js";
import { page } from "../layout.js";
import {
  ConfirmForm,
  confirmErrors,
  confirmField,
  emptyProviderValues,
  ProviderForm,
  providerErrors,
  providerField,
  readConfirm,
  readProvider,
} from "./forms.js";

const levelText = (l: string) => LEVEL_LABELS[l as keyof typeof LEVEL_LABELS] ?? l;

export const maturityPages = new Hono<AppEnv>()
  .get("/contracts/:id/involvement-reviews", authorize("maturity.read"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const { reviews, trend } = await listInvolvementReviews({ ctx, input: { contractId: contract.id } });
    const mayConfirm = can(ctx.actor, "maturity.confirm");
    return page(
      c,
      {
        title: `Involvement maturity: ${contract.reference}`,
        nav: "contracts",
        before: contractCrumbs(contract, "Involvement maturity"),
      },
      <>
        <span class="govuk-caption-l">{contract.providerName}</span>
        <h1 class="govuk-heading-l">Involvement maturity</h1>
        <p class="govuk-body">
          Once a year the provider rates four things it can show, with its forum or lived experience
          organisation. The ratings give one of five approaches and the highest level of involvement reached.
          The reviewer then confirms each rating or changes it, with a reason.
        </p>
        <InsetText>{APPROACH_NOTE}</InsetText>
        <h2 class="govuk-heading-m">Trend</h2>
        <p class="govuk-body" id="trend">
          {reviews.length ? trend : "No review recorded yet."}
        </p>
        {reviews.length ? (
          <Table
            caption="Reviews by year"
            captionSize="s"
            head={["Year", "Approach", "Level reached", "Status", ""]}
          >
            {reviews.map((r) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {r.year}
                </th>
                <td class="govuk-table__cell">{approachLabel(r.current.approach)}</td>
                <td class="govuk-table__cell">{levelText(r.current.level)}</td>
                <td class="govuk-table__cell">
                  {r.current.confirmed ? "Confirmed by the reviewer" : "Waiting for the reviewer"}
                </td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/contracts/${contract.id}/involvement-reviews/${r.id}`}>
                    {mayConfirm && !r.current.confirmed ? "Confirm" : "View"}
                    <span class="govuk-visually-hidden"> the {r.year} review</span>
                  </a>
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        {can(ctx.actor, "maturity.assess") ? (
          <ButtonLink href={`/contracts/${contract.id}/involvement-reviews/new`}>Record a review</ButtonLink>
        ) : null}
        <h2 class="govuk-heading-m">The five approaches</h2>
        <ul class="govuk-list govuk-list--bullet">
          {Object.values(APPROACHES).map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      </>,
    );
  })
  .get("/contracts/:id/involvement-reviews/new", authorize("maturity.assess"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    return providerPage(c, contract, emptyProviderValues(ctx.now.getUTCFullYear()), {});
  })
  .post("/contracts/:id/involvement-reviews/new", authorize("maturity.assess"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const { values, input } = readProvider(await readForm(c));
    try {
      await recordInvolvementReview({ ctx, input: { ...input, contractId: contract.id } });
    } catch (e) {
      const mapped = errorsFromAppError(e, providerField, providerErrors(values));
      if (!mapped) throw e;
      return providerPage(c, contract, values, mapped.fields, mapped.general, 422);
    }
    return redirectWith(c, `/contracts/${contract.id}/involvement-reviews`, {
      kind: "success",
      heading: `The ${input.year} review is recorded`,
      body: "The reviewer will confirm or change each rating.",
    });
  })
  .get("/contracts/:id/involvement-reviews/:reviewId", authorize("maturity.read"), async (c) => reviewPage(c))
  .post("/contracts/:id/involvement-reviews/:reviewId", authorize("maturity.confirm"), async (c) => {
    const ctx = serviceCtx(c);
    const form = await readForm(c);
    const { values, input } = readConfirm(form);
    try {
      const r = await confirmInvolvementReview({
        ctx,
        input: { ...input, contractId: contractId(c), reviewId: reviewIdOf(c) },
      });
      return redirectWith(c, `/contracts/${r.contractId}/involvement-reviews`, {
        kind: "success",
        heading: `The ${r.year} review is confirmed`,
        body: `${approachLabel(r.current.approach)}, reaching ${levelText(r.current.level)}.`,
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, confirmField, confirmErrors());
      if (!mapped) throw e;
      return reviewPage(c, values, mapped.fields, 422, mapped.general);
    }
  });

function reviewIdOf(c: Parameters<typeof page>[0]): string {
  const id = c.req.param("reviewId");
  if (!isUuid(id)) throw notFound("involvement review");
  return id;
}

function providerPage(
  c: Parameters<typeof page>[0],
  contract: { id: string; reference: string; providerName: string },
  values: ReturnType<typeof emptyProviderValues>,
  errors: Record<string, string>,
  general: string[] = [],
  status: 200 | 422 = 200,
) {
  const errs = [...errorList(errors), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: "Record an involvement-maturity review",
      nav: "contracts",
      errors: errs,
      status,
      before: contractCrumbs(contract, "Involvement maturity"),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{contract.reference}</span>
        <h1 class="govuk-heading-l">Record an involvement-maturity review</h1>
        <p class="govuk-body">
          Complete this with your forum or lived experience organisation. For each of the four things below,
          choose the description that matches what you can show, and say where the evidence is. Give totals
          and summaries only: no names.
        </p>
        <ProviderForm
          action={`/contracts/${contract.id}/involvement-reviews/new`}
          csrf={c.get("actor")?.csrfToken}
          values={values}
          errors={errors}
        />
      </div>
    </div>,
  );
}

async function reviewPage(
  c: Parameters<typeof page>[0],
  shown?: Record<string, string>,
  errors: Record<string, string> = {},
  status: 200 | 422 = 200,
  general: string[] = [],
) {
  const ctx = serviceCtx(c);
  const contract = await getContract({ ctx, input: { id: contractId(c) } });
  const { reviews } = await listInvolvementReviews({ ctx, input: { contractId: contract.id } });
  const r = reviews.find((x) => x.id === reviewIdOf(c));
  if (!r) throw notFound("involvement review");
  const canConfirm = can(ctx.actor, "maturity.confirm") && !r.current.confirmed;
  const errs = [...errorList(errors), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: `Involvement-maturity review ${r.year}`,
      nav: "contracts",
      errors: errs,
      status,
      before: contractCrumbs(contract, "Involvement maturity"),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{contract.reference}</span>
        <h1 class="govuk-heading-l">Involvement-maturity review {r.year}</h1>
        <SummaryList
          rows={[
            { key: "Completed with", value: r.completedWith },
            { key: "Service users who took part", value: String(r.participants) },
            {
              key: "The provider's rating",
              value: `${approachLabel(r.approach)}, reaching ${levelText(r.level)}`,
            },
            ...(r.confirmedApproach
              ? [
                  {
                    key: "The reviewer's rating",
                    value: `${approachLabel(r.confirmedApproach)}, reaching ${levelText(r.confirmedLevel ?? "")}`,
                  },
                ]
              : []),
            ...(r.disagreement
              ? [{ key: "Where service users disagreed, in their words", value: r.disagreement }]
              : []),
          ]}
        />
        {canConfirm ? (
          <ConfirmForm
            action={`/contracts/${contract.id}/involvement-reviews/${r.id}`}
            csrf={c.get("actor")?.csrfToken}
            review={r}
            values={shown}
            errors={errors}
          />
        ) : (
          INDICATOR_KEYS.map((k) => (
            <>
              <h2 class="govuk-heading-m">{INDICATORS[k].label}</h2>
              <SummaryList
                rows={[
                  {
                    key: "Provider",
                    value: `${r.ratings[k]!.score}: ${INDICATORS[k].scores[r.ratings[k]!.score]}`,
                  },
                  { key: "Evidence", value: r.ratings[k]!.evidence },
                  ...(r.reviewerRatings
                    ? [
                        {
                          key: "Reviewer",
                          value: `${r.reviewerRatings[k]!.score}: ${INDICATORS[k].scores[r.reviewerRatings[k]!.score]}`,
                        },
                        ...(r.reviewerRatings[k]!.reason
                          ? [{ key: "Reason for the change", value: r.reviewerRatings[k]!.reason! }]
                          : []),
                      ]
                    : []),
                ]}
              />
            </>
          ))
        )}
      </div>
    </div>,
  );
}
