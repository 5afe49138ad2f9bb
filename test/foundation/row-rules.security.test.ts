// The row rules of the access policy (src/model/access-policy.ts), each through the API with a caller it
// allows and one it refuses, of the organisation that owns the rows and of another: who hands in an
// obligation's evidence, who may remove a file and until when, who reads a file's download log, which
// evidence and views a user group reads, whose names they see, and who is told of new evidence. Every
// rule in ROW_RULES must have its case here.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractUserGroups, notifications } from "../../src/db/schema/index.js";
import { AUDIENCES, ROW_RULES } from "../../src/model/access-policy.js";
import {
  call,
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  type Obligation,
  pdfBytes,
  upload,
} from "../contracts/fixtures.js";
import { json, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

type Tenant = Awaited<ReturnType<typeof makeTenant>> & {
  group: { id: string };
  representative: TestUser;
  secondGroup: { id: string };
  secondRepresentative: TestUser;
};

// Mid-2027: every quarter used here has started, and the contract (to March 2029) still takes evidence.
const clock = makeClock("2027-07-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  const withGroups = async (): Promise<Tenant> => {
    const tenant = await makeTenant(h.db);
    const [group, secondGroup] = await Promise.all([
      makeOrganisation(h.db, "user_group"),
      makeOrganisation(h.db, "user_group"),
    ]);
    return {
      ...tenant,
      group,
      representative: await makeUser(h.db, group.id, "representative"),
      secondGroup,
      secondRepresentative: await makeUser(h.db, secondGroup.id, "representative"),
    };
  };
  [t, other] = await Promise.all([withGroups(), withGroups()]);
  const spec = await issuedSpecification(h, t, ["COP-04", "COM-04", "FBK-02"]);
  contractId = (await letContract(h, t, spec.id)).id;
  await h.db.insert(contractUserGroups).values([
    { contractId, userGroupId: t.group.id },
    { contractId, userGroupId: t.secondGroup.id },
  ]);
});
afterAll(() => h.close());

const status = async (path: string, who: TestUser, init: RequestInit = {}) =>
  (await call(h, path, { ...init, headers: { ...(init.headers ?? {}), ...who.auth } })).status;

/** The evidence fields, covering the obligation's own period. */
const covering = (ob: Obligation, more: Record<string, string> = {}) =>
  evidenceFields({ coveredFrom: ob.periodStart, coveredTo: ob.periodEnd ?? ob.periodStart, ...more });

/** Evidence handed in by t's provider for a clause, shared with the groups or not; its first file. */
async function evidence(clause: string, opts: { shared?: boolean; period?: string } = {}) {
  const ob = await findObligation(h, t.providerUser.auth, contractId, clause, opts.period ?? "2026-27 Q1");
  const res = await upload(h, t.providerUser.auth, ob.id, [
    ...covering(ob, opts.shared ? { shareable: "yes" } : {}),
    { name: "files", filename: "report.pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { submissionId: res.body.id as string, fileId: res.body.files[0].id as string };
}

const review = (submissionId: string) =>
  call(
    h,
    `/api/submissions/${submissionId}/reviews`,
    json({ decision: "changes_requested", comment: "Add the figures." }, t.reviewer.auth),
  );

/** One case per row rule: it must allow and refuse as the rule says, across two organisations. */
const CASES: Record<keyof typeof ROW_RULES, () => Promise<void>> = {
  "evidence.submit": async () => {
    const provider = await findObligation(h, t.providerUser.auth, contractId, "FBK-02", "2026-27 Q2");
    const own = await findObligation(h, t.commissioner.auth, contractId, "COM-04", "2026-27 Q1");
    const send = (who: TestUser, ob: Obligation) =>
      upload(h, who.auth, ob.id, [...covering(ob), { name: "files", filename: "r.pdf", data: pdfBytes() }]);
    // The provider's clause: the provider hands it in; the council's commissioner is refused, another provider never sees it.
    expect((await send(t.commissioner, provider)).status).toBe(403);
    expect((await send(other.providerUser, provider)).status).toBe(404);
    expect((await send(t.providerUser, provider)).status).toBe(201);
    // The council's own commitment: its commissioner hands it in, the provider is refused, another council never sees it.
    expect((await send(t.providerUser, own)).status).toBe(403);
    expect((await send(other.commissioner, own)).status).toBe(404);
    expect((await send(t.commissioner, own)).status).toBe(201);
  },
  "file.redact": async () => {
    const redact = (fileId: string, who: TestUser) =>
      status(`/api/files/${fileId}/redact`, who, json({ reason: "It names a person who uses the service" }));
    const before = await evidence("FBK-02", { period: "2026-27 Q3" });
    expect(await redact(before.fileId, other.providerUser)).toBe(404);
    expect(await redact(before.fileId, t.providerUser)).toBe(200);
    const after = await evidence("FBK-02", { period: "2026-27 Q4" });
    expect((await review(after.submissionId)).status).toBe(201);
    expect(await redact(after.fileId, t.providerUser)).toBe(403);
    expect(await redact(after.fileId, other.reviewer)).toBe(404);
    expect(await redact(after.fileId, t.reviewer)).toBe(200);
  },
  "file.downloads": async () => {
    const { fileId } = await evidence("COP-04", { period: "2026-27 Q2" });
    const log = (who: TestUser) => status(`/api/files/${fileId}/downloads`, who);
    expect(await log(t.providerUser)).toBe(200);
    expect(await log(t.admin)).toBe(200);
    expect(await log(t.reviewer)).toBe(403);
    expect(await log(other.providerUser)).toBe(404);
    expect(await log(other.admin)).toBe(404);
  },
};

describe("the row rules", () => {
  it("each has its case here", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(ROW_RULES).sort());
  });
  for (const [rule, run] of Object.entries(CASES)) {
    it(`${rule}: ${ROW_RULES[rule as keyof typeof ROW_RULES].text}`, run, 60_000);
  }
});

describe("what a user group reads", () => {
  it("evidence: only what the provider shared with the groups; another council's group nothing", async () => {
    const shared = await evidence("COP-04", { shared: true, period: "2026-27 Q3" });
    const kept = await evidence("COP-04", { period: "2026-27 Q4" });
    const read = (id: string, who: TestUser) => status(`/api/submissions/${id}`, who);
    expect(await read(shared.submissionId, t.representative)).toBe(200);
    expect(await read(kept.submissionId, t.representative)).toBe(404);
    expect(await read(shared.submissionId, other.representative)).toBe(404);
    expect(await read(kept.submissionId, t.providerUser)).toBe(200);
    // Who at the provider handed it in is named to the council, never to the group.
    const asGroup = await call(h, `/api/submissions/${shared.submissionId}`, {
      headers: t.representative.auth,
    });
    const asCouncil = await call(h, `/api/submissions/${shared.submissionId}`, { headers: t.reviewer.auth });
    expect(asGroup.body.submittedByName).toBeNull();
    expect(asCouncil.body.submittedByName).toEqual(expect.any(String));
  });

  it("views: their own group's only; the council every group's; a name reaches the provider only when its writer chose", async () => {
    const { submissionId } = await evidence("COP-04", { shared: true, period: "2027-28 Q1" });
    const give = (who: TestUser, showMyName: boolean) =>
      call(
        h,
        `/api/submissions/${submissionId}/validations`,
        json({ view: "agree", comment: "", showMyName }, who.auth),
      );
    // The privacy notice comes before a first view (other.representative's is refused as not theirs, 404, first).
    for (const who of [t.representative, t.secondRepresentative]) {
      expect((await call(h, "/api/involvement/views-notice", json({}, who.auth))).status).toBe(200);
    }
    expect((await give(t.representative, false)).status).toBe(201);
    expect((await give(t.secondRepresentative, true)).status).toBe(201);
    expect((await give(other.representative, true)).status).toBe(404);
    const views = async (who: TestUser) => {
      const res = await call(h, `/api/submissions/${submissionId}/validations`, { headers: who.auth });
      expect(res.status).toBe(200);
      return (res.body.validations as Array<{ userGroupId: string; name: string | null }>)
        .map((v) => `${v.userGroupId === t.group.id ? "first" : "second"}: ${v.name ? "named" : "no name"}`)
        .sort();
    };
    const first = "first: named";
    const second = "second: named";
    expect(await views(t.representative)).toEqual([first]);
    expect(await views(t.secondRepresentative)).toEqual([second]);
    expect(await views(t.reviewer)).toEqual([first, second]);
    expect(await views(t.providerUser)).toEqual(["first: no name", second]);
    expect(await status(`/api/submissions/${submissionId}/validations`, other.reviewer)).toBe(404);
  });
});

describe("who is told", () => {
  it("an assessment falling due is the council's reviewers' to hear of (sent in assessment-reminders.test.ts)", () => {
    expect(AUDIENCES.assessment_due).toEqual(["reviewer"]);
    expect(AUDIENCES.assessment_confirmed).toEqual(["provider"]);
  });
  it("new evidence reaches the reviewers of the council that let the contract, and no one else", async () => {
    expect(AUDIENCES.evidence_submitted).toEqual(["reviewer"]);
    const { submissionId } = await evidence("FBK-02", { period: "2027-28 Q1" });
    const told = async (who: TestUser) =>
      (
        await h.db
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.userId, who.id), eq(notifications.kind, "evidence-submitted")))
      ).length > 0;
    expect(submissionId).toBeTruthy();
    expect(await told(t.reviewer)).toBe(true);
    expect(await told(t.commissioner)).toBe(false);
    expect(await told(other.reviewer)).toBe(false);
  });
});
