// Reminders that a performance assessment is due (issue 21 item 3): to the council's reviewers from 30 days
// before the date (12 months after the start or the last confirmed assessment's period end, and the
// contract's end date), then weekly, each once however often the job runs; none for a contract without
// KPIs, and none once 4 weeks have passed. On a pinned clock.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../src/db/schema/index.js";
import { assessmentReminderStep } from "../../src/services/notifications/assessment-reminders.js";
import { runReminders } from "../../src/services/notifications/reminders.js";
import { call, issuedSpecification, letContract, makeClock, type Tenant } from "../contracts/fixtures.js";
import { json, makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const clock = makeClock("2026-04-01T09:00:00Z");
let h: Harness;
let t: Tenant;
let contractId: string;

beforeAll(async () => {
  // Its own database: the reminder job runs over every contract, and a shared one holds other suites' contracts.
  h = await createHarness({ now: clock.now, isolated: true });
  t = await makeTenant(h.db);
  const spec = await issuedSpecification(h, t, ["GRP-01"]);
  contractId = (await letContract(h, t, spec.id, { startDate: "2026-04-01", endDate: "2027-09-30" })).id;
  const kpis = await call(
    h,
    `/api/contracts/${contractId}/kpis`,
    json(
      { kpis: [{ clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true }] },
      t.reviewer.auth,
      "PUT",
    ),
  );
  expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
  // Another contract of the same council, without KPIs: never an assessment reminder.
  await letContract(h, t, spec.id, { startDate: "2026-04-01", endDate: "2027-09-30" });
});
afterAll(() => h.close());

const sent = () =>
  h.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organisationId, t.council.id), eq(notifications.kind, "assessment-due")))
    .orderBy(notifications.createdAt);
const run = (iso: string) => runReminders(h.db, new Date(`${iso}T09:00:00Z`));

describe("assessment reminders", () => {
  it("start 30 days before the date and come weekly, once each", () => {
    expect(assessmentReminderStep("2027-04-01", "2027-03-01")).toBeNull();
    expect(assessmentReminderStep("2027-04-01", "2027-03-02")).toBe(0);
    expect(assessmentReminderStep("2027-04-01", "2027-03-08")).toBe(0);
    expect(assessmentReminderStep("2027-04-01", "2027-03-09")).toBe(1);
    expect(assessmentReminderStep("2027-04-01", "2027-04-29")).toBe(8);
    expect(assessmentReminderStep("2027-04-01", "2027-04-30")).toBeNull();
  });

  it("go to the reviewers, a year on from the start and then at the end date, until one is confirmed", async () => {
    expect((await run("2027-03-01")).assessments).toBe(0);
    expect((await run("2027-03-02")).assessments).toBe(1);
    expect((await run("2027-03-02")).assessments).toBe(0);
    const [first] = await sent();
    expect(first).toMatchObject({ userId: t.reviewer.id, link: `/contracts/${contractId}/assessments` });
    expect(first!.subject).toContain("due by 1 April 2027");
    expect(first!.params).toMatchObject({ when: "in 30 days", dueDate: "1 April 2027" });
    // Not the commissioner, not the provider.
    expect((await sent()).map((n) => n.userId)).toEqual([t.reviewer.id]);
    expect((await run("2027-03-08")).assessments).toBe(0);
    expect((await run("2027-03-09")).assessments).toBe(1);

    // Confirmed for the year to 31 March 2027: the next falls due at the contract's end, 30 September.
    clock.set("2027-03-20T09:00:00Z");
    const a = await call(
      h,
      `/api/contracts/${contractId}/assessments`,
      json({ periodEnd: "2027-03-31" }, t.reviewer.auth),
    );
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const c = await call(
      h,
      `/api/contracts/${contractId}/assessments/${a.body.id}/confirmation`,
      json({}, t.reviewer.auth),
    );
    expect(c.status).toBe(200);
    expect((await run("2027-03-23")).assessments).toBe(0);
    expect((await run("2027-08-30")).assessments).toBe(0);
    expect((await run("2027-08-31")).assessments).toBe(1);
    expect((await sent()).at(-1)!.subject).toContain("due by 30 September 2027");
    // Past the date still unconfirmed: weekly for four weeks, then no more.
    expect((await run("2027-10-26")).assessments).toBe(1);
    expect((await run("2027-10-29")).assessments).toBe(0);
    expect(await sent()).toHaveLength(4);
  });
});
