// On first start, with no users at all, creates the administration organisation and its admin, who is
// also the service operator (creates the councils' organisations and sees the whole audit log).

import { count } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema/index.js";
import { ConfigError } from "../../env.js";
import { randomToken } from "../../lib/crypto.js";
import { passwordProblem } from "../../lib/passwords.js";
import { FIRST_ADMIN_ROLE } from "../../model/access-policy.js";
import { insertOrganisation } from "../organisations/organisations.js";
import { grantOperator } from "../users/operator.js";
import { createUser } from "../users/users.js";

/** The first organisation's name until its administrator renames it to their council's ("Get started"). */
export const FIRST_ORGANISATION_NAME = "WithUs administration";

const DEFAULT_ADMIN_EMAIL = "admin@withus.local";

/** Returns the generated password when one was made (to print once), else null. */
export async function ensureFirstAdmin(
  db: Db,
  opts: { email?: string; password?: string },
): Promise<{ email: string; generatedPassword: string | null } | null> {
  const [{ n }] = (await db.select({ n: count() }).from(users)) as [{ n: number }];
  if (n > 0) return null;
  const email = opts.email ?? DEFAULT_ADMIN_EMAIL;
  const generated = opts.password ? null : `${randomToken(12)}-${randomToken(6)}`;
  const problem = opts.password ? passwordProblem(opts.password, [email, "Administrator"]) : null;
  // A configuration mistake, so it stops start-up with the variable's name, like any other bad setting.
  if (problem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problem}`);
  await db.transaction(async (tx) => {
    const org = await insertOrganisation(tx, { name: FIRST_ORGANISATION_NAME, kind: "commissioner" });
    const user = await createUser(
      tx,
      { actor: null },
      {
        email,
        name: "Administrator",
        role: FIRST_ADMIN_ROLE,
        organisationId: org.id,
        password: opts.password ?? generated!,
      },
    );
    await grantOperator(tx, user.email);
  });
  return { email, generatedPassword: generated };
}
