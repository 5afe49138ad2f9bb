// The public page of a published service, /services/<slug>: no sign-in, plain words, nothing about
// individual people (no files, narratives or names). It shares its text with the summary document and
// offers that document in large print. Works without JavaScript and prints cleanly (withus.css @media print).
import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { publicCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import type { Category } from "../../model/clause-schema.js";
import { CATEGORY_KEYS } from "../../model/clause-schema.js";
import { CONTACT_BOX_HEADING } from "../../model/contacts.js";
import {
  PLAIN_CLOSING_HEADING,
  PLAIN_HEADINGS,
  plainClosing,
  plainIntro,
} from "../../model/plain-summary.js";
import { type PublicService, publicService } from "../../services/involvement/public-service.js";
import { largePrintSummary } from "../../services/involvement/public-summary.js";
import { Details } from "../components.js";
import { page } from "../layout.js";
import { formatDay } from "../status.js";
import { PromiseGroup, StandingAnswer, StandingKey } from "./promise-standings.js";

type Ctx = Context<AppEnv>;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function grouped(s: PublicService) {
  const by = new Map<Category, PublicService["promises"]>();
  for (const p of s.promises) {
    const cat = p.category as Category;
    by.set(cat, [...(by.get(cat) ?? []), p]);
  }
  return CATEGORY_KEYS.flatMap((cat) =>
    by.has(cat) ? [{ heading: PLAIN_HEADINGS[cat], promises: by.get(cat)! }] : [],
  );
}

function ServicePage({ s }: { s: PublicService }) {
  return (
    <div class="govuk-grid-row app-public-page">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">Paid for by {s.commissionerName}</span>
        <h1 class="govuk-heading-xl">{s.serviceName}</h1>
        {/* The answer first: how many promises are on target, from the evidence the council accepted. */}
        <h2 class="govuk-heading-m">How the service is doing</h2>
        <StandingAnswer promises={s.promises} />
        {s.contactBox.length ? (
          <section class="govuk-inset-text app-contact-box" aria-labelledby="contact-box-heading">
            <h2 class="govuk-heading-m" id="contact-box-heading">
              {CONTACT_BOX_HEADING}
            </h2>
            <ul class="govuk-list">
              {s.contactBox.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {plainIntro(s.serviceName, s.commissionerName, s.promises.length > 0, s.coProduction).map((line) => (
          <p class="govuk-body-l">{line}</p>
        ))}
        <p class="govuk-body app-no-print">
          <a class="govuk-link" href={`/services/${s.slug}/large-print.docx`} download>
            Get this page in large print (Word file)
          </a>
        </p>

        <h2 class="govuk-heading-l">What the service promises</h2>
        <p class="govuk-body">
          How each promise is going, from what the council has checked by {formatDay(s.asOf)}. Open a heading
          to read its promises and how each went.
        </p>
        <div class="app-promise-groups">
          <Details summary="What the words mean">
            <StandingKey />
          </Details>
          {grouped(s).map((g) => (
            <PromiseGroup heading={g.heading} promises={g.promises} />
          ))}
        </div>

        <h2 class="govuk-heading-l">You said, we did</h2>
        {s.youSaidWeDid.length ? (
          <ul class="govuk-list app-you-said">
            {s.youSaidWeDid.map((y) => (
              <li>
                <p class="govuk-body">
                  <strong>You said:</strong> {y.youSaid}
                </p>
                <p class="govuk-body">
                  <strong>We did:</strong> {y.weDid}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p class="govuk-body">Nothing yet. When your views change something, we will say so here.</p>
        )}

        <h2 class="govuk-heading-l">How to get involved</h2>
        {s.getInvolved.text ? <p class="govuk-body">{s.getInvolved.text}</p> : null}
        {s.getInvolved.email || s.getInvolved.phone ? (
          <ul class="govuk-list">
            {s.getInvolved.email ? (
              <li>
                Email:{" "}
                <a class="govuk-link" href={`mailto:${s.getInvolved.email}`}>
                  {s.getInvolved.email}
                </a>
              </li>
            ) : null}
            {s.getInvolved.phone ? <li>Phone: {s.getInvolved.phone}</li> : null}
          </ul>
        ) : null}
        {!s.getInvolved.text && !s.getInvolved.email && !s.getInvolved.phone ? (
          <p class="govuk-body">Ask a worker at the service. They can tell you how to take part.</p>
        ) : null}

        <h2 class="govuk-heading-l">{PLAIN_CLOSING_HEADING}</h2>
        {plainClosing(s.commissionerName).map((line) => (
          <p class="govuk-body">{line}</p>
        ))}
      </div>
    </div>
  );
}

const slugOf = (c: Ctx) => {
  const slug = c.req.param("slug") ?? "";
  if (!SLUG.test(slug) || slug.length > 80) throw notFound("service page");
  return slug;
};

export const publicPages = new Hono<AppEnv>()
  .get("/services/:slug", async (c) => {
    // An address that cannot be a page, an unknown one and an unpublished one all read the same: not found.
    const s = await publicService({ ctx: publicCtx(c), input: { slug: slugOf(c) } });
    return page(c, { title: s.serviceName }, <ServicePage s={s} />);
  })
  .get("/services/:slug/large-print.docx", async (c) => {
    const slug = slugOf(c);
    const doc = slug
      ? await largePrintSummary({ ctx: publicCtx(c), input: { slug } }).catch(() => null)
      : null;
    if (!doc) return c.notFound();
    return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${doc.fileName}"`,
      "cache-control": "no-store",
    });
  });
