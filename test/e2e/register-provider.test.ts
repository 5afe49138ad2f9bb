// Letting a contract to a provider that is not on WithUs yet, in a real browser: the commissioner
// registers it from the contract form and invites its first user, comes back to the form with the
// provider chosen and lets the contract; the invited person accepts and administers their provider. A
// second council trying to register the same provider is told it is there, and lets its contract to it.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, notifications, users } from "../../src/db/schema/index.js";
import { issuedSpecification } from "../contracts/fixtures.js";
import { makeOrganisation, makeUser, PASSWORD } from "../factories.js";
import {
  account,
  checkPage,
  type E2E,
  errorSummary,
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
let pageErrors: string[];

beforeAll(async () => {
  ({ e, page, errors: pageErrors } = await startE2EWithPage());
});
afterAll(() => e?.close());

const providerName = () => `Brightside Recovery (${e.tag})`;
const leadEmail = () => `lead+${e.tag}@brightside.example`;

async function fillTerm(p: Page, reference: string) {
  await p.getByLabel("Contract reference").fill(reference);
  for (const [field, [d, m, y]] of [
    ["startDate", ["1", "4", "2026"]],
    ["endDate", ["31", "3", "2028"]],
  ] as const) {
    await p.locator(`#${field}-day`).fill(d);
    await p.locator(`#${field}-month`).fill(m);
    await p.locator(`#${field}-year`).fill(y);
  }
}

describe("a provider not on WithUs yet", () => {
  it("the commissioner registers it from the contract form, invites its first user and lets the contract", async () => {
    await signIn(page, account(e.seed, "commissioner").email);
    // As from the issued specification's page: the form knows the specification, and keeps it throughout.
    await visit(page, `/contracts/new?specification=${e.seed.specificationId}`);
    await submit(page, () => page.getByRole("link", { name: "Register the provider" }).click());
    expect(await textOf(page.locator("h1"))).toBe("Register a provider");

    await submit(page, () => page.getByRole("button", { name: "Register and send the invitation" }).click());
    expect(await errorSummary(page)).toEqual([
      "Enter the name of the organisation",
      "Enter the full name of the person to invite",
      "Enter their email address",
    ]);
    await screenshot(page, "register-provider-errors");

    await page.getByLabel("Name of the provider").fill(providerName());
    await page.getByLabel("Full name").fill("Bea Brightside");
    await page.getByLabel("Email address").fill(leadEmail());
    await submit(page, () => page.getByRole("button", { name: "Register and send the invitation" }).click());
    expect(new URL(page.url()).pathname).toBe("/contracts/new");
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain(
      `${providerName()} is registered`,
    );
    expect(await page.getByLabel("Provider").locator("option:checked").innerText()).toBe(providerName());

    await fillTerm(page, `BRIGHT-${e.tag}`);
    await submit(page, () => page.getByRole("button", { name: "Let contract" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain(
      `Contract BRIGHT-${e.tag} let to ${providerName()}`,
    );
    expect(pageErrors).toEqual([]);
  });

  it("on the contract page, registers a group of people who use the service and comes back to link it", async () => {
    const [contract] = await e.h.db
      .select()
      .from(contracts)
      .where(eq(contracts.reference, `BRIGHT-${e.tag}`));
    await visit(page, `/contracts/${contract!.id}`);
    await submit(page, () => page.getByRole("link", { name: "Register it" }).click());
    expect(await textOf(page.locator("h1"))).toBe("Register a group of people who use the service");
    const group = `Brightside Voices (${e.tag})`;
    await page.getByLabel("Name of the group").fill(group);
    await page.getByLabel("Full name").fill("Vic Voices");
    await page.getByLabel("Email address").fill(`vic+${e.tag}@voices.example`);
    await submit(page, () => page.getByRole("button", { name: "Register and send the invitation" }).click());
    expect(new URL(page.url()).pathname).toBe(`/contracts/${contract!.id}`);
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain(`${group} is registered`);
    expect(await page.getByLabel("Link a group").locator("option:checked").innerText()).toBe(group);
    await checkPage(page);
    await submit(page, () => page.getByRole("button", { name: "Link group" }).click());
    expect(await textOf(page.locator(".govuk-notification-banner"))).toContain(
      `${group} is linked to this contract.`,
    );
    expect(pageErrors).toEqual([]);
  });

  it("the invited person accepts and lands on their provider's users", async () => {
    const [lead] = await e.h.db.select().from(users).where(eq(users.email, leadEmail()));
    const [invite] = await e.h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, lead!.id), eq(notifications.kind, "invitation")));
    const { context, page: theirs } = await newPage(e);
    await visit(theirs, invite!.link);
    await theirs.getByLabel("Choose a password").fill(PASSWORD);
    await submit(theirs, () => theirs.getByRole("button", { name: "Set password" }).click());
    await signIn(theirs, leadEmail(), PASSWORD);
    expect(new URL(theirs.url()).pathname).toBe("/admin/users");
    expect(await textOf(theirs.locator("main"))).toContain("Bea Brightside");
    await context.close();
  });

  it("another council is told the provider is there, and lets its contract to it", async () => {
    const council = await makeOrganisation(e.h.db, "commissioner", `Southvale Council (${e.tag})`);
    const commissioner = await makeUser(e.h.db, council.id, "commissioner");
    const provider = await makeOrganisation(e.h.db, "provider", `Placeholder (${e.tag})`);
    await issuedSpecification(
      e.h,
      {
        council,
        provider,
        commissioner,
        admin: commissioner,
        reviewer: commissioner,
        providerUser: commissioner,
      },
      ["FBK-01"],
      { title: `Southvale specification ${e.tag}` },
    );
    const { context, page: theirs } = await newPage(e);
    await signIn(theirs, commissioner.email, PASSWORD);
    await visit(theirs, "/contracts/new");
    await submit(theirs, () => theirs.getByRole("link", { name: "Register the provider" }).click());
    await theirs.getByLabel("Name of the provider").fill(providerName().toUpperCase());
    await theirs.getByLabel("Full name").fill("Someone Else");
    await theirs.getByLabel("Email address").fill(`else+${e.tag}@brightside.example`);
    await submit(theirs, () =>
      theirs.getByRole("button", { name: "Register and send the invitation" }).click(),
    );
    expect(await errorSummary(theirs)).toEqual([
      `${providerName()} is already on WithUs: choose it from the list of providers instead`,
    ]);
    await screenshot(theirs, "register-provider-exists");
    await submit(theirs, () =>
      theirs.getByRole("link", { name: `Let the contract to ${providerName()}` }).click(),
    );
    expect(await theirs.getByLabel("Provider").locator("option:checked").innerText()).toBe(providerName());
    await theirs
      .getByLabel("Specification")
      .selectOption({ label: `Southvale specification ${e.tag}, version 1` });
    await fillTerm(theirs, `SV-${e.tag}`);
    await submit(theirs, () => theirs.getByRole("button", { name: "Let contract" }).click());
    expect(await textOf(theirs.locator(".govuk-notification-banner"))).toContain(`let to ${providerName()}`);
    await context.close();
  });
});
