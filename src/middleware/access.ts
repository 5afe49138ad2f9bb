// Authorisation, one mechanism for every route: each route declares who may call it (by role),
// and services read tenant data only through the scope filter in services/scope.ts.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../lib/errors.js";
import type { Actor, Role } from "../model/identity.js";
import type { ServiceCtx } from "../services/context.js";
import type { AppEnv } from "./context.js";

export type Access = "public" | "signed_in" | readonly Role[];

export const COMMISSIONING: readonly Role[] = ["commissioner", "reviewer"];
export const DOMAIN_ROLES: readonly Role[] = ["commissioner", "reviewer", "provider"];
/** Everyone who may read a contract they are party to: DOMAIN_ROLES and the linked groups' representatives. */
export const CONTRACT_READERS: readonly Role[] = [...DOMAIN_ROLES, "representative"];

export function describeAccess(access: Access): string {
  if (access === "public") return "Anyone, signed in or not.";
  if (access === "signed_in") return "Any signed-in user.";
  return `Roles: ${access.join(", ")}.`;
}

export function allows(access: Access, actor: Actor | null): boolean {
  if (access === "public") return true;
  if (!actor) return false;
  if (access === "signed_in") return true;
  return access.includes(actor.role);
}

/** Route middleware: 401 for anonymous callers, 403 for roles the route does not admit. */
export function authorize(access: Access) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (access !== "public") {
      const actor = c.get("actor");
      if (!actor)
        throw new AppError(
          "unauthenticated",
          "Sign in, or send an API token as 'Authorization: Bearer <token>'.",
        );
      if (!allows(access, actor)) throw new AppError("forbidden", "Your role does not allow this.");
    }
    await next();
  });
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return actor;
}

/** The service context for the signed-in caller of this request. */
export function serviceCtx(c: Context<AppEnv>): ServiceCtx {
  const deps = c.get("deps");
  return {
    db: c.get("db"),
    actor: requireActor(c.get("actor")),
    requestId: c.get("requestId"),
    now: deps.now?.() ?? new Date(),
  };
}
