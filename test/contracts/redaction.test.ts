// Removing evidence that should not be kept (redaction), the retention job that does the same when the
// retention period has ended, and the record of who downloaded each file.
import { existsSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, submissionFiles, users } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { runScheduledJobs } from "../../src/services/jobs/scheduled.js";
import { json, makeOrganisation, makeTenant, makeUser, PASSWORD, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  obligationsOf,
  pdfBytes,
  type Tenant,
  upload,
  webPage,
  webSession,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let otherAdmin: TestUser;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  otherAdmin = other.admin;
  specId = (await issuedSpecification(h, t, ["FBK-02"])).id;
});
afterAll(() => h.close());

async function submitted(
  opts: { start?: string; end?: string; period?: string; covered?: [string, string] } = {},
) {
  const contract = await letContract(h, t, specId, {
    ...(opts.start ? { startDate: opts.start, endDate: opts.end } : {}),
  });
  const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", opts.period ?? "2026-27 Q1");
  const res = await upload(h, t.providerUser.auth, ob.id, [
    ...evidenceFields(opts.covered ? { coveredFrom: opts.covered[0], coveredTo: opts.covered[1] } : {}),
    { name: "files", filename: "forum-minutes.pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const fileId = res.body.files[0].id as string;
  const [row] = await h.db.select().from(submissionFiles).where(eq(submissionFiles.id, fileId));
  return { submission: res.body, fileId, bytesPath: path.join(h.dataDir, "files", row!.storageKey) };
}

const download = (fileId: string, who: TestUser) => call(h, `/api/files/${fileId}`, { headers: who.auth });
const redact = (fileId: string, who: TestUser, reason = "It names a person who uses the service") =>
  call(h, `/api/files/${fileId}/redact`, json({ reason }, who.auth));

describe("the download log", () => {
  it("records every download; the provider and the council's admins can read it, no one else", async () => {
    const { fileId } = await submitted();
    clock.set("2026-08-15T12:00:00Z");
    expect((await download(fileId, t.reviewer)).status).toBe(200);
    clock.set("2026-08-15T12:05:00Z");
    expect((await download(fileId, t.providerUser)).status).toBe(200);
    clock.set("2026-08-15T12:00:00Z");
    for (const who of [t.providerUser, t.admin]) {
      const log = await call(h, `/api/files/${fileId}/downloads`, { headers: who.auth });
      expect(log.status).toBe(200);
      expect(log.body.downloads.map((d: { userId: string }) => d.userId)).toEqual([
        t.reviewer.id,
        t.providerUser.id,
      ]);
      expect(log.body.downloads[0]).toMatchObject({ name: "Test reviewer", at: "2026-08-15T12:00:00.000Z" });
    }
    expect((await call(h, `/api/files/${fileId}/downloads`, { headers: t.reviewer.auth })).status).toBe(403);
    expect((await call(h, `/api/files/${fileId}/downloads`, { headers: otherAdmin.auth })).status).toBe(404);
    expect(
      (await call(h, `/api/files/${fileId}/downloads`, { headers: other.providerUser.auth })).status,
    ).toBe(404);
  });
});

describe("the download log and people who use the service", () => {
  it("shows the provider a representative's group, never their name; the council sees who it was", async () => {
    const forum = await makeOrganisation(h.db, "user_group");
    const rep = await makeUser(h.db, forum.id, "representative");
    await h.db.update(users).set({ name: "Jo Lived-Experience" }).where(eq(users.id, rep.id));
    const spec = await issuedSpecification(h, t, ["FBK-01"]);
    const contract = await letContract(h, t, spec.id);
    const linked = await call(
      h,
      `/api/contracts/${contract.id}/user-groups`,
      json({ organisationId: forum.id }, t.commissioner.auth),
    );
    expect(linked.status).toBe(201);
    const ob = (await obligationsOf(h, t.providerUser.auth, contract.id, "?clause=FBK-01")).find(
      (o) => o.status === "open" || o.status === "overdue",
    )!;
    const sent = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields({ coveredFrom: ob.periodStart, coveredTo: ob.periodStart, shareable: "yes" }),
      { name: "files", filename: "survey-themes.pdf", data: pdfBytes() },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const fileId = sent.body.files[0].id as string;
    expect((await download(fileId, rep)).status).toBe(200);

    const seen = await call(h, `/api/files/${fileId}/downloads`, { headers: t.providerUser.auth });
    expect(seen.body.downloads).toEqual([
      expect.objectContaining({ userId: null, name: `A representative of ${forum.name}` }),
    ]);
    expect(JSON.stringify(seen.body)).not.toContain("Jo Lived-Experience");
    expect(JSON.stringify(seen.body)).not.toContain(rep.id);
    const council = await call(h, `/api/files/${fileId}/downloads`, { headers: t.admin.auth });
    expect(council.body.downloads).toEqual([
      expect.objectContaining({ userId: rep.id, name: "Jo Lived-Experience" }),
    ]);
    const page = await webPage(h, await webSession(h, t.providerUser.email), `/submissions/${sent.body.id}`);
    expect(page.html).toContain(`A representative of ${forum.name}, `);
    expect(page.html).not.toContain("Jo Lived-Experience");
  });
});

describe("redaction", () => {
  it("destroys the bytes, keeps the row, answers 410 with the reason to everyone, and is audited", async () => {
    const { submission, fileId, bytesPath } = await submitted();
    expect(existsSync(bytesPath)).toBe(true);
    const res = await redact(fileId, t.providerUser);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: fileId,
      name: "forum-minutes.pdf",
      redactionReason: "It names a person who uses the service",
      redactedAt: "2026-08-15T12:00:00.000Z",
    });
    expect(existsSync(bytesPath)).toBe(false);
    for (const who of [t.providerUser, t.reviewer, t.commissioner]) {
      const dl = await download(fileId, who);
      expect(dl.status).toBe(410);
      expect(dl.body.detail).toBe(
        "This file was removed on 15 August 2026: It names a person who uses the service.",
      );
    }
    // The history still reads: the submission lists the file with its name, size and hash.
    const view = await call(h, `/api/submissions/${submission.id}`, { headers: t.reviewer.auth });
    expect(view.body.files[0]).toMatchObject({
      name: "forum-minutes.pdf",
      sha256: submission.files[0].sha256,
    });
    const [event] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "file.redact"), eq(auditEvents.entityId, fileId)));
    expect(event).toMatchObject({ actorUserId: t.providerUser.id, parentId: submission.id });
    expect((await redact(fileId, t.reviewer)).status).toBe(409);
  });

  it("after review only the council's reviewers and commissioners may; another council never", async () => {
    const { submission, fileId } = await submitted();
    const reviewed = await call(
      h,
      `/api/submissions/${submission.id}/reviews`,
      json({ decision: "changes_requested", comment: "Add the attendance figures" }, t.reviewer.auth),
    );
    expect(reviewed.status).toBe(201);
    expect((await redact(fileId, t.providerUser)).status).toBe(403);
    expect((await redact(fileId, other.reviewer)).status).toBe(404);
    expect((await redact(fileId, t.commissioner, "Holds a date of birth")).status).toBe(200);
  });

  it("the reason follows the text rule", async () => {
    const { fileId } = await submitted();
    const res = await redact(fileId, t.reviewer, "Names \uffff someone");
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe("reason");
  });
});

describe("retention", () => {
  it("destroys the files of contracts that ended more than six years ago, and nothing else", async () => {
    clock.set("2018-08-15T12:00:00Z");
    const old = await submitted({
      start: "2018-04-01",
      end: "2020-03-31",
      period: "2018-19 Q1",
      covered: ["2018-04-01", "2018-06-30"],
    });
    const recent = await submitted({
      start: "2018-04-01",
      end: "2020-08-31",
      period: "2018-19 Q1",
      covered: ["2018-04-01", "2018-06-30"],
    });
    clock.set("2026-08-15T12:00:00Z");
    const current = await submitted();

    await runScheduledJobs({
      db: h.db,
      files: h.deps.files,
      now: new Date("2026-08-15T12:00:00Z"),
      log: createLogger("silent"),
      retentionYears: 6,
    });

    expect(existsSync(old.bytesPath)).toBe(false);
    const gone = await download(old.fileId, t.reviewer);
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toBe("This file was removed on 15 August 2026: retention period ended.");
    for (const kept of [recent, current]) {
      expect(existsSync(kept.bytesPath)).toBe(true);
      expect((await download(kept.fileId, t.reviewer)).status).toBe(200);
    }
    const [event] = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "file.redact"), eq(auditEvents.entityId, old.fileId)));
    expect(event).toMatchObject({ actorUserId: null, after: { reason: "retention period ended" } });
  });
});

describe("on the pages", () => {
  const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
  async function session(user: TestUser) {
    const res = await h.app.request("/sign-in", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email: user.email, password: PASSWORD }).toString(),
    });
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const home = await h.app.request(res.headers.get("location")!, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!;
    return {
      get: (p: string) => call(h, p, { headers: { cookie, accept: "text/html" } }),
      post: (p: string, fields: Record<string, string>) =>
        call(h, p, {
          method: "POST",
          headers: { ...FORM, cookie, origin: "http://localhost" },
          body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
    };
  }

  it("a reviewer removes a file with a reason; the submission page says why, the download is 410", async () => {
    const { submission, fileId, bytesPath } = await submitted();
    const reviewer = await session(t.reviewer);
    const before = await reviewer.get(`/submissions/${submission.id}`);
    expect(before.body).toContain(`href="/files/${fileId}/remove"`);
    const empty = await reviewer.post(`/files/${fileId}/remove`, { reason: "" });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain("Say why the file is being removed");
    const done = await reviewer.post(`/files/${fileId}/remove`, { reason: "Names a service user" });
    expect(done.status).toBe(303);
    expect(existsSync(bytesPath)).toBe(false);
    const after = await reviewer.get(`/submissions/${submission.id}`);
    expect(after.body).toContain("Removed on 15 August 2026: Names a service user");
    expect(after.body).not.toContain(`href="/files/${fileId}"`);
    const dl = await reviewer.get(`/files/${fileId}`);
    expect(dl.status).toBe(410);
    expect(dl.body).toContain("This file was removed on 15 August 2026: Names a service user.");
  });

  it("the provider sees who downloaded each file on the submission page", async () => {
    const { submission, fileId } = await submitted();
    await download(fileId, t.reviewer);
    const provider = await session(t.providerUser);
    const res = await provider.get(`/submissions/${submission.id}`);
    expect(res.body).toContain("Who downloaded it");
    expect(res.body).toContain("Test reviewer, ");
    const reviewer = await session(t.reviewer);
    expect((await reviewer.get(`/submissions/${submission.id}`)).body).not.toContain("Who downloaded it");
  });

  it("the council's administrator reaches it from the audit log and sees who downloaded each file, but cannot download", async () => {
    const { submission, fileId } = await submitted();
    await download(fileId, t.reviewer);
    const admin = await session(t.admin);
    const log = await admin.get(`/admin/audit?entityType=submission&entityId=${submission.id}`);
    expect(log.status).toBe(200);
    expect(log.body).toContain(`href="/submissions/${submission.id}"`);
    const res = await admin.get(`/submissions/${submission.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain("Who downloaded it");
    expect(res.body).toContain("Test reviewer, ");
    expect(res.body).toContain("forum-minutes.pdf");
    // The page is for the access log: no link to the file, the contract or the obligation.
    expect(res.body).not.toContain(`href="/files/${fileId}"`);
    expect(res.body).not.toContain(`href="/contracts/${submission.contractId}"`);
    expect((await admin.get(`/files/${fileId}`)).status).toBe(403);
    // A provider's administrator manages its users only.
    const providerAdmin = await makeUser(h.db, t.provider.id, "admin");
    expect((await (await session(providerAdmin)).get(`/submissions/${submission.id}`)).status).toBe(403);
  });

  it("a removed file is marked, with when and why, in the evidence history too", async () => {
    const { submission, fileId } = await submitted();
    const reviewer = await session(t.reviewer);
    const returned = await reviewer.post(`/submissions/${submission.id}/review`, {
      decision: "changes_requested",
      comment: "Add the attendance figures",
    });
    expect(returned.status).toBe(303);
    expect((await redact(fileId, t.reviewer, "Names a service user")).status).toBe(200);
    const provider = await session(t.providerUser);
    const history = await provider.get(`/obligations/${submission.obligationId}`);
    expect(history.status).toBe(200);
    expect(history.body).toContain("Removed on 15 August 2026: Names a service user");
    expect(history.body).not.toContain(`href="/files/${fileId}"`);
  });
});
