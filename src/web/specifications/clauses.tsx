// Choosing a draft's clauses, putting them in order, and filling each clause's parameters in a form
// generated from the parameter types. Every save goes through setSpecificationClauses, as PUT
// /api/specifications/:id/clauses does, so the same checks apply.
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError, notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import {
  clauseKey,
  FREQUENCIES,
  type Frequency,
  formatValue,
  levelLabel,
} from "../../model/clause-schema.js";
import { listClauses } from "../../services/clauses/queries.js";
import { findSpecification, type Selection, selectionsOf } from "../../services/specifications/queries.js";
import {
  assertDraft,
  type SelectionInput,
  setSpecificationClauses,
} from "../../services/specifications/write.js";
import { ActionForm, SummaryList } from "../components.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
import { choosePage } from "./choose-page.js";
import { specCrumbs, specId } from "./crumbs.js";
import { displayValues, parametersPage, paramId, readParameters } from "./parameters.js";

type Ctx = Context<AppEnv>;

async function draftOf(c: Ctx) {
  const ctx = serviceCtx(c);
  const spec = await findSpecification({ ctx, input: { id: specId(c) } });
  assertDraft(spec);
  return { ctx, spec };
}

const asInput = (s: Pick<Selection, "key" | "version" | "parameters">): SelectionInput => ({
  key: s.key,
  version: s.version,
  parameters: s.parameters,
});

/** The chosen clause by key, or 404. */
function chosen(selections: Selection[], key: string) {
  if (!clauseKey.safeParse(key).success) throw notFound("clause");
  const index = selections.findIndex((s) => s.key === key);
  if (index < 0) throw notFound("clause in this specification");
  return { index, selection: selections[index]! };
}

/** Saves a list built from the draft as this request read it; a concurrent change answers 409, not a lost edit. */
async function save(c: Ctx, spec: { id: string; updatedAt: Date }, list: SelectionInput[]) {
  const ctx = serviceCtx(c);
  return setSpecificationClauses({ ctx, input: { id: spec.id, list, expectedUpdatedAt: spec.updatedAt } });
}

export const specificationClausePages = new Hono<AppEnv>()
  .get("/specifications/:id/choose", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const selections = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    return choosePage(
      c,
      spec,
      selections.map((s) => s.key),
      {},
    );
  })
  .post("/specifications/:id/choose", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const form = await readForm(c);
    const picked = [...new Set(form.all("clauses"))];
    if (picked.length === 0) {
      return choosePage(c, spec, [], { clauses: "Choose at least one clause" });
    }
    const current = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    const library = (await listClauses({ ctx, input: {} })).filter((x) => x.status === "published");
    // Clauses already chosen keep their place and values; new ones join at the end in library order.
    const kept = current.filter((s) => picked.includes(s.key)).map(asInput);
    const added = library
      .filter((l) => picked.includes(l.key) && !current.some((s) => s.key === l.key))
      .map((l) => ({ key: l.key }));
    try {
      await save(c, spec, [...kept, ...added]);
    } catch (e) {
      const mapped = errorsFromAppError(e, () => undefined);
      if (!mapped) throw e;
      return choosePage(c, spec, picked, {}, mapped.general);
    }
    return redirectWith(c, `/specifications/${spec.id}/clauses`, {
      kind: "success",
      heading: `${kept.length + added.length} ${kept.length + added.length === 1 ? "clause" : "clauses"} chosen`,
      body: "Check their parameters and order.",
    });
  })
  .get("/specifications/:id/clauses", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const selections = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    const csrf = ctx.actor.csrfToken;
    return page(
      c,
      {
        title: "Clauses, parameters and order",
        nav: "specifications",
        before: specCrumbs(spec, "Clauses, parameters and order"),
      },
      <>
        <span class="govuk-caption-l">
          {spec.title}, version {spec.version}
        </span>
        <h1 class="govuk-heading-l">Clauses, parameters and order</h1>
        <p class="govuk-body">
          The clauses appear in the documents in this order. Each starts with its default values; change any
          that do not suit this service.
        </p>
        <div class="app-actions">
          <a
            class="govuk-button govuk-button--secondary"
            role="button"
            draggable="false"
            href={`/specifications/${spec.id}/choose`}
          >
            Add or remove clauses
          </a>
          <a
            class="govuk-button govuk-button--secondary"
            role="button"
            draggable="false"
            href={`/specifications/${spec.id}/preview`}
          >
            Preview
          </a>
          <a class="govuk-button" role="button" draggable="false" href={`/specifications/${spec.id}`}>
            Done
          </a>
        </div>
        {selections.length === 0 ? <p class="govuk-body">No clauses chosen yet.</p> : null}
        {selections.map((s, i) => (
          <div class="govuk-summary-card" id={`clause-${s.key}`}>
            <div class="govuk-summary-card__title-wrapper">
              <h2 class="govuk-summary-card__title">
                {i + 1}. <span class="app-key">{s.key}</span> {s.title}
              </h2>
              <ul class="govuk-summary-card__actions">
                {s.content.parameters.length ? (
                  <li class="govuk-summary-card__action">
                    <a class="govuk-link" href={`/specifications/${spec.id}/clauses/${s.key}`}>
                      Change parameters<span class="govuk-visually-hidden"> of {s.key}</span>
                    </a>
                  </li>
                ) : null}
              </ul>
            </div>
            <div class="govuk-summary-card__content">
              <SummaryList
                rows={[
                  { key: "Evidence due", value: FREQUENCIES[s.content.frequency as Frequency] },
                  { key: "Level", value: levelLabel(s.content.level) },
                  ...s.content.parameters.map((p) => ({
                    key: p.label,
                    value: formatValue(p, s.parameters[p.name]),
                  })),
                ]}
              />
              <div class="app-actions">
                {i > 0 ? (
                  <ActionForm
                    action={`/specifications/${spec.id}/clauses/${s.key}/move`}
                    csrf={csrf}
                    fields={{ direction: "up" }}
                  >
                    <button type="submit" class="govuk-button govuk-button--secondary">
                      Move up<span class="govuk-visually-hidden"> {s.key}</span>
                    </button>
                  </ActionForm>
                ) : null}
                {i < selections.length - 1 ? (
                  <ActionForm
                    action={`/specifications/${spec.id}/clauses/${s.key}/move`}
                    csrf={csrf}
                    fields={{ direction: "down" }}
                  >
                    <button type="submit" class="govuk-button govuk-button--secondary">
                      Move down<span class="govuk-visually-hidden"> {s.key}</span>
                    </button>
                  </ActionForm>
                ) : null}
                <ActionForm action={`/specifications/${spec.id}/clauses/${s.key}/remove`} csrf={csrf}>
                  <button type="submit" class="govuk-button govuk-button--warning">
                    Remove<span class="govuk-visually-hidden"> {s.key}</span>
                  </button>
                </ActionForm>
              </div>
            </div>
          </div>
        ))}
      </>,
    );
  })
  .get("/specifications/:id/clauses/:key", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const { selection } = chosen(
      await selectionsOf({ ctx, input: { specificationId: spec.id } }),
      c.req.param("key"),
    );
    return parametersPage(c, spec, selection, displayValues(selection), {});
  })
  .post("/specifications/:id/clauses/:key", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const selections = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    const { index, selection } = chosen(selections, c.req.param("key"));
    const form = await readForm(c);
    const params = selection.content.parameters;
    const { shown, values, errors } = readParameters(form, params);
    if (Object.keys(errors).length) return parametersPage(c, spec, selection, shown, errors);
    const list = selections.map((s, i) => (i === index ? { ...asInput(s), parameters: values } : asInput(s)));
    try {
      await save(c, spec, list);
    } catch (e) {
      const labels = new Map(params.map((p) => [p.name, p.label]));
      const prefix = `clauses/${index}/parameters/`;
      const mapped = errorsFromAppError(
        e,
        (path) => (path.startsWith(prefix) ? paramId(path.slice(prefix.length)) : undefined),
        (err) => {
          const name = err.path.startsWith(prefix) ? err.path.slice(prefix.length) : "";
          const label = labels.get(name);
          return label ? `${label} ${err.message}` : capitalise(err.message);
        },
      );
      if (!mapped) throw e;
      return parametersPage(c, spec, selection, shown, mapped.fields, mapped.general);
    }
    return redirectWith(c, `/specifications/${spec.id}/clauses#clause-${selection.key}`, {
      kind: "success",
      heading: `Parameters for ${selection.key} saved`,
    });
  })
  .post("/specifications/:id/clauses/:key/move", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const selections = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    const { index } = chosen(selections, c.req.param("key"));
    const form = await readForm(c);
    const to = form.str("direction") === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= selections.length)
      throw new AppError("bad_request", "That clause cannot move further.");
    const list = selections.map(asInput);
    [list[index], list[to]] = [list[to]!, list[index]!];
    await save(c, spec, list);
    return redirectWith(c, `/specifications/${spec.id}/clauses#clause-${selections[index]!.key}`, {
      kind: "success",
      heading: `${selections[index]!.key} moved ${to < index ? "up" : "down"} to position ${to + 1}`,
    });
  })
  .post("/specifications/:id/clauses/:key/remove", authorize("specification.write"), async (c) => {
    const { ctx, spec } = await draftOf(c);
    const selections = await selectionsOf({ ctx, input: { specificationId: spec.id } });
    const { index, selection } = chosen(selections, c.req.param("key"));
    await readForm(c);
    await save(c, spec, selections.filter((_, i) => i !== index).map(asInput));
    return redirectWith(c, `/specifications/${spec.id}/clauses`, {
      kind: "success",
      heading: `${selection.key} removed from this specification`,
    });
  });
