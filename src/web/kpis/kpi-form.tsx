// The KPI form the specification's and the contract's pages share: one fieldset per metric of the provider
// clauses, read into the list the service checks, and the service's errors placed back at the fields.
import { partyOf } from "../../model/clause-schema.js";
import {
  defaultKpiFrequency,
  KPI_FREQUENCIES,
  KPI_FREQUENCY_WORDS,
  type KpiClause,
  type KpiFrequency,
  type KpiInput,
  MOST_MATERIAL,
} from "../../model/kpis.js";
import { DEFAULT_TOLERANCE_PERCENT, inUnit, unitSuffix } from "../../model/performance.js";
import { Checkboxes, type FieldErrors, Fieldset, Select, TextInput } from "../components.js";
import type { Form } from "../forms.js";

export interface Candidate {
  clauseKey: string;
  clauseTitle: string;
  metric: string;
  metricLabel: string;
  unit: string;
  comparator: string;
  defaultTarget: string;
  defaultFrequency: KpiFrequency;
}

/** Every metric of the provider clauses, in the clauses' order: what may become a KPI. */
export function kpiCandidates(clauses: KpiClause[]): Candidate[] {
  return clauses
    .filter((c) => partyOf({ category: c.category }) === "provider")
    .flatMap((c) =>
      (c.threshold?.metrics ?? []).map((m) => ({
        clauseKey: c.key,
        clauseTitle: c.title,
        metric: m.name,
        metricLabel: m.label,
        unit: m.unit,
        comparator: m.comparator,
        defaultTarget: m.target === undefined ? "" : String(m.target),
        defaultFrequency: defaultKpiFrequency(c.frequency),
      })),
    );
}

export interface KpiValue {
  use: boolean;
  target: string;
  frequency: string;
  tolerance: string;
  material: boolean;
}

/** The form's values from the KPIs as they stand (a candidate not among them: unticked, with its defaults). */
export function kpiValues(
  candidates: Candidate[],
  kpis: Array<{
    clauseKey: string;
    metric: string;
    target: number;
    frequency: string;
    mostMaterial: boolean;
    tolerancePercent?: number;
  }>,
): KpiValue[] {
  return candidates.map((c) => {
    const k = kpis.find((x) => x.clauseKey === c.clauseKey && x.metric === c.metric);
    return {
      use: !!k,
      target: k ? String(k.target) : c.defaultTarget,
      frequency: k?.frequency ?? c.defaultFrequency,
      tolerance: String(k?.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT),
      material: k?.mostMaterial ?? false,
    };
  });
}

const number = (s: string) => (s.trim() === "" ? undefined : Number(s.replace(/[,%\s]/g, "")));

/**
 * Reads the form: the ticked metrics as the list the service checks, and for each its candidate's index
 * (so an error at kpis/<j>/target lands at that candidate's target field). Numbers the service cannot read
 * go to it as NaN, for it to refuse at the field.
 */
export function readKpiForm(form: Form, candidates: Candidate[], withTolerance: boolean) {
  const values: KpiValue[] = candidates.map((_, i) => ({
    use: form.all(`kpi-${i}-use`).length > 0,
    target: form.str(`kpi-${i}-target`),
    frequency: form.str(`kpi-${i}-frequency`),
    tolerance: form.str(`kpi-${i}-tolerance`),
    material: form.all(`kpi-${i}-material`).length > 0,
  }));
  const input: KpiInput[] = [];
  const indexOf: number[] = [];
  values.forEach((v, i) => {
    if (!v.use) return;
    const c = candidates[i]!;
    input.push({
      clauseKey: c.clauseKey,
      metric: c.metric,
      target: number(v.target),
      frequency: (KPI_FREQUENCIES as readonly string[]).includes(v.frequency)
        ? (v.frequency as KpiFrequency)
        : undefined,
      mostMaterial: v.material,
      ...(withTolerance ? { tolerancePercent: number(v.tolerance) } : {}),
    });
    indexOf.push(i);
  });
  return { input, indexOf, values };
}

const FIELD_OF: Record<string, string> = {
  clauseKey: "use",
  metric: "use",
  target: "target",
  frequency: "frequency",
  tolerancePercent: "tolerance",
  mostMaterial: "material",
};

/** Maps the service's error paths (kpis/<j>/<field>) to the form's field ids; "kpis" to the first box. */
export function kpiFieldFor(indexOf: number[]) {
  return (path: string): string | undefined => {
    const m = /^kpis\/(\d+)\/(\w+)$/.exec(path);
    if (m) {
      const i = indexOf[Number(m[1])];
      const field = FIELD_OF[m[2]!];
      return i === undefined || !field ? undefined : `kpi-${i}-${field}`;
    }
    return path === "kpis" ? "kpis" : undefined;
  };
}

export function KpiFields(p: {
  candidates: Candidate[];
  values: KpiValue[];
  errors: FieldErrors;
  withTolerance: boolean;
}) {
  return (
    <>
      {p.errors.kpis ? (
        <p class="govuk-error-message" id="kpis">
          <span class="govuk-visually-hidden">Error:</span> {p.errors.kpis}
        </p>
      ) : null}
      {p.candidates.map((c, i) => {
        const v = p.values[i]!;
        const id = (f: string) => `kpi-${i}-${f}`;
        return (
          <Fieldset legend={`${c.clauseKey} ${c.clauseTitle}: ${c.metricLabel}`} legendSize="s">
            <Checkboxes
              name={id("use")}
              legend={<span class="govuk-visually-hidden">Use as a KPI</span>}
              items={[{ value: "yes", text: "Use as a key performance indicator" }]}
              values={v.use ? ["yes"] : []}
              error={p.errors[id("use")]}
              small
            />
            <TextInput
              name={id("target")}
              label={c.comparator === "at_most" ? "Target (at most)" : "Target (at least)"}
              hint={
                c.defaultTarget ? `The clause's own target is ${inUnit(c.defaultTarget, c.unit)}` : undefined
              }
              value={v.target}
              error={p.errors[id("target")]}
              width="5"
              inputmode="decimal"
              suffix={unitSuffix(c.unit)}
            />
            <Select
              name={id("frequency")}
              label="How often it is measured"
              options={KPI_FREQUENCIES.map((f) => ({ value: f, text: KPI_FREQUENCY_WORDS[f] }))}
              value={v.frequency}
              error={p.errors[id("frequency")]}
            />
            {p.withTolerance ? (
              <TextInput
                name={id("tolerance")}
                label="Tolerance for 'approaching target'"
                hint={`How far short of the target still reads 'approaching target', as a percentage of the target (default ${DEFAULT_TOLERANCE_PERCENT}%)`}
                value={v.tolerance}
                error={p.errors[id("tolerance")]}
                width="3"
                inputmode="decimal"
                suffix="% of the target"
              />
            ) : null}
            <Checkboxes
              name={id("material")}
              legend={<span class="govuk-visually-hidden">Most material</span>}
              items={[{ value: "yes", text: `One of the ${MOST_MATERIAL} most material` }]}
              values={v.material ? ["yes"] : []}
              error={p.errors[id("material")]}
              small
            />
          </Fieldset>
        );
      })}
    </>
  );
}
