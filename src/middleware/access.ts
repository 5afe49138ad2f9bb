// Authorisation, one mechanism for every route and page: each declares the action it performs, and the
// access policy (src/model/access-policy.ts) says who may take it. Services read tenant data only through
// the scope filter in services/scope.ts, which applies the policy's tenant rule.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError, notFound } from "../lib/errors.js";
import {
  ACTIONS,
  type Action,
  can,
  OPERATOR,
  onlyInKinds,
  refusedAsNotFound,
  rolesFor,
} from "../model/access-policy.js";
import type { Actor } from "../model/identity.js";
import type { PublicCtx, ServiceCtx, ServiceDeps } from "../services/context.js";
import { type AppEnv, nowOf } from "./context.js";

export type Access = "public" | "signed_in" | Action;

const operatorMay = (action: Action) => (OPERATOR.actions as readonly Action[]).includes(action);

export function describeAccess(access: Access): string {
  if (access === "public") return "Anyone, signed in or not.";
  if (access === "signed_in") return "Any signed-in user.";
  const who = [
    ...rolesFor(access).map((r) => {
      const kinds = onlyInKinds(r, access);
      return kinds.length ? `${r} (of a ${kinds.join(" or ")} organisation)` : r;
    }),
    ...(operatorMay(access) ? ["the operator"] : []),
  ];
  return `${ACTIONS[access].text}: ${who.join(", ")}.`;
}

function allows(access: Access, actor: Actor | null): boolean {
  if (access === "public") return true;
  if (!actor) return false;
  if (access === "signed_in") return true;
  return can(actor, access);
}

/** A guard that remembers what it guards, so tests can find every route and page of an action. */
export type AccessGuard = ReturnType<typeof createMiddleware<AppEnv>> & { access: Access };

/**
 * What a caller who sent no credentials hears: "sign_in" (401; pages turn it into the sign-in page) or
 * "not_found" (404, as for a row that is not theirs: an anonymous visitor learns nothing of what exists).
 * The API answers 404 on every route that reads or changes an organisation's rows, and 401 only on routes
 * about the caller themselves (their account, tokens, notifications). Credentials that were sent and no
 * longer work (a revoked token, an ended session) always get 401, so a client knows to sign in again.
 */
export type Anonymous = "sign_in" | "not_found";

/**
 * Route and page middleware: anonymous callers as `anonymous` says, 403 for roles the policy does not
 * admit, and 404 for the operator's own actions and those the policy refuses as not found, whose
 * existence is no business of anyone else's.
 */
export function authorize(access: Access, anonymous: Anonymous = "sign_in"): AccessGuard {
  const guard = createMiddleware<AppEnv>(async (c, next) => {
    if (access !== "public") {
      const actor = c.get("actor");
      if (!actor) {
        if (c.get("sessionEnded"))
          throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
        if (anonymous === "not_found")
          throw new AppError(
            "not_found",
            "No such resource, or it is not yours to see. To see your own, sign in or send an API token as 'Authorization: Bearer <token>'.",
          );
        throw new AppError(
          "unauthenticated",
          "Sign in, or send an API token as 'Authorization: Bearer <token>'.",
        );
      }
      if (!allows(access, actor)) {
        if (access !== "signed_in" && refusedAsNotFound(access)) throw notFound("page");
        throw new AppError("forbidden", "Your role does not allow this.");
      }
    }
    await next();
  });
  return Object.assign(guard, { access });
}

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return actor;
}

/** The service context for anyone calling this request, signed in or not, with the app's key and stores. */
export function publicCtx(c: Context<AppEnv>): PublicCtx & ServiceDeps {
  const deps = c.get("deps");
  return {
    db: c.get("db"),
    requestId: c.get("requestId"),
    now: nowOf(deps),
    secret: deps.secret,
    files: deps.files,
    renderer: deps.renderer,
  };
}

/** The service context for the signed-in caller of this request, with the app's key and stores. */
export function serviceCtx(c: Context<AppEnv>): ServiceCtx & ServiceDeps {
  return { ...publicCtx(c), actor: requireActor(c.get("actor")) };
}
