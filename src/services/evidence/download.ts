// Downloading an evidence file: only for those who may see its submission, streamed from the store, and
// recorded (who, when, which file). A removed file answers 410 Gone with when and why. The provider and
// the commissioning organisation's admins can see who downloaded their files.

import { asc, eq } from "drizzle-orm";
import { fileDownloads, organisations, submissions, users } from "../../db/schema/index.js";
import { forbidden } from "../../lib/errors.js";
import { canOnRow, nameShownTo } from "../../model/access-policy.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { findFile } from "./queries.js";
import { goneError } from "./redact.js";

export async function openEvidenceFile({
  ctx,
  input: { id },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "files">;
  input: { id: string };
}) {
  const file = await findFile({ ctx, input: { id } });
  if (file.redactedAt) throw goneError(file);
  const body = await ctx.files.get(file.storageKey);
  // A row without its bytes is a fault on our side (logged, answered 500), not a file that is not there.
  if (!body) throw new Error(`evidence file ${file.id} is missing from the store (key ${file.storageKey})`);
  await ctx.db.insert(fileDownloads).values({ fileId: file.id, userId: ctx.actor.userId, at: ctx.now });
  return { file, body };
}

/**
 * Who downloaded a file, oldest first: for the provider, and the commissioning organisation's admins. Who
 * belongs to a group of people who use the service is none of the provider's business (their views are
 * anonymous to it unless they say otherwise), so the provider sees a representative as their group only.
 */
export async function listDownloads({ ctx, input: { id } }: { ctx: ServiceCtx; input: { id: string } }) {
  const file = await findFile({ ctx, input: { id } });
  const [s] = await ctx.db.select().from(submissions).where(eq(submissions.id, file.submissionId));
  const a = ctx.actor;
  if (!canOnRow(a, "file.downloads", s!)) {
    throw forbidden("Only the provider and the commissioning organisation's administrators can see this.");
  }
  const rows = await ctx.db
    .select({
      at: fileDownloads.at,
      userId: users.id,
      name: users.name,
      organisationId: users.organisationId,
      organisationKind: organisations.kind,
      organisationName: organisations.name,
    })
    .from(fileDownloads)
    .innerJoin(users, eq(users.id, fileDownloads.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(fileDownloads.fileId, file.id))
    .orderBy(asc(fileDownloads.at), asc(fileDownloads.id));
  return rows.map((r) => {
    // A representative's name reaches the group and the council, not the provider.
    const hidden =
      r.organisationKind === "user_group" &&
      !nameShownTo(a, { reach: "council", own: r.userId === a.userId });
    return {
      at: r.at.toISOString(),
      userId: hidden ? null : r.userId,
      name: hidden ? `A representative of ${r.organisationName}` : r.name,
      organisationId: r.organisationId,
    };
  });
}
