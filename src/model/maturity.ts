// The involvement-maturity review (clause GOV-05): observable indicators, each scored 0-4 against written
// descriptors, lead to one of the five organisational approaches Patterson et al. (2009) named and to the
// IAP2 level the service reached. The study named the approaches without publishing a definition of each,
// so every descriptor here is WithUs's own; the review page and the clause say so.
import { z } from "zod";
import { LEVELS, type Level } from "./clause-schema.js";

export const INDICATORS = {
  decisions: {
    label: "Decisions people with lived experience influenced",
    evidence: "The activity register (GOV-04): each decision, the level declared and what changed",
    scores: [
      "No decision about the service was put to people with lived experience this year.",
      "People were told about decisions, or asked for views after the decision was made.",
      "People were asked before decisions and told what was done with their views.",
      "People helped work out the options and choose between them for some service decisions.",
      "People shared the final say on major decisions, such as service changes or recruitment.",
    ],
  },
  governance: {
    label: "Seats they hold in governance",
    evidence: "Terms of reference and attendance of the governance groups (GOV-03), as counts",
    scores: [
      "No seat for people with lived experience on any governance group.",
      "Invited to a governance group now and then, without membership.",
      "At least one seat on a governance group, attended at some meetings.",
      "Two or more full seats on the quality or governance group, attended at most meetings.",
      "Full seats on the board or its main committee as well, with the same rights as other members.",
    ],
  },
  budget: {
    label: "Budget they control or decide on",
    evidence: "The involvement budget and spend (GOV-06), and what the forum decided",
    scores: [
      "No involvement budget, or none that people with lived experience see.",
      "An involvement budget exists and is shown to the forum.",
      "The forum is asked how the involvement budget should be spent.",
      "The forum decides how part of the involvement budget is spent.",
      "People with lived experience hold and spend a budget of their own, or decide on a share of the service budget.",
    ],
  },
  changes: {
    label: "What changed because of them",
    evidence: 'The "you said, we did" log (LOOP-01) and the impact report (LOOP-02)',
    scores: [
      "Nothing recorded as changed because of people with lived experience.",
      "Small practical changes only, such as times or refreshments.",
      "Several changes to how the service is delivered, each traced to what people said.",
      "Changes to what the service offers or how it is designed, traced to people's views.",
      "Changes to the service's strategy, staffing or contract, led by people with lived experience.",
    ],
  },
} as const;
export type Indicator = keyof typeof INDICATORS;
export const INDICATOR_KEYS = Object.keys(INDICATORS) as [Indicator, ...Indicator[]];
export const MAX_SCORE = 4;

/** Lowest first. */
export const APPROACHES = {
  avoider: "Avoider: steers clear of involvement; people with lived experience have no part in decisions.",
  abstainer:
    "Abstainer: accepts involvement in principle but does little; influence is occasional and informal.",
  sceptic: "Sceptic: doubts involvement adds much and keeps it limited, mostly to asking for views.",
  pragmatist:
    "Pragmatist: involves people where it helps the service run; they shape some decisions and hold some seats.",
  protagonist:
    "Protagonist: treats involvement as a right and as a route to better services; people share decisions, seats and money.",
} as const;
export type Approach = keyof typeof APPROACHES;
export const APPROACH_KEYS = Object.keys(APPROACHES) as [Approach, ...Approach[]];

export const APPROACH_NOTE =
  "Patterson et al. (2009) named five organisational approaches to involvement. The descriptors are WithUs's own, not the study's.";

export type Ratings = Record<Indicator, number>;

/**
 * The rule from indicators to an approach: the total of the four scores (0-16) in five bands. A service
 * whose best indicator is 0 cannot be more than an avoider, whatever the rest.
 */
export function approachFor(r: Ratings): Approach {
  const total = INDICATOR_KEYS.reduce((n, k) => n + r[k], 0);
  if (total <= 2) return "avoider";
  if (total <= 5) return "abstainer";
  if (total <= 8) return "sceptic";
  if (total <= 12) return "pragmatist";
  return "protagonist";
}

/** The IAP2 level reached follows the decisions indicator: 0 inform ... 4 empower. */
export function levelFor(r: Ratings): Level {
  return LEVELS[r.decisions]!;
}

export const scoreSchema = z.number().int().min(0).max(MAX_SCORE);
