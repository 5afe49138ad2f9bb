// Work a request starts but its answer does not wait for: on the Worker through executionCtx.waitUntil, on
// Node on the next turn of the event loop, after the response has been handed over. Tests await it through
// the app's `background` dependency.
import type { Context } from "hono";
import type { AppEnv } from "./context.js";

export function afterResponse(c: Context<AppEnv>, what: string, task: () => Promise<void>) {
  const deps = c.get("deps");
  const requestId = c.get("requestId");
  const run = () =>
    task().catch((e) =>
      deps.log.error("work after the response failed", { what, requestId, error: String(e) }),
    );
  let waitUntil: ((p: Promise<unknown>) => void) | undefined;
  try {
    const ctx = c.executionCtx;
    waitUntil = ctx.waitUntil.bind(ctx);
  } catch {
    // No execution context: not on the Worker.
  }
  const work = waitUntil ? run() : new Promise<void>((resolve) => setImmediate(resolve)).then(run);
  waitUntil?.(work);
  deps.background?.(work);
}
