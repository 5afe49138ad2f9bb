// Involvement vocabulary the pages, the API and the database share.
import type { NameReach } from "./access-policy.js";
import type { Verdict } from "./compliance.js";
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

/**
 * How far a representative may let their name travel with a view, in the order the form offers them
 * (model/access-policy.ts nameShownTo reads the reach). "group": everyone outside the group reads
 * "a member of <group>".
 */
export const VIEW_NAME_REACHES = ["group", "council", "everyone"] as const satisfies readonly NameReach[];

/** The form's choices, and what the representative reads afterwards, once. */
export const NAME_REACH_WORDS: Record<NameReach, { choice: (group: string) => string; given: string }> = {
  group: {
    choice: (group) => `Only my group. Everyone else reads "${memberOf(group)}".`,
    given: "Only your group can see your name. Everyone else reads that a member of your group wrote it.",
  },
  council: {
    choice: () => "My group and the council. Not the service.",
    given: "Your group and the council can see your name. The service cannot.",
  },
  everyone: {
    choice: () => "My group, the council and the service.",
    given: "Your group, the council and the service can see your name.",
  },
};

/** Who wrote a view, when the reader may not know their name. */
export const memberOf = (group: string) => `a member of ${group}`;

/** The reach of a stored view: showMyName (the older choice) means everyone. */
export const reachOf = (v: { showMyName: boolean; nameReach: NameReach }): NameReach =>
  v.showMyName ? "everyone" : v.nameReach;

/** The notice a representative reads once, before their first view; a new text takes a new name. */
export const VIEWS_NOTICE = "views-privacy-2026-12";

/** The notice's words: who sees a view and its writer's name, why, for how long, and the audit record. */
export function viewsPrivacyNotice(group: string): { heading: string; paragraphs: string[] } {
  return {
    heading: "What happens to your view",
    paragraphs: [
      "The council pays for this service. It asks your group what you have seen, to check the service keeps its promises. Your view helps the council decide.",
      "The council and the service read what you write. You choose who sees your name: only your group, your group and the council, or the service too.",
      `If you choose only your group, everyone else reads "${memberOf(group)}".`,
      "WithUs still keeps a record of who wrote each view, so misuse can be looked into. The council's WithUs managers and the people who run WithUs can read that record. The service cannot read it.",
      "We keep your view and that record for as long as the council keeps the records of this contract. They are not deleted when the contract ends.",
      "Do not write other people's names, or things about your own health that you want kept private.",
    ],
  };
}

/**
 * What the council decided about shared evidence, as a group reads it ("The council ..."): accepting the
 * paperwork is never said to be a promise kept.
 */
export const GROUP_DECISION_WORDS: Record<Verdict | "changes_requested", string> = {
  changes_requested: "sent it back to the service to put right",
  compliant: "accepted the evidence",
  partially_compliant: "accepted the evidence, but it shows the promise only partly met",
  non_compliant: "accepted the evidence, but it does not show the promise met",
};
