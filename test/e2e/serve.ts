// Serves an app on a free port the way the Node entry does: static assets first, then the app, and
// multipart bodies through the entry's own reader.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import type { App } from "../../src/app.js";
import { withStreamedMultipart } from "../../src/entry/node-request-body.js";
import { staticAssetRoutes } from "../../src/entry/static-assets.js";

export async function serveApp(app: App, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const root = staticAssetRoutes(serveStatic);
  root.route("/", app);
  return new Promise((resolve) => {
    const fetch = withStreamedMultipart(root.fetch);
    const server = serve({ fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
