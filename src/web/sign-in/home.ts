// Where each role lands after signing in.
import type { Role } from "../../model/identity.js";

export const ROLE_HOME: Record<Role, string> = {
  commissioner: "/specifications",
  reviewer: "/reviews",
  provider: "/contracts",
  admin: "/admin/organisations",
  representative: "/involvement",
};
