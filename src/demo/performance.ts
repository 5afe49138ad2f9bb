// The demo's performance story: a contract a year older than the others, with KPIs, a year of figures
// (four quarters, one measure falling below its target), a "you said, we did" entry, a confirmed assessment
// in which the council changed one rating and said why, and a performance record for a direct award
// decision. Everything goes through the services a person would use.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { organisations } from "../db/schema/index.js";
import type { FileStore } from "../lib/file-store.js";
import { londonDate } from "../model/dates.js";
import { EVIDENCE_KIND_NAMES } from "../model/evidence-kinds.js";
import type { Actor } from "../model/identity.js";
import {
  confirmAssessment,
  proposeAssessment,
  setAssessmentRating,
} from "../services/assessments/assessments.js";
import { createDirectAwardRecord } from "../services/assessments/direct-award.js";
import { createContract } from "../services/contracts/create.js";
import { setContractKpis } from "../services/contracts/kpis.js";
import { listObligations } from "../services/contracts/queries.js";
import { readEvidenceUpload, uploadLimits } from "../services/evidence/receive-upload.js";
import { reviewSubmission } from "../services/evidence/review.js";
import { submitEvidence } from "../services/evidence/submit.js";
import { createYouSaid, decideYouSaid } from "../services/involvement/you-said-we-did.js";
import { multipart } from "./multipart.js";
import { minimalPdf } from "./pdf.js";

/** What a contract performance notice names each party by (made-up addresses and identifiers). */
const DETAILS = [
  ["County Hall, Northshire NS1 1AA", "procurement@northshire.example", "GB-PPON-PNCC-0001"],
  ["14 Mill Lane, Northshire NS2 4BD", "contracts@recovery-partnership.example", "GB-COH-09876543"],
  ["2 Quay Street, Northshire NS3 7EF", "contracts@pathways.example", "GB-COH-01234567"],
] as const;

/** Gives the demo's council and providers the postal address, email and identifier a notice names. */
export async function seedOrganisationDetails(db: Db, ids: string[]) {
  for (const [i, id] of ids.entries()) {
    const d = DETAILS[i];
    if (!d) continue;
    await db
      .update(organisations)
      .set({ postalAddress: d[0], email: d[1], identifier: d[2] })
      .where(eq(organisations.id, id));
  }
}

// Each quarter's figures: forum meetings held and requests answered on time (GRP-01, 10 meetings a year,
// every request on time), care plan files audited and the share that met all four tests (ICP-01, 90%).
const QUARTERS = [
  {
    GRP: { meetings_held: 3, requests_answered_on_time_percent: 100 },
    ICP: { files_audited: 20, files_compliant_percent: 92 },
  },
  {
    GRP: { meetings_held: 2, requests_answered_on_time_percent: 100 },
    ICP: { files_audited: 20, files_compliant_percent: 88 },
  },
  {
    GRP: { meetings_held: 3, requests_answered_on_time_percent: 95 },
    ICP: { files_audited: 20, files_compliant_percent: 85 },
  },
  {
    GRP: { meetings_held: 2, requests_answered_on_time_percent: 100 },
    ICP: { files_audited: 24, files_compliant_percent: 78 },
  },
];

const DEMO_CHANGED_RATING_REASON =
  "The fourth quarter's audit took in the new hospital in-reach team's first files. Without them 87% met all four tests, and the team has a plan agreed at the October review.";

export async function seedPerformance(
  db: Db,
  o: {
    files: FileStore;
    now: Date;
    specificationId: string;
    providerOrganisationId: string;
    reference: string;
    startYear: number;
    end: string;
    commissioner: Actor;
    reviewer: Actor;
    provider: Actor;
  },
): Promise<string> {
  const start = `${o.startYear}-04-01`;
  const at = (actor: Actor) => ({ db, actor, now: o.now });
  const contract = await createContract({
    ctx: at(o.commissioner),
    input: {
      specificationId: o.specificationId,
      providerOrganisationId: o.providerOrganisationId,
      reference: o.reference,
      startDate: start,
      endDate: o.end,
      procurementRegime: "provider_selection_regime",
      estimatedValuePence: 412_500_000,
      title: "Northshire adult drug and alcohol treatment and recovery service",
      procurementIdentifier: `NCC-PSR-${o.startYear}-017`,
    },
  });
  await setContractKpis({
    ctx: at(o.commissioner),
    input: {
      contractId: contract.id,
      kpis: [
        { clauseKey: "GRP-01", metric: "meetings_held", mostMaterial: true },
        { clauseKey: "GRP-01", metric: "requests_answered_on_time_percent", mostMaterial: true },
        { clauseKey: "ICP-01", metric: "files_compliant_percent", mostMaterial: true },
      ],
    },
  });
  const limits = uploadLimits({
    UPLOAD_MAX_FILE_BYTES: 25 * 1024 * 1024,
    UPLOAD_MAX_FILES: 10,
    EVIDENCE_FILE_TYPES: EVIDENCE_KIND_NAMES,
  });
  const yy = String((o.startYear + 1) % 100).padStart(2, "0");
  for (const [q, figures] of QUARTERS.entries()) {
    const period = `${o.startYear}-${yy} Q${q + 1}`;
    for (const [key, metrics] of [
      ["GRP-01", figures.GRP],
      ["ICP-01", figures.ICP],
    ] as const) {
      const [ob] = await listObligations({
        ctx: { db, actor: o.provider },
        input: { contractId: contract.id, today: londonDate(o.now), clause: key, period },
      });
      if (!ob) throw new Error(`demo: no ${key} obligation for ${period}`);
      const { body, contentType } = multipart(
        {
          narrative: `Our ${key} figures for ${period}, with the minutes and the audit sheet.`,
          coveredFrom: ob.periodStart,
          coveredTo: ob.periodEnd ?? ob.periodStart,
          noPersonalData: "true",
          shareable: "no",
          metrics: JSON.stringify(metrics),
        },
        [
          {
            name: `${key.toLowerCase()}-${period.replace(/\s+/g, "-").toLowerCase()}.pdf`,
            type: "application/pdf",
            bytes: minimalPdf([`${key} figures for ${period}`, o.provider.organisationName]),
          },
        ],
      );
      const upload = readEvidenceUpload({ body, contentType, limits, from: "api" });
      const sub = await submitEvidence({
        ctx: { ...at(o.provider), files: o.files, limits },
        input: { obligationId: ob.id, fields: upload.fields, files: upload.files },
      });
      const below = key === "ICP-01" && figures.ICP.files_compliant_percent < 90;
      await reviewSubmission({
        ctx: at(o.reviewer),
        input: {
          submissionId: sub.id,
          decision: below
            ? {
                decision: "accepted",
                verdict: "partially_compliant",
                comment:
                  "The audit is sound; the share of files meeting all four tests is below the 90% the contract sets.",
              }
            : { decision: "accepted", verdict: "compliant" },
        },
      });
    }
  }
  const said = await createYouSaid({
    ctx: at(o.provider),
    input: {
      contractId: contract.id,
      youSaid: "Evening appointments are hard to get if you work days.",
      weDid: "Two evening clinics a week from January, booked by text message.",
    },
  });
  await decideYouSaid({ ctx: at(o.reviewer), input: { id: said.id, decision: "approved" } });

  const draft = await proposeAssessment({
    ctx: at(o.reviewer),
    input: { contractId: contract.id, periodEnd: `${o.startYear + 1}-03-31` },
  });
  const files = draft.ratings.find((r) => r.metric === "files_compliant_percent");
  if (files)
    await setAssessmentRating({
      ctx: at(o.reviewer),
      input: {
        contractId: contract.id,
        assessmentId: draft.id,
        kpiId: files.kpiId,
        rating: files.proposed === "approaching_target" ? "requires_improvement" : "approaching_target",
        reason: DEMO_CHANGED_RATING_REASON,
      },
    });
  await confirmAssessment({
    ctx: at(o.reviewer),
    input: { contractId: contract.id, assessmentId: draft.id },
  });
  await createDirectAwardRecord({ ctx: at(o.commissioner), input: { contractId: contract.id } });
  return contract.id;
}
