// `npm run operator:grant -- someone@example.org`: makes an existing user the service operator. Run on the
// server, with the same DATABASE_URL (or DATA_DIR, with the server stopped: the embedded database is one
// process's at a time, and this command is refused while WithUs has it) as WithUs; there is no API for it.
import { openDatabase } from "../db/node-client.js";
import { ConfigError, readProcessEnv } from "../env.js";
import { grantOperator } from "../services/users/operator.js";
import { openDataDir } from "./data-dir.js";
import { EmbeddedDatabaseInUse } from "./embedded-lock.js";

async function main(email: string | undefined): Promise<number> {
  if (!email?.includes("@")) {
    console.error("Give the user's email address: npm run operator:grant -- someone@example.org");
    return 2;
  }
  const env = readProcessEnv();
  const dataDir = await openDataDir(env, "npm run operator:grant");
  try {
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      migrate: true,
    });
    try {
      await dataDir.tighten();
      const user = await grantOperator(database.db, email);
      if (!user) {
        console.error(`No user has the email address ${email}. Add them first, then grant.`);
        return 1;
      }
      console.log(`${user.email} is now an operator.`);
      return 0;
    } finally {
      await database.close();
    }
  } finally {
    await dataDir.close();
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (e) {
  console.error(
    e instanceof ConfigError || e instanceof EmbeddedDatabaseInUse
      ? e.message
      : `operator:grant failed: ${(e as Error).message}`,
  );
  process.exitCode = 1;
}
