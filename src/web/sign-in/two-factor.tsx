// Signing in, after the password: straight in, or the second factor first (or setting one up when the
// organisation requires it). The step in between is a sign-in flow found by a short-lived cookie.

import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { publicCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { refuseCrossSite } from "../../middleware/origin.js";
import { clientAddress, setAppCookie, setSessionCookie } from "../../middleware/session-cookie.js";
import { homeFor } from "../../model/access-policy.js";
import { afterPassword, checkSecondFactor, startSession } from "../../services/auth/login.js";
import {
  endFlow,
  findFlow,
  recordFlowAttempt,
  SIGN_IN_FLOW_COOKIE,
  type SignInFlowKind,
  startFlow,
} from "../../services/auth/sign-in-flows.js";
import { beginTwoFactorSetup, confirmTwoFactor } from "../../services/auth/two-factor.js";
import { findUserById } from "../../services/users/users.js";
import { Button, errorList, type FieldErrors, TextInput } from "../components.js";
import { safeNext } from "../error-pages.js";
import { redirectWith } from "../flash.js";
import { errorsFromAppError, Form } from "../forms.js";
import { page } from "../layout.js";
import { AuthenticatorSetup, RecoveryCodes } from "./two-factor-parts.js";

type Ctx = Context<AppEnv>;
type User = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/** Wrong codes allowed in one sign-in flow before the person must start again with their password. */
const MAX_CODE_ATTEMPTS = 5;

/** Starts the session (the identity checks are done): its cookie goes with whatever answers next. */
async function signInNow(c: Ctx, user: User, method: "password" | "two_factor" | "oidc") {
  const session = await startSession({
    ctx: publicCtx(c),
    input: { user, method, address: method === "oidc" ? undefined : clientAddress(c) },
  });
  setSessionCookie(c, session.value, session.expiresAt);
  deleteCookie(c, SIGN_IN_FLOW_COOKIE, { path: "/" });
}

/** Signs the person in and sends them on: where they were going, or their home page. */
export async function finishSignIn(
  c: Ctx,
  user: User,
  method: "password" | "two_factor" | "oidc",
  next: string | undefined,
) {
  await signInNow(c, user, method);
  return c.redirect(next ?? homeFor(user), 303);
}

/** After a right password: a session, or the second factor (or its set-up) first. */
export async function continueAfterPassword(c: Ctx, user: User, next: string | undefined) {
  const ctx = publicCtx(c);
  const step = await afterPassword({ ctx, input: { user } });
  if (step === "session") return finishSignIn(c, user, "password", next);
  const flow = await startFlow({ ctx, input: { kind: step, userId: user.id, data: next ? { next } : {} } });
  setAppCookie(c, SIGN_IN_FLOW_COOKIE, flow.value, flow.expiresAt);
  return c.redirect(step === "two_factor" ? "/sign-in/two-factor" : "/sign-in/two-factor/setup", 303);
}

async function currentFlow(c: Ctx, kind: SignInFlowKind) {
  const ctx = publicCtx(c);
  const flow = await findFlow({ ctx, input: { value: getCookie(c, SIGN_IN_FLOW_COOKIE), kind } });
  if (!flow?.userId) return null;
  const user = await findUserById({ ctx, input: { id: flow.userId } });
  return user?.active ? { flow, user } : null;
}

const startAgain = (c: Ctx) =>
  redirectWith(c, "/sign-in", {
    kind: "important",
    heading: "Your sign-in timed out or was not finished. Sign in again.",
  });

function codePage(c: Ctx, errors: FieldErrors, status: 200 | 400 | 429 = 200) {
  return page(
    c,
    { title: "Enter the code from your authenticator app", errors: errorList(errors), status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Enter the code from your authenticator app</h1>
        <form method="post" action="/sign-in/two-factor" novalidate>
          <TextInput
            name="code"
            label="Code"
            hint="The 6-digit code your authenticator app shows now. If you do not have your phone, enter one of your recovery codes."
            autocomplete="one-time-code"
            width="10"
            spellcheck={false}
            error={errors.code}
          />
          <Button>Continue</Button>
        </form>
      </div>
    </div>,
  );
}

async function setupPage(c: Ctx, user: User, errors: FieldErrors, status: 200 | 400 = 200) {
  const setup = await beginTwoFactorSetup({ ctx: publicCtx(c), input: { user } });
  return page(
    c,
    { title: "Set up two-factor sign-in", errors: errorList(errors), status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Set up two-factor sign-in</h1>
        <p class="govuk-body">
          {user.name}, your organisation asks everyone who signs in with a password to use a second step: a
          code from an app on your phone.
        </p>
        <AuthenticatorSetup
          action="/sign-in/two-factor/setup"
          qrSvg={setup.qrSvg}
          secret={setup.secret}
          errors={errors}
        />
      </div>
    </div>,
  );
}

export const twoFactorSignInPages = new Hono<AppEnv>()
  .get("/sign-in/two-factor", async (c) =>
    (await currentFlow(c, "two_factor")) ? codePage(c, {}) : startAgain(c),
  )
  .post("/sign-in/two-factor", async (c) => {
    refuseCrossSite(c);
    const form = new Form((await c.req.parseBody({ all: true })) as Record<string, string>);
    const current = await currentFlow(c, "two_factor");
    if (!current) return startAgain(c);
    const code = form.str("code");
    if (!code)
      return codePage(c, { code: "Enter the code from your authenticator app, or a recovery code" }, 400);
    const ctx = publicCtx(c);
    try {
      await checkSecondFactor({ ctx, input: { user: current.user, code, address: clientAddress(c) } });
    } catch (e) {
      // A wrong or used code (unauthenticated), or too many tries.
      const shown = errorsFromAppError(e, {}, undefined, {
        codes: ["unauthenticated", "too_many_requests"],
        whole: { too_many_requests: "code" },
      });
      if (!shown) throw e;
      if (shown.status === 429) return codePage(c, shown.fields, 429);
      const attempts = current.flow.attempts + 1;
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await endFlow({ ctx, input: { idHash: current.flow.idHash } });
        return startAgain(c);
      }
      await recordFlowAttempt({ ctx, input: { idHash: current.flow.idHash, attempts } });
      return codePage(
        c,
        { code: "The code is not right, or has been used already. Check your app and try again." },
        400,
      );
    }
    if (!(await endFlow({ ctx, input: { idHash: current.flow.idHash } }))) return startAgain(c);
    return finishSignIn(c, current.user, "two_factor", safeNext(current.flow.data.next));
  })
  .get("/sign-in/two-factor/setup", async (c) => {
    const current = await currentFlow(c, "two_factor_setup");
    return current ? setupPage(c, current.user, {}) : startAgain(c);
  })
  .post("/sign-in/two-factor/setup", async (c) => {
    refuseCrossSite(c);
    const form = new Form((await c.req.parseBody({ all: true })) as Record<string, string>);
    const current = await currentFlow(c, "two_factor_setup");
    if (!current) return startAgain(c);
    const code = form.str("code");
    if (!code) return setupPage(c, current.user, { code: "Enter the 6-digit code the app shows" }, 400);
    const ctx = publicCtx(c);
    let codes: string[];
    try {
      codes = await confirmTwoFactor({ ctx, input: { user: current.user, code } });
    } catch (e) {
      const shown = errorsFromAppError(
        e,
        (p) => p,
        () => "The code is not right. Check the app shows WithUs and try the newest code.",
      );
      if (!shown) throw e;
      return setupPage(c, current.user, shown.fields, 400);
    }
    if (!(await endFlow({ ctx, input: { idHash: current.flow.idHash } }))) return startAgain(c);
    const next = safeNext(current.flow.data.next) ?? homeFor(current.user);
    await signInNow(c, current.user, "two_factor");
    // Signed in; the codes are shown once, on this page, before going on.
    return page(
      c,
      { title: "Save your recovery codes" },
      <RecoveryCodes codes={codes} continueHref={next} />,
    );
  });
