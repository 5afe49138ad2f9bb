// Setting one clause's parameters: the field for each kind of parameter, reading them back, and the page.

import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import {
  defaultFor,
  describeScale,
  FREQUENCIES,
  FREQUENCY_KEYS,
  type ParameterDef,
  renderText,
  type ServiceSize,
  scaleBasis,
} from "../../model/clause-schema.js";
import type { Selection } from "../../services/specifications/queries.js";
import { parameterRange } from "../clauses/clauses.js";
import {
  BackLink,
  CsrfField,
  DateInput,
  type DateParts,
  errorList,
  type FieldErrors,
  InsetText,
  Paragraphs,
  Radios,
  Select,
  TextInput,
} from "../components.js";
import { type Form, isoToParts, readDateInput } from "../forms.js";
import { page } from "../layout.js";

export const paramId = (name: string) => `param-${name}`;

function ParameterField({
  p,
  value,
  error,
  size,
}: {
  p: ParameterDef;
  value: unknown;
  error?: string;
  size?: ServiceSize;
}) {
  const id = paramId(p.name);
  const hint = [p.hint, parameterRange(p), scaleHint(p, size)].filter(Boolean).join(". ");
  switch (p.type) {
    case "integer":
    case "percentage": {
      const percentage = p.type === "percentage";
      return (
        <TextInput
          name={id}
          label={p.label}
          hint={hint}
          value={value as string}
          error={error}
          width={percentage ? "3" : "4"}
          inputmode="numeric"
          suffix={percentage ? "%" : p.unit}
          spellcheck={false}
          labelSize="s"
        />
      );
    }
    case "choice":
      return (
        <Radios
          name={id}
          legend={p.label}
          legendSize="s"
          hint={p.hint}
          value={String(value ?? "")}
          error={error}
          items={(p.options ?? []).map((o) => ({ value: o, text: o }))}
        />
      );
    case "frequency":
      return (
        <Select
          name={id}
          label={p.label}
          labelSize="s"
          hint={p.hint}
          value={String(value ?? "")}
          error={error}
          options={FREQUENCY_KEYS.map((k) => ({ value: k, text: FREQUENCIES[k] }))}
        />
      );
    case "date":
      return (
        <DateInput
          name={id}
          legend={p.label}
          legendSize="s"
          hint={p.hint}
          value={typeof value === "object" && value ? (value as DateParts) : isoToParts(String(value ?? ""))}
          error={error}
        />
      );
    default:
      return (
        <TextInput
          name={id}
          label={p.label}
          hint={p.hint}
          value={String(value ?? "")}
          error={error}
          labelSize="s"
        />
      );
  }
}

/** Reads the parameter form: values to show again, values to save, and messages for empty fields. */
export function readParameters(form: Form, params: ParameterDef[]) {
  const shown: Record<string, unknown> = {};
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const p of params) {
    const id = paramId(p.name);
    if (p.type === "date") {
      const parts = form.date(id);
      shown[p.name] = parts;
      const d = readDateInput(parts, p.label.toLowerCase(), true);
      if (d.error) errors[id] = d.error;
      else values[p.name] = d.iso;
      continue;
    }
    const v = form.str(id);
    shown[p.name] = v;
    if (!v) {
      errors[id] =
        p.type === "choice" || p.type === "frequency"
          ? `Choose ${lower(p.label)}`
          : `Enter ${lower(p.label)}`;
      continue;
    }
    values[p.name] = v;
  }
  return { shown, values, errors };
}

/** What a scaled default is, and what it was worked out from: "The default for this service is 120, based on a caseload of 1,200". */
function scaleHint(p: ParameterDef, size?: ServiceSize): string | null {
  if (!p.scale) return null;
  const basis = scaleBasis(p, size);
  if (basis)
    return `The default for this service is ${defaultFor(p, size)}, ${basis} (${describeScale(p.scale)})`;
  return `The default can follow the service's size (${describeScale(p.scale)}): add the caseload and sites on the details page`;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function parametersPage(
  c: Context<AppEnv>,
  spec: { id: string; title: string; version: number; caseload: number | null; sites: number | null },
  sel: Selection,
  shown: Record<string, unknown>,
  errors: FieldErrors,
  general: string[] = [],
) {
  const params = sel.content.parameters;
  const preview = renderText(sel.content.requirement, params, sel.parameters);
  const dateIds = params.filter((p) => p.type === "date").map((p) => paramId(p.name));
  const errs = [...errorList(errors, dateIds), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: `Parameters for ${sel.key}`,
      nav: "specifications",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href={`/specifications/${spec.id}/clauses`} text="Back to clauses and order" />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {sel.key}: {sel.title}
        </span>
        <h1 class="govuk-heading-l">Parameters for {sel.key}</h1>
        {params.length === 0 ? (
          <p class="govuk-body">This clause has no parameters: it reads the same in every specification.</p>
        ) : (
          <form method="post" action={`/specifications/${spec.id}/clauses/${sel.key}`} novalidate>
            <CsrfField token={c.get("actor")?.csrfToken} />
            {params.map((p) => (
              <ParameterField
                p={p}
                value={shown[p.name]}
                error={errors[paramId(p.name)]}
                size={{ caseload: spec.caseload, sites: spec.sites }}
              />
            ))}
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Save parameters
            </button>
          </form>
        )}
        <h2 class="govuk-heading-m">The requirement as it reads now</h2>
        <InsetText>
          <Paragraphs text={preview} />
        </InsetText>
      </div>
    </div>,
  );
}

export function displayValues(sel: Selection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of sel.content.parameters) {
    const v = sel.parameters[p.name];
    out[p.name] =
      p.type === "date" ? isoToParts(String(v ?? "")) : v === undefined || v === null ? "" : String(v);
  }
  return out;
}
