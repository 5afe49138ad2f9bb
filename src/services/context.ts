// What a service needs to act for someone.
import type { DbOrTx } from "../db/client.js";
import type { Actor } from "../model/identity.js";

export interface ServiceCtx {
  db: DbOrTx;
  actor: Actor;
  requestId?: string;
  now: Date;
}
