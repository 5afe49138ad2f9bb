// How a specification is named wherever a person reads which one is meant: its title, the council's own
// reference where it has set one, and its version ("Recovery service (DAT/2026/04), version 2").

export function specificationName(s: {
  title: string;
  reference: string | null | undefined;
  version: number;
}) {
  return `${s.title}${s.reference ? ` (${s.reference})` : ""}, version ${s.version}`;
}
