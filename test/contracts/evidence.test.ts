// Evidence: streamed uploads with their limits and sniffing, downloads, reviews and every status change.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviews, submissionFiles, submissions } from "../../src/db/schema/index.js";
import { json, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  exeBytes,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  multipart,
  type Part,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
  xlsxBytes,
} from "./fixtures.js";

const MAX_FILE = 16 * 1024;
const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let secondReviewer: TestUser;
let specId: string;

beforeAll(async () => {
  h = await createHarness({
    now: clock.now,
    config: { UPLOAD_MAX_FILE_BYTES: String(MAX_FILE), UPLOAD_MAX_FILES: "3" },
  });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  secondReviewer = await makeUser(h.db, t.council.id, "reviewer");
  specId = (await issuedSpecification(h, t, ["FBK-02", "MON-01", "EVT-01"])).id;
});
afterAll(() => h.close());

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A fresh contract's first-quarter FBK-02 obligation: overdue on the suite's clock. */
async function freshObligation(clause = "FBK-02", period = "2026-27 Q1") {
  const contract = await letContract(h, t, specId);
  return { contract, ob: await findObligation(h, t.providerUser.auth, contract.id, clause, period) };
}

async function rowsFor(obligationId: string) {
  return h.db.select().from(submissions).where(eq(submissions.obligationId, obligationId));
}

const review = (id: string, body: unknown, who = t.reviewer) =>
  call(h, `/api/submissions/${id}/reviews`, json(body, who.auth));

describe("uploading evidence", () => {
  it("stores a PDF and a spreadsheet with their size, SHA-256 and sniffed type, and serves them back", async () => {
    const { ob } = await freshObligation();
    const pdf = pdfBytes();
    const xlsx = xlsxBytes();
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({
        metrics: JSON.stringify({ anonymous_routes_live: 3, reprisal_reported_on_time_percent: 100 }),
      }),
      { name: "files", filename: "Q1 report.pdf", contentType: "application/pdf", data: pdf },
      // Declared as a PDF by a careless client: the type is taken from the bytes.
      { name: "files", filename: "routes.xlsx", contentType: "application/pdf", data: xlsx },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      obligationId: ob.id,
      version: 1,
      status: "submitted",
      latest: true,
      coveredFrom: "2026-04-01",
      coveredTo: "2026-06-30",
      metrics: { anonymous_routes_live: 3, reprisal_reported_on_time_percent: 100 },
      reviews: [],
    });
    expect(res.body.files.map(({ id: _, ...f }: { id: string }) => f)).toEqual([
      {
        name: "Q1 report.pdf",
        size: pdf.length,
        sha256: sha256(pdf),
        contentType: "application/pdf",
        redactedAt: null,
        redactionReason: null,
      },
      {
        name: "routes.xlsx",
        size: xlsx.length,
        sha256: sha256(xlsx),
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        redactedAt: null,
        redactionReason: null,
      },
    ]);

    const after = await call(h, `/api/obligations/${ob.id}`, { headers: t.providerUser.auth });
    expect(after.body).toMatchObject({ status: "submitted", latestSubmissionId: res.body.id });
    expect(after.body.metrics.map((m: { name: string }) => m.name)).toEqual([
      "anonymous_routes_live",
      "reprisal_reported_on_time_percent",
    ]);

    for (const who of [t.providerUser, t.reviewer, t.commissioner]) {
      const dl = await h.app.request(`/api/files/${res.body.files[0].id}`, { headers: who.auth });
      expect(dl.status).toBe(200);
      expect(dl.headers.get("content-type")).toBe("application/pdf");
      expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
      expect(dl.headers.get("content-disposition")).toBe(
        "attachment; filename=\"Q1 report.pdf\"; filename*=UTF-8''Q1%20report.pdf",
      );
      expect(new Uint8Array(await dl.arrayBuffer())).toEqual(pdf);
    }
  });

  it("sanitises file names: ../../x.txt is stored and served as x.txt", async () => {
    const { ob } = await freshObligation();
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      {
        name: "files",
        filename: "../../x.txt",
        contentType: "text/plain",
        data: new TextEncoder().encode("minutes"),
      },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.files[0]).toMatchObject({ name: "x.txt", contentType: "text/plain; charset=utf-8" });
    const dl = await h.app.request(`/api/files/${res.body.files[0].id}`, { headers: t.reviewer.auth });
    expect(dl.headers.get("content-disposition")).toBe(
      "attachment; filename=\"x.txt\"; filename*=UTF-8''x.txt",
    );
  });

  describe("refusals leave no submission and no file behind", () => {
    const cases: Array<[string, () => Part[], number, RegExp]> = [
      [
        "a file over the size limit (413)",
        () => [...evidenceFields(), { name: "files", filename: "big.pdf", data: padPdf(MAX_FILE + 1) }],
        413,
        /larger than .* the limit for one file/,
      ],
      [
        "more files than allowed (413)",
        () => [
          ...evidenceFields(),
          ...[1, 2, 3, 4].map((i) => ({ name: "files", filename: `f${i}.pdf`, data: pdfBytes() })),
        ],
        413,
        /At most 3 files/,
      ],
      [
        "a renamed executable (415)",
        () => [
          ...evidenceFields(),
          { name: "files", filename: "report.pdf", contentType: "application/pdf", data: exeBytes() },
        ],
        415,
        /is a program\. Accepted: PDF/,
      ],
      [
        "an empty file (422)",
        () => [...evidenceFields(), { name: "files", filename: "empty.pdf", data: new Uint8Array(0) }],
        422,
        /empty/,
      ],
      [
        "a good file followed by a bad one (415)",
        () => [
          ...evidenceFields(),
          { name: "files", filename: "ok.pdf", data: pdfBytes() },
          { name: "files", filename: "tool.docx", data: exeBytes() },
        ],
        415,
        /tool\.docx/,
      ],
      [
        "a missing narrative (422)",
        () => [
          { name: "coveredFrom", value: "2026-04-01" },
          { name: "coveredTo", value: "2026-06-30" },
          { name: "files", filename: "ok.pdf", data: pdfBytes() },
        ],
        422,
        /not valid/,
      ],
      [
        "a metric the clause does not ask for (422)",
        () => [
          ...evidenceFields({ metrics: JSON.stringify({ people_paid: 4 }) }),
          { name: "files", filename: "ok.pdf", data: pdfBytes() },
        ],
        422,
        /not valid/,
      ],
    ];
    for (const [what, parts, status, detail] of cases) {
      it(what, async () => {
        const { ob } = await freshObligation();
        const before = await storedFiles(h);
        const res = await upload(h, t.providerUser.auth, ob.id, parts());
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.body.detail).toMatch(detail);
        expect(await rowsFor(ob.id)).toEqual([]);
        expect(await storedFiles(h)).toEqual(before);
        expect(
          (await call(h, `/api/obligations/${ob.id}`, { headers: t.providerUser.auth })).body.status,
        ).toBe("overdue");
      });
    }

    it("says which fields are wrong", async () => {
      const { ob } = await freshObligation();
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({
          coveredFrom: "2026-06-30",
          coveredTo: "2026-04-01",
          metrics: JSON.stringify({ reprisal_reported_on_time_percent: 140, anonymous_routes_live: 2.5 }),
        }),
        { name: "colour", value: "blue" },
      ]);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: "colour", message: "is not a field of a submission" }]);
      const res2 = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({
          coveredFrom: "2026-06-30",
          coveredTo: "2026-04-01",
          metrics: JSON.stringify({ reprisal_reported_on_time_percent: 140, anonymous_routes_live: 2.5 }),
        }),
      ]);
      expect(res2.body.errors).toEqual([
        { path: "coveredTo", message: "must be on or after coveredFrom" },
        { path: "metrics/reprisal_reported_on_time_percent", message: "is a percentage, so at most 100" },
        { path: "metrics/anonymous_routes_live", message: "must be a whole number" },
      ]);
    });

    it("an upload cut off mid-stream saves nothing and leaves no partial file", async () => {
      const { ob } = await freshObligation();
      const before = await storedFiles(h);
      // Several times: the file store's clean-up once raced the opening of its temporary file.
      for (let i = 0; i < 5; i++) {
        const { body, contentType } = multipart([
          ...evidenceFields(),
          { name: "files", filename: "report.pdf", data: padPdf(12 * 1024) },
        ]);
        const cut = body.length - 4 * 1024;
        let sent = false;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (!sent) {
              sent = true;
              controller.enqueue(body.slice(0, cut));
            } else controller.error(new Error("connection reset by peer"));
          },
        });
        const res = await h.app.request(`/api/obligations/${ob.id}/submissions`, {
          method: "POST",
          headers: { ...t.providerUser.auth, "content-type": contentType },
          body: stream,
          duplex: "half",
        } as RequestInit);
        expect(res.status).toBe(400);
        expect(((await res.json()) as { detail: string }).detail).toMatch(/interrupted/);
        expect(await rowsFor(ob.id)).toEqual([]);
        expect(await storedFiles(h)).toEqual(before);
      }
    });

    it("a file in the wrong field, then a broken body, is refused without bringing the server down", async () => {
      const { ob } = await freshObligation();
      const crashes: unknown[] = [];
      const onCrash = (e: unknown) => crashes.push(e);
      process.on("uncaughtException", onCrash);
      try {
        const { body, contentType } = multipart([
          ...evidenceFields(),
          { name: "attachment", filename: "a.pdf", data: padPdf(8000) },
          { name: "files", filename: "b.pdf", data: padPdf(8000) },
        ]);
        const wrong = await h.app.request(`/api/obligations/${ob.id}/submissions`, {
          method: "POST",
          headers: { ...t.providerUser.auth, "content-type": contentType },
          body: body.slice(0, body.length - 3000),
        });
        expect(wrong.status).toBe(422);
        // Give any stray stream error a chance to surface.
        await new Promise((r) => setTimeout(r, 50));
        expect(crashes).toEqual([]);
        expect(await rowsFor(ob.id)).toEqual([]);
      } finally {
        process.off("uncaughtException", onCrash);
      }
    });

    it("a NUL character in the narrative is a 422 naming the field, and nothing is kept", async () => {
      const { ob } = await freshObligation();
      const before = await storedFiles(h);
      const res = await upload(h, t.providerUser.auth, ob.id, [
        ...evidenceFields({ narrative: "Report\u0000attached" }),
        { name: "files", filename: "r.pdf", contentType: "application/pdf", data: pdfBytes() },
      ]);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain("narrative");
      expect(await rowsFor(ob.id)).toEqual([]);
      expect(await storedFiles(h)).toEqual(before);
    });

    it("a body that simply stops (no closing boundary) saves nothing", async () => {
      const { ob } = await freshObligation();
      const before = await storedFiles(h);
      const { body, contentType } = multipart([
        ...evidenceFields(),
        { name: "files", filename: "r.pdf", data: padPdf(8000) },
      ]);
      const res = await h.app.request(`/api/obligations/${ob.id}/submissions`, {
        method: "POST",
        headers: { ...t.providerUser.auth, "content-type": contentType },
        body: body.slice(0, body.length - 3000),
      });
      expect(res.status).toBe(400);
      expect(await rowsFor(ob.id)).toEqual([]);
      expect(await storedFiles(h)).toEqual(before);
    });

    it("a declared length over the cap is refused before reading, and a non-multipart body is 415", async () => {
      const { ob } = await freshObligation();
      const big = await h.app.request(`/api/obligations/${ob.id}/submissions`, {
        method: "POST",
        headers: {
          ...t.providerUser.auth,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(10 * 1024 * 1024),
        },
        body: "--x--",
      });
      expect(big.status).toBe(413);
      const notMultipart = await call(
        h,
        `/api/obligations/${ob.id}/submissions`,
        json({ narrative: "x", coveredFrom: "2026-04-01", coveredTo: "2026-06-30" }, t.providerUser.auth),
      );
      expect(notMultipart.status).toBe(415);
    });
  });
});

function padPdf(size: number): Uint8Array {
  const b = new Uint8Array(size).fill(0x20);
  b.set(pdfBytes());
  return b;
}

describe("the review cycle", () => {
  it("submitted -> changes requested -> resubmitted -> accepted, keeping every version", async () => {
    const { ob } = await freshObligation();
    const v1 = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "q1.pdf", data: pdfBytes("first go") },
    ]);
    expect(v1.status).toBe(201);
    const again = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()]);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/waiting for review/);

    const noComment = await review(v1.body.id, { decision: "changes_requested" });
    expect(noComment.status).toBe(422);
    expect(noComment.body.errors[0].path).toBe("comment");
    const noVerdict = await review(v1.body.id, { decision: "accepted" });
    expect(noVerdict.status).toBe(422);
    expect(noVerdict.body.errors[0].path).toBe("verdict");

    const back = await review(v1.body.id, {
      decision: "changes_requested",
      comment: "Add the themes by route.",
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({
      status: "changes_requested",
      reviews: [
        { decision: "changes_requested", comment: "Add the themes by route.", reviewerId: t.reviewer.id },
      ],
    });
    const returned = await call(h, `/api/obligations/${ob.id}`, { headers: t.providerUser.auth });
    expect(returned.body).toMatchObject({ status: "changes_requested", reason: "Add the themes by route." });

    const v2 = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ narrative: "Now with themes by route." }),
      { name: "files", filename: "q1-v2.pdf", data: pdfBytes("second go") },
    ]);
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, latest: true, status: "submitted" });
    expect((await review(v1.body.id, { decision: "accepted", verdict: "compliant" })).status).toBe(409);

    const accepted = await review(v2.body.id, { decision: "accepted", verdict: "partially_compliant" });
    expect(accepted.status).toBe(201);
    const done = await call(h, `/api/obligations/${ob.id}`, { headers: t.providerUser.auth });
    expect(done.body).toMatchObject({ status: "accepted", verdict: "partially_compliant", reason: null });

    const history = await call(h, `/api/obligations/${ob.id}/submissions`, { headers: t.providerUser.auth });
    expect(
      history.body.submissions.map((s: { version: number; status: string; latest: boolean }) => [
        s.version,
        s.status,
        s.latest,
      ]),
    ).toEqual([
      [2, "accepted", true],
      [1, "changes_requested", false],
    ]);
    expect(history.body.submissions[1].files[0].name).toBe("q1.pdf");

    expect((await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()])).status).toBe(409);
    expect((await review(v2.body.id, { decision: "accepted", verdict: "compliant" })).status).toBe(409);
    expect(
      (await call(h, `/api/obligations/${ob.id}/waive`, json({ reason: "Too late" }, t.reviewer.auth)))
        .status,
    ).toBe(409);
  });

  it("a waived obligation takes no evidence until it is reinstated", async () => {
    const { ob } = await freshObligation();
    const waived = await call(
      h,
      `/api/obligations/${ob.id}/waive`,
      json({ reason: "Service closed for refurbishment" }, t.reviewer.auth),
    );
    expect(waived.status).toBe(200);
    expect(waived.body).toMatchObject({
      status: "not_applicable",
      reason: "Service closed for refurbishment",
    });
    const res = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()]);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/not applicable/);
    expect(
      (await call(h, `/api/obligations/${ob.id}/waive`, json({ reason: "again" }, t.reviewer.auth))).status,
    ).toBe(409);
    const back = await call(h, `/api/obligations/${ob.id}/reinstate`, json({}, t.reviewer.auth));
    expect(back.status).toBe(200);
    expect(back.body.status).toBe("overdue");
    expect((await call(h, `/api/obligations/${ob.id}/reinstate`, json({}, t.reviewer.auth))).status).toBe(
      409,
    );
  });

  it("evidence awaiting review cannot be waived, and a period not started takes no evidence", async () => {
    const { contract, ob } = await freshObligation();
    await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()]);
    expect(
      (await call(h, `/api/obligations/${ob.id}/waive`, json({ reason: "n/a" }, t.reviewer.auth))).status,
    ).toBe(409);
    const later = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q3");
    expect(later.status).toBe("not_due");
    const res = await upload(h, t.providerUser.auth, later.id, [...evidenceFields()]);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/starts on 1 October 2026/);
  });

  it("a per-event log takes events at any time, each decided on its own", async () => {
    const { ob } = await freshObligation("EVT-01", "Ongoing");
    const e1 = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields({ narrative: "Event one" })]);
    const e2 = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields({ narrative: "Event two" })]);
    expect([e1.status, e2.status]).toEqual([201, 201]);
    expect((await review(e1.body.id, { decision: "accepted", verdict: "compliant" })).status).toBe(201);
    const mid = await call(h, `/api/obligations/${ob.id}`, { headers: t.reviewer.auth });
    expect(mid.body.status).toBe("submitted");
    expect((await review(e2.body.id, { decision: "accepted", verdict: "non_compliant" })).status).toBe(201);
    const end = await call(h, `/api/obligations/${ob.id}`, { headers: t.reviewer.auth });
    expect(end.body).toMatchObject({ status: "accepted", verdict: "non_compliant" });
    const e3 = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields({ narrative: "Event three" })]);
    expect(e3.body.version).toBe(3);
  });

  it("a quarterly count clause takes a nil return: the count 0 and no file, which a reviewer can accept", async () => {
    const spec = await issuedSpecification(h, t, ["GOV-04"], { title: "Nil returns" });
    const contract = await letContract(h, t, spec.id);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "GOV-04", "2026-27 Q1");
    expect(ob.dueDate).not.toBeNull();
    const nil = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({
        narrative: "Nil return: no involvement activities were held this quarter.",
        metrics: JSON.stringify({ activities_held: 0, activities_declared: 0 }),
      }),
    ]);
    expect(nil.status, JSON.stringify(nil.body)).toBe(201);
    expect(nil.body.files).toEqual([]);
    expect((await review(nil.body.id, { decision: "accepted", verdict: "compliant" })).status).toBe(201);
    const after = await call(h, `/api/obligations/${ob.id}`, { headers: t.reviewer.auth });
    expect(after.body).toMatchObject({ status: "accepted", verdict: "compliant" });
  });

  it("two reviewers deciding at once: one wins, the other is told what stands", async () => {
    for (let round = 0; round < 3; round++) {
      const { ob } = await freshObligation();
      const sub = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()]);
      const [a, b] = await Promise.all([
        review(sub.body.id, { decision: "accepted", verdict: "compliant" }, t.reviewer),
        review(
          sub.body.id,
          { decision: "changes_requested", comment: "Missing the pledge." },
          secondReviewer,
        ),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const loser = a.status === 409 ? a : b;
      const winner = a.status === 201 ? a : b;
      expect(loser.body.detail).toMatch(
        /already (accepted as compliant|returned with changes requested) by Test reviewer/,
      );
      const stored = await h.db.select().from(reviews).where(eq(reviews.submissionId, sub.body.id));
      expect(stored).toHaveLength(1);
      expect(stored[0]!.decision).toBe(winner.body.reviews[0].decision);
      const now = await call(h, `/api/obligations/${ob.id}`, { headers: t.reviewer.auth });
      expect(now.body.status).toBe(winner.body.status);
    }
  });
});

describe("who may do what", () => {
  it("providers upload, reviewers decide and waive; no one else", async () => {
    const { ob } = await freshObligation();
    for (const who of [t.reviewer, t.commissioner, t.admin]) {
      expect((await upload(h, who.auth, ob.id, [...evidenceFields()])).status, who.role).toBe(403);
    }
    const sub = await upload(h, t.providerUser.auth, ob.id, [...evidenceFields()]);
    for (const who of [t.providerUser, t.commissioner, t.admin]) {
      expect(
        (await review(sub.body.id, { decision: "accepted", verdict: "compliant" }, who)).status,
        who.role,
      ).toBe(403);
      expect(
        (await call(h, `/api/obligations/${ob.id}/waive`, json({ reason: "n/a" }, who.auth))).status,
        who.role,
      ).toBe(403);
    }
  });

  it("another provider or another council gets 404 for obligations, submissions and files", async () => {
    const { contract, ob } = await freshObligation();
    const sub = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "q1.pdf", data: pdfBytes() },
    ]);
    const fileId = sub.body.files[0].id;
    for (const who of [other.providerUser, other.reviewer, other.commissioner]) {
      for (const path of [
        `/api/contracts/${contract.id}`,
        `/api/contracts/${contract.id}/obligations`,
        `/api/contracts/${contract.id}/compliance`,
        `/api/contracts/${contract.id}/compliance-report?format=csv`,
        `/api/obligations/${ob.id}`,
        `/api/obligations/${ob.id}/submissions`,
        `/api/submissions/${sub.body.id}`,
        `/api/files/${fileId}`,
      ]) {
        const res = await call(h, path, { headers: who.auth });
        expect(res.status, `${who.role} ${path}`).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain("q1.pdf");
      }
    }
    expect((await upload(h, other.providerUser.auth, ob.id, [...evidenceFields()])).status).toBe(404);
    expect(
      (await review(sub.body.id, { decision: "accepted", verdict: "compliant" }, other.reviewer)).status,
    ).toBe(404);
    expect(
      (await call(h, `/api/obligations/${ob.id}/waive`, json({ reason: "n/a" }, other.reviewer.auth))).status,
    ).toBe(404);
    expect(await rowsFor(ob.id)).toHaveLength(1);
  });
});

describe("the audit log tells a submission's whole story", () => {
  it("submission, files, review and waiver, each in the log with the submission they belong to", async () => {
    const { contract, ob } = await freshObligation();
    const sub = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "a.pdf", data: pdfBytes() },
      { name: "files", filename: "b.xlsx", data: xlsxBytes() },
    ]);
    await review(sub.body.id, { decision: "accepted", verdict: "compliant" });
    const story = await call(h, `/api/audit?entityType=submission&entityId=${sub.body.id}`, {
      headers: t.admin.auth,
    });
    // Newest first.
    expect(story.body.events.map((e: { action: string }) => e.action)).toEqual([
      "review.create",
      "file.store",
      "file.store",
      "submission.create",
    ]);
    const [decided, , fileA, created] = story.body.events;
    expect(created.actorUserId).toBe(t.providerUser.id);
    expect(created.organisationId).toBe(t.council.id);
    expect(fileA.after).toMatchObject({ name: "a.pdf", contentType: "application/pdf" });
    expect(decided).toMatchObject({
      actorUserId: t.reviewer.id,
      entityType: "review",
      after: { decision: "accepted", verdict: "compliant", obligationState: "accepted" },
    });
    const files = await h.db
      .select()
      .from(submissionFiles)
      .where(eq(submissionFiles.submissionId, sub.body.id));
    expect(fileA.entityId).toBe(files.find((f) => f.name === "a.pdf")!.id);

    const waiveMe = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q2");
    await call(h, `/api/obligations/${waiveMe.id}/waive`, json({ reason: "Pilot quarter" }, t.reviewer.auth));
    const waiver = await call(h, `/api/audit?entityType=obligation&entityId=${waiveMe.id}`, {
      headers: t.admin.auth,
    });
    expect(waiver.body.events).toMatchObject([
      {
        action: "obligation.waive",
        actorUserId: t.reviewer.id,
        after: { state: "not_applicable", reason: "Pilot quarter" },
      },
    ]);
  });
});
