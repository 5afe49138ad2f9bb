// Downloading an evidence file: only for those who may see its submission, streamed from the store.

import type { FileStore } from "../../lib/file-store.js";
import type { ServiceCtx } from "../context.js";
import { findFile } from "./queries.js";

export async function openEvidenceFile({
  ctx,
  id,
  files,
}: {
  ctx: ServiceCtx;
  id: string;
  files: FileStore;
}) {
  const file = await findFile(ctx.db, ctx.actor, id);
  const body = await files.get(file.storageKey);
  // A row without its bytes is a fault on our side (logged, answered 500), not a file that is not there.
  if (!body) throw new Error(`evidence file ${file.id} is missing from the store (key ${file.storageKey})`);
  return { file, body };
}
