// Small zod building blocks every route uses, so each input rule is written once.
import { z } from "zod";
import { isoDateProblem } from "../model/dates.js";

/** A calendar date as YYYY-MM-DD, real and within the years WithUs handles. */
export const isoDate = z.string().superRefine((v, ctx) => {
  const problem = isoDateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
