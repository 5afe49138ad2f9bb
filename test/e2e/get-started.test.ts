// The first administrator's first sign-in, in a real browser: "Get started" (axe clean), and renaming the
// organisation, inviting a colleague and saving sign-in each tick their step.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../src/db/schema/index.js";
import { organisationNameKey } from "../../src/model/organisation-name.js";
import { FIRST_ORGANISATION_NAME } from "../../src/services/bootstrap/first-admin.js";
import { makeOperator, PASSWORD, type TestUser } from "../factories.js";
import { checkPage, type E2E, signIn, startE2EWithPage, submit, textOf, visit } from "./browser.js";

let e: E2E;
let page: Page;
let admin: TestUser;

beforeAll(async () => {
  ({ e, page } = await startE2EWithPage());
  admin = await makeOperator(e.h.db);
  // As the first start leaves the first organisation.
  await e.h.db
    .update(organisations)
    .set({ name: FIRST_ORGANISATION_NAME, nameKey: organisationNameKey(FIRST_ORGANISATION_NAME) })
    .where(eq(organisations.id, admin.organisationId));
});
afterAll(() => e?.close());

const status = (id: string) => textOf(page.locator(`#${id}-status`));

describe("a new administrator", () => {
  it("lands on Get started, and each step is ticked once it is done", async () => {
    await signIn(page, admin.email, PASSWORD);
    expect(new URL(page.url()).pathname).toBe("/get-started");
    await checkPage(page);
    expect(await textOf(page.locator("h1"))).toBe("Get started");
    expect(await status("step-name")).toBe("Incomplete");
    expect(await status("step-invite")).toBe("Incomplete");
    expect(await status("step-sign-in")).toBe("Incomplete");

    await submit(page, () =>
      page.getByRole("link", { name: "Give the organisation your council's name" }).click(),
    );
    await page.getByLabel("Name of the organisation").fill(`Westshire Council ${e.tag}`);
    await submit(page, () => page.getByRole("button", { name: "Save the name" }).click());
    await visit(page, "/get-started");
    expect(await status("step-name")).toBe("Completed");

    await submit(page, () => page.getByRole("link", { name: "Invite colleagues" }).click());
    await page.getByLabel("Full name").fill("Robin Colleague");
    await page.getByLabel("Email address").fill(`robin-${e.tag}@westshire.example`);
    await page.getByLabel("Commissioner", { exact: true }).check();
    await submit(page, () => page.getByRole("button", { name: "Add user" }).click());
    await visit(page, "/get-started");
    expect(await status("step-invite")).toBe("Completed");

    await submit(page, () => page.getByRole("link", { name: "Set up sign-in" }).click());
    await submit(page, () => page.getByRole("button", { name: "Save" }).click());
    await visit(page, "/get-started");
    expect(await status("step-sign-in")).toBe("Passwords only");
  });
});
