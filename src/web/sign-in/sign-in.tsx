// Signing in and out in the browser: the same login service (and throttling) as POST /api/auth/login.
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { publicCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { refuseCrossSite } from "../../middleware/origin.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import { homeFor } from "../../model/access-policy.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { checkPassword, signInMethodFor } from "../../services/auth/login.js";
import { deleteSession, SESSION_COOKIE } from "../../services/auth/sessions.js";
import { Button, errorList, type FieldErrors, TextInput, withGeneral } from "../components.js";
import { safeNext } from "../error-pages.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, Form, readForm } from "../forms.js";
import { page } from "../layout.js";
import { startSso } from "./oidc.js";
import { continueAfterPassword } from "./two-factor.js";

function ForgotLink() {
  return (
    <p class="govuk-body">
      <a class="govuk-link" href="/forgot-password">
        Forgot your password?
      </a>
    </p>
  );
}

/** The first step: the email address alone, which says how this person signs in. */
function EmailStep(p: { email: string; errors: FieldErrors; next?: string }) {
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Sign in to WithUs</h1>
        <p class="govuk-body">
          WithUs is for commissioners, reviewers and provider staff of drug and alcohol treatment services.
          Your administrator gives you an account.
        </p>
        <form method="post" action="/sign-in" novalidate>
          {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
          <TextInput
            name="email"
            label="Email address"
            hint="If your organisation signs you in with its own account, we will take you there."
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={p.email}
            error={p.errors.email}
          />
          <Button>Continue</Button>
        </form>
        <ForgotLink />
      </div>
    </div>
  );
}

/**
 * The second step for everyone whose organisation lets them use a password: the same for an address with
 * no account, so the page never says whether one exists. With single sign-on as well, a second button.
 */
function PasswordStep(p: { email: string; errors: FieldErrors; next?: string; sso: boolean }) {
  const change = `/sign-in?${new URLSearchParams({ email: p.email, ...(p.next ? { next: p.next } : {}) })}`;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Enter your password</h1>
        <p class="govuk-body app-long-text">
          Signing in as <strong>{p.email}</strong>.{" "}
          <a class="govuk-link" href={change}>
            Change<span class="govuk-visually-hidden"> the email address</span>
          </a>
        </p>
        <form method="post" action="/sign-in" novalidate>
          {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
          <input type="hidden" name="email" value={p.email} autocomplete="username" />
          <TextInput
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            error={p.errors.password}
          />
          <Button>Sign in</Button>
        </form>
        {p.sso ? (
          <form method="post" action="/sign-in" novalidate>
            {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
            <input type="hidden" name="email" value={p.email} />
            <input type="hidden" name="sso" value="1" />
            <p class="govuk-body">Your organisation can also sign you in with its own account.</p>
            <Button secondary>Sign in with your organisation's account</Button>
          </form>
        ) : null}
        <ForgotLink />
      </div>
    </div>
  );
}

export const signInPages = new Hono<AppEnv>()
  .get("/", (c) => {
    const actor = c.get("actor");
    return c.redirect(actor ? homeFor(actor) : "/sign-in", 303);
  })
  .get("/sign-in", (c) => {
    const actor = c.get("actor");
    if (actor) return c.redirect(homeFor(actor), 303);
    const next = safeNext(c.req.query("next"));
    const email = c.req.query("email")?.slice(0, INPUT_LIMITS.emailLength) ?? "";
    return page(c, { title: "Sign in" }, <EmailStep email={email} errors={{}} next={next} />);
  })
  // One address for both steps, so a form posted with the email and the password together (scripts, older
  // pages) still signs in: the email step is a post without a password field.
  .post("/sign-in", async (c) => {
    // No session yet, so no CSRF token: refuse a sign-in posted from another site instead.
    refuseCrossSite(c);
    const body = (await c.req.parseBody({ all: true })) as Record<string, string>;
    const form = new Form(body);
    const email = form.str("email");
    const next = safeNext(form.str("next"));
    const emailStep = (errors: FieldErrors) =>
      page(
        c,
        { title: "Sign in", errors: errorList(errors), status: 400 },
        <EmailStep email={email} errors={errors} next={next} />,
      );
    // The service judges the address (by its form alone); people of an organisation with single sign-on go
    // to its identity provider: always when it allows no passwords, otherwise when they choose to.
    let sso: Awaited<ReturnType<typeof signInMethodFor>>;
    try {
      sso = await signInMethodFor({ ctx: publicCtx(c), input: { email } });
    } catch (e) {
      const shown = errorsFromAppError(e, { email: "email" }, (err) =>
        email ? capitalise(err.message) : "Enter your email address",
      );
      if (!shown) throw e;
      return emailStep(withGeneral(shown.fields, shown.general));
    }
    if (sso && (!sso.passwordSignIn || form.str("sso") === "1"))
      return startSso(c, sso.organisationId, email, next);
    const passwordStep = (errors: FieldErrors, status: 200 | 400 | 429 = 400) =>
      page(
        c,
        { title: "Enter your password", errors: errorList(errors), status },
        <PasswordStep email={email} errors={errors} next={next} sso={Boolean(sso)} />,
      );
    if (!("password" in body)) return passwordStep({}, 200);
    const password = form.raw("password");
    if (!password) return passwordStep({ password: "Enter your password" });
    try {
      const user = await checkPassword({
        ctx: publicCtx(c),
        input: { email, password, address: clientAddress(c) },
      });
      return await continueAfterPassword(c, user, next);
    } catch (e) {
      // A wrong email address or password is not said apart; too many tries, or an account that must use
      // its organisation's sign-in, in the service's words.
      const shown = errorsFromAppError(e, {}, undefined, {
        codes: ["unauthenticated", "too_many_requests", "forbidden"],
        whole: {
          unauthenticated: { at: "password", say: "Enter a correct email address and password" },
          too_many_requests: "password",
          forbidden: "password",
        },
      });
      if (!shown) throw e;
      return passwordStep(shown.fields, shown.status === 429 ? 429 : 400);
    }
  })
  .post("/sign-out", async (c) => {
    const value = getCookie(c, SESSION_COOKIE);
    if (c.get("actor")) await readForm(c);
    if (value) await deleteSession({ ctx: publicCtx(c), input: { value } });
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("actor", null);
    return redirectWith(c, "/sign-in", { kind: "important", heading: "You have signed out." });
  });
