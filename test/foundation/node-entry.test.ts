// The real Node entry on the embedded database: starts, serves, and keeps its data across a restart.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("npm start on the embedded database", () => {
  it("serves /health, and a restart keeps users and organisations", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-node-"));
    dirs.push(dataDir);
    const port = await freePort();
    const env = parseEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_EMAIL: "first.admin@example.test",
      ADMIN_PASSWORD: "a long admin passphrase",
      LOG_LEVEL: "silent",
      // The embedded database is the point of this test.
      DATABASE_URL: "",
    });
    const base = `http://127.0.0.1:${port}`;

    let node = await startNode(env);
    try {
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok", database: "ok" });
      const login = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "first.admin@example.test", password: "a long admin passphrase" }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const created = await fetch(`${base}/api/organisations`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: base },
        body: JSON.stringify({ name: "Kept Across Restarts Ltd", kind: "provider" }),
      });
      expect(created.status).toBe(201);
    } finally {
      await node.stop();
    }

    node = await startNode(env);
    try {
      const login = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "first.admin@example.test", password: "a long admin passphrase" }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const orgs = (await (await fetch(`${base}/api/organisations`, { headers: { cookie } })).json()) as {
        organisations: Array<{ name: string }>;
      };
      expect(orgs.organisations.map((o) => o.name)).toContain("Kept Across Restarts Ltd");
    } finally {
      await node.stop();
    }
  }, 120_000);
});
