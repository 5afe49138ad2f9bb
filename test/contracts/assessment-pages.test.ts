// The assessment pages (issue 21 item 3, web side): the list with the next due date, starting a draft, the
// draft with each KPI's proposed rating and the figures behind it, changing a rating with a reason (an error
// summary for bad input), confirming once (a clear message the second time), and the provider seeing
// confirmed assessments only; who may not.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../src/db/schema/index.js";
import { json, makeTenant, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { SPEC_CONTACTS } from "../spec-contacts.js";
import {
  call,
  evidenceFields,
  findObligation,
  makeClock,
  pageText,
  pdfBytes,
  type Tenant,
  upload,
} from "./fixtures.js";

const clock = makeClock("2027-05-15T12:00:00Z");
let h: Harness;
let t: Tenant;
let other: Tenant;
let contractId: string;

beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  [t, other] = await Promise.all([makeTenant(h.db), makeTenant(h.db)]);
  const spec = await call(
    h,
    "/api/specifications",
    json({ title: "Rated", serviceName: "Recovery Together", contacts: SPEC_CONTACTS }, t.commissioner.auth),
  );
  const id = spec.body.id;
  const clauses = ["GRP-01", "FBK-01"].map((key) => ({ key }));
  await call(h, `/api/specifications/${id}/clauses`, json({ clauses }, t.commissioner.auth, "PUT"));
  const kpis = [
    { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
    { clauseKey: "FBK-01", metric: "responses_percent", target: 60, mostMaterial: true },
  ];
  await call(h, `/api/specifications/${id}/kpis`, json({ kpis }, t.commissioner.auth, "PUT"));
  await call(h, `/api/specifications/${id}/issue`, json({}, t.commissioner.auth));
  const let_ = await call(
    h,
    "/api/contracts",
    json(
      {
        specificationId: id,
        providerOrganisationId: t.provider.id,
        reference: `P-${crypto.randomUUID().slice(0, 8)}`,
        startDate: "2026-04-01",
        endDate: "2029-03-31",
      },
      t.commissioner.auth,
    ),
  );
  expect(let_.status, JSON.stringify(let_.body)).toBe(201);
  contractId = let_.body.id;
  const q4 = await findObligation(h, t.providerUser.auth, contractId, "GRP-01", "2026-27 Q4");
  const res = await upload(h, t.providerUser.auth, q4.id, [
    ...evidenceFields({
      coveredFrom: "2027-01-01",
      coveredTo: "2027-03-31",
      metrics: JSON.stringify({ meetings_held: 9, requests_answered_on_time_percent: 100 }),
    }),
    { name: "files", filename: "forum.pdf", contentType: "application/pdf", data: pdfBytes() },
  ]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => h.close());

type Session = Awaited<ReturnType<typeof signInSession>>;
const get = (path: string, s: Session) =>
  h.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });
const post = (path: string, s: Session, fields: Record<string, string> = {}) =>
  h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
    body: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  });
const summary = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";

describe("the assessment pages", () => {
  it("take a reviewer from start to confirmed, and show the provider the confirmed one only", async () => {
    const reviewer = await signInSession(h.app, t.reviewer.email);
    const provider = await signInSession(h.app, t.providerUser.email);
    const list = `/contracts/${contractId}/assessments`;

    // The contract page links to them and says when the next is due.
    const contractPage = pageText(await (await get(`/contracts/${contractId}`, reviewer)).text());
    expect(contractPage).toContain("Performance assessments");
    expect(contractPage).toContain("Next assessment due by 1 April 2027");
    expect(pageText(await (await get(list, reviewer)).text())).toContain("Start an assessment");

    // Who may not: the provider cannot start one, another council does not find the contract.
    expect((await get(`${list}/new`, provider)).status).toBe(403);
    const outsider = await signInSession(h.app, other.reviewer.email);
    expect((await get(list, outsider)).status).toBe(404);

    // Bad dates: an error summary linking to the field.
    const notADate = await post(`${list}/new`, reviewer, {
      "periodEnd-day": "31",
      "periodEnd-month": "2",
      "periodEnd-year": "2027",
    });
    expect(notADate.status).toBe(422);
    expect(summary(await notADate.text())).toContain("must be a real date");
    const early = await post(`${list}/new`, reviewer, {
      "periodEnd-day": "31",
      "periodEnd-month": "3",
      "periodEnd-year": "2026",
    });
    expect(early.status).toBe(422);
    const earlyHtml = await early.text();
    expect(summary(earlyHtml)).toContain("#periodEnd");
    expect(pageText(summary(earlyHtml))).toContain("on or after the contract's start");

    const started = await post(`${list}/new`, reviewer, {
      "periodEnd-day": "31",
      "periodEnd-month": "3",
      "periodEnd-year": "2027",
    });
    expect(started.status).toBe(303);
    const draftUrl = started.headers.get("location")!;
    expect(draftUrl).toMatch(new RegExp(`^${list}/[0-9a-f-]{36}$`));
    const draft = pageText(await (await get(draftUrl, reviewer)).text());
    expect(draft).toContain("Draft");
    expect(draft).toContain("Approaching target");
    expect(draft).toContain("reported, not yet checked");
    expect(draft).toContain("No figure reported");
    expect(draft).toContain("Nothing was reported by the period's end.");
    expect(draft).toContain("The forum must meet at least 10 times a year");

    // The provider never sees the draft.
    expect((await get(draftUrl, provider)).status).toBe(404);
    expect(pageText(await (await get(list, provider)).text())).toContain(
      "No assessment has been confirmed yet",
    );

    // Change a rating: Other without a reason, and no rating at all, are refused at their fields.
    const api = await call(h, `/api/contracts/${contractId}/assessments`, { headers: t.reviewer.auth });
    const responses = api.body.assessments[0].ratings[1];
    const ratingUrl = `${draftUrl}/ratings/${responses.kpiId}`;
    expect(pageText(await (await get(ratingUrl, reviewer)).text())).toContain(
      "The figures propose Inadequate",
    );
    const other_ = await post(ratingUrl, reviewer, { rating: "other", reason: "" });
    expect(other_.status).toBe(422);
    const otherSummary = summary(await other_.text());
    expect(otherSummary).toContain('href="#reason"');
    expect(pageText(otherSummary)).toContain("Say why none of the other four ratings fits");
    const none = await post(ratingUrl, reviewer, { reason: "x" });
    expect(none.status).toBe(422);
    expect(summary(await none.text())).toContain('href="#rating"');
    expect((await post(ratingUrl, provider, { rating: "good", reason: "x" })).status).toBe(403);
    const reason = "The survey ran but its results were lost in a system change; the next one is booked.";
    const saved = await post(ratingUrl, reviewer, { rating: "requires_improvement", reason });
    expect(saved.status).toBe(303);
    const rated = pageText(await (await get(draftUrl, reviewer)).text());
    expect(rated).toContain(`Reason: ${reason}`);

    // Confirm once; the second time says so plainly.
    expect((await post(`${draftUrl}/confirm`, provider)).status).toBe(403);
    const confirmed = await post(`${draftUrl}/confirm`, reviewer);
    expect(confirmed.status).toBe(303);
    const again = await post(`${draftUrl}/confirm`, reviewer);
    expect(again.status).toBe(409);
    expect(pageText(summary(await again.text()))).toContain("This assessment is already confirmed.");
    const after = pageText(await (await get(draftUrl, reviewer)).text());
    expect(after).toContain("Confirmed");
    expect(after).not.toContain("Confirm the assessment");
    expect(after).not.toContain("Change the rating");

    // The provider reads it now, from the list and from the link in its message.
    const providerList = pageText(await (await get(list, provider)).text());
    expect(providerList).toContain("1 April 2026 to 31 March 2027");
    expect(providerList).toContain("Next assessment due by 31 March 2028");
    const seen = pageText(await (await get(draftUrl, provider)).text());
    expect(seen).toContain(`Reason: ${reason}`);
    expect(seen).toContain("Requires improvement");
    // The confirmed assessment links to its records, and the provider's link opens the Word file.
    const html = await (await get(draftUrl, provider)).text();
    expect(html).toContain(`href="/api${draftUrl}/notice?format=csv"`);
    const word = await h.app.request(`/api${draftUrl}/document`, { headers: { cookie: provider.cookie } });
    expect(word.status).toBe(200);
    expect(word.headers.get("content-type")).toContain("wordprocessingml");
    const [told] = await h.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, t.providerUser.id), eq(notifications.kind, "assessment-confirmed")),
      );
    expect(told!.link).toBe(draftUrl);
  });
});
