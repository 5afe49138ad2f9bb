// The audit log as the operator reads it (an admin reads the same, for their organisation only): newest first, a page at a time by cursor, filtered, and a clear 422
// for a filter that makes no sense.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, makeOperator, makeTenant, type TestUser } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

interface Event {
  id: number;
  at: string;
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  organisationId: string | null;
  entityType: string;
  entityId: string;
}
interface Page {
  events: Event[];
  nextBefore: number | null;
}

let h: Harness;
// Creating organisations and reading every organisation's events is the operator's.
let operator: TestUser;
let otherOperator: TestUser;
let t: Awaited<ReturnType<typeof makeTenant>>;
/** The organisations our admin created, oldest first. */
const created: string[] = [];
let otherCreated: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function audit(query: string, auth = operator.auth) {
  const res = await h.app.request(`/api/audit?${query}`, { headers: auth });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Page };
}

beforeAll(async () => {
  h = await createHarness();
  operator = await makeOperator(h.db);
  otherOperator = await makeOperator(h.db);
  t = await makeTenant(h.db);
  for (let i = 1; i <= 7; i++) {
    const res = await h.app.request(
      "/api/organisations",
      json({ name: `Audit paging ${i}`, kind: "provider" }, operator.auth),
    );
    expect(res.status).toBe(201);
    created.push(((await res.json()) as { id: string }).id);
  }
  const res = await h.app.request(
    "/api/organisations",
    json({ name: "Someone else's provider", kind: "provider" }, otherOperator.auth),
  );
  otherCreated = ((await res.json()) as { id: string }).id;
});
afterAll(() => h.close());

describe("GET /api/audit", () => {
  it("pages backwards from the newest event, by cursor, until the oldest", async () => {
    const filter = `actor=${operator.id}&action=organisation.create`;
    const first = await audit(`${filter}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.events.map((e) => e.entityId)).toEqual(created.slice(-3).reverse());
    expect(first.body.nextBefore).toBe(first.body.events.at(-1)!.id);

    const second = await audit(`${filter}&limit=3&before=${first.body.nextBefore}`);
    expect(second.body.events.map((e) => e.entityId)).toEqual(created.slice(1, 4).reverse());
    const third = await audit(`${filter}&limit=3&before=${second.body.nextBefore}`);
    expect(third.body.events.map((e) => e.entityId)).toEqual([created[0]]);
    expect(third.body.nextBefore).toBeNull();

    const ids = [...first.body.events, ...second.body.events, ...third.body.events].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(first.body.events[0]!.actorName).toBe("Test admin");
  });

  it("without filters, gives the newest events first, at most 50 unless asked", async () => {
    const res = await audit("");
    expect(res.status).toBe(200);
    expect(res.body.events.length).toBeLessThanOrEqual(50);
    const ids = res.body.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Other suites may write events too (one PostgreSQL database per run); ours keep their order.
    const at = (id: string) => res.body.events.findIndex((e) => e.entityId === id);
    expect(at(otherCreated)).toBeGreaterThanOrEqual(0);
    expect(at(otherCreated)).toBeLessThan(at(created[6]!));
    expect(at(created[6]!)).toBeLessThan(at(created[0]!));
  });

  it("filters by actor, organisation, entity, action and date range", async () => {
    const byOther = await audit(`actor=${otherOperator.id}&action=organisation.create`);
    expect(byOther.body.events.map((e) => e.entityId)).toEqual([otherCreated]);

    const byOrganisation = await audit(`organisation=${created[2]}`);
    expect(byOrganisation.body.events.map((e) => e.action)).toEqual(["organisation.create"]);
    expect(byOrganisation.body.events[0]!.entityId).toBe(created[2]);

    const byEntity = await audit(`entityType=organisation&entityId=${created[4]}`);
    expect(byEntity.body.events.map((e) => e.entityId)).toEqual([created[4]]);

    const byAction = await audit(`action=organisation.create&actor=${operator.id}`);
    expect(byAction.body.events).toHaveLength(7);
    expect(byAction.body.nextBefore).toBeNull();
    const none = await audit(`action=no.such.action`);
    expect(none.body).toEqual({ events: [], nextBefore: null });

    const around = await audit(
      `actor=${operator.id}&action=organisation.create&from=${day(-1)}&to=${day(1)}`,
    );
    expect(around.body.events).toHaveLength(7);
    const before = await audit(`actor=${operator.id}&to=${day(-2)}`);
    expect(before.body.events).toEqual([]);
    const after = await audit(`actor=${operator.id}&from=${day(2)}`);
    expect(after.body.events).toEqual([]);
  });

  it.each([
    ["before=abc", "before"],
    ["before=0", "before"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=2.5", "limit"],
    ["actor=not-a-user", "actor"],
    ["organisation=42", "organisation"],
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    [`from=${day(0)}&to=${day(-1)}`, "to"],
    ["action=", "action"],
    ["colour=blue", ""],
  ])("answers 422 problem+json for %s", async (query, path) => {
    const res = await audit(query);
    expect(res.status).toBe(422);
    expect(res.type).toContain("application/problem+json");
    const body = res.body as unknown as { errors: Array<{ path: string; message: string }> };
    expect(body.errors.length).toBeGreaterThan(0);
    if (path) expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it("is for admins only", async () => {
    for (const who of [t.commissioner, t.reviewer, t.providerUser]) {
      const res = await h.app.request("/api/audit", { headers: who.auth });
      expect(res.status).toBe(403);
    }
    expect((await h.app.request("/api/audit")).status).toBe(404);
  });
});
