// Your account: two-factor sign-in. The same services as /api/me/two-factor.
import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import {
  beginTwoFactorSetup,
  ownAccount,
  recoveryCodesLeft,
  turnOffTwoFactor,
  turnOnTwoFactor,
} from "../../services/auth/two-factor.js";
import { Button, CsrfField, errorList, type FieldErrors, TextInput } from "../components.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";
import { AuthenticatorSetup, RecoveryCodes } from "../sign-in/two-factor-parts.js";

type Ctx = Context<AppEnv>;

async function twoFactorPage(c: Ctx, errors: FieldErrors = {}, status: 200 | 409 | 422 | 429 = 200) {
  const ctx = serviceCtx(c);
  const user = await ownAccount({ ctx });
  const title = user.totpEnabledAt ? "Two-factor sign-in is on" : "Set up two-factor sign-in";
  let body: Child;
  if (user.totpEnabledAt) {
    const left = await recoveryCodesLeft({ ctx, input: { userId: user.id } });
    body = (
      <>
        <p class="govuk-body">
          You sign in with your password and a code from your authenticator app. You have {left} unused
          recovery code
          {left === 1 ? "" : "s"}.
        </p>
        <h2 class="govuk-heading-m">Turn it off</h2>
        <form method="post" action="/account/two-factor/off" novalidate>
          <CsrfField token={c.get("actor")?.csrfToken} />
          <TextInput
            name="password"
            label="Your password"
            type="password"
            autocomplete="current-password"
            error={errors.password}
          />
          <Button warning>Turn off two-factor sign-in</Button>
        </form>
      </>
    );
  } else if (!user.passwordHash) {
    body = (
      <p class="govuk-body">
        You sign in through your organisation's single sign-on, which has its own checks. Two-factor sign-in
        here is for people who sign in with a WithUs password.
      </p>
    );
  } else {
    const setup = await beginTwoFactorSetup({ ctx, input: { user } });
    body = (
      <>
        <p class="govuk-body">
          With two-factor sign-in, signing in needs your password and a code from an app on your phone, so a
          stolen password alone is not enough.
        </p>
        <AuthenticatorSetup
          action="/account/two-factor"
          qrSvg={setup.qrSvg}
          secret={setup.secret}
          csrf={c.get("actor")?.csrfToken}
          errors={errors}
          askPassword
        />
      </>
    );
  }
  return page(
    c,
    { title, errors: errorList(errors), status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{title}</h1>
        {body}
      </div>
    </div>,
  );
}

export const accountTwoFactorPages = new Hono<AppEnv>()
  .use("/account/two-factor", authorize("signed_in"))
  .use("/account/two-factor/*", authorize("signed_in"))
  .get("/account/two-factor", (c) => twoFactorPage(c))
  .post("/account/two-factor", async (c) => {
    const form = await readForm(c);
    const ctx = serviceCtx(c);
    const code = form.str("code");
    const password = form.raw("password");
    const missing: FieldErrors = {};
    if (!code) missing.code = "Enter the 6-digit code the app shows";
    if (!password) missing.password = "Enter your password";
    if (Object.keys(missing).length) return twoFactorPage(c, missing, 422);
    try {
      const codes = await turnOnTwoFactor({ ctx, input: { code, password, address: clientAddress(c) } });
      return page(
        c,
        { title: "Save your recovery codes" },
        <RecoveryCodes codes={codes} continueHref="/account" />,
      );
    } catch (e) {
      const slow = errorsFromAppError(e, {}, undefined, {
        codes: ["too_many_requests"],
        whole: { too_many_requests: "password" },
      });
      if (slow) return twoFactorPage(c, slow.fields, 429);
      const shown = errorsFromAppError(
        e,
        (p) => p,
        (err) =>
          err.path === "password"
            ? "Your password is not right"
            : "The code is not right. Check the app shows WithUs and try the newest code.",
      );
      if (!shown) throw e;
      return twoFactorPage(c, shown.fields, 422);
    }
  })
  .post("/account/two-factor/off", async (c) => {
    const form = await readForm(c);
    const ctx = serviceCtx(c);
    const password = form.raw("password");
    if (!password) return twoFactorPage(c, { password: "Enter your password" }, 422);
    try {
      await turnOffTwoFactor({ ctx, input: { password, address: clientAddress(c) } });
    } catch (e) {
      const slow = errorsFromAppError(e, {}, undefined, {
        codes: ["too_many_requests"],
        whole: { too_many_requests: "password" },
      });
      if (slow) return twoFactorPage(c, slow.fields, 429);
      const shown = errorsFromAppError(
        e,
        (p) => p,
        (err) => (err.path === "password" ? "Your password is not right" : err.message),
      );
      if (!shown) throw e;
      if (shown.general.length) return twoFactorPage(c, { password: shown.general[0]! }, 409);
      return twoFactorPage(c, shown.fields, 422);
    }
    return redirectWith(c, "/account", { kind: "success", heading: "Two-factor sign-in is off." });
  });
