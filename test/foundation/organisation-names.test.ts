// Organisation names are unique as a reader sees them: the same letters in another case, with other
// spacing, in compatibility forms or with invisible characters are the same name. Refused on create and on
// rename, by the API (409, the field "name", naming the organisation already there) and the pages (an
// error summary), and when two requests race for one name the database's unique index decides.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../../src/db/schema/index.js";
import { organisationNameKey } from "../../src/model/organisation-name.js";
import { refreshOrganisationNameKeys } from "../../src/services/organisations/name-keys.js";
import {
  json,
  makeOperator,
  makeOrganisation,
  makeTenant,
  signInSession,
  type TestUser,
} from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

let h: Harness;
let operator: TestUser;
let session: Awaited<ReturnType<typeof signInSession>>;
const tag = crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  h = await createHarness();
  operator = await makeOperator(h.db);
  session = await signInSession(h.app, operator.email);
});
afterAll(() => h.close());

const create = (name: string, kind = "provider") =>
  h.app.request("/api/organisations", json({ name, kind }, operator.auth));

async function postForm(path: string, fields: Record<string, string>) {
  const res = await h.app.request(path, {
    method: "POST",
    headers: {
      cookie: session.cookie,
      accept: "text/html",
      origin: "http://localhost",
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}

describe("the name key", () => {
  it("folds case, spacing, compatibility forms and invisible characters", () => {
    const key = organisationNameKey("Change Grow Live");
    for (const lookAlike of [
      "change grow live",
      "  CHANGE   Grow\u00a0Live ",
      "Ｃｈａｎｇｅ Grow Live", // full-width letters
      "Chan\u00adge Grow Live", // a soft hyphen, invisible unless the line breaks there
      "Change\u2003Grow\tLive", // an em space and a tab
      "Change Gro\u034fw Live", // a combining grapheme joiner
      "\u0421h\u0430nge Grow Live", // Cyrillic capital Es and small a
      "Change Gr\u043ew L\u0456ve", // Cyrillic small o and Byelorussian-Ukrainian i
    ])
      expect(organisationNameKey(lookAlike), lookAlike).toBe(key);
    expect(organisationNameKey("Straße Trust")).toBe(organisationNameKey("STRASSE TRUST"));
    expect(organisationNameKey("Change Grow Living")).not.toBe(key);
    // Look-alikes made of plain letters and digits, as the confusables table has them.
    expect(organisationNameKey("Humankind")).toBe(organisationNameKey("Hurnankind"));
    expect(organisationNameKey("Route 10")).toBe(organisationNameKey("Route lO"));
    expect(organisationNameKey("Turning Point")).not.toBe(organisationNameKey("Turning Paint"));
  });
});

describe("creating and renaming", () => {
  it("refuses a name that looks like an organisation's already there, naming it", async () => {
    const first = await create(`Turning Point ${tag}`);
    expect(first.status).toBe(201);
    const again = await create(`  TURNING\u00a0point ${tag.toUpperCase()}`, "commissioner");
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await again.json()) as {
      detail: string;
      errors: Array<{ path: string; message: string }>;
    };
    expect(problem.errors).toEqual([
      { path: "name", message: `looks the same as Turning Point ${tag}, which is already on WithUs` },
    ]);
    expect(problem.detail).toContain(`Turning Point ${tag} is already on WithUs`);
    const rows = await h.db
      .select()
      .from(organisations)
      .where(eq(organisations.nameKey, organisationNameKey(`Turning Point ${tag}`)));
    expect(rows).toHaveLength(1);
  });

  it("refuses a rename to a look-alike name, and lets an organisation change its own name's case", async () => {
    const a = (await (await create(`Humankind ${tag}`)).json()) as { id: string };
    const b = (await (await create(`Forward Trust ${tag}`)).json()) as { id: string };
    const taken = await h.app.request(
      `/api/organisations/${b.id}`,
      json({ name: `humankind ${tag}` }, operator.auth, "PATCH"),
    );
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("name");
    const own = await h.app.request(
      `/api/organisations/${a.id}`,
      json({ name: `HUMANKIND ${tag}` }, operator.auth, "PATCH"),
    );
    expect(own.status).toBe(200);
    expect(((await own.json()) as { name: string }).name).toBe(`HUMANKIND ${tag}`);
  });

  it("lets the unique index decide between two requests for one name: one is created, one refused", async () => {
    const name = `Via ${tag}`;
    const answers = await Promise.all(Array.from({ length: 4 }, () => create(name)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((x) => x.status === 409))
      expect(((await r.json()) as { detail: string }).detail).toContain(`${name} is already on WithUs`);
  });
});

describe("the pages", () => {
  it("adding an organisation: the error summary names the one already there", async () => {
    await makeOrganisation(h.db, "provider", `Delphi ${tag}`);
    const res = await postForm("/admin/organisations", { name: `delphi  ${tag}`, kind: "provider" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("govuk-error-summary");
    expect(res.html).toContain(`Delphi ${tag} is already on WithUs`);
    expect(res.html).toContain('href="#name"');
  });

  it("changing a name: refused at the field when taken, saved otherwise", async () => {
    await makeOrganisation(h.db, "provider", `Cranstoun ${tag}`);
    const org = await makeOrganisation(h.db, "commissioner", `Northshire ${tag}`);
    const form = await h.app.request(`/admin/organisations/${org.id}/name`, {
      headers: { ...operator.auth, accept: "text/html" },
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`value="Northshire ${tag}"`);
    const taken = await postForm(`/admin/organisations/${org.id}/name`, { name: `CRANSTOUN ${tag}` });
    expect(taken.status).toBe(422);
    expect(taken.html).toContain("govuk-error-summary");
    expect(taken.html).toContain(`Cranstoun ${tag} is already on WithUs`);
    const saved = await postForm(`/admin/organisations/${org.id}/name`, {
      name: `Northshire Council ${tag}`,
    });
    expect(saved.status).toBe(303);
    const [row] = await h.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(row!.name).toBe(`Northshire Council ${tag}`);
    expect(row!.nameKey).toBe(organisationNameKey(`Northshire Council ${tag}`));
  });

  it("changing a name is the operator's alone", async () => {
    const org = await makeOrganisation(h.db, "provider");
    const t = await makeTenant(h.db);
    const res = await h.app.request(`/admin/organisations/${org.id}/name`, {
      headers: { ...t.admin.auth, accept: "text/html" },
    });
    expect(res.status).toBe(404);
  });
});

describe("start-up", () => {
  it("recomputes stale keys; of two organisations that now look the same, the older keeps the key", async () => {
    const older = await makeOrganisation(h.db, "provider", `Phoenix Futures ${tag}`);
    const newer = await makeOrganisation(h.db, "provider", `Phoenix Trust ${tag}`);
    // As a key written by an earlier rule might be: stale, and the newer row's name edited to look alike.
    await h.db
      .update(organisations)
      // Made an hour earlier: two rows added in one millisecond would otherwise tie, and the tie is broken by id.
      .set({ nameKey: `stale ${tag}`, createdAt: new Date(older.createdAt.getTime() - 3_600_000) })
      .where(eq(organisations.id, older.id));
    await h.db
      .update(organisations)
      .set({ name: `PHOENIX FUTURES ${tag}` })
      .where(eq(organisations.id, newer.id));
    const result = await refreshOrganisationNameKeys(h.db);
    expect(result.lookAlikes).toContain(`PHOENIX FUTURES ${tag}`);
    const keys = Object.fromEntries((await h.db.select().from(organisations)).map((o) => [o.id, o.nameKey]));
    expect(keys[older.id]).toBe(organisationNameKey(`Phoenix Futures ${tag}`));
    expect(keys[newer.id]).toBe(`${organisationNameKey(`Phoenix Futures ${tag}`)} #${newer.id}`);
    // A second run finds nothing to change.
    expect((await refreshOrganisationNameKeys(h.db)).changed).toBe(0);
  });
});
