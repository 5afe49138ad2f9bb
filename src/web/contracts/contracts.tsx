import { Hono } from "hono";
import type { FieldError } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import { countOf } from "../../model/plural.js";
import { specificationName } from "../../model/specification-name.js";
import { createContract } from "../../services/contracts/create.js";
import { listContracts } from "../../services/contracts/queries.js";
import { listSpecifications } from "../../services/specifications/queries.js";
import { ButtonLink, type FieldErrors, Table } from "../components.js";
import { redirectWith } from "../flash.js";
import {
  capitalise,
  errorsFromAppError,
  isoToParts,
  isUuid,
  labelled,
  readDateInput,
  readForm,
} from "../forms.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";
import { contractPage } from "./contract-page.js";
import { type NewContractValues, newContractPage } from "./new-contract.js";

export const contractPages = new Hono<AppEnv>()
  .get("/contracts", authorize("contract.read"), async (c) => {
    const ctx = serviceCtx(c);
    const list = await listContracts({ ctx, input: {} });
    const provider = ctx.actor.organisationKind === "provider";
    return page(
      c,
      { title: provider ? "My contracts" : "Contracts", nav: "contracts" },
      <>
        <h1 class="govuk-heading-l">{provider ? "My contracts" : "Contracts"}</h1>
        {provider ? (
          <p class="govuk-body">
            The contracts {ctx.actor.organisationName} holds. Open one to see what evidence is due.
          </p>
        ) : null}
        {can(ctx.actor, "contract.write") ? (
          <ButtonLink href="/contracts/new">Let a contract</ButtonLink>
        ) : null}
        {list.length === 0 ? (
          <p class="govuk-body">There are no contracts yet.</p>
        ) : (
          <Table
            caption="Contracts"
            captionHidden
            head={["Reference", provider ? "Commissioner" : "Provider", "Specification", "Term"]}
            scroll="Contracts"
          >
            {list.map((k) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/contracts/${k.id}`}>
                    {k.reference}
                  </a>
                </td>
                <td class="govuk-table__cell">{provider ? k.commissionerName : k.providerName}</td>
                <td class="govuk-table__cell">
                  {specificationName({
                    title: k.specificationTitle,
                    reference: k.specificationReference,
                    version: k.specificationVersion,
                  })}
                </td>
                <td class="govuk-table__cell">
                  {formatDay(k.startDate)} to {formatDay(k.endDate)}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </>,
    );
  })
  .get("/contracts/new", authorize("contract.write"), async (c) => {
    const ctx = serviceCtx(c);
    const wanted = c.req.query("specification");
    let start = isoToParts(null);
    let end = isoToParts(null);
    let specificationId = "";
    if (isUuid(wanted)) {
      const spec = (await listSpecifications({ ctx, input: { status: "issued" } })).find(
        (s) => s.id === wanted,
      );
      if (spec) {
        specificationId = spec.id;
        start = isoToParts(spec.periodStart);
        end = isoToParts(spec.periodEnd);
      }
    }
    const provider = c.req.query("provider");
    return newContractPage(
      c,
      {
        specificationId,
        providerOrganisationId: isUuid(provider) ? provider : "",
        reference: "",
        startDate: start,
        endDate: end,
        reportingYearStart: "4",
      },
      {},
    );
  })
  .post("/contracts", authorize("contract.write"), async (c) => {
    const form = await readForm(c);
    const values: NewContractValues = {
      specificationId: form.str("specificationId"),
      providerOrganisationId: form.str("providerOrganisationId"),
      reference: form.str("reference"),
      startDate: form.date("startDate"),
      endDate: form.date("endDate"),
      reportingYearStart: form.str("reportingYearStart") || "4",
    };
    // The form settles only a date's parts; createContract judges everything, every field at once. A date
    // that cannot be read goes to it as "" (never a date, so always refused) and is told in the page's words.
    const start = readDateInput(values.startDate, "the start date", true);
    const end = readDateInput(values.endDate, "the end date", true);
    const unreadable: FieldErrors = {};
    if (start.error) unreadable.startDate = start.error;
    if (end.error) unreadable.endDate = end.error;
    try {
      const contract = await createContract({
        ctx: serviceCtx(c),
        input: {
          specificationId: values.specificationId,
          providerOrganisationId: values.providerOrganisationId,
          reference: values.reference,
          startDate: start.iso ?? "",
          endDate: end.iso ?? "",
          reportingYearStart: Number(values.reportingYearStart),
        },
      });
      return redirectWith(c, `/contracts/${contract.id}`, {
        kind: "success",
        heading: `Contract ${contract.reference} let to ${contract.providerName}`,
        body: `${countOf(contract.obligationCount, "piece of evidence", "pieces of evidence")} ${contract.obligationCount === 1 ? "is" : "are"} scheduled over the term.`,
      });
    } catch (e) {
      // A conflict: the reference is taken; not found: the specification is not one this council may let.
      const mapped = errorsFromAppError(e, NEW_CONTRACT_FIELDS, describeNewContractError(values), {
        whole: {
          conflict: "reference",
          not_found: { at: "specificationId", say: "Choose a specification" },
        },
      });
      if (!mapped) throw e;
      const fields: FieldErrors = {};
      for (const id of Object.keys(NEW_CONTRACT_FIELDS)) {
        const text = unreadable[id] ?? mapped.fields[id];
        if (text) fields[id] = text;
      }
      return newContractPage(c, values, fields, mapped.general);
    }
  })
  .get("/contracts/:id", authorize("contract.read"), (c) => contractPage(c));

/** The service's paths that are fields of the new-contract form, in the form's order. */
const NEW_CONTRACT_FIELDS = {
  specificationId: "specificationId",
  providerOrganisationId: "providerOrganisationId",
  reference: "reference",
  startDate: "startDate",
  endDate: "endDate",
  reportingYearStart: "reportingYearStart",
} as const;

/**
 * The service's errors in the form's words: a choice left unmade (or not one on offer) and a blank
 * reference in the page's own, the rest in the service's, labelled ("The reference must be 100
 * characters or fewer", "The end date must be on or after the start date").
 */
function describeNewContractError(values: NewContractValues): (err: FieldError) => string {
  const say = labelled({ reference: "The reference", startDate: "The start date", endDate: "The end date" });
  return (err) => {
    if (err.path === "specificationId") return "Choose a specification";
    if (err.path === "providerOrganisationId") return "Choose a provider";
    if (err.path === "reportingYearStart") return "Choose the month the reporting year starts";
    if (err.path === "reference" && !values.reference) return "Enter a contract reference";
    return err.message.startsWith("must") ? say(err) : capitalise(err.message);
  };
}
