// Single sign-on in the browser: off to the organisation's identity provider, and back to the callback,
// where the person is signed in or told plainly why not.
import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { publicCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { expectedOrigin } from "../../middleware/origin.js";
import { clientAddress, setAppCookie } from "../../middleware/session-cookie.js";
import {
  beginSso,
  finishSso,
  OIDC_CALLBACK_PATH,
  type OidcCtx,
  SsoRefused,
} from "../../services/auth/oidc.js";
import { endFlow, findFlow, SIGN_IN_FLOW_COOKIE } from "../../services/auth/sign-in-flows.js";
import { safeNext } from "../error-pages.js";
import { errorsFromAppError } from "../forms.js";
import { page } from "../layout.js";
import { finishSignIn } from "./two-factor.js";

type Ctx = Context<AppEnv>;

function oidcCtx(c: Ctx): OidcCtx {
  return {
    ...publicCtx(c),
    allowInsecureIssuer: c.get("deps").env.OIDC_ALLOW_INSECURE_ISSUER,
    outbound: c.get("deps").outbound,
  };
}

/** Sends the person to their organisation's identity provider. */
export async function startSso(c: Ctx, organisationId: string, email: string, next: string | undefined) {
  const origin = expectedOrigin(c);
  try {
    const { flow, url } = await beginSso({
      ctx: oidcCtx(c),
      input: {
        organisationId,
        email,
        redirectUri: `${origin}${OIDC_CALLBACK_PATH}`,
        next,
        address: clientAddress(c),
      },
    });
    setAppCookie(c, SIGN_IN_FLOW_COOKIE, flow.value, flow.expiresAt);
    // Not a redirect: the sign-in form's own answer may not lead off this site (CSP form-action 'self'),
    // so this page moves on by itself (Refresh) and offers the link for anyone whose browser does not.
    c.header("refresh", `0; url=${url}`);
    return page(
      c,
      { title: "Continue to your organisation's sign-in" },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">Continue to your organisation's sign-in</h1>
          <p class="govuk-body">Your organisation signs you in to WithUs with its own account.</p>
          <a href={url} role="button" draggable="false" class="govuk-button" data-module="govuk-button">
            Continue
          </a>
        </div>
      </div>,
    );
  } catch (e) {
    if (e instanceof SsoRefused) return refused(c, e.message);
    throw e;
  }
}

function refused(c: Ctx, reason: string) {
  return page(
    c,
    { title: "You have not been signed in", status: 403 },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">You have not been signed in</h1>
        <p class="govuk-body">{reason}</p>
        <p class="govuk-body">
          <a class="govuk-link" href="/sign-in">
            Go back to sign in
          </a>
        </p>
      </div>
    </div>,
  );
}

export const oidcPages = new Hono<AppEnv>().get(OIDC_CALLBACK_PATH, async (c) => {
  const ctx = oidcCtx(c);
  const flow = await findFlow({ ctx, input: { value: getCookie(c, SIGN_IN_FLOW_COOKIE), kind: "oidc" } });
  // Used once: taken before the code is exchanged, so a second visit with the same answer finds nothing.
  if (!flow || !(await endFlow({ ctx, input: { idHash: flow.idHash } })))
    return refused(
      c,
      "This sign-in has already been used, has expired, or was not started in this browser. Start again.",
    );
  try {
    const user = await finishSso({ ctx, input: { flow, callbackQuery: new URL(c.req.url).search } });
    return await finishSignIn(c, user, "oidc", safeNext(flow.data.next));
  } catch (e) {
    if (e instanceof SsoRefused) return refused(c, e.message);
    const shown = errorsFromAppError(e, {}, undefined, { codes: ["forbidden"] });
    if (!shown) throw e;
    return refused(c, shown.general.join(" "));
  }
});
