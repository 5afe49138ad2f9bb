// The clause library in the browser: filter by category, level, frequency and text; read a clause with
// its evidence, threshold, parameters and sources. The same queries as GET /api/clauses.

import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { can } from "../../model/access-policy.js";
import {
  CATEGORIES,
  CATEGORY_KEYS,
  CHALLENGES,
  type Challenge,
  clauseKey,
  FREQUENCIES,
  FREQUENCY_KEYS,
  type Frequency,
  formatValue,
  LEVELS,
  levelLabel,
  type ParameterDef,
  renderText,
} from "../../model/clause-schema.js";
import { inUnit } from "../../model/performance.js";
import { getClause, listClauses } from "../../services/clauses/queries.js";
import { clauseUsage } from "../../services/clauses/usage.js";
import {
  Breadcrumbs,
  Button,
  Paragraphs,
  Select,
  SummaryList,
  Table,
  Tag,
  TextInput,
} from "../components.js";
import { page } from "../layout.js";
import { categoryLabel, SpecificationTag } from "../status.js";

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  v && (list as readonly string[]).includes(v) ? (v as T) : undefined;

function defaultsOf(params: ParameterDef[]): Record<string, unknown> {
  return Object.fromEntries(params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
}

export function parameterRange(p: ParameterDef): string {
  if (p.type === "integer" || p.type === "percentage") {
    const min = p.min ?? (p.type === "percentage" ? 0 : undefined);
    const max = p.max ?? (p.type === "percentage" ? 100 : undefined);
    const what =
      p.type === "percentage" ? "A percentage" : p.unit ? `A whole number of ${p.unit}` : "A whole number";
    const pc = p.type === "percentage" ? "%" : "";
    if (min !== undefined && max !== undefined) return `${what}, from ${min}${pc} to ${max}${pc}`;
    if (min !== undefined) return `${what}, at least ${min}${pc}`;
    if (max !== undefined) return `${what}, at most ${max}${pc}`;
    return what;
  }
  if (p.type === "choice") return `One of: ${(p.options ?? []).join(", ")}`;
  if (p.type === "frequency") return "How often";
  if (p.type === "date") return "A date";
  return "Text, up to 500 characters";
}

export const clausePages = new Hono<AppEnv>()
  .get("/clauses", authorize("clause.read"), async (c) => {
    const ctx = serviceCtx(c);
    const f = {
      category: oneOf(CATEGORY_KEYS, c.req.query("category")),
      level: oneOf(LEVELS, c.req.query("level")),
      frequency: oneOf(FREQUENCY_KEYS, c.req.query("frequency")),
      q: (c.req.query("q") ?? "").slice(0, 200),
    };
    const rows = await listClauses({ ctx, input: f });
    const filtered = Boolean(f.category || f.level || f.frequency || f.q.trim());
    return page(
      c,
      { title: "Clause library", nav: "clauses" },
      <>
        <h1 class="govuk-heading-l">Clause library</h1>
        <p class="govuk-body-l">
          Service-user involvement clauses: what a provider must do, how it is evidenced and how often.
        </p>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">
            <form method="get" action="/clauses" class="app-filter" role="search" aria-label="Filter clauses">
              <h2 class="govuk-heading-m">Filter</h2>
              <TextInput
                name="q"
                label="Search text"
                hint="Words in the title, requirement or evidence"
                value={f.q}
                type="search"
                labelSize="s"
              />
              <Select
                name="category"
                label="Category"
                labelSize="s"
                value={f.category ?? ""}
                options={[
                  { value: "", text: "All categories" },
                  ...CATEGORY_KEYS.map((k) => ({ value: k, text: CATEGORIES[k] })),
                ]}
              />
              <Select
                name="level"
                label="Minimum involvement level"
                labelSize="s"
                value={f.level ?? ""}
                options={[
                  { value: "", text: "All levels" },
                  ...LEVELS.map((l) => ({ value: l, text: levelLabel(l) })),
                ]}
              />
              <Select
                name="frequency"
                label="How often evidence is due"
                labelSize="s"
                value={f.frequency ?? ""}
                options={[
                  { value: "", text: "Any frequency" },
                  ...FREQUENCY_KEYS.map((k) => ({ value: k, text: FREQUENCIES[k] })),
                ]}
              />
              <Button secondary>Apply filters</Button>
              {filtered ? (
                <p class="govuk-body">
                  <a class="govuk-link" href="/clauses">
                    Clear filters
                  </a>
                </p>
              ) : null}
            </form>
          </div>
          <div class="govuk-grid-column-two-thirds">
            <h2 class="govuk-heading-m" id="results-heading">
              {rows.length} {rows.length === 1 ? "clause" : "clauses"}
              {filtered ? " match your filters" : ""}
            </h2>
            {rows.length === 0 ? (
              <p class="govuk-body">No clauses match. Try fewer words or remove a filter.</p>
            ) : (
              <ul class="govuk-list app-results" aria-labelledby="results-heading">
                {rows.map((r) => (
                  <li class="app-result">
                    <h3 class="govuk-heading-s app-result__title">
                      <a class="govuk-link" href={`/clauses/${r.key}`}>
                        <span class="app-key">{r.key}</span> {r.title}
                      </a>
                    </h3>
                    <p class="govuk-body-s app-result__meta">
                      {categoryLabel(r.category)} · Level: {levelLabel(r.level)} ·{" "}
                      {FREQUENCIES[r.frequency as Frequency]}
                      {r.owner === "organisation" ? " · Your organisation's clause" : ""}
                      {r.status === "draft" ? " · Draft" : ""}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </>,
    );
  })
  .get("/clauses/:key", authorize("clause.read"), async (c) => {
    const ctx = serviceCtx(c);
    const key = c.req.param("key");
    if (!clauseKey.safeParse(key).success) throw notFound("clause");
    const clause = await getClause({ ctx, input: { key } });
    const usage = can(ctx.actor, "clause.usage") ? (await clauseUsage({ ctx, input: { key } })).usage : [];
    const defaults = defaultsOf(clause.parameters);
    const r = (t: string) => renderText(t, clause.parameters, defaults);
    return page(
      c,
      {
        title: `${clause.key} ${clause.title}`,
        nav: "clauses",
        before: <Breadcrumbs items={[{ href: "/clauses", text: "Clause library" }, { text: clause.key }]} />,
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">
            {clause.key}, version {clause.version}
          </span>
          <h1 class="govuk-heading-l">{clause.title}</h1>
          <SummaryList
            rows={[
              { key: "Category", value: categoryLabel(clause.category) },
              { key: "Minimum involvement level", value: levelLabel(clause.level) },
              { key: "Evidence due", value: FREQUENCIES[clause.frequency] },
              {
                key: "Status",
                value: (
                  <>
                    <Tag
                      text={clause.status === "published" ? "Published" : "Draft"}
                      colour={clause.status === "published" ? "green" : "grey"}
                    />{" "}
                    {clause.owner === "library" ? "Shared library" : "Your organisation's clause"}
                  </>
                ),
              },
            ]}
          />
          {clause.parameters.length ? (
            <p class="govuk-inset-text">
              Values in this text are the clause's defaults. Each specification sets its own.
            </p>
          ) : null}
          <h2 class="govuk-heading-m">Requirement</h2>
          <Paragraphs text={r(clause.requirement)} />
          <h2 class="govuk-heading-m">Evidence</h2>
          <h3 class="govuk-heading-s">What the provider hands in</h3>
          <Paragraphs text={r(clause.evidence.documents)} />
          <h3 class="govuk-heading-s">What the reviewer checks</h3>
          <Paragraphs text={r(clause.evidence.reviewerChecks)} />
          {clause.threshold ? (
            <>
              <h2 class="govuk-heading-m">Threshold</h2>
              <Paragraphs text={r(clause.threshold.description)} />
              {clause.threshold.metrics.length ? (
                <Table
                  caption="Measures reported with the evidence"
                  captionSize="s"
                  head={["Measure", "Target"]}
                >
                  {clause.threshold.metrics.map((m) => (
                    <tr class="govuk-table__row">
                      <td class="govuk-table__cell">{m.label}</td>
                      <td class="govuk-table__cell">{metricTarget(m, clause.parameters, defaults)}</td>
                    </tr>
                  ))}
                </Table>
              ) : null}
            </>
          ) : null}
          {clause.plainLanguage ? (
            <>
              <h2 class="govuk-heading-m">In plain language</h2>
              <Paragraphs text={r(clause.plainLanguage)} />
            </>
          ) : null}
          {clause.guidance ? (
            <>
              <h2 class="govuk-heading-m">Guidance for providers</h2>
              <Paragraphs text={clause.guidance} />
            </>
          ) : null}
          {clause.parameters.length ? (
            <>
              <h2 class="govuk-heading-m">Parameters a specification sets</h2>
              <SummaryList
                rows={clause.parameters.map((p) => ({
                  key: p.label,
                  value: (
                    <>
                      <p class="govuk-body govuk-!-margin-bottom-1">Default: {formatValue(p, p.default)}</p>
                      <p class="govuk-hint govuk-!-margin-bottom-0">{parameterRange(p)}</p>
                    </>
                  ),
                }))}
              />
            </>
          ) : null}
          {clause.challenges.length ? (
            <>
              <h2 class="govuk-heading-m">Challenges this clause answers</h2>
              <ul class="govuk-list govuk-list--bullet">
                {clause.challenges.map((ch) => (
                  <li>{CHALLENGES[ch as Challenge] ?? ch}</li>
                ))}
              </ul>
            </>
          ) : null}
          {clause.sources.length ? (
            <>
              <h2 class="govuk-heading-m">Sources</h2>
              <ol class="govuk-list govuk-list--number">
                {clause.sources.map((s) => (
                  <li>
                    {s.url ? (
                      <a class="govuk-link" href={s.url} rel="noreferrer noopener">
                        {s.citation}
                      </a>
                    ) : (
                      s.citation
                    )}
                    {s.note ? <p class="govuk-body-s govuk-!-margin-top-1">{s.note}</p> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {usage.length ? (
            <>
              <h2 class="govuk-heading-m">Used in your specifications</h2>
              <ul class="govuk-list">
                {usage.map((u) => (
                  <li>
                    <a class="govuk-link" href={`/specifications/${u.specificationId}`}>
                      {u.title}, version {u.specificationVersion}
                    </a>{" "}
                    <SpecificationTag status={u.status} /> uses clause version {u.clauseVersion}
                    {u.superseded ? (
                      <strong>, superseded by version {clause.version}: a revision can move it on</strong>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>,
    );
  });

export function metricTarget(
  m: { comparator: string; target?: number | string; unit: string },
  params: ParameterDef[],
  values: Record<string, unknown>,
): string {
  if (m.target === undefined || m.target === null || m.target === "") return "Reported, no fixed target";
  let t = m.target;
  if (typeof t === "string") {
    const ref = /\{\{([a-z0-9_]+)\}\}/.exec(t)?.[1];
    t = ref ? (values[ref] as number | string) : t;
    if (ref && t !== undefined) {
      const p = params.find((x) => x.name === ref);
      if (p && p.type === "integer" && p.unit)
        return `${m.comparator === "at_most" ? "At most" : "At least"} ${t} ${p.unit}`;
    }
  }
  return `${m.comparator === "at_most" ? "At most" : "At least"} ${inUnit(t ?? m.target, m.unit)}`;
}
