// An upload over UPLOAD_MAX_FILE_BYTES on the Worker in workerd: answered 413 within seconds (the client
// gives up long before the suite's timeout if it is not), through the API as problem+json and through the
// web form as the page with its error summary; the Worker answers the next request, and nothing is left
// in the R2 bucket.
import { beforeAll, describe, expect, inject, test } from "vitest";
import { SPEC_CONTACTS } from "../spec-contacts.js";

const base = inject("workerUrl");
const probe = inject("probeUrl");
/** The Worker's PUBLIC_URL (test/worker/global-setup.ts): the origin a browser reaching it would send. */
const PUBLIC_URL = "https://withus.example.gov.uk";
const PASSWORD = "worker oversize user password 42";
/** A client that hears nothing for this long has given up (the client gave up after 60 s). */
const CLIENT_PATIENCE_MS = 20_000;
/** UPLOAD_MAX_FILE_BYTES in wrangler.toml is 25 MiB: this is a megabyte over it. */
const OVERSIZE = 26 * 1024 * 1024;

async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text.slice(0, 2000)).toBe(status);
  return JSON.parse(text) as T;
}

function api(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  await json(res, 200);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

async function tokenFor(cookie: string): Promise<string> {
  const res = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { cookie, origin: PUBLIC_URL, "content-type": "application/json" },
    body: JSON.stringify({ name: "worker oversize" }),
  });
  return (await json<{ token: string }>(res, 201)).token;
}

/** The keys of every evidence object in the Worker's R2 bucket (read through the probe Worker). */
async function evidenceObjects(): Promise<string[]> {
  const res = await fetch(`${probe}/_evidence?prefix=evidence/`);
  return (await json<{ key: string }[]>(res, 200)).map((o) => o.key);
}

/** A CSV file of `size` bytes: an accepted kind, so only its size is wrong. */
function csvOf(size: number): Blob {
  const row = "month,sessions,attendees,feedback_forms\n";
  const bytes = Buffer.from(row.repeat(Math.ceil(size / row.length))).subarray(0, size);
  return new Blob([bytes], { type: "text/csv" });
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

const s = {} as {
  providerCookie: string;
  providerToken: string;
  obligation: { id: string; periodStart: string; periodEnd: string };
  before: string[];
};

beforeAll(async () => {
  const admin = await tokenFor(await login(inject("adminEmail"), inject("adminPassword")));
  const tag = `${Date.now().toString(36)}o`;
  const council = await json<{ id: string }>(
    await api("POST", "/api/organisations", admin, { name: `Oversize council ${tag}`, kind: "commissioner" }),
    201,
  );
  const provider = await json<{ id: string }>(
    await api("POST", "/api/organisations", admin, { name: `Oversize provider ${tag}`, kind: "provider" }),
    201,
  );
  const tokens: Record<string, string> = {};
  for (const [role, organisationId] of [
    ["commissioner", council.id],
    ["provider", provider.id],
  ] as const) {
    const email = `oversize-${role}-${tag}@example.test`;
    await json(
      await api("POST", "/api/users", admin, {
        email,
        name: `Oversize ${role}`,
        role,
        organisationId,
        password: PASSWORD,
      }),
      201,
    );
    const cookie = await login(email, PASSWORD);
    tokens[role] = await tokenFor(cookie);
    if (role === "provider") s.providerCookie = cookie;
  }
  s.providerToken = tokens.provider!;
  const commissioner = tokens.commissioner!;
  type Clause = {
    key: string;
    version: number;
    frequency: string;
    parameters?: { name: string; default?: unknown }[];
  };
  const library = await json<Clause[] | { clauses: Clause[] }>(
    await api("GET", "/api/clauses", commissioner),
    200,
  );
  const clauses = Array.isArray(library) ? library : library.clauses;
  const clause = clauses.find((c) => c.frequency === "quarterly")!;
  const spec = await json<{ id: string }>(
    await api("POST", "/api/specifications", commissioner, {
      title: "Oversize uploads (Workers)",
      serviceName: "Recovery Together",
      contacts: SPEC_CONTACTS,
    }),
    201,
  );
  await json(
    await api("PUT", `/api/specifications/${spec.id}/clauses`, commissioner, {
      clauses: [
        {
          key: clause.key,
          version: clause.version,
          parameters: Object.fromEntries((clause.parameters ?? []).map((p) => [p.name, p.default])),
        },
      ],
    }),
    200,
  );
  await json(await api("POST", `/api/specifications/${spec.id}/issue`, commissioner), 200);
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear() + 3, start.getUTCMonth(), 0));
  const contract = await json<{ id: string }>(
    await api("POST", "/api/contracts", commissioner, {
      specificationId: spec.id,
      providerOrganisationId: provider.id,
      reference: `OVR-${tag}`,
      startDate: isoDate(start),
      endDate: isoDate(end),
    }),
    201,
  );
  const { obligations } = await json<{
    obligations: { id: string; periodStart: string; periodEnd: string; status: string }[];
  }>(await api("GET", `/api/contracts/${contract.id}/obligations`, s.providerToken), 200);
  const due = obligations.filter((o) => o.status === "open" || o.status === "overdue");
  expect(due.length).toBeGreaterThanOrEqual(2);
  s.obligation = due[0]!;
  // A file within the limit, for another period, is stored and seen in the bucket: the listing below
  // reads the bucket the Worker writes to.
  const before = await evidenceObjects();
  const small = new FormData();
  small.set("narrative", "Attendance figures for the quarter.");
  small.set("coveredFrom", due[1]!.periodStart);
  small.set("coveredTo", due[1]!.periodEnd);
  small.set("noPersonalData", "true");
  small.append("files", csvOf(64 * 1024), "attendance.csv");
  await json(
    await fetch(`${base}/api/obligations/${due[1]!.id}/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.providerToken}` },
      body: small,
    }),
    201,
  );
  s.before = await evidenceObjects();
  expect(s.before.length).toBe(before.length + 1);
});

/** After a refusal: the Worker answers the next request, and no evidence object was added to R2. */
async function servesOnAndLeavesNothing() {
  const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(CLIENT_PATIENCE_MS) });
  expect(await json(health, 200)).toEqual({ status: "ok", database: "ok" });
  expect(await evidenceObjects()).toEqual(s.before);
}

describe("an upload over the file size limit on the Worker", () => {
  // 26 MB: the file. 60 MB: most of the body is still unsent when the upload is refused.
  test.each([
    ["26 MB", OVERSIZE],
    ["60 MB", 60 * 1024 * 1024],
  ])(
    "through the API (%s): 413 problem+json at once, the next request answered, nothing left in R2",
    async (_, size) => {
      const o = s.obligation;
      const form = new FormData();
      form.set("narrative", "Attendance figures for the quarter.");
      form.set("coveredFrom", o.periodStart);
      form.set("coveredTo", o.periodEnd);
      form.set("noPersonalData", "true");
      form.append("files", csvOf(size), "attendance.csv");
      const res = await fetch(`${base}/api/obligations/${o.id}/submissions`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.providerToken}` },
        body: form,
        signal: AbortSignal.timeout(CLIENT_PATIENCE_MS),
      });
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      const problem = await json<{ status: number; detail: string }>(res, 413);
      expect(problem.status).toBe(413);
      expect(problem.detail).toBe('"attendance.csv" is larger than 25 MB, the limit for one file.');
      await servesOnAndLeavesNothing();
    },
  );

  test("through the web form: 413 with the page's error summary, the next request answered, nothing left in R2", async () => {
    const o = s.obligation;
    const pageRes = await fetch(`${base}/obligations/${o.id}`, {
      headers: { cookie: s.providerCookie, accept: "text/html" },
    });
    const page = await pageRes.text();
    expect(pageRes.status, page.slice(0, 500)).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBeDefined();
    const [fy, fm, fd] = o.periodStart.split("-");
    const [ty, tm, td] = o.periodEnd.split("-");
    // In the order a browser sends the form: the token, the text fields, then the file.
    const form = new FormData();
    form.set("_csrf", csrf!);
    form.set("narrative", "Attendance figures for the quarter.");
    form.set("coveredFrom-day", fd!);
    form.set("coveredFrom-month", fm!);
    form.set("coveredFrom-year", fy!);
    form.set("coveredTo-day", td!);
    form.set("coveredTo-month", tm!);
    form.set("coveredTo-year", ty!);
    form.set("noPersonalData", "true");
    form.append("files", csvOf(OVERSIZE), "attendance.csv");
    const res = await fetch(`${base}/obligations/${o.id}/submit`, {
      method: "POST",
      headers: { cookie: s.providerCookie, origin: PUBLIC_URL, accept: "text/html" },
      body: form,
      signal: AbortSignal.timeout(CLIENT_PATIENCE_MS),
    });
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain("is larger than 25 MB, the limit for one file.");
    expect(html).toContain("Nothing was saved, so choose your");
    await servesOnAndLeavesNothing();
  });
});
