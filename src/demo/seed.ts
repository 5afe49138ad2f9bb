// Demo data for trying WithUs in a browser: a county council with a commissioner, a reviewer and an
// administrator, two treatment providers with one user each, an issued specification of 30 clauses, a
// contract with each provider, and a service-user forum linked to the first contract with a representative. Made through the same services as the API. Safe to run again: when the
// demo council exists it changes nothing and reports what is there.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  contracts,
  contractUserGroups,
  organisations,
  type Role,
  specifications,
  users,
} from "../db/schema/index.js";
import type { DocumentRenderer } from "../documents/renderer.js";
import type { FileStore } from "../lib/file-store.js";
import { londonDate } from "../model/dates.js";
import { EVIDENCE_KIND_NAMES } from "../model/evidence-kinds.js";
import type { Actor } from "../model/identity.js";
import { listClauses } from "../services/clauses/queries.js";
import type { ServiceCtx } from "../services/context.js";
import { createContract } from "../services/contracts/create.js";
import { listObligations } from "../services/contracts/queries.js";
import { readEvidenceUpload, uploadLimits } from "../services/evidence/receive-upload.js";
import { type ReviewInput, reviewSubmission } from "../services/evidence/review.js";
import { submitEvidence } from "../services/evidence/submit.js";
import { insertOrganisation } from "../services/organisations/organisations.js";
import { issueSpecification } from "../services/specifications/issue.js";
import { createSpecification, setSpecificationClauses } from "../services/specifications/write.js";
import { grantOperator } from "../services/users/operator.js";
import { createUser } from "../services/users/users.js";
import { multipart } from "./multipart.js";
import { minimalPdf } from "./pdf.js";
import { seedOrganisationDetails, seedPerformance } from "./performance.js";

/** Every demo account has this password: it is demo data, printed on purpose. */
export const DEMO_PASSWORD = "involvement-demo-2026";

const DEMO_COUNCIL = "Northshire County Council";
const DEMO_PROVIDERS = ["Northshire Recovery Partnership", "Harbour Lane Drug and Alcohol Service"] as const;
/** A service-user forum, independent of the providers, linked to the first contract. */
const DEMO_FORUM = "Northshire Recovery Forum";

type DemoOrg = "council" | "forum" | 0 | 1;

interface DemoAccount {
  role: Role;
  name: string;
  email: string;
  organisation: string;
  password: string;
}

const ACCOUNTS: Array<Omit<DemoAccount, "password"> & { org: DemoOrg }> = [
  {
    role: "commissioner",
    name: "Asha Patel",
    email: "commissioner@northshire.example",
    organisation: DEMO_COUNCIL,
    org: "council",
  },
  {
    role: "reviewer",
    name: "Ben Okafor",
    email: "reviewer@northshire.example",
    organisation: DEMO_COUNCIL,
    org: "council",
  },
  {
    role: "admin",
    name: "Chris Lowe",
    email: "admin@northshire.example",
    organisation: DEMO_COUNCIL,
    org: "council",
  },
  {
    role: "provider",
    name: "Carys Jones",
    email: "provider@recovery-partnership.example",
    organisation: DEMO_PROVIDERS[0],
    org: 0,
  },
  {
    role: "provider",
    name: "Dev Singh",
    email: "provider@harbour-lane.example",
    organisation: DEMO_PROVIDERS[1],
    org: 1,
  },
  {
    role: "representative",
    name: "Erin Walsh",
    email: "representative@northshire-forum.example",
    organisation: DEMO_FORUM,
    org: "forum",
  },
];

interface DemoNames {
  council: string;
  providers: [string, string];
  forum: string;
  accounts: Array<Omit<DemoAccount, "password"> & { org: DemoOrg }>;
}

/**
 * The demo's names. A tag (used by the browser tests, which share one database on PostgreSQL) makes
 * every organisation name and email address its own: "Northshire County Council (tag)", "name+tag@...".
 */
function demoNames(tag?: string): DemoNames {
  const org = (n: string) => (tag ? `${n} (${tag})` : n);
  const mail = (e: string) => (tag ? e.replace("@", `+${tag}@`) : e);
  const council = org(DEMO_COUNCIL);
  const providers: [string, string] = [org(DEMO_PROVIDERS[0]), org(DEMO_PROVIDERS[1])];
  const forum = org(DEMO_FORUM);
  return {
    council,
    providers,
    forum,
    accounts: ACCOUNTS.map((a) => ({
      ...a,
      email: mail(a.email),
      organisation: a.org === "council" ? council : a.org === "forum" ? forum : providers[a.org],
    })),
  };
}

/** Library clauses left out of the demo specification (the other 30 are in it). */
const LEFT_OUT = new Set(["CJ-02", "FAM-02", "GOV-06", "PEER-04", "ULR-02"]);

export interface DemoSeed {
  created: boolean;
  councilName: string;
  providerNames: [string, string];
  accounts: DemoAccount[];
  councilId: string;
  providerIds: [string, string];
  /** The forum linked to the first contract ("" for demo data made before there was one). */
  forumId: string;
  specificationId: string;
  contractIds: string[];
}

/** The financial year (from 1 April) that started at least six months before `now`, so some evidence is already due. */
export function demoContractStart(now: Date): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  let start = m >= 4 ? y : y - 1;
  const monthsIn = (y - start) * 12 + (m - 4);
  if (monthsIn < 6) start -= 1;
  return `${start}-04-01`;
}

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db
    .select({ user: users, org: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email));
  if (!row) throw new Error(`demo user ${email} is missing`);
  return {
    userId: row.user.id,
    organisationId: row.org.id,
    organisationKind: row.org.kind,
    organisationName: row.org.name,
    role: row.user.role,
    name: row.user.name,
    email: row.user.email,
    via: "session",
  };
}

async function existing(db: Db, n: DemoNames): Promise<DemoSeed | null> {
  const [council] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.name, n.council), eq(organisations.kind, "commissioner")));
  if (!council) return null;
  const providers = await db
    .select()
    .from(organisations)
    .where(and(inArray(organisations.name, n.providers), eq(organisations.kind, "provider")));
  const [spec] = await db
    .select({ id: specifications.id })
    .from(specifications)
    .where(and(eq(specifications.organisationId, council.id), eq(specifications.status, "issued")));
  const lets = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.organisationId, council.id));
  const byName = (n: string) => providers.find((p) => p.name === n)?.id ?? "";
  const [forum] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.name, n.forum), eq(organisations.kind, "user_group")));
  return {
    created: false,
    councilName: n.council,
    providerNames: n.providers,
    accounts: n.accounts
      .filter((a) => forum || a.org !== "forum")
      .map(({ org: _o, ...a }) => ({ ...a, password: DEMO_PASSWORD })),
    councilId: council.id,
    providerIds: [byName(n.providers[0]), byName(n.providers[1])],
    forumId: forum?.id ?? "",
    specificationId: spec?.id ?? "",
    contractIds: lets.map((l) => l.id),
  };
}

/**
 * Loads the demo data. With a file store, the first quarter also gets some evidence: accepted, partly
 * compliant, returned for changes and waiting for review, so every page has something to show.
 */
export async function seedDemo(
  db: Db,
  opts: { renderer: DocumentRenderer; files?: FileStore; now?: Date; tag?: string },
): Promise<DemoSeed> {
  const n = demoNames(opts.tag);
  const found = await existing(db, n);
  if (found) return found;
  const now = opts.now ?? new Date();

  const council = await insertOrganisation(db, { name: n.council, kind: "commissioner" });
  const providerRows: Array<{ id: string; name: string }> = [];
  for (const name of n.providers) providerRows.push(await insertOrganisation(db, { name, kind: "provider" }));
  const providerIds = n.providers.map((name) => providerRows.find((p) => p.name === name)!.id) as [
    string,
    string,
  ];
  const forum = await insertOrganisation(db, { name: n.forum, kind: "user_group" });
  const orgOf = (o: DemoOrg) => (o === "council" ? council!.id : o === "forum" ? forum!.id : providerIds[o]);
  for (const a of n.accounts) {
    await createUser(
      db,
      { actor: null },
      {
        email: a.email,
        name: a.name,
        role: a.role,
        organisationId: orgOf(a.org),
        password: DEMO_PASSWORD,
      },
    );
    // The demo's administrator also runs the service, so one account shows both.
    if (a.role === "admin") await grantOperator(db, a.email);
  }

  const commissioner = await actorFor(db, n.accounts[0]!.email);
  const ctx: ServiceCtx = { db, actor: commissioner, now };
  const start = demoContractStart(now);
  const startYear = Number(start.slice(0, 4));
  const end = `${startYear + 3}-03-31`;
  const spec = await createSpecification({
    ctx,
    input: {
      title: "Adult drug and alcohol treatment: service-user involvement",
      serviceName: "Northshire Adult Drug and Alcohol Treatment and Recovery Service",
      area: "Northshire",
      commissionerLead: "Asha Patel, Public Health Commissioning Manager",
      periodStart: start,
      periodEnd: end,
      reviewDate: `${startYear + 1}-03-31`,
      gracePeriodDays: 28,
      // Numbers from Ofcom's range for drama: they reach nobody.
      contacts: {
        councilContactName: "Northshire involvement team",
        councilContactPhone: "01632 960 010",
        complaintsPhone: "01632 960 011",
        healthwatchPhone: "01632 960 012",
        independentBodyName: "Healthwatch Northshire",
        independentBodyPhone: "01632 960 012",
      },
      sections: {
        introduction:
          "Northshire County Council commissions an all-age adult drug and alcohol treatment and recovery service. This specification sets out how people who use the service, and their families, shape it.\n\nEach requirement says what the provider must do, what evidence shows it, and how often evidence is due.",
        populationNeed:
          "Around 3,200 adults are in structured treatment in Northshire each year. People told us they want a say in how the service runs, not only in their own care.",
        outcomes:
          "People who use the service are involved in decisions about their own care, about how the service runs and about how it is commissioned.",
      },
    },
  });
  const library = (await listClauses({ ctx, input: {} })).filter(
    (c) => c.status === "published" && !LEFT_OUT.has(c.key),
  );
  await setSpecificationClauses({
    ctx,
    input: {
      id: spec.id,
      list: library.map((c) =>
        c.key === "FBK-02"
          ? {
              key: c.key,
              parameters: { min_routes: 3, independent_body: "Healthwatch Northshire", reprisal_days: 5 },
            }
          : { key: c.key },
      ),
    },
  });
  await issueSpecification({ ctx: { ...ctx, renderer: opts.renderer }, input: { id: spec.id } });

  const contractIds: string[] = [];
  for (const [i, providerOrganisationId] of providerIds.entries()) {
    const contract = await createContract({
      ctx,
      input: {
        specificationId: spec.id,
        providerOrganisationId,
        reference: `NCC-DAT-${startYear}-0${i + 1}`,
        startDate: start,
        endDate: end,
      },
    });
    contractIds.push(contract.id);
  }
  // The forum checks the first contract: linked before any evidence, so it hears of what is shared with it.
  await db.insert(contractUserGroups).values({
    contractId: contractIds[0]!,
    userGroupId: forum!.id,
    linkedBy: commissioner.userId,
    createdAt: now,
  });
  await seedOrganisationDetails(db, [council!.id, ...providerIds]);
  if (opts.files) await seedEvidence(db, { files: opts.files, now, contractIds, startYear, names: n });
  // A contract a year older, for the performance story: a year of figures, an assessment, the records.
  if (opts.files)
    contractIds.push(
      await seedPerformance(db, {
        files: opts.files,
        now,
        specificationId: spec.id,
        providerOrganisationId: providerIds[0],
        reference: `NCC-DAT-${startYear - 1}-03`,
        startYear: startYear - 1,
        end,
        commissioner,
        reviewer: await actorFor(db, n.accounts[1]!.email),
        provider: await actorFor(db, n.accounts[3]!.email),
      }),
    );

  return {
    created: true,
    councilName: n.council,
    providerNames: n.providers,
    accounts: n.accounts.map(({ org: _o, ...a }) => ({ ...a, password: DEMO_PASSWORD })),
    councilId: council!.id,
    providerIds,
    forumId: forum!.id,
    specificationId: spec.id,
    contractIds,
  };
}

export function describeSeed(seed: DemoSeed, url = "http://localhost:8787/"): string {
  const width = Math.max(...seed.accounts.map((a) => a.email.length));
  const roleWidth = Math.max(...seed.accounts.map((a) => a.role.length));
  const lines = seed.accounts.map(
    (a) => `  ${a.role.padEnd(roleWidth)} ${a.email.padEnd(width)}  ${a.name}, ${a.organisation}`,
  );
  return [
    seed.created ? "Demo data created." : "Demo data is already there; nothing was changed.",
    "",
    `Sign in at ${url} with any of these accounts. Every demo account has the password: ${DEMO_PASSWORD}`,
    "",
    ...lines,
    "",
  ].join("\n");
}

/** Demo evidence the first contract's provider shares with the forum. */
const SHARED = new Set(["PAY-01"]);

/** Evidence for the first quarter of each contract, with reviewers' decisions. */
async function seedEvidence(
  db: Db,
  o: { files: FileStore; now: Date; contractIds: string[]; startYear: number; names: DemoNames },
) {
  const q1 = `${o.startYear}-${String((o.startYear + 1) % 100).padStart(2, "0")} Q1`;
  const reviewer = await actorFor(db, o.names.accounts[1]!.email);
  const plan: Array<[number, string, ReviewInput | null]> = [
    [0, "ACC-01", { decision: "accepted", verdict: "compliant" }],
    // Payment for involvement: people who use the service check it, and the provider shares it with the forum.
    [0, "PAY-01", { decision: "accepted", verdict: "compliant" }],
    [
      0,
      "FBK-02",
      {
        decision: "accepted",
        verdict: "partially_compliant",
        comment:
          "Two anonymous routes were live, not three. The pledge is signed and on display at both sites.",
      },
    ],
    [
      0,
      "FBK-03",
      {
        decision: "changes_requested",
        comment:
          "The complaints log has no dates of acknowledgement. Add them, and the lessons shared with staff.",
      },
    ],
    [0, "ICP-01", null],
    [1, "ACC-01", null],
    [
      1,
      "FBK-02",
      {
        decision: "accepted",
        verdict: "non_compliant",
        comment: "Only one anonymous route was live all quarter.",
      },
    ],
  ];
  const limits = uploadLimits({
    UPLOAD_MAX_FILE_BYTES: 25 * 1024 * 1024,
    UPLOAD_MAX_FILES: 10,
    EVIDENCE_FILE_TYPES: EVIDENCE_KIND_NAMES,
  });
  for (const [n, [i, key, decision]] of plan.entries()) {
    // An hour apart, oldest first, so the review queue has an order to show.
    const at = new Date(o.now.getTime() - (plan.length - n) * 3_600_000);
    const provider = await actorFor(db, o.names.accounts[3 + i]!.email);
    const [ob] = await listObligations({
      ctx: { db, actor: provider },
      input: { contractId: o.contractIds[i]!, today: londonDate(o.now), clause: key, period: q1 },
    });
    if (!ob) continue;
    const pdf = minimalPdf([
      `${key} evidence for ${q1}`,
      provider.organisationName,
      "Demo evidence created by npm run seed:demo.",
    ]);
    const { body, contentType } = multipart(
      {
        narrative: `Our ${key} evidence for ${q1}: the log, the minutes and the figures for the quarter are attached.`,
        coveredFrom: ob.periodStart,
        coveredTo: ob.periodEnd ?? ob.periodStart,
        noPersonalData: "true",
        shareable: SHARED.has(key) && i === 0 ? "yes" : "no",
      },
      [
        {
          name: `${key.toLowerCase()}-${q1.replace(/\s+/g, "-").toLowerCase()}.pdf`,
          type: "application/pdf",
          bytes: pdf,
        },
      ],
    );
    const upload = readEvidenceUpload({ body, contentType, limits, from: "api" });
    const sub = await submitEvidence({
      ctx: { db, actor: provider, now: at, files: o.files, limits },
      input: { obligationId: ob.id, fields: upload.fields, files: upload.files },
    });
    if (decision)
      await reviewSubmission({
        ctx: { db, actor: reviewer, now: at },
        input: { submissionId: sub.id, decision },
      });
  }
}
