// Appendix B of the specification: the terms a provider, a commissioner and a service user reviewer need to read
// the clauses the same way. Kept as data so the wording can be reviewed without reading document code.
import { LEVEL_LABELS, LEVELS, type Level } from "../model/clause-schema.js";

const LEVEL_MEANINGS: Record<Level, string> = {
  inform:
    "The provider tells people what is happening and why, in ways they can understand, but does not ask for their views.",
  consult:
    "The provider asks people for their views on something it has already drafted, and tells them what it did with the answers.",
  involve:
    "The provider works with people throughout a piece of work so that their concerns are understood and shape the options considered.",
  collaborate:
    "People with lived experience are partners in each step, including working out the options and choosing between them.",
  empower: "People with lived experience make the final decision, and the provider carries it out.",
};

export const GLOSSARY: ReadonlyArray<{ term: string; meaning: string }> = [
  {
    term: "Service user involvement (UI)",
    meaning:
      "The ways people who use, or have used, the service take part in shaping their own care and the service as a whole: giving feedback, joining groups, working in paid or voluntary roles, and sharing decisions about design, recruitment, training and commissioning.",
  },
  {
    term: "Lived experience",
    meaning:
      "Knowledge that comes from having been affected by drug or alcohol use, as a person who used substances or as a family member or carer, rather than from training or study alone.",
  },
  {
    term: "Lived experience recovery organisation (LERO)",
    meaning:
      "An independent organisation led and staffed mainly by people in recovery, which offers peer support and recovery activities and can speak for people in recovery to services and commissioners.",
  },
  {
    term: "Co-production",
    meaning:
      "Designing, delivering or reviewing something as equal partners with the people who use it, sharing power and responsibility from the start rather than asking for comments at the end.",
  },
  {
    term: "Peer support",
    meaning:
      "Help given by someone with lived experience of substance use or recovery to someone going through something similar, such as a peer mentor or recovery champion.",
  },
  {
    term: "“You said, we did”",
    meaning:
      "A regular public report back that sets out what people told the service, what it changed as a result, and, where it could not act, why not.",
  },
  {
    term: "Involvement levels",
    meaning:
      "How much influence people have over a decision, from Inform (lowest) to Empower (highest), following the public participation spectrum of the International Association for Public Participation (IAP2). Each clause states the minimum level the provider must reach.",
  },
  ...LEVELS.map((level) => ({
    term: `${LEVEL_LABELS[level]} (involvement level)`,
    meaning: LEVEL_MEANINGS[level],
  })),
  {
    term: "Evidence",
    meaning:
      "What the provider hands in to show a clause has been met, such as minutes, reports, rotas or records of payment. Each clause says what is expected and what the reviewer checks.",
  },
  {
    term: "Threshold",
    meaning:
      "The minimum level of performance a clause sets, such as a percentage or a number of events in a period.",
  },
  {
    term: "Grace period",
    meaning: "The number of days after a reporting period ends within which evidence for that period is due.",
  },
  {
    term: "Commissioner",
    meaning: "The local authority that buys the service and monitors the contract.",
  },
  {
    term: "Provider",
    meaning: "The organisation contracted to deliver the service.",
  },
  {
    term: "Active caseload",
    meaning:
      "The number of people in structured treatment with the service on a given date, as reported to NDTMS. Thresholds given as a share of the caseload use this figure.",
  },
  {
    term: "Accessible Information Standard",
    meaning:
      "The NHS England standard, required by law of providers of publicly funded NHS, public health and adult social care services, for meeting the information and communication needs of disabled people and people with sensory loss.",
  },
  {
    term: "Combating Drugs Partnership",
    meaning:
      "The local partnership of councils, NHS, police, probation and others set up under the national drugs strategy (From harm to hope) to lead the local response to drugs.",
  },
  {
    term: "Drug rehabilitation requirement (DRR) and alcohol treatment requirement (ATR)",
    meaning:
      "Requirements a court can attach to a community order or suspended sentence order under the Sentencing Act 2020, under which a person must take part in drug or alcohol treatment.",
  },
  {
    term: "Healthwatch",
    meaning:
      "The independent local organisation, set up by law, that gathers people's views of health and care services and speaks up for them.",
  },
  {
    term: "Material change",
    meaning:
      "A change that affects everyone at a site, or a whole group of people using the service, such as opening hours, a site moving or closing, or the treatments offered. Decisions about one person's care are not material changes.",
  },
  {
    term: "Mutual aid",
    meaning:
      "Free self-help groups run by and for people with drug or alcohol problems, such as 12-step groups and SMART Recovery.",
  },
  {
    term: "NDTMS",
    meaning:
      "The National Drug Treatment Monitoring System: the national data collection to which every treatment service in England reports, and the source of caseload figures.",
  },
  {
    term: "Opioid substitution treatment",
    meaning:
      "A prescribed medicine, such as methadone or buprenorphine, taken in place of heroin or other opioids, to reduce harm and support recovery.",
  },
  {
    term: "Outcome record",
    meaning:
      "The standard record of how a person is doing, made at the start of treatment, at reviews and at exit: the Treatment Outcomes Profile for adults, with separate records for alcohol-only treatment and for young people.",
  },
  {
    term: "Pseudonymised",
    meaning:
      "With names and other details that identify a person removed and replaced by a code that only the provider can trace back to them.",
  },
  {
    term: "The data rule",
    meaning:
      'The rule, set out before the clauses, that evidence handed to the commissioner contains only totals and summaries (pseudonymised extracts only where a clause asks, and they are still personal data), that counts below 5 are reported as "fewer than 5", and that checks needing identifiable records happen on the provider\'s premises.',
  },
];
