// The page frame every web page shares: GOV.UK Frontend's template (skip link, generic header, service
// navigation, main, footer), with navigation for the signed-in role and a one-off notification banner.
import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../middleware/context.js";
import { type Action, can } from "../model/access-policy.js";
import type { Actor, Role } from "../model/identity.js";
import { type ErrorItem, ErrorSummary, NotificationBanner } from "./components.js";
import { type Flash, takeFlash } from "./flash.js";

const SERVICE_NAME = "WithUs";

type NavKey =
  | "specifications"
  | "clauses"
  | "contracts"
  | "reviews"
  | "compliance"
  | "organisations"
  | "users"
  | "audit"
  | "sign-in"
  | "domains"
  | "domain-claims"
  | "outbox"
  | "details"
  | "account";

/** Each role's menu; an item with an action shows only to those the access policy lets take it. */
const NAV: Record<Role, Array<{ key: NavKey; text: string; href: string; action?: Action }>> = {
  commissioner: [
    { key: "specifications", text: "Specifications", href: "/specifications" },
    { key: "clauses", text: "Clause library", href: "/clauses" },
    { key: "contracts", text: "Contracts", href: "/contracts" },
    { key: "compliance", text: "Compliance", href: "/compliance" },
  ],
  reviewer: [
    { key: "reviews", text: "Review queue", href: "/reviews" },
    { key: "contracts", text: "Contracts", href: "/contracts" },
    { key: "compliance", text: "Compliance", href: "/compliance" },
    { key: "clauses", text: "Clause library", href: "/clauses" },
  ],
  provider: [
    { key: "contracts", text: "My contracts", href: "/contracts" },
    { key: "clauses", text: "Clause library", href: "/clauses" },
  ],
  representative: [{ key: "contracts", text: "Our services", href: "/involvement" }],
  admin: [
    {
      key: "organisations",
      text: "Organisations",
      href: "/admin/organisations",
      action: "organisation.manage",
    },
    { key: "users", text: "Users", href: "/admin/users" },
    { key: "audit", text: "Audit log", href: "/admin/audit" },
    { key: "sign-in", text: "Sign-in", href: "/admin/sign-in" },
    { key: "domains", text: "Email domains", href: "/admin/domains", action: "domain_claim.request" },
    {
      key: "domain-claims",
      text: "Domain claims",
      href: "/admin/domain-claims",
      action: "domain_claim.decide",
    },
    { key: "outbox", text: "Undelivered email", href: "/admin/outbox" },
    {
      key: "details",
      text: "Organisation details",
      href: "/admin/organisation",
      action: "organisation.details",
    },
  ],
};

export interface PageOptions {
  /** The page's h1 text, used for the <title> as "Title – WithUs". */
  title: string;
  nav?: NavKey;
  /** Errors for the GOV.UK error summary; the title gets an "Error: " prefix when there are any. */
  errors?: ErrorItem[];
  /** A back link or breadcrumbs shown above the main content. */
  before?: Child;
  status?: 200 | 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;
  /** Use the full page width (wide tables). */
  wide?: boolean;
}

function Layout(props: {
  title: string;
  actor: Actor | null;
  unread?: number;
  nav?: NavKey;
  errors?: ErrorItem[];
  flash?: Flash | null;
  before?: Child;
  children?: Child;
}) {
  const actor = props.actor;
  const items = actor ? NAV[actor.role].filter((i) => !i.action || can(actor, i.action)) : [];
  const title = `${props.errors?.length ? "Error: " : ""}${props.title} – ${SERVICE_NAME}`;
  return (
    <html lang="en-GB" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css" />
        <link rel="stylesheet" href="/assets/withus.css" />
      </head>
      <body class="govuk-template__body">
        <script src="/assets/js-enabled.js" />
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header class="govuk-template__header">
          <div class="govuk-generic-header">
            <div class="govuk-generic-header__container govuk-width-container app-header">
              <div class="govuk-generic-header__logo">
                <a href="/" class="govuk-generic-header__homepage-link">
                  {SERVICE_NAME}
                </a>
              </div>
              {props.actor ? (
                <div class="app-header__account">
                  <span class="app-header__who">
                    {props.actor.name}
                    <span class="govuk-visually-hidden">, </span>
                    <span class="app-header__org">{props.actor.organisationName}</span>
                  </span>
                  <a href="/notifications" class="govuk-link govuk-link--inverse app-header__account-link">
                    Notifications
                    {props.unread ? (
                      <>
                        {" "}
                        <span class="app-header__count">{props.unread > 99 ? "99+" : props.unread}</span>
                        <span class="govuk-visually-hidden"> unread</span>
                      </>
                    ) : null}
                  </a>
                  <a href="/account" class="govuk-link govuk-link--inverse app-header__account-link">
                    Your account
                  </a>
                  <form method="post" action="/sign-out" class="app-header__sign-out">
                    <input type="hidden" name="_csrf" value={props.actor.csrfToken ?? ""} />
                    <button type="submit" class="app-link-button app-link-button--inverse">
                      Sign out
                    </button>
                  </form>
                </div>
              ) : null}
            </div>
          </div>
          {items.length ? (
            <section
              aria-label="Service information"
              class="govuk-service-navigation"
              data-module="govuk-service-navigation"
            >
              <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                  <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                    <button
                      type="button"
                      class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                      aria-controls="navigation"
                      hidden
                    >
                      Menu
                    </button>
                    <ul class="govuk-service-navigation__list" id="navigation">
                      {items.map((i) => (
                        <li
                          class={`govuk-service-navigation__item${i.key === props.nav ? " govuk-service-navigation__item--active" : ""}`}
                        >
                          <a
                            class="govuk-service-navigation__link"
                            href={i.href}
                            aria-current={i.key === props.nav ? "true" : undefined}
                          >
                            {i.key === props.nav ? (
                              <strong class="govuk-service-navigation__active-fallback">{i.text}</strong>
                            ) : (
                              i.text
                            )}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </nav>
                </div>
              </div>
            </section>
          ) : null}
        </header>
        <div class="govuk-width-container">
          {props.before}
          <main class="govuk-main-wrapper" id="main-content">
            {props.errors?.length ? <ErrorSummary errors={props.errors} /> : null}
            {props.flash ? <FlashBanner flash={props.flash} /> : null}
            {props.children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class="govuk-width-container">
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">Support links</h2>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/docs">
                      API reference
                    </a>
                  </li>
                </ul>
                <p class="govuk-body-s app-footer__text">
                  WithUs: service-user involvement in drug and alcohol treatment, specified and evidenced.
                </p>
              </div>
            </div>
          </div>
        </footer>
        <script type="module" src="/assets/withus.js" />
      </body>
    </html>
  );
}

function FlashBanner({ flash }: { flash: Flash }) {
  return (
    <NotificationBanner
      id="govuk-notification-banner-title"
      heading={flash.heading}
      success={flash.kind === "success"}
    >
      {flash.body ? <p class="govuk-body">{flash.body}</p> : null}
    </NotificationBanner>
  );
}

/** Renders a whole page for this request. */
export function page(c: Context<AppEnv>, opts: PageOptions, body: Child) {
  const flash = takeFlash(c);
  const doc = (
    <Layout
      title={opts.title}
      actor={c.get("actor")}
      unread={c.get("unread")}
      nav={opts.nav}
      errors={opts.errors}
      flash={flash}
      before={opts.before}
    >
      {body}
    </Layout>
  );
  c.header("cache-control", "no-store");
  return c.html(
    <>
      {raw("<!DOCTYPE html>")}
      {doc}
    </>,
    opts.status ?? 200,
  );
}
