// What every request and every service call carries.
import type { Db, DbOrTx } from "../db/client.js";
import type { OrganisationKind, Role } from "../db/schema/index.js";
import type { DocumentRenderer } from "../documents/renderer.js";
import type { Env } from "../env.js";
import type { FileStore } from "./file-store.js";
import type { Logger } from "./log.js";

export interface Actor {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  role: Role;
  name: string;
  email: string;
  via: "session" | "token";
  /** The session's CSRF token (session callers only). */
  csrfToken?: string;
}

export interface AppDeps {
  env: Env;
  /** A database for this request: the Node entry hands out its one pool, the Worker entry a new client. */
  database: () => { db: Db; ping: () => Promise<void> };
  files: FileStore;
  renderer: DocumentRenderer;
  /** Keys the hashes of session ids and API tokens. */
  secret: string;
  log: Logger;
  /** The clock; tests pin it. */
  now?: () => Date;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    deps: AppDeps;
    db: Db;
    actor: Actor | null;
  };
};

/** What a service needs to act for someone. */
export interface ServiceCtx {
  db: DbOrTx;
  actor: Actor;
  requestId?: string;
  now: Date;
}
