// The plain-language words shared by the summary document (Word, in standard and large print) and the
// public service page: one text, so what people read on paper and online says the same thing.
import { BUNDLES } from "./bundles.js";
import type { Category } from "./clause-schema.js";
import { type CoProductionRecord, coProductionSentence } from "./co-production.js";

/** Everyday headings for the categories; the library's labels are written for commissioners. */
export const PLAIN_HEADINGS: Record<Category, string> = {
  governance: "How the service is run",
  care_planning: "Your care plan",
  feedback: "Telling us what you think",
  user_groups: "Groups you can join",
  peer_roles: "People who have been there too",
  co_production: "Planning the service with you",
  user_led_research: "Asking people what they think",
  accessibility: "Making the service easy to use",
  payment: "Being paid for your time",
  you_said_we_did: "What changed because of you",
  criminal_justice: "If you came through the courts or prison",
  families: "Your family and carers",
  commissioning: "What the council promises",
};

/** coProduction: COM-02's record; only with it does the text say people who use services helped write it. */
export function plainIntro(
  serviceName: string,
  commissioner: string,
  hasPromises: boolean,
  coProduction: CoProductionRecord | null | undefined,
): string[] {
  return [
    `This is about ${serviceName}.`,
    "It says how the service will listen to you.",
    "It says how you can take part, if you want to.",
    `${commissioner} pays for the service. They check that it keeps these promises.`,
    coProductionSentence(coProduction),
    ...(hasPromises ? [] : ["The promises are still being written."]),
  ];
}

export const PLAIN_CLOSING_HEADING = "If something is not right";

export function plainClosing(commissioner: string): string[] {
  return [
    "You can tell a worker you trust.",
    "You can ask someone to help you make a complaint.",
    `You can also tell ${commissioner}.`,
    "Ask a worker if you need this in large print, easy read or another language.",
  ];
}

/** The summary's first page: at most this many promises, with the contact box. */
export const KEY_PROMISES_MAX = 10;
export const KEY_PROMISES_HEADING = "The main promises";

/** A promise named by its first plain sentence ("We will help you run your own group."), else its title. */
export function promiseSentence(c: { plainLanguage: string; title: string }): string {
  const first = /^[^.!?]*[.!?]/.exec(c.plainLanguage.trim())?.[0];
  return first && first.length <= 120 ? first : c.title;
}

/**
 * Which clauses make the summary's first page, in order: the commissioner's choice when they made one
 * (keys not in the specification are skipped); otherwise the specification's clauses in the order of the
 * core bundle, whose reasons say why each is essential, then the rest in the commissioner's order. The
 * council's own commitments are not the service's promises. At most KEY_PROMISES_MAX.
 */
export function keyPromiseClauses<C extends { key: string; category: Category }>(
  clauses: readonly C[],
  chosen: readonly string[] | null | undefined,
): C[] {
  const byKey = new Map(clauses.map((c) => [c.key, c]));
  if (chosen?.length) {
    return chosen.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : [])).slice(0, KEY_PROMISES_MAX);
  }
  const priority = BUNDLES.enhanced.clauses.map((c) => c.key);
  const rank = (k: string) => {
    const i = priority.indexOf(k);
    return i < 0 ? priority.length : i;
  };
  return clauses
    .filter((c) => c.category !== "commissioning")
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.key) - rank(b.c.key) || a.i - b.i)
    .slice(0, KEY_PROMISES_MAX)
    .map(({ c }) => c);
}
