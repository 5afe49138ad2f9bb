// The plain-language words shared by the summary document (Word, in standard and large print) and the
// public service page: one text, so what people read on paper and online says the same thing.
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
