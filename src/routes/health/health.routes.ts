// GET /health: is the service up, and can it reach its database?
import { createRouter, defineRoute, jsonResponse, z } from "../openapi.js";

const health = z.object({ status: z.enum(["ok", "unavailable"]), database: z.enum(["ok", "unreachable"]) });

export const healthRoutes = createRouter().openapi(
  defineRoute({
    method: "get",
    path: "/health",
    tags: ["Service"],
    summary: "Service health",
    access: "public",
    responses: { 200: jsonResponse(health, "Healthy"), 503: jsonResponse(health, "Database unreachable") },
  }),
  async (c) => {
    try {
      await c.get("deps").database().ping();
      return c.json({ status: "ok" as const, database: "ok" as const }, 200);
    } catch {
      return c.json({ status: "unavailable" as const, database: "unreachable" as const }, 503);
    }
  },
);
