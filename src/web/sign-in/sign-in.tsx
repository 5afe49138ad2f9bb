// Signing in and out in the browser: the same login service (and throttling) as POST /api/auth/login.
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { AppError } from "../../lib/errors.js";
import type { AppEnv } from "../../middleware/context.js";
import { refuseCrossSite } from "../../middleware/origin.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import { homeFor } from "../../model/access-policy.js";
import { checkPassword } from "../../services/auth/login.js";
import { ssoOrganisationFor } from "../../services/auth/oidc.js";
import { deleteSession, SESSION_COOKIE } from "../../services/auth/sessions.js";
import { Button, errorList, type FieldErrors, TextInput } from "../components.js";
import { safeNext } from "../errors.js";
import { redirectWith } from "../flash.js";
import { Form, readForm } from "../forms.js";
import { page } from "../layout.js";
import { startSso } from "./oidc.js";
import { continueAfterPassword, loginDeps } from "./two-factor.js";

function SignInForm(p: { email: string; errors: FieldErrors; next?: string }) {
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
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={p.email}
            error={p.errors.email}
          />
          <TextInput
            name="password"
            label="Password"
            hint="If your organisation signs you in with its own account (single sign-on), leave this blank."
            type="password"
            autocomplete="current-password"
            error={p.errors.password}
          />
          <Button>Sign in</Button>
        </form>
        <p class="govuk-body">
          <a class="govuk-link" href="/forgot-password">
            Forgot your password?
          </a>
        </p>
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
    const email = c.req.query("email")?.slice(0, 320) ?? "";
    return page(c, { title: "Sign in" }, <SignInForm email={email} errors={{}} next={next} />);
  })
  .post("/sign-in", async (c) => {
    // No session yet, so no CSRF token: refuse a sign-in posted from another site instead.
    refuseCrossSite(c);
    const form = new Form((await c.req.parseBody({ all: true })) as Record<string, string>);
    const email = form.str("email");
    const password = form.raw("password");
    const next = safeNext(form.str("next"));
    const errors: FieldErrors = {};
    if (!email) errors.email = "Enter your email address";
    else {
      // People of an organisation with single sign-on go to its identity provider: always when it allows
      // no passwords, otherwise when they leave the password blank.
      const sso = await ssoOrganisationFor(c.get("db"), email);
      if (sso && (!password || !sso.passwordSignIn)) return startSso(c, sso.organisationId, email, next);
    }
    if (!password) errors.password = "Enter your password";
    const show = (errs: FieldErrors, status: 400 | 401 | 429 = 400) =>
      page(
        c,
        { title: "Sign in", errors: errorList(errs), status: status === 401 ? 400 : status },
        <SignInForm email={email} errors={errs} next={next} />,
      );
    if (Object.keys(errors).length) return show(errors);
    try {
      const user = await checkPassword(loginDeps(c), { email, password, address: clientAddress(c) });
      return await continueAfterPassword(c, user, next);
    } catch (e) {
      if (e instanceof AppError && e.code === "unauthenticated") {
        return show({ email: "Enter a correct email address and password" }, 401);
      }
      if (e instanceof AppError && (e.code === "too_many_requests" || e.code === "forbidden")) {
        return show({ email: e.message }, e.code === "forbidden" ? 400 : 429);
      }
      throw e;
    }
  })
  .post("/sign-out", async (c) => {
    const value = getCookie(c, SESSION_COOKIE);
    if (c.get("actor")) await readForm(c);
    if (value) await deleteSession(c.get("db"), c.get("deps").secret, value);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("actor", null);
    return redirectWith(c, "/sign-in", { kind: "important", heading: "You have signed out." });
  });
