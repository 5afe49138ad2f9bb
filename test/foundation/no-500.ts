// The robustness sweep: throws odd input at every operation in the OpenAPI document and every page, as one
// role, and expects no 500: bad input is always the caller's to fix, and says so with a 4xx. Each role has a
// file of its own (no-500.<role>.security.test.ts), so the four run on both workers at once; together they
// are every operation, every role, every odd input, with real rows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  pdfBytes,
  upload,
} from "../contracts/fixtures.js";
import { json, makeOrganisation, makeTenant, makeUser, PASSWORD, type TestUser } from "../factories.js";
import type { createHarness, Harness } from "../harness.js";

export type SweepRole = "admin" | "commissioner" | "reviewer" | "providerUser" | "representative";

/** The whole sweep, API and pages, as `role`; the suite passes in the harness it asks for. */
export function sweepAs(role: SweepRole, harness: typeof createHarness) {
  // Inside the function: files share a worker's modules (isolate: false), so state at module level would
  // carry from one role's file to the next.
  let h: Harness;
  let t: Awaited<ReturnType<typeof makeTenant>>;
  /** The user the sweep acts as: one of the tenant's, or a representative of a forum linked to its contract. */
  let who: TestUser;
  let ops: Array<{ path: string; method: string }>;
  /** Ids of real things, so handlers get past "not found" and meet the odd input with real rows. */
  const realIds: string[] = [];

  beforeAll(async () => {
    h = await harness();
    t = await makeTenant(h.db);
    const doc = (await (await h.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const spec = await issuedSpecification(h, t, ["FBK-02", "GOV-04"]);
    const contract = await letContract(h, t, spec.id);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const sub = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "r.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    const submission = sub.body as { id: string; files: Array<{ id: string }> };
    realIds.push(
      spec.id,
      contract.id,
      ob.id,
      submission.id,
      submission.files[0]!.id,
      t.provider.id,
      t.reviewer.id,
    );
    if (role === "representative") {
      const forum = await makeOrganisation(h.db, "user_group");
      who = await makeUser(h.db, forum.id, "representative");
      const link = await h.app.request(
        `/api/contracts/${contract.id}/user-groups`,
        json({ organisationId: forum.id }, t.commissioner.auth),
      );
      expect(link.status).toBeLessThan(300);
      realIds.push(forum.id);
    } else {
      who = t[role];
    }
    ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({ path, method: method.toUpperCase() })),
    );
  });
  afterAll(() => h.close());

  const PATH_VALUES = [
    () => randomUUID(),
    () => "not-an-id",
    () => "FBK-01",
    () => "%00",
    () => "99999999999999999999",
  ];
  const BODIES = [
    "{}",
    '{"name": ["x"], "kind": 7, "clauses": "all", "startDate": "0000-00-00", "parameters": null}',
    '{"title": "\\u0000", "serviceName": "\\u0000\\u0000", "reason": "\\u0000\\u0000\\u0000", "decision": "maybe"}',
    "[]",
    "null",
    "not json",
  ];
  const QUERIES = [
    "",
    "?status=%00&period=%00&q=%00&category=x&format=pdf",
    "?limit=-1&kind=other&provider=zz&clause=%FF",
  ];

  describe("no operation answers 500 to odd input", () => {
    it(`as ${role}`, async () => {
      const failures: string[] = [];
      // Each distinct request (method, path, query, body) at most twice: an operation without path parameters
      // would otherwise get the same request once per path value, twelve times, a third of the sweep. Twice, so
      // the same again (a second create, a conflict) is still tried.
      const sent = new Map<string, number>();
      for (const op of ops) {
        if (op.path === "/api/auth/logout") continue;
        for (const value of [...PATH_VALUES, ...realIds.map((id) => () => id)]) {
          const path = op.path.replace(/\{[^}]+\}/g, () => value());
          for (const query of QUERIES) {
            for (const body of ["GET", "DELETE"].includes(op.method) ? [undefined] : BODIES) {
              const key = `${op.method} ${path}${query} ${body ?? ""}`;
              const times = sent.get(key) ?? 0;
              if (times === 2) continue;
              sent.set(key, times + 1);
              const res = await h.app.request(`${path}${query}`, {
                method: op.method,
                headers: { ...who.auth, "content-type": "application/json" },
                body,
              });
              if (res.status >= 500)
                failures.push(`${who.role} ${op.method} ${path}${query} ${body ?? ""} -> ${res.status}`);
              await res.arrayBuffer();
            }
          }
        }
      }
      // Printed so a change to the sweep (or to how fast it runs) can be checked against the same requests.
      const total = [...sent.values()].reduce((a, b) => a + b, 0);
      console.log(`robustness sweep as ${role}: ${total} API requests, ${sent.size} distinct`);
      expect(failures).toEqual([]);
    }, 300_000);
  });

  describe("no page answers 500 to odd input", () => {
    it(`as ${role}, GET and form POST`, async () => {
      const pages = [
        ...new Map(
          h.app.routes
            .filter(
              (r) =>
                !r.path.startsWith("/api") &&
                ["GET", "POST"].includes(r.method) &&
                r.path !== "/*" &&
                r.path !== "*",
            )
            .map((r) => [`${r.method} ${r.path}`, r]),
        ).values(),
      ];
      expect(pages.length).toBeGreaterThan(20);
      let handled = 0;
      const failures: string[] = [];
      {
        const login = await h.app.request("/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: who.email, password: PASSWORD }),
        });
        const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
        const { csrfToken } = (await login.json()) as { csrfToken: string };
        const headers = { cookie, origin: "http://localhost", accept: "text/html" };
        const form = [
          `_csrf=${csrfToken}`,
          `_csrf=${csrfToken}&name=%00&email=x&role=boss&kind=zz&title=%00&serviceName=&reason=%00%00%00&decision=maybe&verdict=&comment=&startDate-day=31&startDate-month=2&startDate-year=0000&narrative=%00&position=99999999999&key=FBK-01&key=FBK-01&clauses=NOPE-01`,
        ];
        for (const r of pages) {
          for (const value of [...PATH_VALUES, ...realIds.map((id) => () => id)]) {
            const path = r.path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, () => value());
            const bodies = r.method === "GET" ? [undefined] : form;
            for (const body of bodies) {
              const res = await h.app.request(`${path}?q=%00&period=%00&category=x`, {
                method: r.method,
                headers: body ? { ...headers, "content-type": "application/x-www-form-urlencoded" } : headers,
                body,
              });
              if (res.status >= 500) failures.push(`${who.role} ${r.method} ${path} -> ${res.status}`);
              // A page, a redirect, or a form error: the request reached a handler, not just a guard.
              if (res.status === 200 || res.status === 303 || res.status === 422) handled++;
              await res.arrayBuffer();
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // A representative reaches few pages (their services and the public ones); everyone else reaches most.
      expect(handled).toBeGreaterThan(role === "representative" ? 20 : 100);
    }, 600_000);
  });
}
