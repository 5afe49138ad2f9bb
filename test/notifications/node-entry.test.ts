// The real Node entry with email on: start-up says so, and a message written through the API reaches a
// real SMTP server by the entry's own timer (JOBS_INTERVAL_SECONDS), with a link to PUBLIC_URL.
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startNode } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { templateDataDir } from "../data-dir.js";
import { type Mailbox, startMailbox } from "../smtp.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
let mail: Mailbox | undefined;
afterAll(async () => {
  await mail?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("the Node entry with SMTP", () => {
  it("says email is on, and delivers a password reset by its timer with a PUBLIC_URL link", async () => {
    mail = await startMailbox();
    const dataDir = await templateDataDir("withus-node-mail-");
    dirs.push(dataDir);
    const port = await freePort();
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((l: unknown) => {
      lines.push(String(l));
    });
    const node = await startNode(
      parseEnv({
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: "",
        ADMIN_EMAIL: "first.admin@example.test",
        ADMIN_PASSWORD: "a long admin passphrase",
        SMTP_URL: mail.url,
        MAIL_FROM: "WithUs <withus@example.gov.uk>",
        PUBLIC_URL: "https://withus.example.gov.uk",
        JOBS_INTERVAL_SECONDS: "1",
      }),
    );
    try {
      expect(lines.some((l) => l.includes("email is on: sent through SMTP"))).toBe(true);
      // Any message will do: the reminder of a forgotten password is one any visitor can cause.
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "first.admin@example.test" }),
      });
      expect(res.status).toBe(202);
      const [m] = await mail.waitFor(1, 30_000);
      expect(mail.envelopes[0]).toEqual(["first.admin@example.test"]);
      expect(m!.subject).toBe("Reset your WithUs password");
      expect(m!.text).toContain("https://withus.example.gov.uk/");
    } finally {
      spy.mockRestore();
      await node.stop();
    }
  }, 120_000);
});
