// Involvement vocabulary the pages, the API and the database share.
import { addDays, londonDate } from "./dates.js";

/** What a group's representative says about shared evidence. */
export const VALIDATION_VIEWS = ["agree", "partly", "disagree"] as const;
export type ValidationView = (typeof VALIDATION_VIEWS)[number];

/**
 * What each view says, once: in the representative's own words on their form ("mine"), and as others
 * read it beside the evidence ("theirs").
 */
export const VIEW_WORDS: Record<ValidationView, { mine: string; theirs: string }> = {
  agree: { mine: "Yes, it matches what I have seen", theirs: "Agrees it matches their experience" },
  partly: { mine: "Partly", theirs: "Partly agrees" },
  disagree: {
    mine: "No, it does not match what I have seen",
    theirs: "Disagrees: it does not match their experience",
  },
};

/** The last day a linked group may give its view of evidence handed in at `submittedAt` (the London date). */
export function viewsDueBy(submittedAt: Date, validationDays: number): string {
  return addDays(londonDate(submittedAt), validationDays);
}
