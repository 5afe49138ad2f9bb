// The web front end: server-rendered pages for each journey, mounted after the API. Errors on these
// pages become pages (sign-in redirect, 403, 404), not problem+json.
import { Hono } from "hono";
import type { AppEnv } from "../middleware/context.js";
import { problemResponse } from "../middleware/problem.js";
import { accountPages } from "./account/account.js";
import { accountTwoFactorPages } from "./account/two-factor.js";
import { adminPages } from "./admin/admin.js";
import { auditPages } from "./admin/audit.js";
import { domainClaimPages } from "./admin/domain-claims.js";
import { getStartedPages } from "./admin/get-started.js";
import { organisationDetailsPages } from "./admin/organisation-details.js";
import { organisationNamePages } from "./admin/organisation-name.js";
import { outboxPages } from "./admin/outbox.js";
import { signInSettingsPages } from "./admin/sign-in-settings.js";
import { userTokenPages } from "./admin/user-tokens.js";
import { assessmentPages } from "./assessments/assessments.js";
import { directAwardPages } from "./assessments/direct-award.js";
import { clausePages } from "./clauses/clauses.js";
import { compliancePages } from "./compliance/compliance.js";
import { contractPages } from "./contracts/contracts.js";
import { registerOrganisationPages } from "./contracts/register-organisation.js";
import { notFoundPage, wantsPage, webErrorHandler } from "./error-pages.js";
import { homePages } from "./home/home.js";
import { contractPeoplePages } from "./involvement/contract-people.js";
import { groupEvidencePages } from "./involvement/group-evidence.js";
import { groupInvitationPages } from "./involvement/group-invitations.js";
import { publicPages } from "./involvement/public.js";
import { publicPageFormPages } from "./involvement/public-page-form.js";
import { representativePages } from "./involvement/representative.js";
import { youSaidWeDidPages } from "./involvement/you-said-we-did.js";
import { contractKpiPages } from "./kpis/contract-kpis.js";
import { specificationKpiPages } from "./kpis/specification-kpis.js";
import { maturityPages } from "./maturity/reviews.js";
import { notificationPages, unreadInHeader } from "./notifications/notifications.js";
import { preferencePages } from "./notifications/preferences.js";
import { obligationPages } from "./provider/obligation.js";
import { removeFilePages } from "./reviews/remove-file.js";
import { reviewPages } from "./reviews/reviews.js";
import { linkPages } from "./sign-in/links.js";
import { oidcPages } from "./sign-in/oidc.js";
import { signInPages } from "./sign-in/sign-in.js";
import { twoFactorSignInPages } from "./sign-in/two-factor.js";
import { specificationClausePages } from "./specifications/clauses.js";
import { coProductionPages } from "./specifications/co-production.js";
import { specificationIssuePages } from "./specifications/issue.js";
import { specificationPages } from "./specifications/specifications.js";

export const webRoutes = new Hono<AppEnv>();
webRoutes.onError(webErrorHandler);
webRoutes.use("*", unreadInHeader);
webRoutes.route("/", homePages);
webRoutes.route("/", signInPages);
webRoutes.route("/", publicPages);
webRoutes.route("/", representativePages);
webRoutes.route("/", groupEvidencePages);
webRoutes.route("/", contractPeoplePages);
webRoutes.route("/", publicPageFormPages);
webRoutes.route("/", groupInvitationPages);
webRoutes.route("/", youSaidWeDidPages);
webRoutes.route("/", twoFactorSignInPages);
webRoutes.route("/", linkPages);
webRoutes.route("/", oidcPages);
webRoutes.route("/", clausePages);
webRoutes.route("/", specificationPages);
webRoutes.route("/", specificationClausePages);
webRoutes.route("/", specificationIssuePages);
webRoutes.route("/", specificationKpiPages);
webRoutes.route("/", coProductionPages);
webRoutes.route("/", contractPages);
webRoutes.route("/", contractKpiPages);
webRoutes.route("/", assessmentPages);
webRoutes.route("/", directAwardPages);
webRoutes.route("/", registerOrganisationPages);
webRoutes.route("/", obligationPages);
webRoutes.route("/", reviewPages);
webRoutes.route("/", removeFilePages);
webRoutes.route("/", compliancePages);
webRoutes.route("/", maturityPages);
webRoutes.route("/", adminPages);
webRoutes.route("/", getStartedPages);
webRoutes.route("/", organisationNamePages);
webRoutes.route("/", organisationDetailsPages);
webRoutes.route("/", signInSettingsPages);
webRoutes.route("/", domainClaimPages);
webRoutes.route("/", userTokenPages);
webRoutes.route("/", auditPages);
webRoutes.route("/", accountPages);
webRoutes.route("/", notificationPages);
webRoutes.route("/", preferencePages);
webRoutes.route("/", outboxPages);
webRoutes.route("/", accountTwoFactorPages);
// Last, so it answers only what nothing else did. A route rather than app.notFound: the Node entry mounts
// the app under its static-asset router, whose own not-found handler would otherwise answer.
webRoutes.all("*", (c) =>
  wantsPage(c)
    ? notFoundPage(c)
    : problemResponse(c, "not_found", `Nothing at ${c.req.method} ${c.req.path}.`),
);

export { notFoundPage, wantsPage, webErrorHandler } from "./error-pages.js";
