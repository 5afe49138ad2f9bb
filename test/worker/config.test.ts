// The Worker's configuration from its bindings: a missing secret or binding is answered with a clear
// 503 naming it, never a crash or a half-working service.
import { describe, expect, test } from "vitest";
import worker from "../../src/entry/worker.js";

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };
const request = () => new Request("http://localhost/health");
const bindings = {
  HYPERDRIVE: { connectionString: "postgres://postgres:postgres@127.0.0.1:1/none" },
  FILES: {} as never,
  SESSION_SECRET: "a-session-secret-long-enough-0123456789",
};

describe("Worker configuration", () => {
  test("without SESSION_SECRET the Worker says how to set it", async () => {
    const res = await worker.fetch(request(), { ...bindings, SESSION_SECRET: undefined }, ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).detail).toMatch(/SESSION_SECRET.*wrangler secret put SESSION_SECRET/);
  });

  test("a bad variable is named", async () => {
    const res = await worker.fetch(request(), { ...bindings, UPLOAD_MAX_FILES: "lots" }, ctx);
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/UPLOAD_MAX_FILES/);
  });

  test("a missing Hyperdrive or R2 binding is named", async () => {
    const res = await worker.fetch(request(), { ...bindings, HYPERDRIVE: undefined, FILES: undefined }, ctx);
    expect(res.status).toBe(503);
    const { detail } = await res.json();
    expect(detail).toMatch(/HYPERDRIVE/);
    expect(detail).toMatch(/FILES/);
  });

  test("an unreachable database makes /health answer 503 promptly, not hang", async () => {
    const waits: Promise<unknown>[] = [];
    const res = await worker.fetch(request(), bindings, { ...ctx, waitUntil: (p) => waits.push(p) });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", database: "unreachable" });
    // The request's client is closed after the response.
    expect(waits).toHaveLength(1);
    await Promise.all(waits);
  });
});
