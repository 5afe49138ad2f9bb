// Synthetic specifications for the document tests and the benchmark: clauses across every category, with
// parameter values already filled in, as the specification service hands them to the documents.

import type { Category, Frequency, Level, RenderedClause } from "../../src/model/clause-schema.js";
import type { ComplianceReportInput, SpecificationDocumentInput } from "../../src/model/document-input.js";
import { reportingCalendar } from "../../src/services/specifications/calendar.js";

interface Template {
  prefix: string;
  category: Category;
  level: Level;
  frequency: Frequency;
  title: string;
  requirement: (v: string) => string;
  evidence: string;
  checks: string;
  threshold: ((v: string) => string) | null;
  plain: (v: string) => string;
  param: {
    name: string;
    label: string;
    value: (i: number) => number | string;
    display: (v: number | string) => string;
  };
  source: string;
}

const pct = (v: number | string) => `${v}%`;

const TEMPLATES: Template[] = [
  {
    prefix: "GOV",
    category: "governance",
    level: "collaborate",
    frequency: "quarterly",
    title: "Service user seats on the governance board",
    requirement: (v) =>
      `The provider shall reserve ${v} on its service governance board for people with lived experience of the service, who take part in every decision the board makes.`,
    evidence: "Board terms of reference, membership list and minutes for the quarter.",
    checks:
      "That the seats are filled, that members attended, and that the minutes record their contributions.",
    threshold: (v) => `At least ${v} filled for the whole quarter.`,
    plain: (v) => `People who use the service sit on the board that runs it. There are ${v} for them.`,
    param: {
      name: "seats",
      label: "Number of seats",
      value: (i) => 2 + (i % 3),
      display: (v) => `${v} seats`,
    },
    source: "Scottish Government (2007) Service user involvement: a guide for drug and alcohol services.",
  },
  {
    prefix: "CARE",
    category: "care_planning",
    level: "involve",
    frequency: "quarterly",
    title: "Care plans agreed with the person",
    requirement: (v) =>
      `The provider shall agree every recovery care plan with the person it is for, and review it with them at least every ${v}.`,
    evidence: "An audit of a sample of care plans, with the dates they were agreed and reviewed.",
    checks: "That plans are signed or recorded as agreed by the person, and that reviews happened on time.",
    threshold: (v) => `Reviews happen at least every ${v} for 90% of plans sampled.`,
    plain: (v) => `You help write your own care plan. You look at it again with your worker every ${v}.`,
    param: {
      name: "review_weeks",
      label: "Review interval",
      value: (i) => 8 + (i % 5),
      display: (v) => `${v} weeks`,
    },
    source: "NICE (2012) Drug use disorders in adults. Quality standard QS23.",
  },
  {
    prefix: "FBK",
    category: "feedback",
    level: "consult",
    frequency: "quarterly",
    title: "Anonymous feedback channel",
    requirement: (v) =>
      `The provider shall offer a way to give feedback anonymously, and respond to ${v} of feedback within 20 working days.`,
    evidence: "A log of feedback received and the responses made, with dates.",
    checks: "That anonymous feedback is possible and that responses were timely.",
    threshold: (v) => `At least ${v} of feedback answered within 20 working days.`,
    plain: () => "You can tell us what you think. You do not have to give your name.",
    param: {
      name: "response_rate",
      label: "Share of feedback answered",
      value: (i) => 80 + (i % 15),
      display: pct,
    },
    source: "Scottish Government (2007) Service user involvement: a guide for drug and alcohol services",
  },
  {
    prefix: "GRP",
    category: "user_groups",
    level: "involve",
    frequency: "monthly",
    title: "Service user forum",
    requirement: (v) =>
      `The provider shall support a service user forum that meets at least ${v}, in a place and at a time chosen with its members.`,
    evidence: "Forum dates, attendance and notes of each meeting.",
    checks: "That the forum met as often as required and that members chose the time and place.",
    threshold: (v) => `Meets at least ${v}.`,
    plain: () => "There is a group for people who use the service. You can come and have your say.",
    param: {
      name: "meetings",
      label: "How often the forum meets",
      value: () => "monthly",
      display: (v) => `${v}`,
    },
    source: "Public Health England (2015) Recovery community organisations.",
  },
  {
    prefix: "PEER",
    category: "peer_roles",
    level: "collaborate",
    frequency: "six_monthly",
    title: "Paid peer support roles",
    requirement: (v) =>
      `The provider shall employ people with lived experience in paid peer roles making up at least ${v} of its frontline workforce.`,
    evidence: "A workforce return showing peer roles, hours and pay bands.",
    checks: "That peer roles are paid at the agreed rate and make up the required share.",
    threshold: (v) => `At least ${v} of frontline posts are peer roles.`,
    plain: () => "Some staff have been through recovery too. They are paid for the work they do.",
    param: {
      name: "peer_share",
      label: "Peer share of workforce",
      value: (i) => 10 + (i % 10),
      display: pct,
    },
    source: "Office for Health Improvement and Disparities (2023) Lived experience recovery organisations.",
  },
  {
    prefix: "COP",
    category: "co_production",
    level: "collaborate",
    frequency: "annually",
    title: "People with lived experience on interview panels",
    requirement: (v) =>
      `The provider shall include a person with lived experience on ${v} of interview panels for frontline and management posts.`,
    evidence: "A list of recruitment panels held in the year and who sat on them.",
    checks: "That lived experience panel members took part in scoring and the decision.",
    threshold: (v) => `Lived experience member on at least ${v} of panels.`,
    plain: () => "People who use the service help choose new staff. They sit on the job interview panel.",
    param: { name: "panel_share", label: "Share of panels", value: (i) => 75 + (i % 25), display: pct },
    source: "NHS England (2023) Working in partnership with people and communities.",
  },
  {
    prefix: "RES",
    category: "user_led_research",
    level: "involve",
    frequency: "annually",
    title: "User-led survey of the service",
    requirement: (v) =>
      `The provider shall fund a survey designed and run by service users once a year, reaching at least ${v} people.`,
    evidence: "The survey questions, the number of replies, and the report.",
    checks: "That service users designed the survey and wrote or shaped the report.",
    threshold: (v) => `At least ${v} replies.`,
    plain: () => "Each year people who use the service ask others what they think. We pay for this.",
    param: { name: "respondents", label: "Minimum replies", value: (i) => 50 + i, display: (v) => `${v}` },
    source: "Scottish Government (2007) Service user involvement: a guide for drug and alcohol services.",
  },
  {
    prefix: "ACC",
    category: "accessibility",
    level: "inform",
    frequency: "mobilisation",
    title: "Easy read information",
    requirement: (v) =>
      `The provider shall publish information about the service in easy read and in the ${v} most used community languages.`,
    evidence: "Copies of the easy read and translated leaflets.",
    checks: "That the materials exist and were tested with service users.",
    threshold: null,
    plain: () => "We will make our leaflets easy to read. We will have them in other languages too.",
    param: {
      name: "languages",
      label: "Number of languages",
      value: (i) => 3 + (i % 4),
      display: (v) => `${v}`,
    },
    source: "Equality Act 2010.",
  },
  {
    prefix: "PAY",
    category: "payment",
    level: "involve",
    frequency: "quarterly",
    title: "Payment for involvement",
    requirement: (v) =>
      `The provider shall pay people for their time when they take part in involvement work, at ${v} an hour, and cover travel costs.`,
    evidence: "A record of payments made for involvement in the quarter.",
    checks: "That people were paid at the agreed rate and on time.",
    threshold: (v) => `Everyone who took part was paid ${v} an hour.`,
    plain: (v) =>
      `We pay you for your time when you help us. It is ${v} an hour. We pay for your bus fare too.`,
    param: {
      name: "hourly_rate",
      label: "Hourly rate",
      value: (i) => `£${12 + (i % 4)}.50`,
      display: (v) => `${v}`,
    },
    source: "NIHR (2022) Payment guidance for researchers and professionals.",
  },
  {
    prefix: "YSWD",
    category: "you_said_we_did",
    level: "consult",
    frequency: "quarterly",
    title: "You said, we did board",
    requirement: (v) =>
      `The provider shall publish a "you said, we did" report every quarter in each of its ${v} sites and online.`,
    evidence: "Copies of the reports and photos of where they are displayed.",
    checks: "That each report says what changed and, where nothing changed, why not.",
    threshold: (v) => `A report in all ${v} sites each quarter.`,
    plain: () => "We will show you what we changed because of what you told us.",
    param: { name: "sites", label: "Number of sites", value: (i) => 2 + (i % 3), display: (v) => `${v}` },
    source: "Scottish Government (2007) Service user involvement: a guide for drug and alcohol services.",
  },
  {
    prefix: "CJ",
    category: "criminal_justice",
    level: "consult",
    frequency: "six_monthly",
    title: "Views of people on probation",
    requirement: (v) =>
      `The provider shall seek the views of people referred through the criminal justice system at least ${v} a year.`,
    evidence: "The method used, the number of people asked, and what was learned.",
    checks: "That people on probation or leaving prison were asked in a way that suits them.",
    threshold: (v) => `Views sought at least ${v} a year.`,
    plain: () => "If you came to us from the courts or prison, we want to hear from you too.",
    param: { name: "times", label: "Times a year", value: () => "twice", display: (v) => `${v}` },
    source: "Ministry of Justice (2021) Probation service user involvement framework.",
  },
  {
    prefix: "FAM",
    category: "families",
    level: "involve",
    frequency: "quarterly",
    title: "Family and carer group",
    requirement: (v) =>
      `The provider shall run a support and involvement group for families and carers at least ${v}.`,
    evidence: "Dates of group meetings and numbers attending.",
    checks: "That families and carers were able to shape the group.",
    threshold: (v) => `Meets at least ${v}.`,
    plain: () => "Your family can get help too. There is a group for them.",
    param: {
      name: "family_meetings",
      label: "Meeting frequency",
      value: () => "monthly",
      display: (v) => `${v}`,
    },
    source: "Adfam (2019) Family support in drug and alcohol services.",
  },
];

/** n clauses across the categories, in a commissioner's order (interleaved, not grouped). */
export function makeClauses(n: number): RenderedClause[] {
  return Array.from({ length: n }, (_, i) => {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const round = Math.floor(i / TEMPLATES.length);
    const value = t.param.value(i);
    const display = t.param.display(value);
    return {
      key: `${t.prefix}-${String(round + 1).padStart(2, "0")}`,
      version: 1,
      title: round === 0 ? t.title : `${t.title}, part ${round + 1}`,
      category: t.category,
      level: t.level,
      frequency: t.frequency,
      requirement: t.requirement(display),
      evidence: { documents: t.evidence, reviewerChecks: t.checks },
      threshold: t.threshold ? { description: t.threshold(display), metrics: [] } : null,
      plainLanguage: t.plain(display),
      guidance: "",
      sources: [{ citation: t.source }],
      challenges: ["C1"],
      verification: ["reviewer"],
      parameters: [{ name: t.param.name, label: t.param.label, value, display }],
    };
  });
}

export function makeSpecification(
  n: number,
  overrides: Partial<SpecificationDocumentInput> = {},
): SpecificationDocumentInput {
  const spec: SpecificationDocumentInput = {
    id: "spec_01J9Z8TESTSPEC",
    version: 3,
    status: "issued",
    title: "Adult Drug and Alcohol Treatment and Recovery Service",
    serviceName: "Northshire Recovery Partnership",
    area: "Northshire",
    commissionerOrganisation: "Northshire County Council",
    commissionerLead: "Priya Shah, Public Health Commissioning Manager",
    providerName: "Pathways Recovery CIC",
    periodStart: "2026-04-01",
    periodEnd: "2029-03-31",
    reviewDate: "2027-03-31",
    date: "2026-03-15T10:30:00Z",
    author: "Priya Shah",
    contentHash: "sha256:3f2a9c0b7d41e8a6f5c2b1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0",
    sections: {
      introduction:
        "This specification describes the adult drug and alcohol treatment and recovery service for Northshire.\nIt forms part of the contract between the council and the provider.",
      populationNeed: "Northshire has an estimated 2,400 adults who use opiates or crack cocaine.",
      outcomes: "People recover, stay safe and take part in their communities.",
      scope: "The service is for adults aged 18 and over living in Northshire.",
    },
    gracePeriodDays: 20,
    history: [
      {
        version: 1,
        status: "superseded",
        date: "2025-11-01T09:00:00Z",
        author: "Priya Shah",
        note: "First draft",
      },
      {
        version: 2,
        status: "superseded",
        date: "2026-01-10T09:00:00Z",
        author: "Priya Shah",
        note: "After consultation",
      },
      {
        version: 3,
        status: "issued",
        date: "2026-03-15T10:30:00Z",
        author: "Priya Shah",
        note: "Issued for contract",
      },
    ],
    clauses: makeClauses(n),
    ...overrides,
  };
  // The calendar the service works out from the same dates and clauses.
  return {
    calendar: reportingCalendar({ ...spec, date: spec.date }, spec.clauses),
    ...spec,
  };
}

export function makeComplianceReport(): ComplianceReportInput {
  const clauses = makeClauses(8);
  const rags = ["green", "amber", "red"] as const;
  return {
    contract: {
      reference: "NCC-PH-2026-014",
      providerName: "Pathways Recovery CIC",
      commissionerName: "Northshire County Council",
      specificationReference: null,
      specificationTitle: "Adult Drug and Alcohol Treatment and Recovery Service",
      specificationVersion: 3,
      startDate: "2026-04-01",
      endDate: "2029-03-31",
    },
    generatedAt: "2026-10-20T08:00:00Z",
    summary: {
      counts: { accepted: 11, submitted: 2, returned_for_changes: 1, overdue: 2, not_due: 8 },
      percentCompliant: 68.75,
      overdue: 2,
      rag: "amber",
      ragExplanation:
        "Amber: 1 obligation returned for changes; 2 obligations overdue. People who use the service disagreed with 1 piece of evidence that the reviewer accepted.",
      views: { agree: 2, partly: 0, disagree: 1 },
    },
    clauses: clauses.map((c, i) => ({
      clauseKey: c.key,
      clauseTitle: c.title,
      rag: rags[i % 3]!,
      periods: [
        {
          period: "Q1 2026-27",
          dueDate: "2026-07-21",
          status: "accepted",
          verdict: "Met",
          views: i === 0 ? { agree: 2, partly: 0, disagree: 1 } : { agree: 0, partly: 0, disagree: 0 },
        },
        {
          period: "Q2 2026-27",
          dueDate: "2026-10-20",
          status: i % 3 === 2 ? "overdue" : "submitted",
          verdict: null,
          views: { agree: 0, partly: 0, disagree: 0 },
        },
      ],
    })),
    actions: [
      {
        clauseKey: clauses[2]!.key,
        clauseTitle: clauses[2]!.title,
        period: "Q2 2026-27",
        status: "overdue",
        dueDate: "2026-10-20",
      },
      {
        clauseKey: clauses[5]!.key,
        clauseTitle: clauses[5]!.title,
        period: "Q2 2026-27",
        status: "overdue",
        dueDate: "2026-10-20",
      },
      {
        clauseKey: clauses[1]!.key,
        clauseTitle: clauses[1]!.title,
        period: "Q1 2026-27",
        status: "returned_for_changes",
        dueDate: null,
      },
    ],
  };
}
