// A refusal made before the request body was read closes the connection (and reads no more than a small
// cap of that body), so the client's next requests go out on a fresh connection and succeed.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let server: ReturnType<typeof serve>;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  h = await createHarness({ config: { JSON_BODY_LIMIT_BYTES: String(64 * 1024) } });
  auth = (await makeTenant(h.db)).providerUser.auth;
  server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await h.close();
});

async function threeMore() {
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
}

describe("refusals before the body is read", () => {
  it("after a 413 on an oversized JSON body, the same client's next three requests succeed", async () => {
    const res = await fetch(`${base}/api/tokens`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(8 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect((await res.json()).detail).toMatch(/larger than/);
    await threeMore();
  });

  it("after an upload refused before its body is read (not multipart), the next three succeed", async () => {
    const res = await fetch(`${base}/api/obligations/00000000-0000-4000-8000-000000000000/submissions`, {
      method: "POST",
      headers: { ...auth, "content-type": "multipart/form-data; boundary=x" },
      body: new Uint8Array(16 * 1024 * 1024),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("connection")).toBe("close");
    await res.arrayBuffer();
    await threeMore();
  });
});
