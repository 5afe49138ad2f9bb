// A representative's invitation: the email and the page say it in short, plain sentences, in large type,
// and the password they choose signs them in to their group's services.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, users } from "../../src/db/schema/index.js";
import { fleschReadingEase } from "../documents/helpers.js";
import { json, makeOperator, makeOrganisation, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ config: { TRUST_PROXY: "true" } });
});
afterAll(() => h.close());

describe("inviting a representative", () => {
  it("sends the plain invitation, and its page uses short sentences in large type", async () => {
    const forum = await makeOrganisation(h.db, "user_group");
    const email = `rep-${crypto.randomUUID().slice(0, 8)}@forum.example`;
    const res = await h.app.request(
      "/api/users",
      json(
        { email, name: "Rae Representative", role: "representative", organisationId: forum.id },
        // A group has no administrator of its own: the operator adds its first representative.
        (await makeOperator(h.db)).auth,
      ),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const [user] = await h.db.select().from(users).where(eq(users.email, email));
    const [invite] = await h.db.select().from(notifications).where(eq(notifications.userId, user!.id));
    expect(invite!.kind).toBe("invitation-representative");
    expect(invite!.subject).toBe(`You are invited to WithUs by ${forum.name}`);

    const page = await h.app.request(invite!.link, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Welcome to WithUs");
    expect(html).toContain('class="govuk-grid-row app-easy-read"');
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1]!.replace(/<[^>]+>/g, "\n");
    const sentences = main
      .split(/\n+/)
      .map((l) => l.trim())
      .filter((l) => /[a-z]/i.test(l));
    expect(
      sentences.every((s) => s.split(/\s+/).length <= 16),
      sentences.join(" | "),
    ).toBe(true);
    expect(fleschReadingEase(sentences.join("\n"))).toBeGreaterThanOrEqual(70);

    const set = await h.app.request(invite!.link, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ password: "rae picks four long words" }).toString(),
    });
    expect(set.status).toBe(303);
    const { cookie } = await signInSession(h.app, email, "rae picks four long words");
    const home = await h.app.request("/involvement", { headers: { cookie, accept: "text/html" } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Services your group checks");
  });
});
