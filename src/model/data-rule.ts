// The data rule that every clause's evidence follows: stated once in the schedule, and referred to by each
// clause's evidence ("Under the data rule: ..."). The library test holds every clause to it.

/** Counts below this are reported as "fewer than 5", so a small number cannot point to a person. */
export const SMALL_NUMBER_LIMIT = 5;

export const DATA_RULE =
  "The data rule. Evidence handed in under these clauses is kept in the commissioner's monitoring system, which is not a care record, so it contains only totals and summaries, and pseudonymised extracts only where a clause asks for them (records with names, dates of birth, addresses and NHS or case numbers removed and replaced by a code only the provider can trace). A pseudonymised extract is still personal data: it is handed in only when needed, kept no longer than the check needs, and protected like any other personal data. Any count below 5, or one that could be worked out from other figures handed in, is reported as \"fewer than 5\". Where a check needs identifiable records, such as a case-file audit, it is carried out on the provider's premises, or through the provider's own systems, under the information-sharing agreement between the commissioner and the provider, and only its results are handed in. Nothing that shows a named person's health, treatment, offending or lived experience may be uploaded.";
