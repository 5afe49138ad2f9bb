// The record COM-02 asks for: who helped the council write a version of a specification, from which
// groups, when, and how each wants to be credited. Documents print "people who have used services helped
// write this" only from this record, and name a person only when their consent to be named is recorded.

export type CreditChoice = "name" | "pseudonym";

export interface CoProductionRecord {
  /** The first and last day people worked on this version (ISO dates). */
  from: string;
  to: string;
  /** Where the contributors came from, and how many from each: every contributor is counted here once. */
  groups: Array<{ name: string; people: number }>;
  /** Those who chose to be credited, by name or by a pseudonym, with the day their consent was recorded. */
  credited: Array<{ name: string; group: string; as: CreditChoice; consentRecordedOn: string }>;
}

const participantsOf = (r: CoProductionRecord) => r.groups.reduce((n, g) => n + g.people, 0);

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

/**
 * The Contributors row of document control: those who consented by name (a pseudonym says so), the rest
 * counted by group ("3 people with lived experience from Doncaster Recovery Forum").
 */
export function contributorsText(r: CoProductionRecord): string {
  const named = r.credited.map((c) => (c.as === "pseudonym" ? `${c.name} (a pseudonym)` : c.name));
  const counted = r.groups.flatMap((g) => {
    const rest = g.people - r.credited.filter((c) => c.group === g.name).length;
    return rest > 0 ? [`${people(rest)} with lived experience from ${g.name}`] : [];
  });
  return [...named, ...counted].join("; ");
}

/** The summary's sentence: true only when the record exists; otherwise what the council will do next. */
export function coProductionSentence(r: CoProductionRecord | null | undefined): string {
  if (!r) return "The council will ask people who use services to help write the next version.";
  const n = participantsOf(r);
  return `${n === 1 ? "1 person who has" : `${n} people who have`} used services helped the council write this.`;
}
