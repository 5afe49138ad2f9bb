// Reading a specification as a page, issuing a draft (after a confirmation page), starting a revision
// and seeing what a revision changed. The same services as the API's issue, revisions and changes.
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { FREQUENCIES, type Frequency, levelLabel } from "../../model/clause-schema.js";
import { CONTACT_FIELDS, type ContactField, missingContactErrors } from "../../model/contacts.js";
import { DOCUMENT_SHAPES } from "../../model/document-input.js";
import { countOf } from "../../model/plural.js";
import { specificationChanges } from "../../services/specifications/changes.js";
import { issueSpecification } from "../../services/specifications/issue.js";
import { findSpecification, renderedClausesOf } from "../../services/specifications/queries.js";
import { startRevision, updateSpecification } from "../../services/specifications/write.js";
import { metricTarget } from "../clauses/clauses.js";
import { Details, Paragraphs, SummaryList, Table, Tag, WarningText } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, labelled, readForm } from "../forms.js";
import { page } from "../layout.js";
import { categoryLabel, formatDay } from "../status.js";
import { specCrumbs, specId } from "./crumbs.js";
import { issuePage, revisePage } from "./issue-forms.js";

const SECTION_TITLES = {
  introduction: "Introduction",
  populationNeed: "Population and need",
  outcomes: "Outcomes",
  scope: "Scope",
} as const;

const FIELD_NAMES: Record<string, string> = {
  title: "Title",
  requirement: "Requirement",
  evidence: "Evidence",
  reviewerChecks: "What the reviewer checks",
  frequency: "Frequency",
  threshold: "Threshold",
  level: "Level",
};

const CHANGE_TAG = {
  added: ["Added", "green"],
  removed: ["Removed", "red"],
  changed: ["Changed", "orange"],
  unchanged: ["Unchanged", "grey"],
} as const;

export const specificationIssuePages = new Hono<AppEnv>()
  .get("/specifications/:id/preview", authorize("specification.read"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const clauses = await renderedClausesOf({ ctx, input: spec });
    return page(
      c,
      { title: `${spec.title}: preview`, nav: "specifications", before: specCrumbs(spec, "Preview") },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">
            {spec.status === "draft" ? "Draft" : "Issued"} specification, version {spec.version}
          </span>
          <h1 class="govuk-heading-xl">{spec.title}</h1>
          {spec.status === "draft" ? (
            <WarningText>This is a draft. It can change until it is issued.</WarningText>
          ) : null}
          <SummaryList
            rows={[
              { key: "Service", value: spec.serviceName },
              ...(spec.area ? [{ key: "Area", value: spec.area }] : []),
              ...(spec.commissionerLead ? [{ key: "Commissioning lead", value: spec.commissionerLead }] : []),
              ...(spec.providerName ? [{ key: "Provider", value: spec.providerName }] : []),
              ...(spec.periodStart
                ? [
                    {
                      key: "Service period",
                      value: `${formatDay(spec.periodStart)} to ${formatDay(spec.periodEnd) || "not set"}`,
                    },
                  ]
                : []),
              { key: "Evidence due", value: `${spec.gracePeriodDays} days after the end of each period` },
            ]}
          />
          <h2 class="govuk-heading-m">Contents</h2>
          <ol class="govuk-list govuk-list--number">
            {(Object.keys(SECTION_TITLES) as Array<keyof typeof SECTION_TITLES>)
              .filter((k) => spec.sections[k])
              .map((k) => (
                <li>
                  <a class="govuk-link" href={`#section-${k}`}>
                    {SECTION_TITLES[k]}
                  </a>
                </li>
              ))}
            <li>
              <a class="govuk-link" href="#involvement">
                Service-user involvement requirements
              </a>
            </li>
          </ol>
          {(Object.keys(SECTION_TITLES) as Array<keyof typeof SECTION_TITLES>)
            .filter((k) => spec.sections[k])
            .map((k) => (
              <>
                <h2 class="govuk-heading-l" id={`section-${k}`}>
                  {SECTION_TITLES[k]}
                </h2>
                <Paragraphs text={spec.sections[k]} />
              </>
            ))}
          <h2 class="govuk-heading-l" id="involvement">
            Service-user involvement requirements
          </h2>
          {clauses.map((cl, i) => (
            <section class="app-clause" aria-labelledby={`clause-${cl.key}`}>
              <h3 class="govuk-heading-m" id={`clause-${cl.key}`}>
                {i + 1}. {cl.title} <span class="govuk-caption-m">{cl.key}</span>
              </h3>
              <p class="govuk-body-s">
                {categoryLabel(cl.category)}. Minimum level: {levelLabel(cl.level)}. Evidence:{" "}
                {FREQUENCIES[cl.frequency as Frequency]}.
              </p>
              <h4 class="govuk-heading-s">Requirement</h4>
              <Paragraphs text={cl.requirement} />
              <h4 class="govuk-heading-s">Evidence</h4>
              <Paragraphs text={cl.evidence.documents} />
              <h4 class="govuk-heading-s">What the reviewer checks</h4>
              <Paragraphs text={cl.evidence.reviewerChecks} />
              {cl.threshold ? (
                <>
                  <h4 class="govuk-heading-s">Threshold</h4>
                  <Paragraphs text={cl.threshold.description} />
                  {cl.threshold.metrics.length ? (
                    <ul class="govuk-list govuk-list--bullet">
                      {cl.threshold.metrics.map((m) => (
                        <li>
                          {m.label}: {metricTarget(m, [], {})}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : null}
              {cl.plainLanguage ? (
                <Details summary="In plain language">
                  <Paragraphs text={cl.plainLanguage} />
                </Details>
              ) : null}
            </section>
          ))}
        </div>
      </div>,
    );
  })
  .get("/specifications/:id/issue", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    return issuePage(
      c,
      spec,
      (await renderedClausesOf({ ctx, input: spec })).map((r) => r.key),
      [],
    );
  })
  .post("/specifications/:id/issue", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const form = await readForm(c);
    // The contacts are asked for on this page: saved first (the same service as PATCH), then issued.
    const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, form.str(f)])) as Record<
      ContactField,
      string
    >;
    const keys = (await renderedClausesOf({ ctx, input: spec })).map((r) => r.key);
    // The shape is asked for here too, and saved with the contacts; one the form does not know is left as it was.
    const shape = form.str("documentShape");
    const documentShape = DOCUMENT_SHAPES.find((s) => s === shape);
    try {
      if (spec.status === "draft") {
        const given = Object.fromEntries(
          CONTACT_FIELDS.filter((f) => form.all(f).length > 0).map((f) => [f, values[f] || null]),
        );
        await updateSpecification({
          ctx,
          input: { id: spec.id, contacts: given, ...(documentShape ? { documentShape } : {}) },
        });
      }
      const issued = await issueSpecification({ ctx, input: { id: spec.id } });
      return redirectWith(c, `/specifications/${issued.id}`, {
        kind: "success",
        heading: `Version ${issued.version} issued`,
        body: "Its Word documents are ready to download, and it can now be let as a contract.",
      });
    } catch (e) {
      let unwritten = false;
      const mapped = errorsFromAppError(e, (p) => {
        // Each empty section is named in the summary; the choice of shape is where to answer them.
        if (p.startsWith("sections/")) unwritten = true;
        return p.startsWith("contacts/") ? p.slice("contacts/".length) : undefined;
      });
      if (mapped) {
        // A number that is not valid stops the save before issuing could say what is missing: say both.
        for (const m of missingContactErrors(values, keys)) {
          const f = m.path.slice("contacts/".length);
          mapped.fields[f] ??= m.message.charAt(0).toUpperCase() + m.message.slice(1);
        }
        if (unwritten)
          mapped.fields.documentShape ??=
            "Write the empty sections on the specification's details page, or issue a schedule";
        return issuePage(c, spec, keys, mapped.general, values, mapped.fields, shape);
      }
      throw e;
    }
  })
  .get("/specifications/:id/revise", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    return revisePage(c, spec, "", {});
  })
  .post("/specifications/:id/revise", authorize("specification.write"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const form = await readForm(c);
    const note = form.str("note");
    try {
      const draft = await startRevision({ ctx, input: { id: spec.id, note: note || undefined } });
      return redirectWith(c, `/specifications/${draft.id}`, {
        kind: "success",
        heading: `Version ${draft.version} started as a draft`,
        body: "It starts as a copy of the issued version. Change what you need, then issue it.",
      });
    } catch (e) {
      const shown = errorsFromAppError(e, { note: "note" }, labelled({ note: "the reason" }), {
        whole: { conflict: "note" },
      });
      if (!shown) throw e;
      return revisePage(c, spec, note, shown.fields);
    }
  })
  .get("/specifications/:id/changes", authorize("specification.changes"), async (c) => {
    const ctx = serviceCtx(c);
    const spec = await findSpecification({ ctx, input: { id: specId(c) } });
    const { changes, revisesId } = await specificationChanges({ ctx, input: { id: spec.id } });
    const changed = changes.filter((x) => x.change !== "unchanged");
    return page(
      c,
      {
        title: `What changed in version ${spec.version}`,
        nav: "specifications",
        before: specCrumbs(spec, "What changed"),
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{spec.title}</span>
          <h1 class="govuk-heading-l">What changed in version {spec.version}</h1>
          {!revisesId ? (
            <p class="govuk-body">This is the first version: every clause is new.</p>
          ) : (
            <p class="govuk-body">
              Compared with{" "}
              <a class="govuk-link" href={`/specifications/${revisesId}`}>
                version {spec.version - 1}
              </a>
              :{" "}
              {changed.length === 0
                ? "no clause has changed yet."
                : `${changed.length} of ${countOf(changes.length, "clause")} ${changed.length === 1 ? "differs" : "differ"}.`}
            </p>
          )}
          {spec.revisesId ? (
            <p class="govuk-body">
              <a class="govuk-link" href={`/api/specifications/${spec.id}/changes/document`} download>
                Download the changes as a Word document with tracked changes
              </a>
            </p>
          ) : null}
          <Table
            caption="Changes by clause"
            head={["Clause", "Change", "Clause version"]}
            scroll="Changes by clause"
          >
            {changes.map((x) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">
                  <span class="app-key">{x.key}</span> {x.title}
                </td>
                <td class="govuk-table__cell">
                  <Tag text={CHANGE_TAG[x.change][0]} colour={CHANGE_TAG[x.change][1]} />
                </td>
                <td class="govuk-table__cell">
                  {x.fromVersion === x.toVersion
                    ? x.toVersion
                    : `${x.fromVersion ?? "none"} to ${x.toVersion ?? "none"}`}
                </td>
              </tr>
            ))}
          </Table>
          {changed
            .filter((x) => x.fields.length)
            .map((x) => (
              <>
                <h2 class="govuk-heading-m">
                  <span class="app-key">{x.key}</span> {x.title}
                </h2>
                {x.fields.map((f) => (
                  <>
                    <h3 class="govuk-heading-s">{FIELD_NAMES[f.field] ?? f.field}</h3>
                    <p class="govuk-body app-change-before">
                      <strong>Before:</strong> {f.before || "(empty)"}
                    </p>
                    <p class="govuk-body">
                      <strong>After:</strong> {f.after || "(empty)"}
                    </p>
                  </>
                ))}
              </>
            ))}
        </div>
      </div>,
    );
  });
