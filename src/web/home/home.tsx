// The home page of commissioners, reviewers and providers: it starts with what needs their attention
// (provider: overdue, due soon, returned for changes; reviewer: waiting for review, oldest first;
// commissioner: contracts rated red or amber, evidence overdue), each item linking to where to act.
import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { homeOf } from "../../model/access-policy.js";
import {
  commissionerAttention,
  DUE_SOON_DAYS,
  type ObligationItem,
  providerAttention,
  reviewerAttention,
} from "../../services/notifications/attention.js";
import { page } from "../layout.js";
import { formatDay, RagTag } from "../status.js";

type Ctx = Context<AppEnv>;

function Section(p: {
  title: string;
  total: number;
  empty: string;
  more?: { href: string; text: string };
  children: Child;
}) {
  return (
    <section class="app-attention" aria-labelledby={`${p.title.replace(/\W+/g, "-").toLowerCase()}-heading`}>
      <h2 class="govuk-heading-m" id={`${p.title.replace(/\W+/g, "-").toLowerCase()}-heading`}>
        {p.title} <span class="app-attention__count">({p.total})</span>
      </h2>
      {p.total === 0 ? (
        <p class="govuk-body">{p.empty}</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">{p.children}</ul>
      )}
      {p.more && p.total > 0 ? (
        <p class="govuk-body">
          <a class="govuk-link" href={p.more.href}>
            {p.more.text}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function ObligationLine({ o, due }: { o: ObligationItem; due: string }) {
  return (
    <li>
      <a class="govuk-link" href={`/obligations/${o.id}`}>
        {o.clauseKey} {o.clauseTitle}, {o.period}
      </a>{" "}
      <span class="govuk-body-s">
        ({o.reference}
        {o.dueDate ? `, ${due} ${formatDay(o.dueDate)}` : ""})
      </span>
    </li>
  );
}

async function providerHome(c: Ctx) {
  const a = await providerAttention({ ctx: serviceCtx(c) });
  return (
    <>
      <Section
        title="Overdue"
        total={a.overdue.total}
        empty="Nothing is overdue."
        more={{ href: "/contracts", text: "See all your contracts" }}
      >
        {a.overdue.items.map((o) => (
          <ObligationLine o={o} due="was due" />
        ))}
      </Section>
      <Section
        title={`Due in the next ${DUE_SOON_DAYS} days`}
        total={a.dueSoon.total}
        empty="Nothing is due in the next two weeks."
      >
        {a.dueSoon.items.map((o) => (
          <ObligationLine o={o} due="due" />
        ))}
      </Section>
      <Section
        title="Returned for changes"
        total={a.returned.total}
        empty="Nothing has been returned to you."
      >
        {a.returned.items.map((o) => (
          <ObligationLine o={o} due="was due" />
        ))}
      </Section>
    </>
  );
}

async function reviewerHome(c: Ctx) {
  const a = await reviewerAttention({ ctx: serviceCtx(c) });
  return (
    <Section
      title="Waiting for review, oldest first"
      total={a.waiting.total}
      empty="Nothing is waiting for review."
      more={{ href: "/reviews", text: "Open the review queue" }}
    >
      {a.waiting.items.map((s) => (
        <li>
          <a class="govuk-link" href={`/submissions/${s.id}`}>
            {s.clauseKey} {s.clauseTitle}, {s.period}
          </a>{" "}
          <span class="govuk-body-s">
            ({s.providerName}, {s.reference}, sent {formatDay(s.createdAt.toISOString())})
          </span>
        </li>
      ))}
    </Section>
  );
}

async function commissionerHome(c: Ctx) {
  const a = await commissionerAttention({ ctx: serviceCtx(c) });
  return (
    <>
      <Section
        title="Contracts rated red or amber"
        total={a.rated.length}
        empty="Every contract is rated green."
        more={{ href: "/compliance", text: "See compliance across your contracts" }}
      >
        {a.rated.map((k) => (
          <li>
            <RagTag rag={k.rag} />{" "}
            <a class="govuk-link" href={`/contracts/${k.id}/compliance`}>
              {k.reference}
            </a>{" "}
            <span class="govuk-body-s">({k.providerName})</span>
          </li>
        ))}
      </Section>
      <Section title="Evidence overdue" total={a.overdueTotal} empty="No evidence is overdue.">
        {a.overdue.map((k) => (
          <li>
            <a class="govuk-link" href={`/contracts/${k.id}`}>
              {k.reference}
            </a>{" "}
            <span class="govuk-body-s">
              ({k.providerName}): {k.overdue} overdue
            </span>
          </li>
        ))}
      </Section>
    </>
  );
}

async function homePage(c: Ctx) {
  const home = homeOf(c.get("actor")!);
  const body =
    home === "provider"
      ? await providerHome(c)
      : home === "reviewer"
        ? await reviewerHome(c)
        : await commissionerHome(c);
  return page(
    c,
    { title: "What needs your attention" },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">What needs your attention</h1>
        {body}
      </div>
    </div>,
  );
}

/** "/" is the home page of the roles that have one (homeOf); anyone else goes on to where "/" sends them. */
export const homePages = new Hono<AppEnv>().use("/", async (c, next) => {
  const actor = c.get("actor");
  if (c.req.method === "GET" && actor && homeOf(actor) !== "none") return homePage(c);
  await next();
});
