// Your account: who you are, and change your password. The same service and rules as POST /api/me/password.

import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import { type AppEnv, nowOf } from "../../middleware/context.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import { changePassword } from "../../services/auth/password.js";
import { listTokens } from "../../services/tokens/tokens.js";
import { findUserById } from "../../services/users/users.js";
import {
  Button,
  Checkboxes,
  CsrfField,
  errorList,
  type FieldErrors,
  SummaryList,
  TextInput,
} from "../components.js";
import { redirectWith } from "../flash.js";
import { capitalise, errorsFromAppError, readForm } from "../forms.js";
import { page } from "../layout.js";

type Ctx = Context<AppEnv>;

async function passwordPage(c: Ctx, errors: FieldErrors, status: 200 | 422 | 429 = 200) {
  const tokens = (await listTokens({ ctx: serviceCtx(c), input: {} })).filter(
    (t) => !t.revokedAt && (!t.expiresAt || new Date(t.expiresAt) > nowOf(c.get("deps"))),
  );
  return page(
    c,
    { title: "Change your password", errors: errorList(errors), status },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Change your password</h1>
        <p class="govuk-body">
          When you change your password, you stay signed in here and are signed out everywhere else.
        </p>
        {tokens.length ? (
          <>
            <p class="govuk-body">
              Your API {tokens.length === 1 ? "token is" : "tokens are"} revoked as well, so a script using{" "}
              {tokens.length === 1 ? "it" : "them"} stops working until you make a new one:
            </p>
            <ul class="govuk-list govuk-list--bullet">
              {tokens.map((t) => (
                <li>
                  {t.name} (starts <code>{t.prefix}</code>)
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <form method="post" action="/account/password" novalidate>
          <CsrfField token={c.get("actor")?.csrfToken} />
          <TextInput
            name="currentPassword"
            label="Current password"
            type="password"
            autocomplete="current-password"
            error={errors.currentPassword}
          />
          <TextInput
            name="newPassword"
            label="New password"
            hint="At least 12 characters. A few unrelated words together are easy to remember and hard to guess."
            type="password"
            autocomplete="new-password"
            error={errors.newPassword}
          />
          {tokens.length ? (
            <Checkboxes
              name="keepTokens"
              legend="Your API tokens"
              legendSize="s"
              items={[
                {
                  value: "yes",
                  text: "Keep my API tokens working",
                  hint: "Only if you are sure no one else has your old password or a token.",
                },
              ]}
              values={[]}
            />
          ) : null}
          <Button>Change password</Button>
        </form>
      </div>
    </div>,
  );
}

async function accountPage(c: Ctx) {
  const actor = c.get("actor")!;
  const me = await findUserById({ ctx: serviceCtx(c), input: { id: actor.userId } });
  return page(
    c,
    { title: "Your account" },
    <>
      <h1 class="govuk-heading-l">Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: actor.name },
          { key: "Email address", value: actor.email },
          { key: "Organisation", value: actor.organisationName },
          me?.passwordHash
            ? {
                key: "Password",
                value: "Set",
                action: { href: "/account/password", text: "Change", hidden: "your password" },
              }
            : { key: "Password", value: "None: you sign in through your organisation" },
          {
            key: "Emails and calendar",
            value: "Choose when you get emails, and add due dates to your calendar",
            action: { href: "/account/notifications", text: "Change", hidden: "emails and calendar" },
          },
          {
            key: "Two-factor sign-in",
            value: me?.totpEnabledAt ? "On" : "Off",
            action: {
              href: "/account/two-factor",
              text: me?.totpEnabledAt ? "Change" : "Set up",
              hidden: "two-factor sign-in",
            },
          },
        ]}
      />
    </>,
  );
}

export const accountPages = new Hono<AppEnv>()
  .use("/account", authorize("signed_in"))
  .use("/account/*", authorize("signed_in"))
  .get("/account", (c) => accountPage(c))
  .get("/account/password", (c) => passwordPage(c, {}))
  .post("/account/password", async (c) => {
    const form = await readForm(c);
    const currentPassword = form.raw("currentPassword");
    const newPassword = form.raw("newPassword");
    let tokensRevoked = 0;
    try {
      ({ tokensRevoked } = await changePassword({
        ctx: serviceCtx(c),
        input: {
          currentPassword,
          newPassword,
          revokeTokens: form.str("keepTokens") !== "yes",
          address: clientAddress(c),
        },
      }));
    } catch (e) {
      const slow = errorsFromAppError(e, {}, undefined, {
        codes: ["too_many_requests"],
        whole: { too_many_requests: "currentPassword" },
      });
      if (slow) return passwordPage(c, slow.fields, 429);
      const shown = errorsFromAppError(
        e,
        (p) => p,
        (err) =>
          err.path === "currentPassword" && currentPassword
            ? "Your current password is not right"
            : capitalise(err.message),
      );
      if (!shown) throw e;
      return passwordPage(c, shown.fields, 422);
    }
    return redirectWith(c, "/account/password", {
      kind: "success",
      heading: `Your password has been changed. You have been signed out on other devices${
        tokensRevoked
          ? `, and your API ${tokensRevoked === 1 ? "token has" : "tokens have"} been revoked`
          : ""
      }.`,
    });
  });
