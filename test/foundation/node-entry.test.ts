// The real Node entry on the embedded database: starts, serves, and keeps its data across a restart; the
// first user is the service operator, and `npm run operator:grant` (on the server) makes another. DATA_DIR
// starts with the run's template database (first starts on an empty one: one-process, data-dir-permissions).
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { templateDataDir } from "../data-dir.js";
import { ROOT, scriptCommand } from "../package-script.js";

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
    const dataDir = await templateDataDir("withus-node-");
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

/** Runs `npm run operator:grant -- <args>`'s command as someone on the server would; its exit code and output. */
function operatorGrant(dataDir: string, args: string[]) {
  const [node, argv] = scriptCommand("operator:grant");
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      node,
      [...argv, ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" } },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe("the service operator", () => {
  it("is the first user at start-up; another is made only by npm run operator:grant on the server", async () => {
    const dataDir = await templateDataDir("withus-operator-");
    dirs.push(dataDir);
    const port = await freePort();
    const env = parseEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_EMAIL: "first.operator@example.test",
      ADMIN_PASSWORD: "a long admin passphrase",
      LOG_LEVEL: "silent",
      DATABASE_URL: "",
    });
    const base = `http://127.0.0.1:${port}`;
    const signIn = async (email: string, password: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      expect(res.status, email).toBe(200);
      return res.headers.get("set-cookie")!.split(";")[0]!;
    };
    const createOrganisation = async (cookie: string, name: string) =>
      (
        await fetch(`${base}/api/organisations`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie, origin: base },
          body: JSON.stringify({ name, kind: "commissioner" }),
        })
      ).status;
    const second = { email: "second.admin@example.test", password: "another long passphrase" };

    let node = await startNode(env);
    try {
      const first = await signIn("first.operator@example.test", "a long admin passphrase");
      // The operator's page of every organisation, and the first organisation is theirs to administer.
      const orgs = await fetch(`${base}/admin/organisations`, {
        headers: { cookie: first, accept: "text/html" },
      });
      expect(orgs.status).toBe(200);
      expect(await createOrganisation(first, "Northshire County Council")).toBe(201);
      const me = (await (await fetch(`${base}/api/me`, { headers: { cookie: first } })).json()) as {
        user: { role: string };
        organisation: { id: string };
      };
      expect(me.user.role).toBe("admin");
      const added = await fetch(`${base}/api/users`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: first, origin: base },
        body: JSON.stringify({
          ...second,
          name: "Second Admin",
          role: "admin",
          organisationId: me.organisation.id,
        }),
      });
      expect(added.status).toBe(201);
      // An admin, not an operator: the operator's actions are not there for them.
      expect(await createOrganisation(await signIn(second.email, second.password), "Southshire")).toBe(404);
    } finally {
      await node.stop();
    }

    expect(await operatorGrant(dataDir, [])).toMatchObject({ code: 2 });
    const unknown = await operatorGrant(dataDir, ["nobody@example.test"]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("No user has the email address nobody@example.test");
    const granted = await operatorGrant(dataDir, ["Second.Admin@example.test"]);
    expect(granted.out).toContain("second.admin@example.test is now an operator.");
    expect(granted.code).toBe(0);

    node = await startNode(env);
    try {
      expect(await createOrganisation(await signIn(second.email, second.password), "Southshire")).toBe(201);
    } finally {
      await node.stop();
    }
  }, 180_000);
});
