// How the admin's organisation signs in: single sign-on through its OpenID Connect identity provider,
// whether passwords are still allowed, and whether two-factor is required. The same service as
// PUT /api/organisations/:id/sign-in; the client secret is never shown.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { expectedOrigin } from "../../middleware/origin.js";
import { getSignInSettings, putSignInSettings } from "../../services/auth/sign-in-settings.js";
import { Button, CsrfField, errorList, type FieldErrors, Radios, TextInput } from "../components.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;
interface Values {
  issuer: string;
  clientId: string;
  emailDomains: string;
  passwordSignIn: string;
  requireTwoFactor: string;
  secretSet: boolean;
}

const FIELD: Record<string, string> = {
  "oidc/issuer": "issuer",
  "oidc/clientId": "clientId",
  "oidc/clientSecret": "clientSecret",
  passwordSignIn: "passwordSignIn",
  requireTwoFactor: "requireTwoFactor",
};

function settingsPage(c: Ctx, v: Values, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const yesNo = [
    { value: "yes", text: "Yes" },
    { value: "no", text: "No" },
  ];
  return page(
    c,
    { title: "How your organisation signs in", nav: "sign-in", errors: errorList(errors), status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">How your organisation signs in</h1>
        <form method="post" action="/admin/sign-in" novalidate>
          <CsrfField token={c.get("actor")?.csrfToken} />
          <h2 class="govuk-heading-m">Single sign-on</h2>
          <p class="govuk-body">
            People whose email address is in one of your domains sign in with your organisation's account (for
            example Microsoft Entra ID or Google Workspace) through OpenID Connect. Register WithUs with your
            identity provider, with this redirect address:{" "}
            <code>{`${expectedOrigin(c)}/sign-in/oidc/callback`}</code>. Leave the address blank to turn
            single sign-on off.
          </p>
          <TextInput
            name="issuer"
            label="Identity provider's address (issuer)"
            hint="For example https://login.microsoftonline.com/<tenant id>/v2.0"
            value={v.issuer}
            error={errors.issuer}
            spellcheck={false}
          />
          <TextInput
            name="clientId"
            label="Client id"
            value={v.clientId}
            error={errors.clientId}
            spellcheck={false}
          />
          <TextInput
            name="clientSecret"
            label="Client secret"
            hint={v.secretSet ? "A secret is stored. Leave this blank to keep it." : undefined}
            type="password"
            autocomplete="off"
            value=""
            error={errors.clientSecret}
          />
          <TextInput
            name="emailDomains"
            label="Email domains"
            hint="Separate domains with commas, for example council.gov.uk, staff.council.gov.uk"
            value={v.emailDomains}
            error={errors.emailDomains}
            spellcheck={false}
          />
          <h2 class="govuk-heading-m">Passwords</h2>
          <Radios
            name="passwordSignIn"
            legend="Can your organisation's people also sign in with a WithUs password?"
            legendSize="s"
            hint="Choose no to make everyone use single sign-on. Anyone signed in with a password is then signed out, and signs in again through single sign-on."
            items={yesNo}
            value={v.passwordSignIn}
            error={errors.passwordSignIn}
            inline
          />
          <Radios
            name="requireTwoFactor"
            legend="Must people who sign in with a password use two-factor sign-in?"
            legendSize="s"
            hint="They will set up an authenticator app the next time they sign in. Choosing yes signs out everyone signed in with a password alone, you too if you did."
            items={yesNo}
            value={v.requireTwoFactor}
            error={errors.requireTwoFactor}
            inline
          />
          <Button>Save</Button>
        </form>
      </div>
    </div>,
  );
}

export const signInSettingsPages = new Hono<AppEnv>()
  .get("/admin/sign-in", authorize("sign_in.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const s = await getSignInSettings({ ctx, input: { organisationId: ctx.actor.organisationId } });
    return settingsPage(
      c,
      {
        issuer: s.oidc?.issuer ?? "",
        clientId: s.oidc?.clientId ?? "",
        emailDomains: s.oidc?.emailDomains.join(", ") ?? "",
        passwordSignIn: s.passwordSignIn ? "yes" : "no",
        requireTwoFactor: s.requireTwoFactor ? "yes" : "no",
        secretSet: s.oidc?.clientSecretSet ?? false,
      },
      {},
    );
  })
  .post("/admin/sign-in", authorize("sign_in.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const form = await readForm(c);
    const current = await getSignInSettings({ ctx, input: { organisationId: ctx.actor.organisationId } });
    const v: Values = {
      issuer: form.str("issuer"),
      clientId: form.str("clientId"),
      emailDomains: form.str("emailDomains"),
      passwordSignIn: form.str("passwordSignIn") === "no" ? "no" : "yes",
      requireTwoFactor: form.str("requireTwoFactor") === "yes" ? "yes" : "no",
      secretSet: current.oidc?.clientSecretSet ?? false,
    };
    const clientSecret = form.raw("clientSecret");
    try {
      await putSignInSettings({
        ctx: {
          ...ctx,
          allowInsecureIssuer: c.get("deps").env.OIDC_ALLOW_INSECURE_ISSUER,
          outbound: c.get("deps").outbound,
        },
        input: {
          organisationId: ctx.actor.organisationId,
          oidc: v.issuer
            ? {
                issuer: v.issuer,
                clientId: v.clientId,
                clientSecret: clientSecret || undefined,
                emailDomains: v.emailDomains.split(/[\s,;]+/).filter(Boolean),
              }
            : null,
          passwordSignIn: v.passwordSignIn === "yes",
          requireTwoFactor: v.requireTwoFactor === "yes",
        },
      });
    } catch (e) {
      const shown = errorsFromAppError(
        e,
        (p) => FIELD[p] ?? (p.startsWith("oidc/emailDomains") ? "emailDomains" : undefined),
        (err) => capitalise(err.message),
      );
      if (!shown) throw e;
      const fields = { ...shown.fields };
      if (shown.general.length) fields.emailDomains ??= shown.general[0]!;
      return settingsPage(c, v, fields, shown.general.length ? 409 : 422);
    }
    return redirectWith(c, "/admin/sign-in", { kind: "success", heading: "Sign-in settings saved" });
  });
