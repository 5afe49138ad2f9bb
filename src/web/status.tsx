// One vocabulary for statuses on every page, each with its GOV.UK tag colour.

import { CATEGORIES, type Category } from "../model/clause-schema.js";
import {
  OBLIGATION_STATUS_WORDS,
  OBLIGATION_STATUSES,
  type ObligationStatus,
  SUBMISSION_STATUS_WORDS,
  VERDICT_WORDS,
  VERDICTS,
  type Verdict,
} from "../model/compliance.js";
import { formatDate } from "../model/dates.js";
import { Tag, type TagColour } from "./components.js";

const SPEC: Record<string, [string, TagColour]> = {
  draft: ["Draft", "grey"],
  issued: ["Issued", "green"],
  superseded: ["Superseded", "purple"],
};

export function SpecificationTag({ status }: { status: string }) {
  const [text, colour] = SPEC[status] ?? [status, "grey"];
  return <Tag text={text} colour={colour} />;
}

/** Obligation statuses as derived by the evidence service. */
const OBLIGATION_COLOUR: Record<ObligationStatus, TagColour> = {
  not_due: "grey",
  open: "blue",
  overdue: "red",
  submitted: "light-blue",
  changes_requested: "orange",
  accepted: "green",
  not_applicable: "grey",
};
export const OBLIGATION_STATUS: Record<string, [string, TagColour]> = Object.fromEntries(
  OBLIGATION_STATUSES.map((s) => [s, [OBLIGATION_STATUS_WORDS[s], OBLIGATION_COLOUR[s]]]),
);

const VERDICT_COLOUR: Record<Verdict, TagColour> = {
  compliant: "green",
  partially_compliant: "yellow",
  non_compliant: "red",
};
export const VERDICT: Record<string, [string, TagColour]> = Object.fromEntries(
  VERDICTS.map((v) => [v, [VERDICT_WORDS[v], VERDICT_COLOUR[v]]]),
);

export function ObligationTag({ status, verdict }: { status: string; verdict?: string | null }) {
  if (status === "accepted" && verdict && VERDICT[verdict]) {
    const [text, colour] = VERDICT[verdict];
    return <Tag text={`Accepted: ${text.toLowerCase()}`} colour={colour} />;
  }
  const [text, colour] = OBLIGATION_STATUS[status] ?? [status, "grey"];
  return <Tag text={text} colour={colour} />;
}

const SUBMISSION_STATUS: Record<string, [string, TagColour]> = {
  submitted: [SUBMISSION_STATUS_WORDS.submitted, "light-blue"],
  changes_requested: [SUBMISSION_STATUS_WORDS.changes_requested, "orange"],
  accepted: [SUBMISSION_STATUS_WORDS.accepted, "green"],
};

export function SubmissionTag({ status }: { status: string }) {
  const [text, colour] = SUBMISSION_STATUS[status] ?? [status, "grey"];
  return <Tag text={text} colour={colour} />;
}

const RAG: Record<string, [string, TagColour]> = {
  red: ["Red", "red"],
  amber: ["Amber", "orange"],
  green: ["Green", "green"],
};

export function RagTag({ rag }: { rag: string }) {
  const [text, colour] = RAG[rag] ?? [rag, "grey"];
  return <Tag text={text} colour={colour} />;
}

export function categoryLabel(c: string) {
  return CATEGORIES[c as Category] ?? c;
}

/** A date or timestamp as GOV.UK writes it: 1 April 2026. */
export function formatDay(v: string | Date | null | undefined): string {
  if (!v) return "";
  return formatDate(typeof v === "string" ? v : v.toISOString());
}

/** A moment with its time, in UK time: 1 April 2026 at 2:05pm. */
export function formatMoment(v: string | Date | null | undefined): string {
  if (!v) return "";
  const d = typeof v === "string" ? new Date(v) : v;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} at ${get("hour")}:${get("minute")}${get("dayPeriod").toLowerCase().replace(/\s/g, "")}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  const mb = n / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
