// The pages emailed links lead to: accepting an invitation (choose a password) and resetting a forgotten
// password; and the "Forgot your password?" form that sends the reset email.

import type { Context } from "hono";
import { Hono } from "hono";
import { publicCtx } from "../../middleware/access.js";
import { afterResponse } from "../../middleware/after-response.js";
import type { AppEnv } from "../../middleware/context.js";
import { refuseCrossSite } from "../../middleware/origin.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import { INVITATION_TEMPLATE } from "../../model/access-policy.js";
import { passwordsAllowed } from "../../services/auth/login.js";
import {
  admitResetRequest,
  completePasswordReset,
  RESET_REQUESTED,
  requestPasswordReset,
} from "../../services/auth/password-reset.js";
import { userOfLink } from "../../services/auth/user-links.js";
import { acceptInvitation } from "../../services/users/invitations.js";
import { Button, errorList, type FieldErrors, TextInput } from "../components.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, Form } from "../forms.js";
import { RepresentativeInvitation } from "../involvement/invitation.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;
type User = NonNullable<Awaited<ReturnType<typeof userOfLink>>>;

const readPublicForm = async (c: Ctx) => {
  refuseCrossSite(c);
  return new Form((await c.req.parseBody({ all: true })) as Record<string, string>);
};

function deadLink(c: Ctx, what: "invitation" | "reset") {
  return page(
    c,
    {
      title: what === "invitation" ? "This invitation link does not work" : "This reset link does not work",
      status: 404,
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">
          {what === "invitation" ? "This invitation link does not work" : "This reset link does not work"}
        </h1>
        <p class="govuk-body">
          {what === "invitation"
            ? "It may have been used already. Or it may be more than 7 days old."
            : "It may have been used already. Or it may be more than 1 hour old."}
        </p>
        <p class="govuk-body">
          {what === "invitation" ? (
            "Ask the person who invited you to send a new one."
          ) : (
            <a class="govuk-link" href="/forgot-password">
              Ask for a new reset link
            </a>
          )}
        </p>
      </div>
    </div>,
  );
}

function choosePasswordPage(
  c: Ctx,
  p: { kind: "invitation" | "reset"; user: User; action: string; errors: FieldErrors; passwords: boolean },
) {
  const title = p.kind === "invitation" ? "Set up your WithUs account" : "Choose a new password";
  if (
    p.kind === "invitation" &&
    INVITATION_TEMPLATE[p.user.role] === "invitation-representative" &&
    p.passwords
  ) {
    return page(
      c,
      {
        title: "Welcome to WithUs",
        errors: errorList(p.errors),
        status: Object.keys(p.errors).length ? 422 : 200,
      },
      <RepresentativeInvitation email={p.user.email} action={p.action} error={p.errors.password} />,
    );
  }
  return page(
    c,
    { title, errors: errorList(p.errors), status: Object.keys(p.errors).length ? 422 : 200 },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
          Your account: <strong>{p.user.email}</strong>
        </p>
        {p.passwords ? (
          <form method="post" action={p.action} novalidate>
            <TextInput
              name="password"
              label={p.kind === "invitation" ? "Choose a password" : "New password"}
              hint="At least 12 characters. A few unrelated words together are easy to remember and hard to guess."
              type="password"
              autocomplete="new-password"
              error={p.errors.password}
            />
            <Button>{p.kind === "invitation" ? "Set password" : "Change password"}</Button>
          </form>
        ) : null}
        {p.kind === "invitation" ? (
          <p class="govuk-body">
            {p.passwords
              ? "If your organisation signs you in with its own account (single sign-on), you do not need a password: "
              : "Your organisation signs you in with its own account, so you do not need a WithUs password. "}
            <a class="govuk-link" href={`/sign-in?email=${encodeURIComponent(p.user.email)}`}>
              sign in with your organisation
            </a>
            .
          </p>
        ) : null}
      </div>
    </div>,
  );
}

function forgotPage(c: Ctx, email: string, errors: FieldErrors, status?: 429) {
  return page(
    c,
    {
      title: "Reset your password",
      errors: errorList(errors),
      status: status ?? (Object.keys(errors).length ? 422 : 200),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Reset your password</h1>
        <p class="govuk-body">We will email you a link to choose a new password.</p>
        <form method="post" action="/forgot-password" novalidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={email}
            error={errors.email}
          />
          <Button>Send the link</Button>
        </form>
      </div>
    </div>,
  );
}

async function linkUser(c: Ctx, kind: "invitation" | "password_reset") {
  const user = await userOfLink({ ctx: publicCtx(c), input: { token: c.req.param("token") ?? "", kind } });
  return user?.active ? user : null;
}

const passwordErrors = (e: unknown) =>
  errorsFromAppError(
    e,
    (p) => p,
    (err) => capitalise(err.message),
  );

export const linkPages = new Hono<AppEnv>()
  .get("/forgot-password", (c) => forgotPage(c, c.req.query("email") ?? "", {}))
  .post("/forgot-password", async (c) => {
    const form = await readPublicForm(c);
    const email = form.str("email");
    if (!email) return forgotPage(c, "", { email: "Enter your email address" });
    const ctx = publicCtx(c);
    try {
      await admitResetRequest({ ctx, input: { address: clientAddress(c), email } });
    } catch (e) {
      const shown = errorsFromAppError(e, {}, undefined, {
        codes: ["too_many_requests"],
        whole: { too_many_requests: "email" },
      });
      if (!shown) throw e;
      return forgotPage(c, email, shown.fields, 429);
    }
    afterResponse(c, "password reset", () => requestPasswordReset({ ctx, input: { email } }));
    return redirectWith(c, "/sign-in", {
      kind: "important",
      heading: "Check your email",
      body: RESET_REQUESTED,
    });
  })
  .get("/reset-password/:token", async (c) => {
    const user = await linkUser(c, "password_reset");
    if (!user) return deadLink(c, "reset");
    return choosePasswordPage(c, { kind: "reset", user, action: c.req.path, errors: {}, passwords: true });
  })
  .post("/reset-password/:token", async (c) => {
    const form = await readPublicForm(c);
    const user = await linkUser(c, "password_reset");
    if (!user) return deadLink(c, "reset");
    const password = form.raw("password");
    const again = (errors: FieldErrors) =>
      choosePasswordPage(c, { kind: "reset", user, action: c.req.path, errors, passwords: true });
    if (!password) return again({ password: "Enter a new password" });
    try {
      const done = await completePasswordReset({
        ctx: publicCtx(c),
        input: { token: c.req.param("token"), password, user },
      });
      if (!done) return deadLink(c, "reset");
    } catch (e) {
      const shown = passwordErrors(e);
      if (!shown) throw e;
      return again(shown.fields);
    }
    return redirectWith(c, "/sign-in", {
      kind: "success",
      heading: "Your password has been changed",
      body: "Sign in with your new password. You have been signed out everywhere, and your API tokens no longer work.",
    });
  })
  .get("/invitations/:token", async (c) => {
    const user = await linkUser(c, "invitation");
    if (!user) return deadLink(c, "invitation");
    const passwords = await passwordsAllowed({
      ctx: publicCtx(c),
      input: { organisationId: user.organisationId },
    });
    return choosePasswordPage(c, { kind: "invitation", user, action: c.req.path, errors: {}, passwords });
  })
  .post("/invitations/:token", async (c) => {
    const form = await readPublicForm(c);
    const user = await linkUser(c, "invitation");
    if (!user) return deadLink(c, "invitation");
    const passwords = await passwordsAllowed({
      ctx: publicCtx(c),
      input: { organisationId: user.organisationId },
    });
    const again = (errors: FieldErrors) =>
      choosePasswordPage(c, { kind: "invitation", user, action: c.req.path, errors, passwords });
    if (!passwords) return again({});
    const password = form.raw("password");
    if (!password) return again({ password: "Choose a password" });
    try {
      const accepted = await acceptInvitation({
        ctx: publicCtx(c),
        input: { token: c.req.param("token"), password, user },
      });
      if (!accepted) return deadLink(c, "invitation");
    } catch (e) {
      const shown = passwordErrors(e);
      if (!shown) throw e;
      return again(shown.fields);
    }
    return redirectWith(c, `/sign-in?email=${encodeURIComponent(user.email)}`, {
      kind: "success",
      heading: "Your password is set",
      body: "Sign in with your email address and the password you chose.",
    });
  });
