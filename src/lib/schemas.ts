// Small zod building blocks every route uses, so each input rule is written once.
import { z } from "zod";
import { isoDateProblem } from "../model/dates.js";

/** A calendar date as YYYY-MM-DD, real and within the years WithUs handles. */
export const isoDate = z.string().superRefine((v, ctx) => {
  const problem = isoDateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Control characters other than tab and line breaks: PostgreSQL refuses NUL, and Word files refuse them all. */
export function noControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}
export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters";
