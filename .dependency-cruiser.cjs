// The direction of imports in src/, checked in CI by `npm run lint:imports` (scripts/lint-imports.mjs).
// Layers, top to bottom; a module may import its own layer and the layers below it, never one above:
//   entry (and demo) -> app -> web, routes -> middleware -> services -> documents, db -> model, lib, env
// Type-only imports count: a shape a lower layer needs belongs in src/model/.
const below = (...layers) => `^src/(${layers.join("|")})(/|\\.ts$)`;
const ABOVE_MODEL = ["documents", "db", "services", "middleware", "web", "routes", "app", "entry", "demo"];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make the order of module start-up matter and hide which room owns what.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "model-lib-env-import-no-room",
      severity: "error",
      comment: "model/, lib/ and env.ts are the bottom: they import nothing of the rooms above them.",
      from: { path: "^src/(model|lib)/|^src/env\\.ts$" },
      to: { path: below(...ABOVE_MODEL) },
    },
    {
      name: "documents-db-import-only-model-lib",
      severity: "error",
      comment: "documents/ and db/ sit on model/ and lib/ only; documents are pure (no db, no env).",
      from: { path: "^src/(documents|db)/" },
      to: { path: below("services", "middleware", "web", "routes", "app", "entry", "demo") },
    },
    {
      name: "documents-not-db-or-env",
      severity: "error",
      comment: "Documents are pure functions of their input: no database, no environment.",
      from: { path: "^src/documents/" },
      to: { path: "^src/(db/|env\\.ts$)" },
    },
    {
      name: "services-below-middleware",
      severity: "error",
      comment: "Services take { ctx, input }; they know nothing of requests, pages or routes.",
      from: { path: "^src/services/" },
      to: { path: below("middleware", "web", "routes", "app", "entry", "demo") },
    },
    {
      name: "busboy-one-parser",
      severity: "error",
      comment:
        "Multipart bodies are read in one place, lib/multipart.ts, for the API and the pages alike: a second parser would judge a body differently.",
      from: { path: "^src/", pathNot: "^src/lib/multipart\\.ts$" },
      to: { path: "node_modules/busboy/" },
    },
    {
      name: "services-not-hono",
      severity: "error",
      comment: "Services never import Hono.",
      from: { path: "^src/services/" },
      to: { path: "node_modules/hono/" },
    },
    {
      name: "middleware-below-web-routes",
      severity: "error",
      from: { path: "^src/middleware/" },
      to: { path: below("web", "routes", "app", "entry", "demo") },
    },
    {
      name: "web-routes-below-app",
      severity: "error",
      comment: "Pages and API routes are siblings: each goes to services, never to the other.",
      from: { path: "^src/(web|routes)/" },
      to: { path: below("app", "entry", "demo") },
    },
    {
      name: "web-not-routes",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/routes/" },
    },
    {
      name: "routes-not-web",
      severity: "error",
      from: { path: "^src/routes/" },
      to: { path: "^src/web/" },
    },
    {
      name: "web-data-through-services",
      severity: "error",
      comment: "Pages reach data only through services: no db/ and no drizzle in src/web/.",
      from: { path: "^src/web/" },
      to: { path: "^src/db/|node_modules/drizzle-orm/" },
    },
    {
      name: "routes-no-queries",
      severity: "error",
      comment: "Routes stay thin: a query belongs in a service.",
      from: { path: "^src/routes/" },
      to: { path: "node_modules/drizzle-orm/" },
    },
    {
      name: "app-below-entry",
      severity: "error",
      comment: "app.ts imports nothing runtime-specific: the entries import it, not the other way round.",
      from: { path: "^src/app\\.ts$" },
      to: { path: below("entry", "demo") },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import the checker cannot resolve is an import it cannot check.",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "^(cloudflare:|node:)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/web/assets/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    parser: "swc",
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "types", "default"],
    },
  },
};
