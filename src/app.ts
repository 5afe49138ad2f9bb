// Builds the WithUs app from its dependencies. Imports nothing runtime-specific: the Node and
// Worker entries hand in the database, file store and document renderer.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { asClientError } from "./lib/db-errors.js";
import { AppError } from "./lib/errors.js";
import { loggableError } from "./lib/log.js";
import type { AppDeps, AppEnv } from "./middleware/context.js";
import { codeForStatus, problemResponse } from "./middleware/problem.js";
import { csrf, identify, requestLog } from "./middleware/request.js";
import { auditRoutes } from "./routes/audit/audit.routes.js";
import { authRoutes } from "./routes/auth/auth.routes.js";
import { twoFactorRoutes } from "./routes/auth/two-factor.routes.js";
import { clauseRoutes } from "./routes/clauses/clauses.routes.js";
import { complianceRoutes } from "./routes/compliance/compliance.routes.js";
import { contractRoutes } from "./routes/contracts/contracts.routes.js";
import { apiReferencePage } from "./routes/docs.js";
import { fileRoutes } from "./routes/files/files.routes.js";
import { healthRoutes } from "./routes/health/health.routes.js";
import { groupInvitationRoutes } from "./routes/involvement/group-invitations.routes.js";
import { involvementRoutes } from "./routes/involvement/involvement.routes.js";
import { publicRoutes } from "./routes/involvement/public.routes.js";
import { assessmentRoutes } from "./routes/kpis/assessments.routes.js";
import { directAwardRoutes } from "./routes/kpis/direct-award.routes.js";
import { kpiRoutes } from "./routes/kpis/kpis.routes.js";
import { involvementReviewRoutes } from "./routes/maturity/involvement-reviews.routes.js";
import { calendarRoutes } from "./routes/notifications/calendar.routes.js";
import { notificationRoutes } from "./routes/notifications/notifications.routes.js";
import { obligationRoutes } from "./routes/obligations/obligations.routes.js";
import { createRouter } from "./routes/openapi.js";
import { domainClaimRoutes } from "./routes/organisations/domain-claims.routes.js";
import { organisationRoutes } from "./routes/organisations/organisations.routes.js";
import { signInSettingsRoutes } from "./routes/organisations/sign-in.routes.js";
import { specificationRoutes } from "./routes/specifications/specifications.routes.js";
import { submissionRoutes } from "./routes/submissions/submissions.routes.js";
import { tokenRoutes } from "./routes/tokens/tokens.routes.js";
import { userRoutes } from "./routes/users/users.routes.js";
import { notFoundPage, wantsPage, webErrorHandler, webRoutes } from "./web/routes.js";

/** Paths whose bodies are streamed and limited by their own handlers (evidence uploads, API and form). */
const STREAMED_BODY = /^(\/api\/obligations\/[^/]+\/submissions|\/obligations\/[^/]+\/submit)$/;

const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "WithUs API",
    version: "1.0.0",
    description:
      "Service-user involvement clauses, specifications, contracts and evidence for drug and alcohol treatment commissioning. Errors are RFC 9457 problem+json.",
  },
};

/**
 * A refusal of a request that carried a body (413 before reading it, 404 before an upload, 415, any error)
 * closes the connection: the server stops reading the rest of that body, and the client's next request
 * goes out on a fresh connection instead of one still full of the old body.
 */
const closeAfterRefusedBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const sent = c.req.header("content-length") ?? c.req.header("transfer-encoding");
  if (sent && sent !== "0" && c.res.status >= 400) c.res.headers.set("connection", "close");
};

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: "x-request-id" }));
  app.use(closeAfterRefusedBody);
  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("db", deps.database().db);
    c.set("actor", null);
    await next();
  });
  app.use(requestLog);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
      },
      referrerPolicy: "same-origin",
    }),
  );
  // Every body is limited (forms too: the CSRF check reads them), except streamed uploads.
  app.use(async (c, next) => {
    if (STREAMED_BODY.test(c.req.path)) return next();
    return bodyLimit({
      maxSize: deps.env.JSON_BODY_LIMIT_BYTES,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          `The request body is larger than ${deps.env.JSON_BODY_LIMIT_BYTES} bytes.`,
        );
      },
    })(c, next);
  });
  app.use(identify);
  app.use(csrf);

  const api = createRouter();
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A personal API token from POST /api/tokens.",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "withus_session",
  });
  api.route("/", healthRoutes);
  api.route("/api", authRoutes);
  api.route("/api", twoFactorRoutes);
  api.route("/api", tokenRoutes);
  api.route("/api", organisationRoutes);
  api.route("/api", signInSettingsRoutes);
  api.route("/api", domainClaimRoutes);
  api.route("/api", userRoutes);
  api.route("/api", auditRoutes);
  api.route("/api", clauseRoutes);
  api.route("/api", specificationRoutes);
  api.route("/api", contractRoutes);
  api.route("/api", kpiRoutes);
  api.route("/api", assessmentRoutes);
  api.route("/api", directAwardRoutes);
  api.route("/api", obligationRoutes);
  api.route("/api", submissionRoutes);
  api.route("/api", fileRoutes);
  api.route("/api", complianceRoutes);
  api.route("/api", notificationRoutes);
  api.route("/api", involvementRoutes);
  api.route("/api", groupInvitationRoutes);
  api.route("/api", publicRoutes);
  api.route("/api", involvementReviewRoutes);

  // The document describes routes that are fixed once the app is built, so it is generated once, on first
  // request (about 30 ms of zod-to-openapi work each time otherwise).
  let openapi: ReturnType<typeof api.getOpenAPI31Document> | undefined;
  const openapiDocument = () => {
    openapi ??= api.getOpenAPI31Document(OPENAPI_INFO);
    return openapi;
  };
  api.get("/openapi.json", (c) => c.json(openapiDocument()));
  app.route("/", api);
  let reference: ReturnType<typeof apiReferencePage> | undefined;
  app.get("/docs", (c) => {
    reference ??= apiReferencePage(openapiDocument() as never);
    return c.html(reference);
  });
  app.route("/", calendarRoutes);
  // The web pages come last: they end with a catch-all that answers 404 (a page, or problem+json for /api).
  app.route("/", webRoutes);

  app.notFound((c) =>
    wantsPage(c)
      ? notFoundPage(c)
      : problemResponse(c, "not_found", `Nothing at ${c.req.method} ${c.req.path}.`),
  );
  app.onError((err, c) => {
    // Errors raised before a page's own handler (e.g. CSRF) still get a page in a browser.
    err = asClientError(err);
    if (wantsPage(c)) return webErrorHandler(err, c);
    if (err instanceof AppError) {
      const res = problemResponse(c, err.code, err.message, err.errors);
      for (const [k, v] of Object.entries(err.headers ?? {})) res.headers.set(k, v);
      return res;
    }
    if (err instanceof HTTPException) {
      const code = codeForStatus(err.status);
      const detail =
        err.status === 400 && /json/i.test(err.message)
          ? "The request body is not valid JSON."
          : err.message || "Bad request.";
      return problemResponse(c, code, detail);
    }
    c.get("deps")?.log.error("unhandled error", { requestId: c.get("requestId"), ...loggableError(err) });
    return problemResponse(
      c,
      "internal",
      "Something went wrong on our side. Quote the request id if you report it.",
    );
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
