// People who use the service, in a real browser, as a new user meets it: a commissioner links a forum to a
// contract and invites its representative; the invitation arrives at a real SMTP server; the representative
// follows its link, chooses a password, signs in, sees only that contract's promises and shared evidence,
// and disagrees with a submission without showing their name; the reviewer sees the disagreement and must
// answer it before deciding; the provider sees the comment but not the name; the compliance page and its
// reports count the view. Then the public page: published, a "you said, we did" entry written by the
// provider and approved by a reviewer, read by anyone without JavaScript, printed, and 404 once
// unpublished. axe checks every page on the way.
import { readFile } from "node:fs/promises";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, obligations, submissions, users, validations } from "../../src/db/schema/index.js";
import { minimalPdf } from "../../src/demo/pdf.js";
import { smtpTransport } from "../../src/entry/smtp-transport.js";
import { createLogger } from "../../src/lib/log.js";
import { londonDate } from "../../src/model/dates.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";
import { upload } from "../contracts/fixtures.js";
import { parseCsv } from "../csv.js";
import { rawText } from "../documents/helpers.js";
import { makeOrganisation, makeUser, PASSWORD } from "../factories.js";
import { type Mailbox, startMailbox } from "../smtp.js";
import {
  account,
  checkPage,
  type E2E,
  errorSummary,
  expectNoSidewaysScroll,
  newPage,
  screenshot,
  signIn,
  startE2EWithPage,
  submit,
  textOf,
  visit,
} from "./browser.js";

let e: E2E;
let page: Page;
let mail: Mailbox;
let forum: { id: string; name: string };
let contractId: string;
let otherContractId: string;
let submissionId: string;
let clauseKey: string;
let invitationLink: string;
const REP_NAME = "Jo Rivers";
const SECOND_NAME = "Sam Brooks";
const REP_PASSWORD = "river stones and morning tea";
let repEmail: string;
const COMMENT = "The forum was not asked about these survey questions.";
const YOU_SAID = "The forum met too early in the day.";
const WE_DID = "It now meets at two in the afternoon.";

/** A user-led obligation of the contract that takes evidence now. */
async function userLedObligation() {
  const rows = await e.h.db
    .select()
    .from(obligations)
    .where(
      and(
        eq(obligations.contractId, contractId),
        inArray(obligations.clauseKey, ["GRP-01", "LOOP-01", "FBK-01", "ULR-01", "GOV-03"]),
        inArray(obligations.state, ["pending", "changes_requested"]),
        lte(obligations.periodStart, londonDate(new Date())),
      ),
    );
  expect(rows.length).toBeGreaterThan(0);
  return rows[0]!;
}

async function repId() {
  const [row] = await e.h.db.select().from(users).where(eq(users.email, repEmail));
  return row!.id;
}

beforeAll(async () => {
  ({ e, page } = await startE2EWithPage());
  mail = await startMailbox();
  [contractId, otherContractId] = e.seed.contractIds as [string, string];
  forum = await makeOrganisation(e.h.db, "user_group", `Riverside Voices Forum ${e.tag}`);
  repEmail = `jo-${e.tag}@riverside-voices.example`;
});
afterAll(async () => {
  await mail?.stop();
  await e?.close();
});

describe("a representative is invited, and checks the evidence", () => {
  it("lets the commissioner link the forum on the contract page and invite its representative", async () => {
    await signIn(page, account(e.seed, "commissioner").email);
    await visit(page, `/contracts/${contractId}`);
    await page.getByLabel("Link a group").selectOption({ label: forum.name });
    await submit(page, () => page.getByRole("button", { name: "Link group" }).click());
    await expect(textOf(page.locator(".govuk-notification-banner"))).resolves.toContain(
      `${forum.name} is linked to this contract.`,
    );
    await screenshot(page, "contract-people");

    await submit(page, () =>
      page.getByRole("link", { name: `Invite a representative of ${forum.name}` }).click(),
    );
    await expect(textOf(page.locator("h1"))).resolves.toBe(`Invite a representative of ${forum.name}`);
    await page.getByLabel("Full name").fill(REP_NAME);
    await submit(page, () => page.getByRole("button", { name: "Send the invitation" }).click());
    expect(await errorSummary(page)).toEqual(["Enter their email address"]);
    expect(await page.getByLabel("Full name").inputValue()).toBe(REP_NAME);
    await page.getByLabel("Email address").fill(repEmail);
    await submit(page, () => page.getByRole("button", { name: "Send the invitation" }).click());
    await expect(textOf(page.locator(".govuk-notification-banner"))).resolves.toContain(
      `We have invited ${REP_NAME}`,
    );
    const row = page.locator("tbody tr", { hasText: REP_NAME });
    await expect(textOf(row)).resolves.toMatch(/Invited/);
    await screenshot(page, "invite-representative");
  });

  it("sends the invitation, in plain words, to a real mail server", async () => {
    const smtp = smtpTransport({ url: mail.url, from: "WithUs <withus@example.gov.uk>" });
    try {
      await deliverEmail({
        db: e.h.db,
        transport: smtp,
        origin: e.url,
        now: new Date(),
        log: createLogger("silent"),
      });
    } finally {
      smtp.close?.();
    }
    await mail.waitFor(1);
    const i = mail.envelopes.findIndex((to) => to.includes(repEmail));
    expect(i, "an email to the representative").toBeGreaterThanOrEqual(0);
    const message = mail.messages[i]!;
    expect(message.subject).toBe(`You are invited to WithUs by ${forum.name}`);
    const text = message.text ?? "";
    expect(text).toContain(`Asha Patel from ${e.seed.councilName} has made you an account on WithUs.`);
    expect(text).toContain("The link works once. It works for 7 days.");
    invitationLink = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(text)![0];
    expect(invitationLink.startsWith(e.url)).toBe(true);
  });

  it("lets the representative follow the link, choose a password and sign in to their one service", async () => {
    const { page: p, context } = await newPage(e);
    await visit(p, invitationLink.slice(e.url.length));
    await expect(textOf(p.locator("h1"))).resolves.toBe("Welcome to WithUs");
    // Large type: the easy-read paragraphs are bigger than the usual 19px body text.
    const size = await p
      .locator("main .govuk-body-l")
      .first()
      .evaluate((el) => getComputedStyle(el).fontSize);
    expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(24);
    await screenshot(p, "representative-invitation");
    await expectNoSidewaysScroll(p, "representative-invitation");
    await p.getByLabel("Your new password").fill("short");
    await submit(p, () => p.getByRole("button", { name: "Save my password" }).click());
    expect((await errorSummary(p))[0]).toMatch(/^The password must be at least 12 characters/);
    await p.getByLabel("Your new password").fill(REP_PASSWORD);
    await submit(p, () => p.getByRole("button", { name: "Save my password" }).click());
    expect(new URL(p.url()).pathname).toBe("/sign-in");
    await expect(textOf(p.locator(".govuk-notification-banner"))).resolves.toContain("Your password is set");
    // The link is used up.
    await visit(p, invitationLink.slice(e.url.length), 404);

    await signIn(p, repEmail, REP_PASSWORD);
    expect(new URL(p.url()).pathname).toBe("/involvement");
    await expect(textOf(p.locator("h1"))).resolves.toBe("Services your group checks");
    expect(await p.locator("main ul a").allInnerTexts()).toEqual([
      "Northshire Adult Drug and Alcohol Treatment and Recovery Service",
    ]);
    await context.close();
  });

  it("asks the provider a plain question about sharing, and the forum is told", async () => {
    const ob = await userLedObligation();
    clauseKey = ob.clauseKey;
    // The provider's form asks the question; the evidence itself goes in through the same service.
    const providerAccount = account(e.seed, "provider");
    const { page: p, context } = await newPage(e);
    await signIn(p, providerAccount.email);
    await visit(p, `/obligations/${ob.id}`);
    await expect(
      p
        .getByRole("group", {
          name: "Can the group of people who use the service see this evidence and its files?",
        })
        .count(),
    ).resolves.toBe(1);
    expect(await p.getByLabel("No", { exact: true }).isChecked()).toBe(true);
    await context.close();
    const staff = await makeUser(e.h.db, e.seed.providerIds[0], "provider");
    const sent = await upload(e.h, staff.auth, ob.id, [
      { name: "narrative", value: "Survey results for the quarter, with the themes people raised." },
      { name: "coveredFrom", value: ob.periodStart },
      { name: "coveredTo", value: ob.periodStart },
      { name: "shareable", value: "yes" },
      { name: "noPersonalData", value: "true" },
      {
        name: "files",
        filename: "survey-results.pdf",
        contentType: "application/pdf",
        data: minimalPdf(["Survey results"]),
      },
    ]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    submissionId = sent.body.id;
    const told = await e.h.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, await repId()));
    expect(told.filter((n) => n.kind === "view-wanted").map((n) => n.link)).toEqual([
      `/involvement/evidence/${submissionId}`,
    ]);
  });

  it("shows the representative only their service and what was shared; they disagree without their name", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, repEmail, REP_PASSWORD);
    await submit(p, () => p.locator("main ul a").first().click());
    const text = await textOf(p.locator("main"));
    // The survey, and the demo's shared evidence of paying people for their time.
    expect(text).toContain("2 things are waiting for your view.");
    // Their contract's performance in the public page's words, with the key; never "late".
    expect(text).toMatch(/\d+ promises? (is|are) on target\./);
    expect(text).toContain("What the words mean");
    expect(text).not.toMatch(/\blate\b/);
    await screenshot(p, "representative-contract");
    await expectNoSidewaysScroll(p, "representative-contract");

    await submit(p, () => p.locator(`a[href="/involvement/evidence/${submissionId}"]`).click());
    await expect(textOf(p.locator("main"))).resolves.toContain("Survey results for the quarter");
    // Before their first view: the privacy notice, in place of the form, once.
    const notice = await textOf(p.getByRole("region", { name: "What happens to your view" }));
    expect(notice).toContain("WithUs still keeps a record of who wrote each view");
    expect(notice).toContain(`everyone else reads "a member of ${forum.name}"`);
    await expect(p.getByRole("button", { name: "Send my view" }).count()).resolves.toBe(0);
    await screenshot(p, "representative-privacy-notice");
    await submit(p, () => p.getByRole("button", { name: "I have read this" }).click());
    await expect(p.getByRole("region", { name: "What happens to your view" }).count()).resolves.toBe(0);
    // Asked before the council decides, and said so.
    await expect(textOf(p.locator("main"))).resolves.toContain(
      "The council has not decided yet. It reads your view before it decides.",
    );
    await submit(p, () => p.getByRole("button", { name: "Send my view" }).click());
    expect(await errorSummary(p)).toEqual(["Choose yes, partly or no"]);
    await p.getByLabel("No, it does not match what I have seen").check();
    await p.getByLabel("Tell us more (you do not have to)").fill(COMMENT);
    expect(await p.getByLabel("My group and the council. Not the service.").isChecked()).toBe(true);
    await submit(p, () => p.getByRole("button", { name: "Send my view" }).click());
    await expect(textOf(p.locator(".govuk-notification-banner"))).resolves.toContain("We have your view.");
    await expect(textOf(p.locator("main"))).resolves.toContain(
      "Your group and the council can see your name. The service cannot.",
    );
    await screenshot(p, "representative-view-given");
    const [row] = await e.h.db.select().from(validations).where(eq(validations.submissionId, submissionId));
    expect(row).toMatchObject({
      view: "disagree",
      showMyName: false,
      comment: COMMENT,
      userId: await repId(),
    });

    // Evidence the provider did not share, another contract of the same council: not found. Not a reviewer.
    const [unshared] = await e.h.db
      .select({ id: submissions.id })
      .from(submissions)
      .innerJoin(obligations, eq(obligations.id, submissions.obligationId))
      .where(and(eq(obligations.contractId, contractId), eq(submissions.shareable, false)));
    await visit(p, `/involvement/evidence/${unshared!.id}`, 404);
    await visit(p, `/submissions/${unshared!.id}`, 404);
    await visit(p, `/involvement/contracts/${otherContractId}`, 404);
    await visit(p, "/reviews", 403);

    // The next visit: the demo's other shared evidence asks for a view straight away, without the notice.
    await visit(p, `/involvement/contracts/${contractId}`);
    const hrefs = await p
      .locator('main a[href^="/involvement/evidence/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    const other = hrefs.find((h) => !h.endsWith(submissionId));
    expect(other, "the demo's other shared evidence").toBeDefined();
    await visit(p, other!);
    await expect(p.getByRole("region", { name: "What happens to your view" }).count()).resolves.toBe(0);
    await expect(p.getByRole("button", { name: "Send my view" }).count()).resolves.toBe(1);
    await context.close();
  });

  it("shows the notice to a second representative of the group, who keeps their name in the group", async () => {
    const second = await makeUser(e.h.db, forum.id, "representative");
    await e.h.db.update(users).set({ name: SECOND_NAME }).where(eq(users.id, second.id));
    const { page: p, context } = await newPage(e);
    await signIn(p, second.email, PASSWORD);
    await visit(p, `/involvement/evidence/${submissionId}`);
    await expect(p.getByRole("region", { name: "What happens to your view" }).count()).resolves.toBe(1);
    await submit(p, () => p.getByRole("button", { name: "I have read this" }).click());
    await p.getByLabel("Partly", { exact: true }).check();
    await p.getByLabel(`Only my group. Everyone else reads "a member of ${forum.name}".`).check();
    await submit(p, () => p.getByRole("button", { name: "Send my view" }).click());
    await expect(textOf(p.locator("main"))).resolves.toContain("Only your group can see your name.");
    await context.close();
  });

  it("shows the reviewer the disagreement before deciding, and asks for an answer to it", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "reviewer").email);
    await visit(p, `/submissions/${submissionId}`);
    const views = await textOf(p.locator("#views-heading").locator("xpath=.."));
    expect(views).toContain("Disagrees: it does not match their experience");
    expect(views).toContain(COMMENT);
    // Given before the decision, so the reviewer weighs it: with the name its writer let the council see,
    // and the second view with the group's name only.
    expect(views).toContain(REP_NAME);
    expect(views).toContain(`A member of ${forum.name}`);
    expect(views).not.toContain(SECOND_NAME);
    expect(views).not.toContain("Given after the council decided");
    await p.getByLabel("Accept the evidence").check();
    await p.getByLabel("Compliant", { exact: true }).check();
    await submit(p, () => p.getByRole("button", { name: "Save decision" }).click());
    expect(await errorSummary(p)).toEqual([
      "Answer the people who disagreed: say how you weighed their view",
    ]);
    await p
      .getByLabel("Your answer to the people who disagreed")
      .fill("The forum will help write next year's survey.");
    await submit(p, () => p.getByRole("button", { name: "Save decision" }).click());
    expect(new URL(p.url()).pathname).toBe("/reviews");
    await context.close();
  });

  it("shows the provider the comment but not the name", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "provider").email);
    await visit(p, `/submissions/${submissionId}`);
    const views = await textOf(p.locator("#views-heading").locator("xpath=.."));
    expect(views).toContain(COMMENT);
    expect(views).toContain(`A member of ${forum.name}`);
    expect(views).not.toContain(REP_NAME);
    expect(views).not.toContain(SECOND_NAME);
    await context.close();
  });

  it("counts the view on the compliance page and in the Word and CSV reports", async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "reviewer").email);
    await visit(p, `/contracts/${contractId}/compliance`);
    const views = p.getByRole("region", { name: "Views of people who use the service" });
    const cells = await views.locator("tbody tr", { hasText: clauseKey }).locator("td").allInnerTexts();
    // Period, agree, partly, disagree, disagreements the reviewer overrode.
    expect(cells.slice(1)).toEqual(["0", "1", "1", "1"]);
    const [word] = await Promise.all([
      p.waitForEvent("download"),
      p.getByRole("link", { name: /Word/ }).first().click(),
    ]);
    const docx = new Uint8Array(await readFile((await word.path())!));
    expect(await rawText(docx)).toContain("1 disagreed");
    const [csv] = await Promise.all([
      p.waitForEvent("download"),
      p.getByRole("link", { name: /CSV/ }).first().click(),
    ]);
    const rows = parseCsv(await readFile((await csv.path())!, "utf8"));
    const disagree = rows[0]!.indexOf("Views: disagree");
    const clause = rows[0]!.indexOf("Clause");
    const counted = rows.filter((r) => r[clause] === clauseKey && r[disagree] === "1");
    expect(counted.length).toBe(1);
    await context.close();
  });
});

describe("the public page", () => {
  let slug: string;

  it("is published by the commissioner with how to get involved", async () => {
    await visit(page, `/contracts/${contractId}/public-page`);
    await page.getByLabel("Yes, publish it").check();
    await page
      .getByLabel("How people can get involved")
      .fill("Come to the forum. It meets on the first Monday of the month.");
    await page.getByLabel("Email address for getting involved").fill("not an address");
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    expect(await errorSummary(page)).toEqual(["Enter an email address like name@example.org"]);
    await page.getByLabel("Email address for getting involved").fill("forum@example.org");
    // Publishing needs someone at the provider to call: the service says which is missing.
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    expect(await errorSummary(page)).toEqual([
      "Enter the provider's involvement contact before publishing the page",
      "Enter the provider's involvement phone number before publishing the page",
    ]);
    await page.getByLabel("Who at the service people can contact to get involved").fill("Forum team");
    await page.getByLabel("Phone number for getting involved").fill("01632 960 100");
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    const href = await page.getByRole("link", { name: /^\/services\// }).getAttribute("href");
    slug = href!.replace("/services/", "");
  });

  it('shows a "you said, we did" entry once the provider writes it and a reviewer approves it', async () => {
    const { page: p, context } = await newPage(e);
    await signIn(p, account(e.seed, "provider").email);
    await visit(p, `/contracts/${contractId}`);
    await submit(p, () => p.getByRole("link", { name: "You said, we did", exact: true }).click());
    await submit(p, () => p.getByRole("button", { name: "Send for approval" }).click());
    expect(await errorSummary(p)).toEqual(["Enter what people said", "Enter what you did about it"]);
    await p.getByLabel("What people said").fill(YOU_SAID);
    await p.getByLabel("What you did about it").fill(WE_DID);
    await submit(p, () => p.getByRole("button", { name: "Send for approval" }).click());
    await expect(textOf(p.locator(".govuk-notification-banner"))).resolves.toContain(
      "Your entry is sent for approval",
    );
    await context.close();
    const { page: r, context: rc } = await newPage(e);
    await signIn(r, account(e.seed, "reviewer").email);
    await visit(r, `/contracts/${contractId}/you-said-we-did`);
    await screenshot(r, "you-said-we-did");
    await submit(r, () =>
      r
        .getByRole("button", { name: /^Approve/ })
        .first()
        .click(),
    );
    await expect(textOf(r.locator(".govuk-notification-banner"))).resolves.toContain("The entry is approved");
    await rc.close();
  });

  it("reads to anyone, without JavaScript, with no names or files, and passes axe", async () => {
    const context = await e.browser.newContext({ baseURL: e.url, javaScriptEnabled: false });
    const p = await context.newPage();
    const res = await p.goto(`/services/${slug}`);
    expect(res?.status()).toBe(200);
    await context.close();
    // axe needs script to run; the same page in a script-enabled, signed-out browser.
    const { page: anon, context: c2 } = await newPage(e);
    await visit(anon, `/services/${slug}`);
    const text = await textOf(anon.locator("main"));
    expect(text).toContain("What the service promises");
    expect(text).toContain("Who you can call");
    expect(text).toContain("contact Forum team on 01632 960 100");
    expect(text).toContain("Come to the forum. It meets on the first Monday of the month.");
    expect(text).toContain(YOU_SAID);
    expect(text).toContain(WE_DID);
    for (const s of ["Survey results", COMMENT, "survey-results.pdf", REP_NAME])
      expect(text).not.toContain(s);
    await expect(anon.locator('a[href^="/files/"]').count()).resolves.toBe(0);
    // The answer first: how many promises are on target, below it, not reported yet; then who to call.
    expect(text).toMatch(/How the service is doing\n?\s*\d+ promises? (is|are) on target\./);
    expect(text.indexOf("Who you can call")).toBeLessThan(text.indexOf("What the service promises"));
    expect(text).not.toMatch(/\blate\b/);
    await screenshot(anon, "public-service-page");
    await expectNoSidewaysScroll(anon, "public-service-page");
    // A few screens at 320 px: it was 14,341 px with every promise's every period shown, and 9,201 px with
    // each promise's history behind its own details element; with each heading's promises behind one
    // (its summary says how they stand) and the key behind another, it measured 3,636 px here (with the
    // "you said, we did" entry): four and a half screens of a phone 800 px tall.
    const size = anon.viewportSize()!;
    await anon.setViewportSize({ width: 320, height: 800 });
    const tall = await anon.evaluate(() => document.documentElement.scrollHeight);
    await anon.setViewportSize(size);
    console.log(`public page at 320 px: ${tall} px tall`);
    expect(tall).toBeLessThan(3700);
    const summaries = await anon.locator("main details.govuk-details summary").allInnerTexts();
    expect(summaries[0]).toBe("What the words mean");
    expect(summaries.length).toBeGreaterThan(5);
    for (const line of summaries.slice(1))
      expect(line).toMatch(/^[^:]+: \d+ (on target|below target|not reported yet)/);
    // Opening a heading shows its promises and how each went.
    const first = anon.locator("main .app-promise-groups details.govuk-details").nth(1);
    await first.locator("summary").click();
    await expect(first.locator(".app-promise").first().isVisible()).resolves.toBe(true);
    await checkPage(anon);
    await anon.emulateMedia({ media: "print" });
    await expect(anon.locator(".govuk-footer").isVisible()).resolves.toBe(false);
    await expect(anon.locator("h1").isVisible()).resolves.toBe(true);
    await anon.screenshot({ path: "test/e2e/screenshots/public-service-page-print.png", fullPage: true });
    await c2.close();
  });

  it("answers 404 once unpublished", async () => {
    await visit(page, `/contracts/${contractId}/public-page`);
    await page.getByLabel("No", { exact: true }).check();
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    const { page: anon, context } = await newPage(e);
    await visit(anon, `/services/${slug}`, 404);
    await context.close();
    await checkPage(page);
  });
});
