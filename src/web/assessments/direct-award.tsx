// A Provider Selection Regime contract's performance records for a direct award decision: the records made,
// each with its Word and CSV download, and making one (the same service as
// POST /api/contracts/:id/direct-award-records, which refuses a contract under another regime). Who reads
// and who makes them is the access policy's direct_award.read and direct_award.write; a caller without
// direct_award.read is answered 404, as by the API.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { PROCUREMENT_REGIME_WORDS } from "../../model/procurement.js";
import { createDirectAwardRecord, listDirectAwardRecords } from "../../services/assessments/direct-award.js";
import { type ContractView, getContract } from "../../services/contracts/queries.js";
import { ActionForm, Button, errorList, type FieldErrors, Table, withGeneral } from "../components.js";
import { contractId } from "../contracts/crumbs.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatDay, formatMoment } from "../status.js";
import { assessmentCrumbs } from "./rating-form.js";

const DIRECT_AWARD_TITLE = "Performance records for a direct award decision";

type RecordView = Awaited<ReturnType<typeof listDirectAwardRecords>>["records"][number];

/** The assessments page's link to the records, for a Provider Selection Regime contract. */
export function directAwardLink(c: Context<AppEnv>, contract: ContractView) {
  const actor = c.get("actor");
  if (!actor || !can(actor, "direct_award.read")) return null;
  if (contract.procurementRegime !== "provider_selection_regime") return null;
  return (
    <>
      <h2 class="govuk-heading-m">{DIRECT_AWARD_TITLE}</h2>
      <p class="govuk-body">
        For a direct award under the Provider Selection Regime: the provider's evidence against each of the
        regime's key criteria, kept as it was on the day the record was made.
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={`/contracts/${contract.id}/direct-award-records`}>
          {DIRECT_AWARD_TITLE}
        </a>
      </p>
    </>
  );
}

export const directAwardPages = new Hono<AppEnv>()
  .get("/contracts/:id/direct-award-records", authorize("direct_award.read"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    const { records } = await listDirectAwardRecords({ ctx, input: { contractId: contract.id } });
    return recordsPage(c, contract, records, {});
  })
  .post("/contracts/:id/direct-award-records", authorize("direct_award.write"), async (c) => {
    const ctx = serviceCtx(c);
    const contract = await getContract({ ctx, input: { id: contractId(c) } });
    await readForm(c);
    const list = `/contracts/${contract.id}/direct-award-records`;
    try {
      const made = await createDirectAwardRecord({ ctx, input: { contractId: contract.id } });
      return redirectWith(c, list, {
        kind: "success",
        heading: "Record made",
        body: `The record of the contract as it stands on ${formatDay(made.record.asOf)} is kept as made. Download it below.`,
      });
    } catch (e) {
      const mapped = errorsFromAppError(e, {});
      if (!mapped) throw e;
      const errors = withGeneral({}, mapped.general);
      const { records } = await listDirectAwardRecords({ ctx, input: { contractId: contract.id } });
      return recordsPage(c, contract, records, errors, mapped.status === 409 ? 409 : 422);
    }
  });

function recordsPage(
  c: Context<AppEnv>,
  contract: ContractView,
  records: RecordView[],
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const actor = c.get("actor");
  const psr = contract.procurementRegime === "provider_selection_regime";
  const base = `/contracts/${contract.id}/direct-award-records`;
  return page(
    c,
    {
      title: DIRECT_AWARD_TITLE,
      nav: "contracts",
      errors: errorList(errors),
      status: Object.keys(errors).length ? status : 200,
      before: assessmentCrumbs(contract, DIRECT_AWARD_TITLE),
    },
    <>
      <span class="govuk-caption-l">Contract {contract.reference}</span>
      <h1 class="govuk-heading-l">{DIRECT_AWARD_TITLE}</h1>
      {psr ? (
        <p class="govuk-body">
          Each record gathers the provider's evidence under the Provider Selection Regime's five key criteria:
          figures against targets, confirmed assessment ratings with their reasons, compliance history, the
          views of people who use the service, and you said, we did. It is kept as it was made: later changes
          to the contract never alter it.
        </p>
      ) : (
        <p class="govuk-body">
          This contract was let under {PROCUREMENT_REGIME_WORDS[contract.procurementRegime]}. Records for a
          direct award decision are for contracts let under the Provider Selection Regime.
        </p>
      )}
      {psr && actor !== null && can(actor, "direct_award.write") ? (
        <ActionForm action={base} csrf={actor.csrfToken} className="govuk-!-margin-bottom-6">
          <Button>Make a record as the contract stands today</Button>
        </ActionForm>
      ) : null}
      {records.length ? (
        <Table caption="Records made" head={["Made", "Made by", "Download"]}>
          {records.map((r) => {
            const made = formatMoment(r.createdAt);
            return (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{made}</td>
                <td class="govuk-table__cell">{r.record.generatedByName}</td>
                <td class="govuk-table__cell">
                  <ul class="govuk-list">
                    <li>
                      <a class="govuk-link" href={`/api${base}/${r.id}?format=docx`}>
                        Word<span class="govuk-visually-hidden"> document of the record made {made}</span>
                      </a>
                    </li>
                    <li>
                      <a class="govuk-link" href={`/api${base}/${r.id}?format=csv`}>
                        CSV<span class="govuk-visually-hidden"> of the record made {made}</span>
                      </a>
                    </li>
                  </ul>
                </td>
              </tr>
            );
          })}
        </Table>
      ) : (
        <p class="govuk-body">No record has been made yet.</p>
      )}
    </>,
  );
}
