// Where the server listens (HOST) and how far X-Forwarded-For is believed (TRUST_PROXY: true, or a number
// of proxies in front of WithUs, read from the right).
import { once } from "node:events";
import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { loginThrottle } from "../../src/db/schema/index.js";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { templateDataDir } from "../data-dir.js";
import { json } from "../factories.js";
import { createHarness } from "../harness.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("HOST", () => {
  it("is unset by default, and names the address the server binds to", async () => {
    expect(parseEnv({}).HOST).toBeUndefined();
    expect(() => parseEnv({ HOST: "not an address!" })).toThrow(/HOST/);
    const dataDir = await templateDataDir("withus-host-");
    dirs.push(dataDir);
    const env = parseEnv({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      ADMIN_PASSWORD: "a long first passphrase",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
    });
    const node = await startNode(env);
    try {
      if (!node.server.listening) await once(node.server, "listening");
      expect((node.server.address() as AddressInfo).address).toBe("127.0.0.1");
    } finally {
      await node.stop();
    }
  });
});

describe("TRUST_PROXY", () => {
  it("takes true (one proxy) or a number of proxies; false ignores the header", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
    expect(() => parseEnv({ TRUST_PROXY: "maybe" })).toThrow(/TRUST_PROXY/);
  });

  it("with two proxies, the caller is the second address from the right, whatever the caller adds on the left", async () => {
    const h = await createHarness({ config: { TRUST_PROXY: "2" } });
    try {
      const client = `198.51.100.${100 + Math.floor(Math.random() * 100)}`;
      const res = await h.app.request(
        "/api/auth/login",
        json(
          { email: "nobody@example.test", password: "wrong password here" },
          { "x-forwarded-for": `203.0.113.66, ${client}, 10.0.0.2` },
        ),
      );
      expect(res.status).toBe(401);
      const [row] = await h.db
        .select()
        .from(loginThrottle)
        .where(eq(loginThrottle.key, `address:${client}`));
      expect(row?.failures).toBe(1);
    } finally {
      await h.close();
    }
  });
});
