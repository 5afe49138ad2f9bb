// The GOV.UK Notify transport through the official client, against a local stand-in that checks the
// request (method, path, JWT, payload) as Notify would.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/lib/log.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";
import { enqueueMessage } from "../../src/services/notifications/enqueue.js";
import { notifyTransport } from "../../src/services/notifications/notify-transport.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import { API_KEY, startNotifyStandIn, TEMPLATE_ID } from "../notify-stand-in.js";

const ORIGIN = "https://withus.example.gov.uk";
let h: Harness;
let notify: Awaited<ReturnType<typeof startNotifyStandIn>>;
const log = createLogger("silent");

beforeAll(async () => {
  h = await createHarness({ isolated: true });
  notify = await startNotifyStandIn();
});
afterAll(async () => {
  await notify.close();
  await h.close();
});

describe("GOV.UK Notify transport", () => {
  it("sends one email with the subject and body as personalisation, and keeps Notify's id", async () => {
    const t = await makeTenant(h.db);
    const now = new Date();
    const id = await enqueueMessage(
      h.db,
      {
        userId: t.providerUser.id,
        organisationId: t.council.id,
        kind: "changes-requested",
        params: { commissioner: "Northshire", clause: "Survey", period: "2026-27 Q1", contract: "C-1" },
        link: "/submissions/abc",
        dedupeKey: "changes:abc",
      },
      now,
    );
    const transport = notifyTransport({ apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl: notify.url });
    expect(await deliverEmail({ db: h.db, transport, origin: ORIGIN, now, log })).toMatchObject({ sent: 1 });
    expect(notify.rejected).toEqual([]);
    expect(notify.received).toHaveLength(1);
    const [sent] = notify.received;
    expect(sent).toMatchObject({
      template_id: TEMPLATE_ID,
      email_address: t.providerUser.email,
      reference: id,
      personalisation: { subject: "Changes needed: Survey, C-1" },
    });
    expect(sent!.personalisation.body).toContain("asked for changes");
    expect(sent!.personalisation.body).toContain(`${ORIGIN}/submissions/abc`);
    const [row] = await h.db.select().from(notifications).where(eq(notifications.id, id!));
    expect(row!.emailStatus).toBe("sent");
    expect(row!.transportMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a wrong key is refused by the stand-in and the error is kept for administrators", async () => {
    const t = await makeTenant(h.db);
    const now = new Date();
    const id = await enqueueMessage(
      h.db,
      {
        userId: t.providerUser.id,
        organisationId: t.council.id,
        kind: "changes-requested",
        params: { commissioner: "Northshire", clause: "Survey", period: "2026-27 Q1", contract: "C-1" },
        link: "/submissions/abc",
        dedupeKey: "changes:def",
      },
      now,
    );
    const wrong = `${API_KEY.slice(0, -4)}ffff`;
    const transport = notifyTransport({ apiKey: wrong, templateId: TEMPLATE_ID, baseUrl: notify.url });
    expect(await deliverEmail({ db: h.db, transport, origin: ORIGIN, now, log })).toMatchObject({
      sent: 0,
      retrying: 1,
    });
    const [row] = await h.db.select().from(notifications).where(eq(notifications.id, id!));
    expect(row!.lastError).toBe("Notify answered 403: AuthError: Invalid token: signature");
  });
});
