// Static files on Node: GOV.UK Frontend's compiled CSS, JavaScript, fonts and images, and our own assets.
// (On Workers the same paths are served by the assets binding; see wrangler.toml.)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type MiddlewareHandler } from "hono";

const here = path.dirname(fileURLToPath(import.meta.url));
const GOVUK = path.resolve(here, "../../node_modules/govuk-frontend/dist/govuk");
const OWN = path.resolve(here, "../web/assets");

type ServeStatic = (opts: { root: string; rewriteRequestPath?: (p: string) => string }) => MiddlewareHandler;

export function staticAssetRoutes(serveStatic: ServeStatic) {
  const app = new Hono();
  const cache: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.ok) c.header("cache-control", "public, max-age=3600");
  };
  app.use(
    "/assets/govuk/*",
    cache,
    serveStatic({
      root: path.relative(process.cwd(), GOVUK),
      rewriteRequestPath: (p) => p.replace(/^\/assets\/govuk/, ""),
    }),
  );
  app.use(
    "/assets/*",
    cache,
    serveStatic({
      root: path.relative(process.cwd(), OWN),
      rewriteRequestPath: (p) => p.replace(/^\/assets/, ""),
    }),
  );
  return app;
}
