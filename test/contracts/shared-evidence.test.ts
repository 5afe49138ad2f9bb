// Evidence that serves several clauses: a provider attaches a file it already sent (by id) to a submission
// for another obligation of the same contract. The bytes are stored once; each obligation is reviewed on its
// own; removing the file removes it everywhere; the orphan sweep and the retention job keep or destroy the
// shared bytes as one.
import { existsSync } from "node:fs";
import { utimes } from "node:fs/promises";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { obligations, submissionFiles, submissions } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { runScheduledJobs } from "../../src/services/jobs/scheduled.js";
import { json, makeTenant, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  type Part,
  pageText,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
  webEvidenceFields,
  webPage,
  webSession,
  webUpload,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
/** The dates a submission for the MON-01 April 2026 obligation covers (its month; due 28 May). */
const april = { coveredFrom: "2026-04-01", coveredTo: "2026-04-30" };
let h: Harness;
let t: Tenant;
let other: Tenant;
let specId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  specId = (await issuedSpecification(h, t, ["FBK-02", "MON-01"])).id;
});
afterAll(() => h.close());

/** A contract with a file sent for its FBK-02 first quarter; its April MON-01 obligation is still open. */
async function contractWithFile(tenant = t, spec = specId) {
  const contract = await letContract(h, tenant, spec);
  const first = await findObligation(h, tenant.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
  const second = await findObligation(h, tenant.providerUser.auth, contract.id, "MON-01", "Apr 2026");
  const res = await upload(h, tenant.providerUser.auth, first.id, [
    ...evidenceFields(),
    { name: "files", filename: "forum-minutes.pdf", data: pdfBytes("Forum minutes, all clauses") },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const fileId = res.body.files[0].id as string;
  const [row] = await h.db.select().from(submissionFiles).where(eq(submissionFiles.id, fileId));
  return {
    contract,
    first,
    second,
    submission: res.body,
    fileId,
    bytesPath: path.join(h.dataDir, "files", row!.storageKey),
  };
}

const attach = (ids: string[]): Part[] => ids.map((value) => ({ name: "attachFileIds", value }));
const download = (fileId: string, who: TestUser) => call(h, `/api/files/${fileId}`, { headers: who.auth });

describe("attaching a file already sent", () => {
  it("makes a submission of the attached file alone, without a second copy; both download; each obligation is reviewed on its own", async () => {
    const c = await contractWithFile();
    const before = (await storedFiles(h)).length;
    const res = await upload(h, t.providerUser.auth, c.second.id, [
      ...evidenceFields({ ...april, narrative: "The same forum's minutes cover the group's April meeting." }),
      ...attach([c.fileId]),
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.files).toHaveLength(1);
    const attached = res.body.files[0];
    expect(attached.id).not.toBe(c.fileId);
    expect(attached).toMatchObject({ name: "forum-minutes.pdf", sha256: c.submission.files[0].sha256 });
    expect((await storedFiles(h)).length).toBe(before);

    for (const id of [c.fileId, attached.id]) {
      for (const who of [t.providerUser, t.reviewer]) {
        const dl = await download(id, who);
        expect(dl.status).toBe(200);
        expect(String(dl.body)).toContain("Forum minutes, all clauses");
      }
    }

    // Reviewing one obligation leaves the other as it was.
    const review = await call(
      h,
      `/api/submissions/${res.body.id}/reviews`,
      json(
        { decision: "changes_requested", comment: "Say which actions came from the April meeting." },
        t.reviewer.auth,
      ),
    );
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const states = await h.db
      .select({ id: obligations.id, state: obligations.state })
      .from(obligations)
      .where(eq(obligations.contractId, c.contract.id));
    const stateOf = (id: string) => states.find((s) => s.id === id)?.state;
    expect(stateOf(c.second.id)).toBe("changes_requested");
    expect(stateOf(c.first.id)).toBe("submitted");
  });

  it("refuses, at the field, a file of another contract, another provider's file, an unknown id and a removed file; nothing is written", async () => {
    const mine = await contractWithFile();
    const elsewhere = await contractWithFile();
    const otherSpec = (await issuedSpecification(h, other, ["FBK-02", "MON-01"])).id;
    const theirs = await contractWithFile(other, otherSpec);
    const removed = await contractWithFile();
    const gone = await call(
      h,
      `/api/files/${removed.fileId}/redact`,
      json({ reason: "It names a person" }, t.providerUser.auth),
    );
    expect(gone.status).toBe(200);

    const cases: [string, string, string][] = [
      [mine.second.id, elsewhere.fileId, `${elsewhere.fileId} is not a file sent for this contract`],
      [mine.second.id, theirs.fileId, `${theirs.fileId} is not a file sent for this contract`],
      [
        mine.second.id,
        "00000000-0000-4000-8000-00000000beef",
        "00000000-0000-4000-8000-00000000beef is not a file sent for this contract",
      ],
      [mine.second.id, "not-an-id", "must be ids of files you have already sent"],
      [removed.second.id, removed.fileId, `${removed.fileId} was removed and cannot be used`],
    ];
    for (const [obligationId, id, message] of cases) {
      const before = await storedFiles(h);
      const res = await upload(h, t.providerUser.auth, obligationId, [
        ...evidenceFields(april),
        ...attach([id]),
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors).toContainEqual({ path: "attachFileIds", message });
      expect(await storedFiles(h)).toEqual(before);
    }
    // No submission was made for either obligation.
    const untouched = await h.db
      .select({ latest: obligations.latestSubmissionId })
      .from(obligations)
      .where(inArray(obligations.id, [mine.second.id, removed.second.id]));
    expect(untouched).toEqual([{ latest: null }, { latest: null }]);
  });
});

describe("through the web form", () => {
  const ticked = (ids: string[]): Part[] => ids.map((value) => ({ name: "attachFileIds", value }));
  /** The boxes the page offers: each file's id and the words next to its box. */
  const boxes = (html: string) =>
    [...html.matchAll(/name="attachFileIds" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]!);

  it("lists the provider's files of this contract by name, clause, period and day, and no others", async () => {
    const c = await contractWithFile();
    const elsewhere = await contractWithFile();
    const otherSpec = (await issuedSpecification(h, other, ["FBK-02", "MON-01"])).id;
    await contractWithFile(other, otherSpec);
    // A second file on this contract, then removed: it is not offered.
    const may = await findObligation(h, t.providerUser.auth, c.contract.id, "MON-01", "May 2026");
    const sent = await upload(h, t.providerUser.auth, may.id, [
      ...evidenceFields({ coveredFrom: "2026-05-01", coveredTo: "2026-05-31" }),
      { name: "files", filename: "names-a-person.pdf", data: pdfBytes("A name") },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const red = await call(
      h,
      `/api/files/${sent.body.files[0].id}/redact`,
      json({ reason: "It names a person" }, t.providerUser.auth),
    );
    expect(red.status).toBe(200);
    const s = await webSession(h, t.providerUser.email);
    const page = await webPage(h, s, `/obligations/${c.second.id}`);
    expect(page.status).toBe(200);
    expect(boxes(page.html)).toEqual([c.fileId]);
    expect(boxes(page.html)).not.toContain(elsewhere.fileId);
    const text = pageText(page.html);
    expect(text).toContain("Use a file you already sent for this contract (1)");
    expect(text).toMatch(
      /forum-minutes\.pdf Sent for FBK-02 .+?, 2026-27 Q1, on 15 August 2026 \(\d+ bytes\)/,
    );
  });

  it("a submission of attached files only, and one of an attached file and a new one; no second copy", async () => {
    const c = await contractWithFile();
    const s = await webSession(h, t.providerUser.email);
    const before = (await storedFiles(h)).length;
    const only = await webUpload(h, s, c.second.id, [
      ...webEvidenceFields({}, { from: april.coveredFrom, to: april.coveredTo }),
      ...ticked([c.fileId]),
    ]);
    expect(only.status, pageText(only.html).slice(0, 1500)).toBe(303);
    expect((await storedFiles(h)).length).toBe(before);
    const confirmation = await webPage(h, s, only.headers.get("location")!);
    expect(pageText(confirmation.html)).toContain("We have your evidence: 1 file (forum-minutes.pdf).");

    // The next month's obligation: the same file again, and a new one.
    const may = await findObligation(h, t.providerUser.auth, c.contract.id, "MON-01", "May 2026");
    const both = await webUpload(h, s, may.id, [
      ...webEvidenceFields({}, { from: "2026-05-01", to: "2026-05-31" }),
      ...ticked([c.fileId]),
      { name: "files", filename: "may-meeting.pdf", contentType: "application/pdf", data: pdfBytes("May") },
    ]);
    expect(both.status, pageText(both.html).slice(0, 1500)).toBe(303);
    expect((await storedFiles(h)).length).toBe(before + 1);
    const [sub] = await h.db.select().from(submissions).where(eq(submissions.obligationId, may.id));
    const files = await h.db.select().from(submissionFiles).where(eq(submissionFiles.submissionId, sub!.id));
    expect(files.map((f) => f.name).sort()).toEqual(["forum-minutes.pdf", "may-meeting.pdf"]);
  });

  it("refuses another provider's file, a file of another contract and a removed file in the error summary; nothing is kept", async () => {
    const mine = await contractWithFile();
    const elsewhere = await contractWithFile();
    const otherSpec = (await issuedSpecification(h, other, ["FBK-02", "MON-01"])).id;
    const theirs = await contractWithFile(other, otherSpec);
    const removed = await contractWithFile();
    const gone = await call(
      h,
      `/api/files/${removed.fileId}/redact`,
      json({ reason: "It names a person" }, t.providerUser.auth),
    );
    expect(gone.status).toBe(200);
    const s = await webSession(h, t.providerUser.email);
    const notHere = "Choose files to use again only from the list of files already sent for this contract";
    const cases: [string, string, string][] = [
      [mine.second.id, theirs.fileId, notHere],
      [mine.second.id, elsewhere.fileId, notHere],
      [
        removed.second.id,
        removed.fileId,
        "A file you chose from the files you already sent has since been removed, so it cannot be used",
      ],
    ];
    for (const [obligationId, id, message] of cases) {
      const before = await storedFiles(h);
      const res = await webUpload(h, s, obligationId, [
        ...webEvidenceFields({}, { from: april.coveredFrom, to: april.coveredTo }),
        ...ticked([id]),
        { name: "files", filename: "new.pdf", contentType: "application/pdf", data: pdfBytes("New") },
      ]);
      expect(res.status).toBe(422);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.html)?.[0] ?? "";
      expect(pageText(summary)).toContain(message);
      expect(pageText(summary)).toContain("Nothing was saved, so choose your file again: new.pdf");
      // The other provider's file is not named, nor offered.
      expect(res.html).not.toContain(theirs.fileId);
      expect(await storedFiles(h)).toEqual(before);
      expect(await h.db.select().from(submissions).where(eq(submissions.obligationId, obligationId))).toEqual(
        [],
      );
    }
  });
});

describe("removing a shared file", () => {
  it("destroys the bytes once and answers 410 from every submission that holds it", async () => {
    const c = await contractWithFile();
    const res = await upload(h, t.providerUser.auth, c.second.id, [
      ...evidenceFields(april),
      ...attach([c.fileId]),
    ]);
    expect(res.status).toBe(201);
    const attachedId = res.body.files[0].id as string;
    const red = await call(
      h,
      `/api/files/${attachedId}/redact`,
      json({ reason: "It names a person who uses the service" }, t.reviewer.auth),
    );
    expect(red.status, JSON.stringify(red.body)).toBe(200);
    expect(existsSync(c.bytesPath)).toBe(false);
    for (const id of [c.fileId, attachedId]) {
      const dl = await download(id, t.providerUser);
      expect(dl.status).toBe(410);
      expect(dl.body.detail).toBe(
        "This file was removed on 15 August 2026: It names a person who uses the service.",
      );
    }
  });
  it("is not the provider's to do once any submission holding the file has been reviewed", async () => {
    const c = await contractWithFile();
    const res = await upload(h, t.providerUser.auth, c.second.id, [
      ...evidenceFields(april),
      ...attach([c.fileId]),
    ]);
    expect(res.status).toBe(201);
    const attachedId = res.body.files[0].id as string;
    const review = await call(
      h,
      `/api/submissions/${c.submission.id}/reviews`,
      json(
        { decision: "accepted", verdict: "compliant", comment: "Minutes show the forum met." },
        t.reviewer.auth,
      ),
    );
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    // The attached copy sits on a submission still awaiting review, but the bytes are also the accepted evidence.
    const red = await call(
      h,
      `/api/files/${attachedId}/redact`,
      json({ reason: "Sent by mistake" }, t.providerUser.auth),
    );
    expect(red.status).toBe(403);
    expect(red.body.detail).toContain("ask the commissioning organisation");
    expect(existsSync(c.bytesPath)).toBe(true);
    expect((await download(c.fileId, t.reviewer)).status).toBe(200);
  });
});

describe("the jobs", () => {
  it("the orphan sweep keeps bytes that only an attached row still names", async () => {
    const c = await contractWithFile();
    const res = await upload(h, t.providerUser.auth, c.second.id, [
      ...evidenceFields(april),
      ...attach([c.fileId]),
    ]);
    expect(res.status).toBe(201);
    // The first row goes (as if its submission were gone); the attached row still holds the bytes.
    const [first] = await h.db.select().from(submissionFiles).where(eq(submissionFiles.id, c.fileId));
    await h.db
      .update(submissionFiles)
      .set({ storageKey: `${first!.storageKey}-moved` })
      .where(eq(submissionFiles.id, c.fileId));
    const old = new Date(Date.now() - 3 * 86_400_000);
    await utimes(c.bytesPath, old, old);
    await runScheduledJobs({ db: h.db, files: h.deps.files, now: new Date(), log: createLogger("silent") });
    expect(existsSync(c.bytesPath)).toBe(true);
    const dl = await download(res.body.files[0].id, t.reviewer);
    expect(dl.status).toBe(200);
  });

  it("the retention job destroys a shared file once and marks every row that held it", async () => {
    clock.set("2018-08-15T12:00:00Z");
    const contract = await letContract(h, t, specId, { startDate: "2018-04-01", endDate: "2020-03-31" });
    const first = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2018-19 Q1");
    const second = await findObligation(h, t.providerUser.auth, contract.id, "MON-01", "Apr 2018");
    const covered = { coveredFrom: "2018-04-01", coveredTo: "2018-06-30" };
    const a = await upload(h, t.providerUser.auth, first.id, [
      ...evidenceFields(covered),
      { name: "files", filename: "forum-minutes.pdf", data: pdfBytes() },
    ]);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await upload(h, t.providerUser.auth, second.id, [
      ...evidenceFields({ ...covered, coveredTo: "2018-04-30" }),
      ...attach([a.body.files[0].id]),
    ]);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    clock.set("2026-08-15T12:00:00Z");
    const log = { errors: 0 };
    const logger = createLogger("silent");
    await runScheduledJobs({
      db: h.db,
      files: h.deps.files,
      now: new Date("2026-08-15T12:00:00Z"),
      log: { ...logger, error: () => void log.errors++ },
      retentionYears: 6,
    });
    expect(log.errors).toBe(0);
    for (const id of [a.body.files[0].id, b.body.files[0].id]) {
      const dl = await download(id, t.reviewer);
      expect(dl.status).toBe(410);
      expect(dl.body.detail).toBe("This file was removed on 15 August 2026: retention period ended.");
    }
  });
});
