// Configuration: one zod schema, parsed once at start-up. The only module that reads process.env
// (the Worker entry passes its bindings through the same schema).
import { z } from "zod";
import { EVIDENCE_KIND_NAMES } from "./model/evidence-kinds.js";

const int = (def: number) => z.coerce.number().int().positive().default(def);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /**
   * The address the Node server binds to (127.0.0.1 to take requests only through a proxy on the same
   * machine; :: or 0.0.0.0 for every interface). Unset: every interface, as Node's default.
   */
  HOST: z
    .string()
    .regex(
      /^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/,
      "must be an IP address or a host name",
    )
    .transform((v) => v.replace(/^\[(.*)\]$/, "$1"))
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  /** The address people use to reach WithUs (e.g. https://withus.example.gov.uk): links in messages, origin checks, Secure cookies. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// address" })
    .transform((v) => new URL(v).origin)
    .optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Largest evidence file, in bytes (25 MB). */
  UPLOAD_MAX_FILE_BYTES: int(25 * 1024 * 1024),
  /** Most files in one submission. */
  UPLOAD_MAX_FILES: int(10),
  /** The kinds of evidence file accepted, comma-separated (see src/model/evidence-kinds.ts). */
  EVIDENCE_FILE_TYPES: z
    .string()
    .default(EVIDENCE_KIND_NAMES.join(","))
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z.enum(EVIDENCE_KIND_NAMES, { error: `each must be one of ${EVIDENCE_KIND_NAMES.join(", ")}` }),
        )
        .min(1),
    ),
  /** Evidence files are destroyed this many years after their contract ended (the hourly job). */
  EVIDENCE_RETENTION_YEARS: int(6),
  /** ClamAV's daemon: tcp://host:3310 or the path of its unix socket. Set, every evidence file is scanned. */
  CLAMAV_URL: z
    .string()
    .regex(
      /^(tcp:\/\/[^\s/:]+:\d{1,5}|\/\S+)$/,
      "must be tcp://host:port or the absolute path of a unix socket",
    )
    .optional(),
  /** Largest JSON request body, in bytes. */
  JSON_BODY_LIMIT_BYTES: int(1024 * 1024),
  /** Secure flag on cookies: "auto" sets it when the expected origin (PUBLIC_URL, or the proxied request) is https. */
  COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * How many reverse proxies in front of WithUs append to X-Forwarded-For: `true` is one, a number says how
   * many (the caller is that many addresses from the right); `false` or 0 ignores the header.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, "must be true, false or a number of proxies")
    .default("false")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  /** Lets an organisation's single sign-on use an http:// identity provider, and one on loopback: for tests only, never in service. */
  OIDC_ALLOW_INSECURE_ISSUER: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Email through an SMTP server: smtp://user:pass@host:587 or smtps://... (with MAIL_FROM). */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// address" }).optional(),
  /** The sender of SMTP email, e.g. "WithUs <withus@council.gov.uk>". */
  MAIL_FROM: z.string().min(3).optional(),
  /** Email through GOV.UK Notify: an API key, with NOTIFY_TEMPLATE_ID (see README). */
  NOTIFY_API_KEY: z.string().min(74, "must be a GOV.UK Notify API key").optional(),
  NOTIFY_TEMPLATE_ID: z.uuid({ error: "must be the UUID of a Notify template" }).optional(),
  /** Notify's API address; only tests (a local stand-in) change it. */
  NOTIFY_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.notifications.service.gov.uk"),
  /** How often the Node entry delivers email and computes reminders. */
  JOBS_INTERVAL_SECONDS: int(60),
  /** Hour of the day (in England) when daily digests go out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
});

/** Settings that only make sense together. */
const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (env.SMTP_URL && !env.MAIL_FROM) need("MAIL_FROM", "is required when SMTP_URL is set");
  if (env.NOTIFY_API_KEY && !env.NOTIFY_TEMPLATE_ID)
    need("NOTIFY_TEMPLATE_ID", "is required when NOTIFY_API_KEY is set");
  if ((env.SMTP_URL || env.NOTIFY_API_KEY) && !env.PUBLIC_URL)
    need("PUBLIC_URL", "is required when email is on (SMTP_URL or NOTIFY_API_KEY): messages link to it");
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Parse configuration; a bad value throws a ConfigError naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as shells and .env files produce them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = checkedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function readProcessEnv(): Env {
  return parseEnv(process.env);
}
