// GOV.UK choices: radios and checkboxes.
import type { Child } from "hono/jsx";
import { describedBy, ErrorMessage, Fieldset, Hint } from "./forms.js";

export interface ChoiceItem {
  value: string;
  text: Child;
  hint?: Child;
  /** Shown when the item is chosen (no JavaScript: always shown below the item). */
  conditional?: Child;
}

export function Radios(p: {
  name: string;
  id?: string;
  legend: Child;
  legendSize?: "l" | "m" | "s";
  heading?: boolean;
  hint?: Child;
  items: ChoiceItem[];
  value?: string | null;
  error?: string;
  inline?: boolean;
  small?: boolean;
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Fieldset
        legend={p.legend}
        legendSize={p.legendSize}
        heading={p.heading}
        describedBy={describedBy(id, p.hint, p.error)}
      >
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} text={p.error} />
        <div
          class={`govuk-radios${p.inline ? " govuk-radios--inline" : ""}${p.small ? " govuk-radios--small" : ""}`}
          data-module="govuk-radios"
        >
          {p.items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <>
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={itemId}
                    name={p.name}
                    type="radio"
                    value={item.value}
                    checked={item.value === p.value}
                    aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                    data-aria-controls={item.conditional ? `conditional-${itemId}` : undefined}
                  />
                  <label class="govuk-label govuk-radios__label" for={itemId}>
                    {item.text}
                  </label>
                  {item.hint ? (
                    <div id={`${itemId}-item-hint`} class="govuk-hint govuk-radios__hint">
                      {item.hint}
                    </div>
                  ) : null}
                </div>
                {item.conditional ? (
                  <div
                    class={`govuk-radios__conditional${item.value === p.value ? "" : " govuk-radios__conditional--hidden"}`}
                    id={`conditional-${itemId}`}
                  >
                    {item.conditional}
                  </div>
                ) : null}
              </>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}

export function Checkboxes(p: {
  name: string;
  id?: string;
  legend: Child;
  legendSize?: "l" | "m" | "s";
  hint?: Child;
  items: ChoiceItem[];
  values: string[];
  error?: string;
  small?: boolean;
}) {
  const id = p.id ?? p.name;
  return (
    <div class={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <Fieldset legend={p.legend} legendSize={p.legendSize} describedBy={describedBy(id, p.hint, p.error)}>
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} text={p.error} />
        <div
          class={`govuk-checkboxes${p.small ? " govuk-checkboxes--small" : ""}`}
          data-module="govuk-checkboxes"
        >
          {p.items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  id={itemId}
                  name={p.name}
                  type="checkbox"
                  value={item.value}
                  checked={p.values.includes(item.value)}
                  aria-describedby={item.hint ? `${itemId}-item-hint` : undefined}
                />
                <label class="govuk-label govuk-checkboxes__label" for={itemId}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${itemId}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}
