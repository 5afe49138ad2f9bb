// A small structured logger: one JSON line an event. Secrets never go in here by construction:
// callers pass ids, not tokens or hashes.
import { sqlState } from "./db-errors.js";

export type Level = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: Level, write: (line: string) => void = (l) => console.log(l)): Logger {
  const at = (lvl: Exclude<Level, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** What of an unexpected error goes in the log: its kind and cause, never a failed query's parameters. */
export function loggableError(err: unknown): { error: string; stack?: string } {
  if (!(err instanceof Error)) return { error: String(err) };
  const cause = (err as { cause?: unknown }).cause;
  // drizzle's query errors put every parameter (password hashes included) in their message.
  if (cause instanceof Error && /^Failed query/.test(err.message)) {
    const state = sqlState(err);
    return {
      error: `${err.name}: ${cause.message}${state ? ` (SQLSTATE ${state})` : ""}`,
      stack: cause.stack,
    };
  }
  return { error: `${err.name}: ${err.message}`, stack: err.stack };
}
