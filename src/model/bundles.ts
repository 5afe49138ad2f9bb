// Named starting sets of library clauses. A commissioner can start a specification from one and then add
// or remove clauses as usual. Kept as data, with the reason for each choice, so policy leads can review it;
// test/library-review.test.ts checks that every key is in the library.

interface BundleClause {
  key: string;
  /** Why this clause is in the bundle. */
  reason: string;
}

export interface Bundle {
  title: string;
  /** Who the bundle is for, in a sentence or two. */
  description: string;
  clauses: readonly BundleClause[];
}

const CORE: readonly BundleClause[] = [
  {
    key: "GOV-01",
    reason: "Everything else hangs off a shared definition and a published list of ways to take part.",
  },
  {
    key: "GOV-02",
    reason: "Without a named person whose job it is, involvement is the first thing dropped in a busy week.",
  },
  {
    key: "GOV-04",
    reason: "Saying beforehand what people can change is the cheapest guard against tokenism.",
  },
  { key: "GOV-07", reason: "Every other clause produces records about people; this one keeps them safe." },
  {
    key: "ICP-01",
    reason:
      "Involvement starts with a person's own care plan; the audit reuses the provider's own case-file checks.",
  },
  { key: "FBK-01", reason: "A twice-yearly survey reaches people who will never come to a meeting." },
  {
    key: "FBK-02",
    reason: "People who depend on a daily prescription need a safe, anonymous way to speak up.",
  },
  {
    key: "GRP-01",
    reason: "A resourced forum with agreed terms is the backbone most other routes report to.",
  },
  {
    key: "ACC-04",
    reason:
      "Several small routes, including one without speaking in a group, keep the forum from being the only voice.",
  },
  {
    key: "PAY-01",
    reason: "Unpaid involvement narrows who can take part; the policy is needed before any paid task.",
  },
  {
    key: "PEER-05",
    reason: "No blanket bars: the people with the most recent experience of the service can take part.",
  },
  {
    key: "LOOP-01",
    reason:
      "People lose faith when they are not told what changed; a quarterly update is simple to evidence.",
  },
  {
    key: "COM-04",
    reason:
      "The commissioner's own commitment: people who use the service are heard at contract reviews and answered in writing.",
  },
];

const ENHANCED_EXTRA: readonly BundleClause[] = [
  {
    key: "GOV-03",
    reason:
      "Seats in the provider's quality and governance group move involvement from consulting to deciding.",
  },
  {
    key: "GOV-05",
    reason: "The yearly maturity review shows whether influence is growing, rated with the forum.",
  },
  { key: "GOV-06", reason: "A ring-fenced budget, visible to the forum, stops involvement being cut first." },
  {
    key: "ICP-02",
    reason:
      "Regular choice reviews answer the strongest finding of user-led research: being left on a script with no plan.",
  },
  { key: "ICP-03", reason: "People can only choose from options they have been told about." },
  { key: "ICP-04", reason: "Young adults often drop out when they move from young people's services." },
  { key: "FBK-03", reason: "Complaints themes shared with the forum show that complaining is worth it." },
  { key: "PEER-01", reason: "Paid lived-experience posts and a route from volunteering into work." },
  { key: "PEER-02", reason: "Volunteers need induction, supervision and a way to pause and come back." },
  {
    key: "PEER-03",
    reason: "A partnership with a lived experience recovery organisation, or help for one to form.",
  },
  {
    key: "PEER-04",
    reason:
      "Supported introductions to mutual aid, with choice, including groups that welcome people on medication.",
  },
  { key: "COP-01", reason: "Service-wide changes designed with the people they affect." },
  {
    key: "COP-02",
    reason: "Who gets hired shapes the culture; lived-experience panel members change who gets hired.",
  },
  { key: "COP-03", reason: "Stigma training taught with people with lived experience." },
  { key: "COP-04", reason: "The service users' own report to each contract review." },
  {
    key: "COP-05",
    reason: "Beyond training: supervision, shared compliments and joint sessions help staff hear criticism.",
  },
  {
    key: "ACC-01",
    reason: "The Accessible Information Standard applies to the service; this clause makes it checkable.",
  },
  {
    key: "ACC-02",
    reason: "Easy Read documents tested with readers, so nobody needs to read or write to take part.",
  },
  {
    key: "ACC-03",
    reason: "Comparing who takes part with who uses the service shows whose voice is missing.",
  },
  { key: "LOOP-02", reason: "A yearly report of what changed, checked by service users." },
  {
    key: "ULR-01",
    reason: "Once a term, an independent user-led consultation asks the questions the service would not.",
  },
  { key: "ULR-02", reason: "Peer researchers trained, supervised and paid." },
  {
    key: "CJ-01",
    reason: "People referred by the courts have their own experience of the service and of Probation.",
  },
  { key: "CJ-02", reason: "People on orders need to know exactly what is shared, and what is not." },
  {
    key: "CJ-03",
    reason:
      "The weeks after prison release carry the highest risk; continuity is planned with the people it is for.",
  },
  { key: "FAM-01", reason: "Families and carers have needs of their own, offered only with consent." },
  { key: "FAM-02", reason: "Families see problems people in treatment do not mention." },
  {
    key: "COM-01",
    reason: "The commissioner's needs assessment prepared with people with lived experience.",
  },
  { key: "COM-02", reason: "The specification itself written with people with lived experience." },
  { key: "COM-03", reason: "People with lived experience set and score tender questions." },
  { key: "COM-05", reason: "A route when the forum and the provider cannot agree." },
];

export const BUNDLES = {
  core: {
    title: "Core",
    description:
      "About a dozen clauses a small service can evidence from its own records: a strategy, a named lead, safe ways to speak up, a forum, several routes in, fair pay, no blanket bars, and reporting back.",
    clauses: CORE,
  },
  enhanced: {
    title: "Enhanced",
    description:
      "The core set plus governance seats, peer roles, co-production, accessibility, criminal justice, families and the commissioner's own commitments: for larger services, or areas whose involvement is already established. GRP-02 is left out because ACC-04 covers the same ground.",
    clauses: [...CORE, ...ENHANCED_EXTRA.filter((c) => !CORE.some((k) => k.key === c.key))],
  },
} as const satisfies Record<string, Bundle>;

export type BundleKey = keyof typeof BUNDLES;
export const BUNDLE_KEYS = Object.keys(BUNDLES) as [BundleKey, ...BundleKey[]];
