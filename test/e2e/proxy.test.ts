// Deployed as a council would: Debian's nginx terminates TLS (a self-signed certificate made here with
// openssl) in front of the Node server, which runs with PUBLIC_URL=https://… and TRUST_PROXY=true.
// Chromium signs in and submits forms through https://; the session cookie is Secure; a cross-site
// API write is still refused through the proxy.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specifications } from "../../src/db/schema/index.js";
import { DEMO_PASSWORD, type DemoSeed, seedDemo } from "../../src/demo/seed.js";
import { inProcessRenderer } from "../../src/documents/renderer.js";
import { SESSION_COOKIE } from "../../src/services/auth/sessions.js";
import { createHarness, type Harness } from "../harness.js";
import { account, CHROMIUM, checkPage, submit } from "./browser.js";
import { serveApp } from "./serve.js";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

let dir = "";
let h: Harness;
let seed: DemoSeed;
let server: { url: string; close(): Promise<void> };
let nginx: ChildProcess;
let nginxLog = "";
let browser: Browser;
let context: BrowserContext;
let page: Page;
let publicUrl = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Waits until nginx answers over TLS (any status): it is then proxying. */
async function waitForNginx(port: number) {
  const { connect } = await import("node:tls");
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => {
        sock.end();
        resolve(true);
      });
      sock.on("error", () => resolve(false));
    });
    if (ok) return;
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not start: ${nginxLog}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "withus-proxy-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );

  const port = await freePort();
  publicUrl = `https://127.0.0.1:${port}`;
  h = await createHarness({ config: { PUBLIC_URL: publicUrl, TRUST_PROXY: "true", COOKIE_SECURE: "auto" } });
  seed = await seedDemo(h.db, {
    renderer: inProcessRenderer,
    files: h.deps.files,
    tag: `proxy-${port}`,
  });
  server = await serveApp(h.app);

  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 30m;
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    location / {
      proxy_pass ${server.url};
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
  await writeFile(path.join(dir, "nginx.conf"), conf);
  nginx = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  nginx.stdout?.on("data", (d) => (nginxLog += String(d)));
  nginx.stderr?.on("data", (d) => (nginxLog += String(d)));
  await waitForNginx(port);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  context = await browser.newContext({ baseURL: publicUrl, ignoreHTTPSErrors: true });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once("exit", r));
    nginx.kill("SIGTERM");
    await exited;
  }
  await server?.close();
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("behind nginx terminating https", () => {
  let specId = "";

  it("signs a commissioner in through https, with a Secure session cookie", async () => {
    const commissioner = account(seed, "commissioner");
    const res = await page.goto("/sign-in");
    expect(res?.status()).toBe(200);
    expect(page.url().startsWith(`${publicUrl}/`)).toBe(true);
    await page.getByLabel("Email address").fill(commissioner.email);
    await submit(page, () => page.getByRole("button", { name: "Continue" }).click());
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await submit(page, () => page.getByRole("button", { name: "Sign in" }).click());
    expect(new URL(page.url()).origin).toBe(publicUrl);
    expect(new URL(page.url()).pathname).not.toBe("/sign-in");

    const session = (await context.cookies(publicUrl)).find((c) => c.name === SESSION_COOKIE);
    expect(session, "the session cookie").toBeDefined();
    expect(session!.secure).toBe(true);
    expect(session!.httpOnly).toBe(true);
  });

  it("submits a signed-in form (starts a specification) through https", async () => {
    await page.goto("/specifications");
    await submit(page, () => page.getByRole("button", { name: "Start a new specification" }).click());
    await page.getByLabel("Title", { exact: true }).fill("Proxied involvement specification");
    await page.getByLabel("Name of the service").fill("Proxied Recovery Service");
    await page.locator("#periodStart-day").fill("1");
    await page.locator("#periodStart-month").fill("4");
    await page.locator("#periodStart-year").fill("2027");
    await page.locator("#periodEnd-day").fill("31");
    await page.locator("#periodEnd-month").fill("3");
    await page.locator("#periodEnd-year").fill("2030");
    await submit(page, () => page.getByRole("button", { name: "Save and continue" }).click());
    expect(await page.locator(".govuk-notification-banner__heading").textContent()).toContain(
      "Specification started",
    );
    expect(new URL(page.url()).origin).toBe(publicUrl);
    specId = new URL(page.url()).pathname.split("/")[2]!;
    const [row] = await h.db.select().from(specifications).where(eq(specifications.id, specId));
    expect(row?.title).toBe("Proxied involvement specification");
    await checkPage(page);
  });

  it("refuses an API write from another site, and accepts one from our own origin", async () => {
    const evil = await context.request.patch(`/api/specifications/${specId}`, {
      headers: { origin: "https://evil.example" },
      data: { title: "Changed from another site" },
    });
    expect(evil.status()).toBe(403);
    expect(evil.headers()["content-type"]).toContain("application/problem+json");
    expect((await evil.json()).detail).toBe("This request came from another site and was refused.");

    const ours = await context.request.patch(`/api/specifications/${specId}`, {
      headers: { origin: publicUrl },
      data: { title: "Changed through the proxy" },
    });
    expect(ours.status()).toBe(200);
    const [row] = await h.db.select().from(specifications).where(eq(specifications.id, specId));
    expect(row?.title).toBe("Changed through the proxy");
  });

  it("refuses a sign-in posted from another site (Referer only)", async () => {
    const res = await context.request.post("/sign-in", {
      headers: { referer: "https://evil.example/page" },
      form: { email: account(seed, "commissioner").email, password: DEMO_PASSWORD },
    });
    expect(res.status()).toBe(403);
  });
});
