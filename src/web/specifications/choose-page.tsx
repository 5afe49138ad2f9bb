// Choosing the clauses for a specification from the library.

import type { Context } from "hono";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import {
  CATEGORIES,
  CATEGORY_KEYS,
  FREQUENCIES,
  type Frequency,
  levelLabel,
} from "../../model/clause-schema.js";
import { listClauses } from "../../services/clauses/queries.js";
import { BackLink, Checkboxes, CsrfField, errorList, type FieldErrors } from "../components.js";
import { page } from "../layout.js";

export async function choosePage(
  c: Context<AppEnv>,
  spec: { id: string; title: string; version: number },
  picked: string[],
  errors: FieldErrors,
  general: string[] = [],
) {
  const ctx = serviceCtx(c);
  const library = (await listClauses({ ctx, input: {} })).filter((x) => x.status === "published");
  const errs = [...errorList(errors), ...general.map((text) => ({ href: "", text }))];
  return page(
    c,
    {
      title: "Choose clauses",
      nav: "specifications",
      errors: errs,
      status: errs.length ? 422 : 200,
      before: <BackLink href={`/specifications/${spec.id}`} />,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">
          {spec.title}, version {spec.version}
        </span>
        <h1 class="govuk-heading-l">Choose clauses</h1>
        <p class="govuk-body">
          Choose the involvement the provider must deliver. You can read each clause in the{" "}
          <a class="govuk-link" href="/clauses">
            clause library
          </a>
          . Clauses you keep keep their values and place; new ones are added at the end.
        </p>
        <form method="post" action={`/specifications/${spec.id}/choose`} novalidate>
          <CsrfField token={ctx.actor.csrfToken} />
          {errors.clauses ? (
            <div class="govuk-form-group govuk-form-group--error" id="clauses">
              <p id="clauses-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {errors.clauses}
              </p>
            </div>
          ) : null}
          {CATEGORY_KEYS.filter((k) => library.some((l) => l.category === k)).map((cat) => (
            <Checkboxes
              name="clauses"
              id={`clauses-${cat}`}
              legend={CATEGORIES[cat]}
              legendSize="m"
              small
              values={picked}
              items={library
                .filter((l) => l.category === cat)
                .map((l) => ({
                  value: l.key,
                  text: (
                    <>
                      <span class="app-key">{l.key}</span> {l.title}
                    </>
                  ),
                  hint: `${FREQUENCIES[l.frequency as Frequency]}. Level: ${levelLabel(l.level)}.`,
                }))}
            />
          ))}
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Save chosen clauses
          </button>
        </form>
      </div>
    </div>,
  );
}
