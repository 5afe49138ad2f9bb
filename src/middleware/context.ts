// What every request carries: the dependencies the entry hands the app, and the caller.
import type { Db } from "../db/client.js";
import type { DocumentRenderer } from "../documents/renderer.js";
import type { Env } from "../env.js";
import type { MalwareScanner } from "../lib/clamd.js";
import type { FileStore } from "../lib/file-store.js";
import type { Logger } from "../lib/log.js";
import type { Outbound } from "../lib/outbound.js";
import type { Actor } from "../model/identity.js";

export interface AppDeps {
  env: Env;
  /** A database for this request: the Node entry hands out its one pool, the Worker entry a new client. */
  database: () => { db: Db; ping: () => Promise<void> };
  files: FileStore;
  /** ClamAV's daemon when CLAMAV_URL is set: evidence is scanned before it is kept. */
  scanner?: MalwareScanner;
  renderer: DocumentRenderer;
  /** Keys the hashes of session ids and API tokens. */
  secret: string;
  log: Logger;
  /** How the server reaches organisations' identity providers, never inside its own network (lib/outbound.ts). */
  outbound: Outbound;
  /** Told of work that goes on after a response (middleware/after-response.ts); tests await it. */
  background?: (work: Promise<unknown>) => void;
  /** The clock; tests pin it. */
  now?: () => Date;
}

/** "Now" for this request: the app's clock (tests pin it), else the machine's. The one place it is read. */
export function nowOf(deps: Pick<AppDeps, "now">): Date {
  return deps.now?.() ?? new Date();
}

export type AppEnv = {
  Variables: {
    requestId: string;
    deps: AppDeps;
    db: Db;
    actor: Actor | null;
    /** The request carried a session cookie that no longer opens a session (ended, expired, unknown). */
    sessionEnded?: boolean;
    /** Unread notifications of the signed-in user, for the page header (set for web pages only). */
    unread?: number;
  };
};
