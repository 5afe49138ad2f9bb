// People who use the service check the evidence: user groups linked to contracts, representatives who see
// only their contracts' shared evidence, their views, the reviewer's answer, the counts in compliance, and
// the public page. Who may not matters as much as who may.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, notifications, reviews, users, validations } from "../../src/db/schema/index.js";
import {
  call,
  evidenceFields,
  issuedSpecification,
  letContract,
  makeClock,
  obligationsOf,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
} from "../contracts/fixtures.js";
import { fleschReadingEase, part } from "../documents/helpers.js";
import { json, makeOrganisation, makeTenant, makeUser, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let forum: { id: string; name: string };
let rep: TestUser;
let otherForumRep: TestUser;
let contractA: { id: string; reference: string };
let contractB: { id: string; reference: string };
let otherCouncilContract: { id: string };

/** The first obligation of a clause that takes evidence now. */
async function openObligation(contractId: string, clauseKey: string) {
  const all = await obligationsOf(h, t.providerUser.auth, contractId, `?clause=${clauseKey}`);
  const ob = all.find((o) => o.status === "open" || o.status === "overdue");
  expect(ob, `an open ${clauseKey} obligation`).toBeDefined();
  return ob!;
}

async function submit(contractId: string, clauseKey: string, shareable: "yes" | "no", narrative: string) {
  const ob = await openObligation(contractId, clauseKey);
  const res = await upload(h, t.providerUser.auth, ob.id, [
    ...evidenceFields({ narrative, coveredFrom: ob.periodStart, coveredTo: ob.periodStart, shareable }),
    {
      name: "files",
      filename: `${clauseKey}.pdf`,
      contentType: "application/pdf",
      data: pdfBytes(narrative),
    },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; obligationId: string; shareable: boolean; files: Array<{ id: string }> };
}

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const [f, otherForum] = await Promise.all([
    makeOrganisation(h.db, "user_group", `Northshire Recovery Forum ${crypto.randomUUID().slice(0, 6)}`),
    makeOrganisation(h.db, "user_group"),
  ]);
  forum = f;
  [rep, otherForumRep] = await Promise.all([
    makeUser(h.db, forum.id, "representative"),
    makeUser(h.db, otherForum.id, "representative"),
  ]);
  const spec = await issuedSpecification(h, t, ["FBK-01", "GRP-01", "GOV-02"]);
  [contractA, contractB] = [await letContract(h, t, spec.id), await letContract(h, t, spec.id)];
  const otherSpec = await issuedSpecification(h, other, ["FBK-01"]);
  otherCouncilContract = await letContract(h, other, otherSpec.id);
  // The other forum is linked to a contract too, so "not linked" is not the only reason it sees nothing.
  expect(
    (
      await call(
        h,
        `/api/contracts/${otherCouncilContract.id}/user-groups`,
        json({ organisationId: otherForum.id }, other.commissioner.auth),
      )
    ).status,
  ).toBe(201);
});
afterAll(() => h.close());

describe("linking user groups to a contract", () => {
  it("lets the commissioner link a user group, and lists it for the contract's staff", async () => {
    const groups = await call(h, "/api/organisations?kind=user_group", { headers: t.commissioner.auth });
    expect(groups.status).toBe(200);
    expect(groups.body.organisations.map((o: { id: string }) => o.id)).toContain(forum.id);

    const linked = await call(
      h,
      `/api/contracts/${contractA.id}/user-groups`,
      json({ organisationId: forum.id }, t.commissioner.auth),
    );
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body).toMatchObject({ organisationId: forum.id, name: forum.name });

    for (const who of [t.commissioner, t.reviewer, t.providerUser, rep]) {
      const list = await call(h, `/api/contracts/${contractA.id}/user-groups`, { headers: who.auth });
      expect(list.status, who.role).toBe(200);
      expect(list.body.userGroups).toEqual([expect.objectContaining({ organisationId: forum.id })]);
    }
    const [audit] = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "contract.user_group.link"));
    expect(audit).toBeDefined();
  });

  it("refuses a second link, a provider as a user group, and anyone but the commissioner", async () => {
    const again = await call(
      h,
      `/api/contracts/${contractA.id}/user-groups`,
      json({ organisationId: forum.id }, t.commissioner.auth),
    );
    expect(again.status).toBe(409);
    const provider = await call(
      h,
      `/api/contracts/${contractA.id}/user-groups`,
      json({ organisationId: t.provider.id }, t.commissioner.auth),
    );
    expect(provider.status).toBe(422);
    expect(provider.body.errors).toEqual([{ path: "organisationId", message: "must be a user group" }]);
    for (const who of [t.reviewer, t.providerUser, rep]) {
      const res = await call(
        h,
        `/api/contracts/${contractB.id}/user-groups`,
        json({ organisationId: forum.id }, who.auth),
      );
      expect(res.status, who.role).toBe(403);
    }
    // Another council's commissioner cannot link to (or learn of) this contract.
    const foreign = await call(
      h,
      `/api/contracts/${contractB.id}/user-groups`,
      json({ organisationId: forum.id }, other.commissioner.auth),
    );
    expect(foreign.status).toBe(404);
  });

  it("unlinks, after which the group's representatives no longer see the contract", async () => {
    const b = await call(
      h,
      `/api/contracts/${contractB.id}/user-groups`,
      json({ organisationId: forum.id }, t.commissioner.auth),
    );
    expect(b.status).toBe(201);
    expect((await call(h, `/api/contracts/${contractB.id}`, { headers: rep.auth })).status).toBe(200);
    const del = await call(h, `/api/contracts/${contractB.id}/user-groups/${forum.id}`, {
      method: "DELETE",
      headers: t.commissioner.auth,
    });
    expect(del.status).toBe(204);
    expect((await call(h, `/api/contracts/${contractB.id}`, { headers: rep.auth })).status).toBe(404);
    const again = await call(h, `/api/contracts/${contractB.id}/user-groups/${forum.id}`, {
      method: "DELETE",
      headers: t.commissioner.auth,
    });
    expect(again.status).toBe(404);
  });
});

describe("what representatives see, and what they never see", () => {
  let shared: Awaited<ReturnType<typeof submit>>;
  let notShared: Awaited<ReturnType<typeof submit>>;
  let notUserLed: Awaited<ReturnType<typeof submit>>;
  let onContractB: Awaited<ReturnType<typeof submit>>;

  beforeAll(async () => {
    shared = await submit(contractA.id, "FBK-01", "yes", "Survey results: 41 responses, themes attached.");
    notShared = await submit(contractA.id, "GRP-01", "no", "Forum notes with attendees' names.");
    notUserLed = await submit(contractA.id, "GOV-02", "yes", "Organisation chart.");
    onContractB = await submit(contractB.id, "FBK-01", "yes", "Contract B survey.");
  });

  it("records shareable as the provider answered it, false by default", async () => {
    expect(shared.shareable).toBe(true);
    expect(notShared.shareable).toBe(false);
    const ob = await openObligation(contractB.id, "GRP-01");
    const res = await upload(
      h,
      t.providerUser.auth,
      ob.id,
      evidenceFields({ coveredTo: ob.periodStart, coveredFrom: ob.periodStart }),
    );
    expect(res.status).toBe(201);
    expect(res.body.shareable).toBe(false);
    const fresh = await openObligation(contractB.id, "GOV-02");
    const bad = await upload(h, t.providerUser.auth, fresh.id, evidenceFields({ shareable: "maybe" }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: "shareable", message: "must be yes or no" }]);
  });

  it("asks the provider about sharing only for promises the group checks, with no as the answer given", async () => {
    const QUESTION = "Can the group of people who use the service see this evidence and its files?";
    const userLed = await openObligation(contractA.id, "GRP-01");
    const html = await (
      await h.app.request(`/obligations/${userLed.id}`, {
        headers: { ...t.providerUser.auth, accept: "text/html" },
      })
    ).text();
    expect(pageText(html)).toContain(QUESTION);
    expect(html).toMatch(/<input[^>]*name="shareable"[^>]*value="no"[^>]*checked/);
    const notUserLedOb = (await obligationsOf(h, t.providerUser.auth, contractB.id, "?clause=GOV-02"))[0]!;
    const other = await (
      await h.app.request(`/obligations/${notUserLedOb.id}`, {
        headers: { ...t.providerUser.auth, accept: "text/html" },
      })
    ).text();
    expect(other).toContain('action="/obligations/');
    expect(pageText(other)).not.toContain(QUESTION);
    expect(other).not.toContain('name="shareable"');
  });

  it("shows the representative their group's contract only, with its promises in plain language", async () => {
    const list = await call(h, "/api/contracts", { headers: rep.auth });
    expect(list.status).toBe(200);
    expect(list.body.contracts.map((c: { id: string }) => c.id)).toEqual([contractA.id]);

    const promises = await call(h, `/api/contracts/${contractA.id}/promises`, { headers: rep.auth });
    expect(promises.status).toBe(200);
    const keys = promises.body.promises.map((p: { clauseKey: string }) => p.clauseKey);
    expect(keys).toEqual(["FBK-01", "GRP-01", "GOV-02"]);
    const fbk = promises.body.promises[0];
    expect(fbk.userLed).toBe(true);
    expect(fbk.plainLanguage.length).toBeGreaterThan(20);
    expect(fbk.latest[0].words).toBe("done, waiting to be checked");
    const gov = promises.body.promises[2];
    expect(gov.userLed).toBe(false);
  });

  it("lists only evidence that is shareable and for a clause people who use the service check", async () => {
    const res = await call(h, `/api/contracts/${contractA.id}/shared-evidence`, { headers: rep.auth });
    expect(res.status).toBe(200);
    expect(res.body.evidence.map((e: { id: string }) => e.id)).toEqual([shared.id]);
    expect(JSON.stringify(res.body)).not.toContain("Test provider");

    const sub = await call(h, `/api/submissions/${shared.id}`, { headers: rep.auth });
    expect(sub.status).toBe(200);
    expect(sub.body.submittedByName).toBeNull();
    expect(sub.body.submittedBy).toBeNull();
    const file = await h.app.request(`/api/files/${shared.files[0]!.id}`, { headers: rep.auth });
    expect(file.status).toBe(200);
  });

  it("names what to check by the promise, in plain words that read easily, not by the clause's title", async () => {
    const mainText = (html: string) => pageText(/<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1]!);
    const service = await h.app.request(`/involvement/contracts/${contractA.id}`, {
      headers: { ...rep.auth, accept: "text/html" },
    });
    const listed = mainText(await service.text());
    expect(listed).toContain("Twice a year we will ask what you think of the service.");
    expect(listed).not.toContain("Anonymous service survey that separates the service from the keyworker");
    expect(fleschReadingEase(listed)).toBeGreaterThanOrEqual(70);

    const evidence = await h.app.request(`/involvement/evidence/${shared.id}`, {
      headers: { ...rep.auth, accept: "text/html" },
    });
    const text = mainText(await evidence.text());
    expect(text).toContain("What the service promised");
    expect(text).toContain("Some questions are about the service. Some are about your keyworker.");
    expect(text).not.toContain("Anonymous service survey that separates the service from the keyworker");
    expect(fleschReadingEase(text)).toBeGreaterThanOrEqual(70);
  });

  it("tells the group's representatives that shared evidence is waiting for their view, and no one else", async () => {
    const mine = await h.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    const wanted = mine.filter((n) => n.kind === "view-wanted");
    // Only the shared, user-led submission on the group's contract asks for a view.
    expect(wanted.map((n) => n.link)).toEqual([`/involvement/evidence/${shared.id}`]);
    expect(wanted[0]!.subject).toContain("Your group's view is wanted");
    expect(JSON.stringify(wanted[0]!.params)).not.toContain("Survey results");
    const others = await h.db.select().from(notifications).where(eq(notifications.userId, otherForumRep.id));
    expect(others).toEqual([]);
  });

  it("shows the reviewer that the group's view is still awaited, and until when", async () => {
    const views = await call(h, `/api/submissions/${shared.id}/validations`, { headers: t.reviewer.auth });
    expect(views.status).toBe(200);
    expect(views.body).toEqual({
      validations: [],
      pending: [{ organisationId: forum.id, name: forum.name }],
      dueBy: "2026-08-29",
    });
    const res = await h.app.request(`/submissions/${shared.id}`, {
      headers: { ...t.reviewer.auth, accept: "text/html" },
    });
    expect(pageText(await res.text())).toContain(
      `Waiting for a view from ${forum.name}, until 29 August 2026.`,
    );
    // Evidence not shared with anyone waits for no one.
    const none = await call(h, `/api/submissions/${notShared.id}/validations`, { headers: t.reviewer.auth });
    expect(none.body).toEqual({ validations: [], pending: [], dueBy: null });
  });

  it("answers 404 for files and submissions not shared, not user-led, or of another contract", async () => {
    for (const s of [notShared, notUserLed, onContractB]) {
      expect((await call(h, `/api/submissions/${s.id}`, { headers: rep.auth })).status).toBe(404);
      expect((await h.app.request(`/api/files/${s.files[0]!.id}`, { headers: rep.auth })).status).toBe(404);
      const view = await call(
        h,
        `/api/submissions/${s.id}/validations`,
        json({ view: "agree", comment: "", showMyName: false }, rep.auth),
      );
      expect(view.status).toBe(404);
    }
    const obs = await call(h, `/api/obligations/${notShared.obligationId}/submissions`, {
      headers: rep.auth,
    });
    expect(obs.status).toBe(200);
    expect(obs.body.submissions).toEqual([]);
  });

  it("never shows the reviewer's note on evidence not shared with the group, on any page or in the API", async () => {
    const NOTE = "The minutes name Sam Kerr; take the attendance list out.";
    const sentBack = await call(
      h,
      `/api/submissions/${notShared.id}/reviews`,
      json({ decision: "changes_requested", comment: NOTE }, t.reviewer.auth),
    );
    expect(sentBack.status, JSON.stringify(sentBack.body)).toBe(201);
    // The provider, whose evidence it is, reads the note.
    const forProvider = await call(h, `/api/obligations/${notShared.obligationId}`, {
      headers: t.providerUser.auth,
    });
    expect(forProvider.body.reason).toBe(NOTE);

    const ob = await call(h, `/api/obligations/${notShared.obligationId}`, { headers: rep.auth });
    expect(ob.status).toBe(200);
    expect(ob.body.status).toBe("changes_requested");
    expect(ob.body.reason).toBeNull();
    expect(ob.body.latestSubmissionId).toBeNull();
    const shown = await call(h, `/api/obligations/${shared.obligationId}`, { headers: rep.auth });
    expect(shown.body.latestSubmissionId).toBe(shared.id);
    for (const p of [
      `/api/contracts/${contractA.id}/obligations`,
      `/api/contracts/${contractA.id}/compliance`,
    ]) {
      const res = await call(h, p, { headers: rep.auth });
      expect(res.status, p).toBe(200);
      expect(JSON.stringify(res.body), p).not.toContain("Sam Kerr");
      expect(JSON.stringify(res.body), p).not.toContain(notShared.id);
    }
    for (const p of [
      `/obligations/${notShared.obligationId}`,
      `/contracts/${contractA.id}`,
      `/contracts/${contractA.id}/compliance`,
    ]) {
      const res = await h.app.request(p, { headers: { ...rep.auth, accept: "text/html" } });
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).not.toContain("Sam Kerr");
    }
  });

  it("offers a representative on the compliance page no report or maturity review the policy keeps from them", async () => {
    const html = async (who: TestUser) =>
      (
        await h.app.request(`/contracts/${contractA.id}/compliance`, {
          headers: { ...who.auth, accept: "text/html" },
        })
      ).text();
    const staff = await html(t.commissioner);
    expect(staff).toContain(`/contracts/${contractA.id}/compliance/report.docx`);
    expect(staff).toContain(`/contracts/${contractA.id}/involvement-reviews`);
    const group = await html(rep);
    for (const link of ["/compliance/report.docx", "/compliance/report.csv", "/involvement-reviews"])
      expect(group, link).not.toContain(`/contracts/${contractA.id}${link}`);
    expect(pageText(group)).not.toContain("Involvement maturity");
  });

  it("gives a representative of another group, or of this group for another contract, 404 for everything", async () => {
    const paths = [
      `/api/contracts/${contractA.id}`,
      `/api/contracts/${contractA.id}/obligations`,
      `/api/contracts/${contractA.id}/promises`,
      `/api/contracts/${contractA.id}/shared-evidence`,
      `/api/contracts/${contractA.id}/compliance`,
      `/api/contracts/${contractA.id}/user-groups`,
      `/api/contracts/${contractA.id}/you-said-we-did`,
      `/api/obligations/${shared.obligationId}`,
      `/api/submissions/${shared.id}`,
      `/api/submissions/${shared.id}/validations`,
      `/api/files/${shared.files[0]!.id}`,
    ];
    for (const p of paths) {
      const res = await h.app.request(p, { headers: otherForumRep.auth });
      expect(res.status, `other group: ${p}`).toBe(404);
    }
    for (const p of paths.map((x) => x.replace(contractA.id, contractB.id))) {
      if (!p.includes(contractB.id)) continue;
      const res = await h.app.request(p, { headers: rep.auth });
      expect(res.status, `this group, other contract: ${p}`).toBe(404);
    }
    for (const p of [`/api/submissions/${onContractB.id}`, `/api/files/${onContractB.files[0]!.id}`]) {
      expect((await h.app.request(p, { headers: rep.auth })).status, p).toBe(404);
    }
    expect((await call(h, `/api/contracts/${otherCouncilContract.id}`, { headers: rep.auth })).status).toBe(
      404,
    );
    // No one signed in: nothing here is theirs, so nothing is found.
    for (const p of paths) {
      const res = await h.app.request(p);
      expect(res.status, `anonymous: ${p}`).toBe(404);
      expect(await res.text()).not.toContain("Survey results");
    }
  });

  it("offers the representative the promises in large print, and no one else's", async () => {
    const res = await h.app.request(`/involvement/contracts/${contractA.id}/large-print.docx`, {
      headers: rep.auth,
    });
    expect(res.status).toBe(200);
    const styles = await part(new Uint8Array(await res.arrayBuffer()), "word/styles.xml");
    expect(/<w:docDefaults>.*<\/w:docDefaults>/s.exec(styles)![0]).toContain('<w:sz w:val="36"/>');
    const other = await h.app.request(`/involvement/contracts/${contractA.id}/large-print.docx`, {
      headers: { ...otherForumRep.auth, accept: "text/html" },
    });
    expect(other.status).toBe(404);
  });

  it("does not let a representative review, waive, submit or change the contract", async () => {
    const reviewRes = await call(
      h,
      `/api/submissions/${shared.id}/reviews`,
      json({ decision: "accepted", verdict: "compliant" }, rep.auth),
    );
    expect(reviewRes.status).toBe(403);
    const waive = await call(
      h,
      `/api/obligations/${shared.obligationId}/waive`,
      json({ reason: "no" }, rep.auth),
    );
    expect(waive.status).toBe(403);
    const patch = await call(h, `/api/contracts/${contractA.id}`, json({ public: true }, rep.auth, "PATCH"));
    expect(patch.status).toBe(403);
    const report = await h.app.request(`/api/contracts/${contractA.id}/compliance-report`, {
      headers: rep.auth,
    });
    expect(report.status).toBe(403);
  });

  describe("a view on the evidence", () => {
    let viewId: string;

    it("shows a representative the privacy notice before their first view, and no one else", async () => {
      const before = await call(h, "/api/involvement/views-notice", { headers: rep.auth });
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ heading: "What happens to your view", readAt: null });
      expect(before.body.paragraphs.join(" ")).toContain(`"a member of ${forum.name}"`);
      expect(before.body.paragraphs.join(" ")).toContain("keeps a record of who wrote each view");
      // Not a representative: nothing to read, nothing to record.
      for (const who of [t.reviewer, t.commissioner, t.providerUser]) {
        expect((await call(h, "/api/involvement/views-notice", { headers: who.auth })).status).toBe(403);
        expect((await call(h, "/api/involvement/views-notice", json({}, who.auth))).status).toBe(403);
      }
    });

    it("refuses a view until the representative has read the notice, then takes it; reading twice changes nothing", async () => {
      const early = await call(
        h,
        `/api/submissions/${shared.id}/validations`,
        json({ view: "agree", comment: "" }, rep.auth),
      );
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain("privacy notice");
      expect(await h.db.select().from(validations).where(eq(validations.userId, rep.id))).toEqual([]);
      const read = await call(h, "/api/involvement/views-notice", json({}, rep.auth));
      expect(read.status).toBe(200);
      expect(read.body.readAt).toBe(clock.now().toISOString());
      const again = await call(h, "/api/involvement/views-notice", json({}, rep.auth));
      expect(again.body.readAt).toBe(read.body.readAt);
      const events = await h.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "notice.acknowledge"), eq(auditEvents.entityId, rep.id)));
      expect(events).toHaveLength(1);
      // Another representative of the same group has not read it.
      const other = await makeUser(h.db, forum.id, "representative");
      expect(
        (await call(h, "/api/involvement/views-notice", { headers: other.auth })).body.readAt,
      ).toBeNull();
    });

    it("records a representative's disagreement without their name for the provider", async () => {
      const res = await call(
        h,
        `/api/submissions/${shared.id}/validations`,
        json(
          { view: "disagree", comment: "Nobody asked us about the survey questions.", showMyName: false },
          rep.auth,
        ),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ view: "disagree", showMyName: false, mine: true });
      viewId = res.body.id;
      const [row] = await h.db.select().from(validations).where(eq(validations.id, viewId));
      expect(row).toMatchObject({ userGroupId: forum.id, userId: rep.id, view: "disagree" });

      const again = await call(
        h,
        `/api/submissions/${shared.id}/validations`,
        json({ view: "agree", comment: "", showMyName: true }, rep.auth),
      );
      expect(again.status).toBe(409);
    });

    it("refuses a view that is not one of the three, or a comment with control characters", async () => {
      const bad = await call(
        h,
        `/api/submissions/${shared.id}/validations`,
        json({ view: "maybe", comment: "a\u0007b", showMyName: "yes" }, rep.auth),
      );
      expect(bad.status).toBe(422);
      const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(["comment", "showMyName", "view"]);
    });

    it("shows the provider the comment but not the name; the reviewer sees both", async () => {
      const provider = await call(h, `/api/submissions/${shared.id}/validations`, {
        headers: t.providerUser.auth,
      });
      expect(provider.status).toBe(200);
      expect(provider.body.validations).toEqual([
        expect.objectContaining({
          view: "disagree",
          comment: "Nobody asked us about the survey questions.",
          name: null,
          userGroupName: forum.name,
        }),
      ]);
      expect(JSON.stringify(provider.body)).not.toContain("Test representative");
      const reviewer = await call(h, `/api/submissions/${shared.id}/validations`, {
        headers: t.reviewer.auth,
      });
      expect(reviewer.body.validations[0].name).toBe("Test representative");
      expect(reviewer.body.pending).toEqual([]);
      expect(reviewer.body.dueBy).toBe("2026-08-29");
    });

    it("makes the reviewer respond to the disagreement before deciding", async () => {
      const bare = await call(
        h,
        `/api/submissions/${shared.id}/reviews`,
        json({ decision: "accepted", verdict: "compliant" }, t.reviewer.auth),
      );
      expect(bare.status).toBe(422);
      expect(bare.body.errors[0].path).toBe("responseToViews");
      const decided = await call(
        h,
        `/api/submissions/${shared.id}/reviews`,
        json(
          {
            decision: "accepted",
            verdict: "compliant",
            responseToViews: "The provider will co-write next year's questions with the forum.",
          },
          t.reviewer.auth,
        ),
      );
      expect(decided.status, JSON.stringify(decided.body)).toBe(201);
      const [row] = await h.db.select().from(reviews).where(eq(reviews.submissionId, shared.id));
      expect(row!.responseToViews).toBe("The provider will co-write next year's questions with the forum.");
    });

    it("shows the group what the council decided, and its answer to their view, without names", async () => {
      const res = await h.app.request(`/involvement/evidence/${shared.id}`, {
        headers: { ...rep.auth, accept: "text/html" },
      });
      expect(res.status).toBe(200);
      const text = pageText(await res.text());
      expect(text).toContain("What the council decided");
      // What the council did with the paperwork, never "the promise was kept".
      expect(text).toContain("The council accepted the evidence.");
      expect(text).not.toMatch(/promise was (partly |not )?kept/);
      expect(text).toContain("The council's answer to your group");
      expect(text).toContain("The provider will co-write next year's questions with the forum.");
      expect(text).not.toContain("Test reviewer");
      // They are told, in the app and by email, without having to come back and look.
      const told = (await h.db.select().from(notifications).where(eq(notifications.userId, rep.id))).filter(
        (n) => n.kind === "view-answered",
      );
      expect(told.map((n) => n.link)).toEqual([`/involvement/evidence/${shared.id}`]);
      expect(told[0]!.subject).toContain("The council has decided");
      expect(told[0]!.emailStatus).toBe("pending");
      expect(JSON.stringify(told[0]!.params)).toContain("They accepted the evidence.");
      // No one else in the group gave a view, and no other group hears of it.
      const others = await h.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, otherForumRep.id));
      expect(others).toEqual([]);
    });

    it("counts the view in compliance, and the RAG explanation names the overridden disagreement", async () => {
      const res = await call(h, `/api/contracts/${contractA.id}/compliance`, {
        headers: t.commissioner.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.summary.views).toEqual({ agree: 0, partly: 0, disagree: 1 });
      expect(res.body.summary.overriddenDisagreements).toBe(1);
      expect(res.body.summary.ragExplanation).toContain(
        "People who use the service disagreed with 1 piece of evidence that the reviewer accepted.",
      );
      const fbk = res.body.clauses.find((c: { clauseKey: string }) => c.clauseKey === "FBK-01");
      const period = fbk.periods.find(
        (p: { obligationId: string }) => p.obligationId === shared.obligationId,
      );
      expect(period.views).toEqual({ agree: 0, partly: 0, disagree: 1 });
      const gov = res.body.clauses.find((c: { clauseKey: string }) => c.clauseKey === "GOV-02");
      expect(gov.ragExplanation).not.toContain("People who use the service");

      const page = await h.app.request(`/contracts/${contractA.id}/compliance`, {
        headers: { ...t.commissioner.auth, accept: "text/html" },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("What people who use the service said");
      expect(html).toContain("disagreed with 1 piece of evidence that the reviewer accepted");
      const row = /<tr class="govuk-table__row">(?:(?!<\/tr>)[\s\S])*FBK-01(?:(?!<\/tr>)[\s\S])*<\/tr>/g;
      const viewRow = [...html.matchAll(row)].map((m) => m[0]).find((r) => r.includes("numeric"));
      expect(viewRow!.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|")).toMatch(/\|0\|0\|1\|1\|/);

      const csv = await h.app.request(`/api/contracts/${contractA.id}/compliance-report?format=csv`, {
        headers: t.commissioner.auth,
      });
      const text = await csv.text();
      expect(text.split("\n")[0]).toContain("Views: agree,Views: partly,Views: disagree");
      const line = text.split("\n").find((l) => l.includes("FBK-01") && l.includes("accepted"));
      expect(line).toMatch(/,0,0,1,/);
    });

    it("does not call a disagreement overridden when the reviewer found the promise not kept", async () => {
      const forum = await submit(contractA.id, "GRP-01", "yes", "Forum support log for the month.");
      const view = await call(
        h,
        `/api/submissions/${forum.id}/validations`,
        json({ view: "disagree", comment: "There was no room for us.", showMyName: false }, rep.auth),
      );
      expect(view.status).toBe(201);
      const decided = await call(
        h,
        `/api/submissions/${forum.id}/reviews`,
        json(
          {
            decision: "accepted",
            verdict: "non_compliant",
            responseToViews: "We agree: the room was not provided.",
          },
          t.reviewer.auth,
        ),
      );
      expect(decided.status, JSON.stringify(decided.body)).toBe(201);
      const res = await call(h, `/api/contracts/${contractA.id}/compliance`, {
        headers: t.commissioner.auth,
      });
      // Both disagreements count as views; only the one on evidence accepted as compliant was overridden.
      expect(res.body.summary.views).toEqual({ agree: 0, partly: 0, disagree: 2 });
      expect(res.body.summary.overriddenDisagreements).toBe(1);
      const grp = res.body.clauses.find((c: { clauseKey: string }) => c.clauseKey === "GRP-01");
      const period = grp.periods.find((p: { obligationId: string }) => p.obligationId === forum.obligationId);
      expect(period.views).toEqual({ agree: 0, partly: 0, disagree: 1 });
      expect(period.overriddenDisagreements).toBe(0);
      expect(grp.ragExplanation).not.toContain("disagreed");
    });

    it("tells the representative how the promise is doing now", async () => {
      const promises = await call(h, `/api/contracts/${contractA.id}/promises`, { headers: rep.auth });
      const fbk = promises.body.promises.find((p: { clauseKey: string }) => p.clauseKey === "FBK-01");
      expect(fbk.latest[0].words).toBe("done, and checked");
    });

    it("shows the provider the name of someone who chose to show it; a view given after the decision was not overridden", async () => {
      const second = await makeUser(h.db, forum.id, "representative");
      await call(h, "/api/involvement/views-notice", json({}, second.auth));
      clock.set("2026-08-16T09:00:00Z");
      try {
        const late = await call(
          h,
          `/api/submissions/${shared.id}/validations`,
          json({ view: "disagree", comment: "I was not asked either.", showMyName: true }, second.auth),
        );
        expect(late.status, JSON.stringify(late.body)).toBe(201);
      } finally {
        clock.set("2026-08-15T12:00:00Z");
      }
      const provider = await call(h, `/api/submissions/${shared.id}/validations`, {
        headers: t.providerUser.auth,
      });
      expect(
        provider.body.validations.map((v: { comment: string; name: string | null }) => [v.comment, v.name]),
      ).toEqual([
        ["Nobody asked us about the survey questions.", null],
        ["I was not asked either.", "Test representative"],
      ]);
      // The first came before the decision; the second stays marked as after it.
      expect(provider.body.validations.map((v: { afterDecision: boolean }) => v.afterDecision)).toEqual([
        false,
        true,
      ]);
      const res = await call(h, `/api/contracts/${contractA.id}/compliance`, {
        headers: t.commissioner.auth,
      });
      // Counted as a view; not as a disagreement the reviewer overrode, which they never saw.
      expect(res.body.summary.views).toEqual({ agree: 0, partly: 0, disagree: 3 });
      expect(res.body.summary.overriddenDisagreements).toBe(1);
    });

    it("lets a representative keep their name in the group: the council and the provider read 'a member of' the group", async () => {
      const third = await makeUser(h.db, forum.id, "representative");
      await call(h, "/api/involvement/views-notice", json({}, third.auth));
      await h.db.update(users).set({ name: "Sam Quietly" }).where(eq(users.id, third.id));
      // The survey evidence, already decided: this view is the third on it, and marked as after the decision.
      const forumEvidence = shared;
      const res = await call(
        h,
        `/api/submissions/${forumEvidence.id}/validations`,
        json({ view: "partly", comment: "Some meetings were cancelled.", nameReach: "group" }, third.auth),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ nameReach: "group", showMyName: false, afterDecision: true });
      for (const who of [t.reviewer, t.commissioner, t.providerUser]) {
        const seen = await call(h, `/api/submissions/${forumEvidence.id}/validations`, { headers: who.auth });
        const v = seen.body.validations.find((x: { comment: string }) => x.comment.startsWith("Some"));
        expect(v).toMatchObject({ name: null, userGroupName: forum.name, nameReach: "group" });
        expect(JSON.stringify(seen.body)).not.toContain("Sam Quietly");
      }
      // The group itself, and the writer, still see the name.
      const group = await call(h, `/api/submissions/${forumEvidence.id}/validations`, { headers: rep.auth });
      const own = group.body.validations.find((x: { comment: string }) => x.comment.startsWith("Some"));
      expect(own.name).toBe("Sam Quietly");
      const page = await h.app.request(`/submissions/${forumEvidence.id}`, {
        headers: { ...t.reviewer.auth, accept: "text/html" },
      });
      const text = pageText(await page.text());
      expect(text).toContain(`A member of ${forum.name}`);
      expect(text).toContain("Given after the council decided");
      expect(text).not.toContain("Sam Quietly");
      const bad = await call(
        h,
        `/api/submissions/${forumEvidence.id}/validations`,
        json({ view: "agree", nameReach: "nobody" }, rep.auth),
      );
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(["nameReach"]);
    });
  });
});

describe("the public page of a service", () => {
  let slug: string;

  it("is off by default, and anonymous callers get 404 for a contract that is not published", async () => {
    const contract = await call(h, `/api/contracts/${contractA.id}`, { headers: t.commissioner.auth });
    expect(contract.body.public).toBe(false);
    expect(contract.body.slug).toBeNull();
    expect((await call(h, "/api/services/no-such-service")).status).toBe(404);
  });

  it("publishes with a slug, contact details and the group's days, for the commissioner only", async () => {
    expect(
      (await call(h, `/api/contracts/${contractA.id}`, json({ public: true }, t.providerUser.auth, "PATCH")))
        .status,
    ).toBe(403);
    const res = await call(
      h,
      `/api/contracts/${contractA.id}`,
      json(
        {
          public: true,
          involvementContact: "Come to the forum. It meets on the first Monday of each month.",
          involvementContactName: "Forum team",
          contactEmail: "forum@example.org",
          contactPhone: "01234 567890",
          validationDays: 21,
        },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.public).toBe(true);
    expect(res.body.slug).toMatch(/^recovery-together-c-[a-z0-9-]+$/);
    expect(res.body.validationDays).toBe(21);
    slug = res.body.slug;
    const bad = await call(
      h,
      `/api/contracts/${contractA.id}`,
      json({ slug: "Not A Slug", contactEmail: "nope", validationDays: 0 }, t.commissioner.auth, "PATCH"),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "contactEmail",
      "slug",
      "validationDays",
    ]);
    const taken = await call(
      h,
      `/api/contracts/${contractB.id}`,
      json(
        { slug, public: true, involvementContactName: "Forum team", contactPhone: "01234 567890" },
        t.commissioner.auth,
        "PATCH",
      ),
    );
    expect(taken.status).toBe(409);
  });

  it("shows promises, status in words and approved entries only; no files, narratives or names", async () => {
    const written = await call(
      h,
      `/api/contracts/${contractA.id}/you-said-we-did`,
      json(
        {
          youSaid: "The survey did not ask about opening hours.",
          weDid: "We added a question on opening hours.",
        },
        t.providerUser.auth,
      ),
    );
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body.status).toBe("proposed");
    const before = await call(h, `/api/services/${slug}`);
    expect(before.status).toBe(200);
    expect(before.body.youSaidWeDid).toEqual([]);

    expect(
      (
        await call(
          h,
          `/api/you-said-we-did/${written.body.id}/decision`,
          json({ decision: "approved" }, other.reviewer.auth),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          h,
          `/api/you-said-we-did/${written.body.id}/decision`,
          json({ decision: "approved" }, t.providerUser.auth),
        )
      ).status,
    ).toBe(403);
    const approved = await call(
      h,
      `/api/you-said-we-did/${written.body.id}/decision`,
      json({ decision: "approved" }, t.reviewer.auth),
    );
    expect(approved.status).toBe(200);

    const page = await call(h, `/api/services/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.serviceName).toBe("Recovery Together");
    expect(page.body.youSaidWeDid).toEqual([
      expect.objectContaining({ youSaid: "The survey did not ask about opening hours." }),
    ]);
    expect(page.body.getInvolved).toEqual({
      text: "Come to the forum. It meets on the first Monday of each month.",
      email: "forum@example.org",
      phone: "01234 567890",
    });
    const fbk = page.body.promises.find((p: { title: string }) => /survey/i.test(p.title));
    expect(fbk.latest[0].words).toBe("done, and checked");
    const text = JSON.stringify(page.body);
    for (const secret of [
      "Survey results",
      "Organisation chart",
      "Nobody asked us",
      "Test ",
      ".pdf",
      "files",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it("answers 404 once unpublished", async () => {
    const res = await call(
      h,
      `/api/contracts/${contractA.id}`,
      json({ public: false }, t.commissioner.auth, "PATCH"),
    );
    expect(res.status).toBe(200);
    expect(res.body.slug).toBe(slug);
    expect((await call(h, `/api/services/${slug}`)).status).toBe(404);
  });
});
