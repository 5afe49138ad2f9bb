// What a database error means, read from its SQLSTATE on either driver (pg or PGlite), through
// wrappers such as drizzle's.
import { AppError } from "./errors.js";

/** PostgreSQL unique violation (23505), on either driver. */
export function isUniqueViolation(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if ((cur as { code?: string }).code === "23505") return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** The PostgreSQL SQLSTATE behind an error, on either driver, looking through wrappers such as drizzle's. */
export function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A value the database refused as data (SQLSTATE class 22: a NUL character in text, a number or date out
 * of range) is the caller's mistake, not ours: it becomes a 422, whichever route let it through.
 */
export function asClientError(err: Error): Error {
  if (err instanceof AppError) return err;
  const state = sqlState(err);
  if (state?.startsWith("22")) {
    return new AppError(
      "validation_failed",
      "A value sent cannot be stored: check for unusual characters (such as a NUL byte) or numbers and dates out of range.",
    );
  }
  return err;
}
