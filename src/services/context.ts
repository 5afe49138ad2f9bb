// What a service needs to act: every service a route or page calls takes `{ ctx, input }`, ctx saying who
// acts, on which database and when, input (an object) what they ask for.
import type { DbOrTx } from "../db/client.js";
import type { DocumentRenderer } from "../documents/renderer.js";
import type { FileStore } from "../lib/file-store.js";
import type { Actor } from "../model/identity.js";

/** For a service anyone may call, signed in or not (signing in, a public page, a link from an email). */
export interface PublicCtx {
  db: DbOrTx;
  requestId?: string;
  now: Date;
}

export interface ServiceCtx extends PublicCtx {
  actor: Actor;
}

/** The app's key and stores, for the services that need one: `ctx: ServiceCtx & Pick<ServiceDeps, "secret">`. */
export interface ServiceDeps {
  /** Keys the hashes of session ids, tokens and links. */
  secret: string;
  files: FileStore;
  renderer: DocumentRenderer;
}
