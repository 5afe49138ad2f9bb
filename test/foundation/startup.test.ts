import { PGlite } from "@electric-sql/pglite";
import { count, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/node-client.js";
import { users } from "../../src/db/schema/index.js";
import { ConfigError, parseEnv } from "../../src/env.js";
import { ensureFirstAdmin } from "../../src/services/bootstrap/first-admin.js";
import { json } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

describe("configuration", () => {
  it("has working defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 8787, DATA_DIR: "./data", UPLOAD_MAX_FILES: 10 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", ADMIN_PASSWORD: "short" });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT:/);
      expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
      expect(msg).toMatch(/ADMIN_PASSWORD: must be at least 12/);
    }
  });
});

describe("migrations", () => {
  it("apply cleanly to an empty database and create every table", async () => {
    const serverUrl = process.env.DATABASE_URL;
    let database: Awaited<ReturnType<typeof openDatabase>>;
    let drop = async () => {};
    if (serverUrl) {
      const name = `withus_migrate_${Date.now()}_${process.pid}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      database = await openDatabase({ databaseUrl: url.toString() });
      drop = async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    } else {
      database = await openDatabase({ pglite: new PGlite() });
    }
    try {
      const tables = (await database.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      )) as unknown as { rows: Array<{ table_name: string }> };
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          "organisations",
          "users",
          "audit_events",
          "clauses",
          "specifications",
          "contracts",
          "obligations",
          "submissions",
          "reviews",
        ]),
      );
      const admin = await ensureFirstAdmin(database.db, {});
      expect(admin!.generatedPassword!.length).toBeGreaterThanOrEqual(12);
      // A second start creates nobody.
      expect(await ensureFirstAdmin(database.db, {})).toBeNull();
      const [{ n }] = (await database.db.select({ n: count() }).from(users)) as [{ n: number }];
      expect(n).toBe(1);
      // The first user is the first organisation's admin and the service operator.
      const [first] = await database.db.select().from(users);
      expect(first!.role).toBe("admin");
      expect(first!.operator).toBe(true);
    } finally {
      await database.close();
      await drop();
    }
  });
});

describe("health", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it("says ok while the database answers", async () => {
    const res = await h.app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database is unreachable", async () => {
    const broken = await createHarness();
    const failing = {
      ...broken.deps,
      database: () => ({ db: broken.db, ping: async () => Promise.reject(new Error("connection refused")) }),
    };
    const { createApp } = await import("../../src/app.js");
    const res = await createApp(failing).request("/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", database: "unreachable" });
    await broken.close();
  });

  it("sign-in answers problem+json, not 500, when the body is wrong", async () => {
    const res = await h.app.request("/api/auth/login", json({ email: "a@b.c" }));
    expect(res.status).toBe(422);
  });
});

describe("the first administrator", () => {
  it("a weak ADMIN_PASSWORD stops start-up naming the variable", async () => {
    // A database of its own with no users yet, as at a first start (migrated: the run's template on PGlite).
    const h = await createHarness({ isolated: true });
    try {
      await expect(
        ensureFirstAdmin(h.db, { email: "admin@withus.local", password: "the admin passphrase" }),
      ).rejects.toThrow(/ADMIN_PASSWORD: must not contain your name or email address/);
      await expect(ensureFirstAdmin(h.db, { password: "password1234" })).rejects.toThrow(ConfigError);
      const [{ n }] = (await h.db.select({ n: count() }).from(users)) as [{ n: number }];
      expect(n).toBe(0);
    } finally {
      await h.close();
    }
  });
});
