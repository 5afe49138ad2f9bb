// The direction of imports in src/, checked in CI by `npm run lint:imports` (scripts/lint-imports.mjs).
// Floors, top to bottom; a module may import its own floor and the floors below it, never one above:
//   entry (and demo) -> app -> web, routes -> middleware -> services -> documents, db, env.ts -> model -> lib
// Type-only imports count: a shape a lower floor needs belongs in src/model/ (or, if it is plumbing, lib/).
// Besides the direct rules, two reachability rules look through every path: nothing below middleware
// reaches Hono, or the pages, API routes and middleware, through anything (a lib/ file included).
const below = (...layers) => `^src/(${layers.join("|")})(/|\\.ts$)`;
const HONO = "node_modules/(hono|@hono/[^/]+)/";
const BELOW_MIDDLEWARE = "^src/(lib|model|services|documents|db)/|^src/env\\.ts$";

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
      name: "lib-is-the-bottom",
      severity: "error",
      comment: "lib/ is plumbing under everything: it imports no other room of src/ (not model/, not env.ts).",
      from: { path: "^src/lib/" },
      to: { path: "^src/", pathNot: "^src/lib/" },
    },
    {
      name: "model-on-lib",
      severity: "error",
      comment: "model/ holds the shapes and pure rules every room shares: it imports lib/ and nothing else of src/.",
      from: { path: "^src/model/" },
      to: { path: "^src/", pathNot: "^src/(model|lib)/" },
    },
    {
      name: "env-on-model-lib",
      severity: "error",
      comment: "env.ts reads configuration with model/'s vocabulary and lib/'s plumbing, nothing higher.",
      from: { path: "^src/env\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(model|lib)/" },
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
      to: { path: HONO },
    },
    {
      name: "below-middleware-never-reaches-hono",
      severity: "error",
      comment:
        "lib/, model/, services/, documents/, db/ and env.ts know nothing of HTTP: no path from them, through any module, ends in Hono (a request becomes a response in middleware/, web/ and routes/).",
      from: { path: BELOW_MIDDLEWARE },
      to: { path: HONO, reachable: true },
    },
    {
      name: "below-middleware-never-reaches-up",
      severity: "error",
      comment:
        "No path from lib/, model/, services/, documents/, db/ or env.ts, through any module, climbs to middleware, the pages, the API routes, the app or an entry.",
      from: { path: BELOW_MIDDLEWARE },
      to: { path: below("middleware", "web", "routes", "app", "entry", "demo"), reachable: true },
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
