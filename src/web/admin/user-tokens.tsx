// An admin sees a user's API tokens (never their values) and revokes them, and turns off the two-factor
// sign-in of someone who has lost their phone and recovery codes: the same services and the same rule
// (users of the admin's own organisation only) as /api/users/:id/tokens and /api/users/:id/two-factor.
import { Hono } from "hono";
import { notFound } from "../../lib/errors.js";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import { resetTwoFactor } from "../../services/auth/two-factor.js";
import { listTokens, revokeToken } from "../../services/tokens/tokens.js";
import { userOfMyOrganisation } from "../../services/users/users.js";
import { ActionForm, BackLink, Table, Tag } from "../components.js";
import { redirectWith } from "../flash.js";
import { isUuid, pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { formatMoment } from "../status.js";

export const userTokenPages = new Hono<AppEnv>()
  .get("/admin/users/:id/tokens", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const user = await userOfMyOrganisation({ ctx, input: { userId: pathId(c, "user") } });
    const tokens = await listTokens({ ctx, input: { userId: user.id } });
    const title = `Sign-in and API tokens of ${user.name}`;
    return page(
      c,
      { title, nav: "users", before: <BackLink href="/admin/users" /> },
      <>
        <h1 class="govuk-heading-l">{title}</h1>
        <h2 class="govuk-heading-m">Two-factor sign-in</h2>
        {!user.totpEnabledAt ? (
          <p class="govuk-body">{user.name} has not set up two-factor sign-in.</p>
        ) : (
          <>
            <p class="govuk-body">
              {user.name} signs in with a password and a code from an authenticator app. If they have lost
              their phone and their recovery codes, turn it off: their password still guards the account, and
              they set up an app again.
            </p>
            {user.id === ctx.actor.userId ? null : (
              <ActionForm
                action={`/admin/users/${user.id}/two-factor/off`}
                csrf={ctx.actor.csrfToken}
                className="govuk-!-margin-bottom-6"
              >
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                  Turn off two-factor sign-in<span class="govuk-visually-hidden"> for {user.name}</span>
                </button>
              </ActionForm>
            )}
          </>
        )}
        <h2 class="govuk-heading-m">API tokens</h2>
        {tokens.length ? (
          <Table
            caption={title}
            captionHidden
            head={[
              "Name",
              "Starts with",
              "Created",
              "Last used",
              "Ends",
              "Status",
              { text: <span class="govuk-visually-hidden">Action</span> },
            ]}
            scroll="API tokens"
          >
            {tokens.map((t) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{t.name}</td>
                <td class="govuk-table__cell">
                  <code>{t.prefix}</code>
                </td>
                <td class="govuk-table__cell">{formatMoment(t.createdAt)}</td>
                <td class="govuk-table__cell">{t.lastUsedAt ? formatMoment(t.lastUsedAt) : "Never"}</td>
                <td class="govuk-table__cell">{t.expiresAt ? formatMoment(t.expiresAt) : "No end date"}</td>
                <td class="govuk-table__cell">
                  {t.revokedAt ? <Tag text="Revoked" colour="grey" /> : <Tag text="Active" colour="green" />}
                </td>
                <td class="govuk-table__cell">
                  {t.revokedAt ? null : (
                    <ActionForm
                      action={`/admin/users/${user.id}/tokens/${t.id}/revoke`}
                      csrf={ctx.actor.csrfToken}
                    >
                      <button type="submit" class="app-link-button">
                        Revoke<span class="govuk-visually-hidden"> the token {t.name}</span>
                      </button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p class="govuk-body">{user.name} has no API tokens.</p>
        )}
      </>,
    );
  })
  .post("/admin/users/:id/tokens/:tokenId/revoke", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "user");
    const tokenId = c.req.param("tokenId");
    await readForm(c);
    if (!isUuid(tokenId)) throw notFound("token");
    await revokeToken({ ctx, input: { id: tokenId, userId: id } });
    return redirectWith(c, `/admin/users/${id}/tokens`, { kind: "success", heading: "The token is revoked" });
  })
  .post("/admin/users/:id/two-factor/off", authorize("user.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const id = pathId(c, "user");
    await readForm(c);
    const user = await resetTwoFactor({ ctx, input: { userId: id } });
    return redirectWith(c, `/admin/users/${id}/tokens`, {
      kind: "success",
      heading: `Two-factor sign-in is off for ${user.name}`,
      body: "They sign in with their password, and set up an authenticator app again.",
    });
  });
