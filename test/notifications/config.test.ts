// Email configuration: a transport needs its companions and PUBLIC_URL; start-up says whether email is on.
import { describe, expect, it } from "vitest";
import { emailTransport } from "../../src/entry/node.js";
import { parseEnv } from "../../src/env.js";
import { describeEmail } from "../../src/services/notifications/jobs.js";

const KEY = `withus_test-${"0".repeat(8)}-0000-4000-8000-000000000001-${"0".repeat(8)}-0000-4000-8000-000000000002`;

describe("email configuration", () => {
  it("is off by default, and start-up says so", () => {
    const env = parseEnv({});
    expect(env.JOBS_INTERVAL_SECONDS).toBe(60);
    expect(emailTransport(env)).toBeNull();
    expect(describeEmail(null)).toMatch(/^email is off/);
  });

  it("needs PUBLIC_URL and MAIL_FROM with SMTP_URL, and names what is missing", () => {
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example:587" })).toThrow(
      /MAIL_FROM: is required when SMTP_URL is set[\s\S]*PUBLIC_URL: is required when email is on/,
    );
    expect(() => parseEnv({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL: must be an smtp:\/\//);
    const env = parseEnv({
      SMTP_URL: "smtps://user:pass@mail.example:465",
      MAIL_FROM: "WithUs <withus@example.gov.uk>",
      PUBLIC_URL: "https://withus.example.gov.uk/some/path",
    });
    expect(env.PUBLIC_URL).toBe("https://withus.example.gov.uk");
    const t = emailTransport(env);
    expect(t?.name).toBe("smtp");
    t?.close?.();
    expect(describeEmail(t)).toBe("email is on: sent through SMTP");
  });

  it("needs NOTIFY_TEMPLATE_ID and PUBLIC_URL with NOTIFY_API_KEY", () => {
    expect(() => parseEnv({ NOTIFY_API_KEY: KEY })).toThrow(/NOTIFY_TEMPLATE_ID: is required/);
    expect(() => parseEnv({ NOTIFY_API_KEY: "short" })).toThrow(
      /NOTIFY_API_KEY: must be a GOV.UK Notify API key/,
    );
    const env = parseEnv({
      NOTIFY_API_KEY: KEY,
      NOTIFY_TEMPLATE_ID: "f33517ff-2a88-4f6e-b855-c550268ce08a",
      PUBLIC_URL: "https://withus.example.gov.uk",
    });
    expect(emailTransport(env)?.name).toBe("notify");
  });
});
