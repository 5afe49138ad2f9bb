// COM-02's record on a draft: who helped write this version, from which groups, when, and how each wants to be
// credited. The same service as PUT /api/specifications/:id/co-production; the page reads its rows and maps
// the service's errors back to them.
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { CoProductionRecord, CreditChoice } from "../../model/co-production.js";
import { setCoProduction } from "../../services/specifications/co-production.js";
import { findSpecification } from "../../services/specifications/queries.js";
import {
  DateInput,
  type DateParts,
  errorList,
  type FieldErrors,
  Fieldset,
  FormPage,
  Select,
  TextInput,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, type Form, readDateInput, readForm } from "../forms.js";
import { page } from "../layout.js";
import { specCrumbs, specId } from "./crumbs.js";

const GROUP_ROWS = 3;
const MIN_CREDIT_ROWS = 4;
const DATE_FIELDS = ["from", "to"];

interface Values {
  from: DateParts;
  to: DateParts;
  groups: Array<{ name: string; people: string }>;
  credited: Array<{ name: string; group: string; as: string; consent: DateParts }>;
}

const noDate: DateParts = { day: "", month: "", year: "" };
const partsOf = (iso: string): DateParts => {
  const [year = "", month = "", day = ""] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
};

function valuesOf(r: CoProductionRecord | null): Values {
  const groups = (r?.groups ?? []).map((g) => ({ name: g.name, people: String(g.people) }));
  const credited: Values["credited"] = (r?.credited ?? []).map((c) => ({
    name: c.name,
    group: c.group,
    as: c.as,
    consent: partsOf(c.consentRecordedOn),
  }));
  while (groups.length < GROUP_ROWS) groups.push({ name: "", people: "" });
  while (credited.length < Math.max(MIN_CREDIT_ROWS, (r?.credited.length ?? 0) + 1))
    credited.push({ name: "", group: "", as: "", consent: noDate });
  return { from: r ? partsOf(r.from) : noDate, to: r ? partsOf(r.to) : noDate, groups, credited };
}

function readValues(form: Form): Values {
  // Every row the page showed is posted, empty or not: read them until one is missing.
  const rows = (prefix: string) => {
    const out: number[] = [];
    while (out.length < 100 && form.all(`${prefix}${out.length}-name`).length > 0) out.push(out.length);
    return out;
  };
  return {
    from: form.date("from"),
    to: form.date("to"),
    groups: rows("groups-").map((i) => ({
      name: form.str(`groups-${i}-name`),
      people: form.str(`groups-${i}-people`),
    })),
    credited: rows("credited-").map((i) => ({
      name: form.str(`credited-${i}-name`),
      group: form.str(`credited-${i}-group`),
      as: form.str(`credited-${i}-as`),
      consent: form.date(`credited-${i}-consent`),
    })),
  };
}

function coProductionPage(
  c: import("hono").Context<AppEnv>,
  spec: { id: string; title: string; reference: string | null; version: number },
  v: Values,
  errors: FieldErrors,
) {
  const dateFields = [...DATE_FIELDS, ...v.credited.map((_, i) => `credited-${i}-consent`)];
  return page(
    c,
    {
      title: "Who helped write this specification",
      nav: "specifications",
      errors: errorList(errors, dateFields),
      status: Object.keys(errors).length ? 422 : 200,
      before: specCrumbs(spec, "Who helped write it"),
    },
    <FormPage
      title="Who helped write this specification"
      caption={`${spec.title}, version ${spec.version}`}
      action={`/specifications/${spec.id}/co-production`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save the record"
      intro={
        <>
          <p class="govuk-body">
            Clause COM-02 asks the council to write each version with people who have used services. The
            summary says they helped only when this record is saved; without it, it says the council will ask
            people to help write the next version.
          </p>
          <p class="govuk-body">
            Document control lists a person by name only if they agreed to be credited and you recorded when.
            Everyone else is counted by group, with no names.
          </p>
        </>
      }
    >
      <DateInput
        name="from"
        legend="First day people worked on it"
        legendSize="s"
        value={v.from}
        error={errors.from}
      />
      <DateInput
        name="to"
        legend="Last day people worked on it"
        legendSize="s"
        value={v.to}
        error={errors.to}
      />
      <Fieldset legend="Where they came from" legendSize="m">
        <p class="govuk-body">For each group or organisation, how many people took part.</p>
        {v.groups.map((g, i) => (
          <>
            <TextInput
              name={`groups-${i}-name`}
              label={`Group or organisation ${i + 1}`}
              labelSize="s"
              value={g.name}
              error={errors[`groups-${i}-name`]}
            />
            <TextInput
              name={`groups-${i}-people`}
              label={`People from group ${i + 1}`}
              inputmode="numeric"
              width="3"
              value={g.people}
              error={errors[`groups-${i}-people`] ?? (i === 0 ? errors.groups : undefined)}
            />
          </>
        ))}
      </Fieldset>
      <Fieldset legend="People who chose to be credited" legendSize="m">
        <p class="govuk-body">Leave these empty for anyone who did not ask to be named.</p>
        {v.credited.map((p, i) => (
          <Fieldset legend={`Person ${i + 1}`} legendSize="s">
            <TextInput
              name={`credited-${i}-name`}
              label="Name or pseudonym they chose"
              value={p.name}
              error={errors[`credited-${i}-name`]}
            />
            <TextInput
              name={`credited-${i}-group`}
              label="Their group or organisation"
              hint="As written above"
              value={p.group}
              error={errors[`credited-${i}-group`]}
            />
            <Select
              name={`credited-${i}-as`}
              label="Credited by"
              options={[
                { value: "", text: "Choose" },
                { value: "name", text: "Their name" },
                { value: "pseudonym", text: "A pseudonym" },
              ]}
              value={p.as}
              error={errors[`credited-${i}-as`]}
            />
            <DateInput
              name={`credited-${i}-consent`}
              legend="Day their consent to be credited was recorded"
              legendSize="s"
              value={p.consent}
              error={errors[`credited-${i}-consent`]}
            />
          </Fieldset>
        ))}
      </Fieldset>
    </FormPage>,
  );
}

export const coProductionPages = new Hono<AppEnv>()
  .get("/specifications/:id/co-production", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    return coProductionPage(c, spec, valuesOf(spec.coProduction), {});
  })
  .post("/specifications/:id/co-production", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const form = await readForm(c);
    const v = readValues(form);
    const errors: FieldErrors = {};
    const iso = (field: string, parts: DateParts, label: string) => {
      const r = readDateInput(parts, label, true);
      if (r.error) errors[field] = r.error;
      return r.iso ?? "";
    };
    // Blank rows are skipped; each row sent remembers which row of the page it came from.
    const groupRows = v.groups.map((g, row) => ({ g, row })).filter(({ g }) => g.name || g.people);
    const creditRows = v.credited
      .map((p, row) => ({ p, row }))
      .filter(({ p }) => p.name || p.group || p.as || p.consent.day || p.consent.month || p.consent.year);
    const record: CoProductionRecord = {
      from: iso("from", v.from, "the first day"),
      to: iso("to", v.to, "the last day"),
      groups: groupRows.map(({ g }) => ({
        name: g.name,
        people: /^\d+$/.test(g.people) ? Number(g.people) : Number.NaN,
      })),
      credited: creditRows.map(({ p, row }) => ({
        name: p.name,
        group: p.group,
        as: p.as as CreditChoice,
        consentRecordedOn: iso(`credited-${row}-consent`, p.consent, "the day consent was recorded"),
      })),
    };
    try {
      await setCoProduction({ ctx, input: { id: spec.id, record } });
    } catch (e) {
      const mapped = errorsFromAppError(e, (path) => {
        const [list, index, field] = path.split("/");
        if (list === "groups" && index !== undefined && field)
          return `groups-${groupRows[Number(index)]?.row}-${field}`;
        if (list === "credited" && index !== undefined && field) {
          return `credited-${creditRows[Number(index)]?.row}-${field === "consentRecordedOn" ? "consent" : field}`;
        }
        return path;
      });
      if (!mapped) throw e;
      // The page's own date messages come first: the service then only knows the date is missing.
      for (const [k, m] of Object.entries(mapped.fields)) errors[k] ??= m;
      return coProductionPage(c, spec, v, errors);
    }
    return redirectWith(c, `/specifications/${spec.id}`, {
      kind: "success",
      heading: "Record of who helped write it saved",
      body: "The summary and document control now say who helped write this version.",
    });
  });
