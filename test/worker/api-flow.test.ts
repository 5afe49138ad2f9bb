// The main API flow against the Worker running in workerd, through HTTP only: health and assets, sign in
// and a token, organisations and users, a specification built, issued and downloaded as .docx, a contract,
// evidence uploaded to R2 and downloaded again, a review, and compliance. A step whose routes are missing
// from the Worker's OpenAPI document fails, naming them.
import { createHash } from "node:crypto";
import mammoth from "mammoth";
import { beforeAll, describe, expect, inject, type TestContext, test } from "vitest";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const base = inject("workerUrl");
/** The Worker's PUBLIC_URL (test/worker/global-setup.ts): the origin a browser reaching it would send. */
const PUBLIC_URL = "https://withus.example.gov.uk";
const PASSWORD = "worker flow user password 42";

let routes = new Set<string>();
/** Fails the step, naming them, when any of its routes is not served ("POST /api/contracts"). */
function needRoutes(_ctx: TestContext, ...wanted: string[]) {
  const missing = wanted.filter((r) => !routes.has(r));
  if (missing.length > 0) throw new Error(`routes missing: ${missing.join(", ")}`);
}

/** Fails the step when an earlier one did not leave what it needs. */
function needState(_ctx: TestContext, ...values: unknown[]) {
  if (!values.every((v) => v !== undefined)) throw new Error("an earlier step did not run");
}

async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  return fetch(`${base}${path}`, { method, headers, body });
}

// biome-ignore lint/suspicious/noExplicitAny: bodies are read loosely and checked by the assertions
async function json<T = Record<string, any>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text.slice(0, 2000)).toBe(status);
  return JSON.parse(text) as T;
}

/** Signs in with a password (a browser-style session) and makes a personal API token. */
async function tokenFor(email: string, password: string): Promise<string> {
  const login = await call("POST", "/api/auth/login", { body: { email, password } });
  await json(login, 200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const res = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { cookie, origin: PUBLIC_URL, "content-type": "application/json" },
    body: JSON.stringify({ name: "worker flow" }),
  });
  const { token } = await json<{ token: string }>(res, 201);
  expect(token).toMatch(/^wu_/);
  return token;
}

const list = <T>(body: unknown, key: string): T[] =>
  (Array.isArray(body) ? body : (body as Record<string, unknown>)[key]) as T[];

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

// What the flow builds, step by step.
const s: {
  adminToken?: string;
  councilId?: string;
  providerId?: string;
  commissioner?: string;
  reviewer?: string;
  reviewerEmail?: string;
  provider?: string;
  clauses?: { key: string; version: number; title: string; parameters: Record<string, unknown> }[];
  specificationId?: string;
  contractId?: string;
  obligation?: { id: string; clauseKey: string; periodStart: string; periodEnd: string };
  submissionId?: string;
  bigFile?: { name: string; sha256: string; size: number };
} = {};

beforeAll(async () => {
  const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
    await fetch(`${base}/openapi.json`),
    200,
  );
  routes = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
  );
});

describe("the main API flow on the Worker", () => {
  test("health reports the database reachable through Hyperdrive", async () => {
    const body = await json(await call("GET", "/health"), 200);
    expect(body).toEqual({ status: "ok", database: "ok" });
  });

  test("static GOV.UK assets come from the assets binding", async () => {
    const css = await fetch(`${base}/assets/govuk/govuk-frontend.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/text\/css/);
    expect(css.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(css.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await css.text();
    expect(text.length).toBeGreaterThan(10_000);
    // Every font and image the stylesheet asks for is there too.
    const urls = [...new Set([...text.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]!))];
    expect(urls.length).toBeGreaterThan(2);
    for (const u of urls) {
      const r = await fetch(`${base}${u}`);
      expect(r.status, u).toBe(200);
      await r.arrayBuffer();
    }
    const own = await fetch(`${base}/assets/docs.css`);
    expect(own.status).toBe(200);
    await own.text();
    // Anything else reaches the Worker, which answers problem+json.
    const missing = await fetch(`${base}/assets/nothing-here.css`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/problem\+json/);
    await missing.text();
  });

  test("the sign-in page renders in the Worker, and every asset it links loads", async () => {
    const res = await fetch(`${base}/sign-in`, { headers: { accept: "text/html" } });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const linked = [...new Set([...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!))];
    expect(linked.length).toBeGreaterThan(0);
    for (const u of linked) {
      const r = await fetch(`${base}${u}`);
      expect(r.status, u).toBe(200);
      await r.arrayBuffer();
    }
  });

  test("the admin signs in and makes an API token", async () => {
    s.adminToken = await tokenFor(inject("adminEmail"), inject("adminPassword"));
    const me = await json(await call("GET", "/api/me", { token: s.adminToken }), 200);
    expect(me.user.email).toBe(inject("adminEmail"));
    expect(me.via).toBe("token");
    const bad = await call("GET", "/api/me", { token: "wu_not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toMatch(/problem\+json/);
    await bad.text();
  });

  test("the admin creates a council and a provider with their users", async (ctx) => {
    needState(ctx, s.adminToken);
    const token = s.adminToken!;
    const tag = Date.now().toString(36);
    const council = await json(
      await call("POST", "/api/organisations", {
        token,
        body: { name: `Council ${tag}`, kind: "commissioner" },
      }),
      201,
    );
    const provider = await json(
      await call("POST", "/api/organisations", {
        token,
        body: { name: `Provider ${tag}`, kind: "provider" },
      }),
      201,
    );
    s.councilId = council.id;
    s.providerId = provider.id;
    const people = [
      ["commissioner", council.id],
      ["reviewer", council.id],
      ["provider", provider.id],
    ] as const;
    for (const [role, organisationId] of people) {
      const email = `${role}-${tag}@example.test`;
      await json(
        await call("POST", "/api/users", {
          token,
          body: { email, name: `Flow ${role}`, role, organisationId, password: PASSWORD },
        }),
        201,
      );
      const userToken = await tokenFor(email, PASSWORD);
      const me = await json(await call("GET", "/api/me", { token: userToken }), 200);
      expect(me.user.role).toBe(role);
      expect(me.organisation.id).toBe(organisationId);
      s[role] = userToken;
      if (role === "reviewer") s.reviewerEmail = email;
    }
  });

  test("the commissioner finds clauses in the library", async (ctx) => {
    needRoutes(ctx, "GET /api/clauses");
    needState(ctx, s.commissioner);
    const body = await json(await call("GET", "/api/clauses", { token: s.commissioner }), 200);
    const all = list<{
      key: string;
      version: number;
      title: string;
      frequency: string;
      parameters?: { name: string; default?: unknown }[];
    }>(body, "clauses");
    expect(all.length).toBeGreaterThanOrEqual(3);
    // Periodic clauses, so the contract has obligations falling due.
    const periodic = all.filter((c) =>
      ["monthly", "quarterly", "six_monthly", "annually"].includes(c.frequency),
    );
    const picked = [...periodic, ...all.filter((c) => !periodic.includes(c))].slice(0, 3);
    s.clauses = picked.map((c) => ({
      key: c.key,
      version: c.version,
      title: c.title,
      parameters: Object.fromEntries((c.parameters ?? []).map((p) => [p.name, p.default])),
    }));
  });

  test("the commissioner builds and issues a specification", async (ctx) => {
    needRoutes(
      ctx,
      "POST /api/specifications",
      "PUT /api/specifications/{id}/clauses",
      "POST /api/specifications/{id}/issue",
    );
    needState(ctx, s.commissioner, s.clauses);
    const token = s.commissioner;
    const spec = await json(
      await call("POST", "/api/specifications", {
        token,
        body: {
          title: "Adult drug and alcohol treatment (Workers)",
          serviceName: "Recovery Together",
          contacts: SPEC_CONTACTS,
        },
      }),
      201,
    );
    expect(spec.status).toBe("draft");
    s.specificationId = spec.id;
    await json(
      await call("PUT", `/api/specifications/${spec.id}/clauses`, {
        token,
        body: { clauses: s.clauses!.map(({ key, version, parameters }) => ({ key, version, parameters })) },
      }),
      200,
    );
    const issued = await json(await call("POST", `/api/specifications/${spec.id}/issue`, { token }), 200);
    expect(issued.status).toBe("issued");
    expect(issued.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Issued means frozen.
    const again = await call("PUT", `/api/specifications/${spec.id}/clauses`, {
      token,
      body: { clauses: [] },
    });
    expect(again.status).toBe(409);
    await again.text();
  });

  test("the issued specification downloads as a Word document rendered in the Worker", async (ctx) => {
    needRoutes(ctx, "GET /api/specifications/{id}/document");
    needState(ctx, s.specificationId);
    const res = await call("GET", `/api/specifications/${s.specificationId}/document`, {
      token: s.commissioner,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, bytes.toString("utf8", 0, 500)).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/wordprocessingml/);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    for (const c of s.clauses!) expect(text).toContain(c.title);
  });

  test("the commissioner contracts it to the provider", async (ctx) => {
    needRoutes(ctx, "POST /api/contracts", "GET /api/contracts/{id}/obligations");
    needState(ctx, s.specificationId, s.providerId);
    // Started well over a quarter ago, so some obligations are already open or overdue.
    const now = new Date();
    const start = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
    const end = new Date(Date.UTC(start.getUTCFullYear() + 3, start.getUTCMonth(), 0));
    const contract = await json(
      await call("POST", "/api/contracts", {
        token: s.commissioner,
        body: {
          specificationId: s.specificationId,
          providerOrganisationId: s.providerId,
          reference: `WKR-${Date.now()}`,
          startDate: isoDate(start),
          endDate: isoDate(end),
        },
      }),
      201,
    );
    s.contractId = contract.id;
    const body = await json(
      await call("GET", `/api/contracts/${contract.id}/obligations`, { token: s.provider }),
      200,
    );
    const obligations = list<{
      id: string;
      clauseKey: string;
      periodStart: string;
      periodEnd: string;
      status: string;
    }>(body, "obligations");
    expect(obligations.length).toBeGreaterThan(0);
    const keys = new Set(s.clauses!.map((c) => c.key));
    for (const o of obligations) expect(keys.has(o.clauseKey)).toBe(true);
    const due = obligations.find((o) => o.status === "open" || o.status === "overdue") ?? obligations[0]!;
    s.obligation = due;
  });

  test("the provider uploads evidence, stored in R2", async (ctx) => {
    needRoutes(ctx, "POST /api/obligations/{id}/submissions");
    needState(ctx, s.obligation, s.provider);
    const o = s.obligation!;
    // Larger than one R2 part (8 MiB), so the file store's multipart path runs inside workerd.
    const row = "month,sessions,attendees,feedback_forms\n";
    const big = Buffer.from(row.repeat(Math.ceil((9 * 1024 * 1024) / row.length)));
    s.bigFile = {
      name: "attendance.csv",
      size: big.length,
      sha256: createHash("sha256").update(big).digest("hex"),
    };
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    );
    const form = new FormData();
    form.set("narrative", "Minutes of the quarterly service-user forum and attendance figures.");
    form.set("coveredFrom", o.periodStart);
    form.set("coveredTo", o.periodEnd);
    form.set("noPersonalData", "true");
    form.append("files", new Blob([pdf], { type: "application/pdf" }), "forum-minutes.pdf");
    form.append("files", new Blob([big], { type: "text/csv" }), s.bigFile.name);
    const sub = await json(
      await call("POST", `/api/obligations/${o.id}/submissions`, { token: s.provider, body: form }),
      201,
    );
    expect(sub.status).toBe("submitted");
    expect(sub.files).toHaveLength(2);
    s.submissionId = sub.id;
  });

  test("the cron trigger emails the reviewer through GOV.UK Notify (a local stand-in)", async (ctx) => {
    needState(ctx, s.submissionId, s.reviewerEmail);
    const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(res.status, await res.text()).toBe(200);
    const received = (await (await fetch(`${inject("notifyUrl")}/_test/received`)).json()) as Array<{
      email_address: string;
      personalisation: { subject: string; body: string };
    }>;
    const mine = received.filter(
      (r) =>
        r.email_address === s.reviewerEmail &&
        r.personalisation.subject.startsWith("Evidence waiting for review"),
    );
    expect(mine, JSON.stringify(received).slice(0, 1000)).toHaveLength(1);
    expect(mine[0]!.personalisation.body).toContain(
      `https://withus.example.gov.uk/submissions/${s.submissionId}`,
    );
    // The message is sent once: the next run sends nothing more.
    await (await fetch(`${base}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).text();
    const again = (await (await fetch(`${inject("notifyUrl")}/_test/received`)).json()) as unknown[];
    expect(again).toHaveLength(received.length);
  });

  test("the evidence reads back from R2 byte for byte", async (ctx) => {
    needRoutes(ctx, "GET /api/submissions/{id}", "GET /api/files/{id}");
    needState(ctx, s.submissionId, s.bigFile);
    const sub = await json(
      await call("GET", `/api/submissions/${s.submissionId}`, { token: s.reviewer }),
      200,
    );
    const file = (sub.files as { id: string; name: string; size: number; sha256: string }[]).find(
      (f) => f.name === s.bigFile!.name,
    )!;
    expect(file.size).toBe(s.bigFile!.size);
    expect(file.sha256).toBe(s.bigFile!.sha256);
    const res = await call("GET", `/api/files/${file.id}`, { token: s.reviewer });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(bytes.length).toBe(s.bigFile!.size);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(s.bigFile!.sha256);
  });

  test("the reviewer accepts the evidence as compliant", async (ctx) => {
    needRoutes(ctx, "POST /api/submissions/{id}/reviews");
    needState(ctx, s.submissionId, s.reviewer);
    const res = await call("POST", `/api/submissions/${s.submissionId}/reviews`, {
      token: s.reviewer,
      body: { decision: "accepted", verdict: "compliant" },
    });
    const text = await res.text();
    expect([200, 201], text).toContain(res.status);
  });

  test("compliance shows the accepted obligation", async (ctx) => {
    needRoutes(ctx, "GET /api/contracts/{id}/compliance");
    needState(ctx, s.contractId, s.obligation);
    const body = await json(
      await call("GET", `/api/contracts/${s.contractId}/compliance`, { token: s.commissioner }),
      200,
    );
    expect(["red", "amber", "green"]).toContain(body.summary.rag);
    expect(typeof body.summary.percentCompliant).toBe("number");
    expect(JSON.stringify(body.summary.counts)).toMatch(/accepted|compliant/);
    expect(JSON.stringify(body.clauses)).toContain(s.obligation!.clauseKey);
    // The provider sees the same contract's compliance.
    const theirs = await call("GET", `/api/contracts/${s.contractId}/compliance`, { token: s.provider });
    expect(theirs.status).toBe(200);
    await theirs.text();
  });

  test("the compliance report downloads as a Word document", async (ctx) => {
    needRoutes(ctx, "GET /api/contracts/{id}/compliance-report");
    needState(ctx, s.contractId);
    const res = await call("GET", `/api/contracts/${s.contractId}/compliance-report`, {
      token: s.commissioner,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, bytes.toString("utf8", 0, 500)).toBe(200);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  });

  test("the cron trigger runs the scheduled jobs", async () => {
    const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("7 * * * *")}`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    // And the Worker serves on afterwards.
    expect(await json(await call("GET", "/health"), 200)).toEqual({ status: "ok", database: "ok" });
  });
});
