// Where each role lands after signing in.
import type { Role } from "../../model/identity.js";

export const ROLE_HOME: Record<Role, string> = {
  // Their home page, which starts with what needs their attention (web/home).
  commissioner: "/",
  reviewer: "/",
  provider: "/",
  admin: "/admin/organisations",
  representative: "/involvement",
};
