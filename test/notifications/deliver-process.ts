// A second process for the delivery tests: runs the delivery job once against DATABASE_URL, sending
// through SMTP_URL, and prints "ready" as it starts, then what it did as JSON.
import { openDatabase } from "../../src/db/node-client.js";
import { smtpTransport } from "../../src/entry/smtp-transport.js";
import { createLogger } from "../../src/lib/log.js";
import { deliverEmail } from "../../src/services/notifications/deliver.js";

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, migrate: false });
const transport = smtpTransport({ url: process.env.SMTP_URL!, from: "WithUs <withus@example.gov.uk>" });
try {
  // The test starts its own job when it reads this, so both claim at once.
  console.log("ready");
  const result = await deliverEmail({
    db: database.db,
    transport,
    origin: "https://withus.example.gov.uk",
    now: new Date(process.env.NOW!),
    log: createLogger("silent"),
    batchSize: 5,
  });
  console.log(JSON.stringify(result));
} finally {
  transport.close?.();
  await database.close();
}
