// The clause library checked against its reviews: the November 2026 review of the first edition
// (shared/CLAUSE-REVIEW.md) and the December 2026 review of the second (shared/CLAUSE-REVIEW-3.md), one test
// per row a reader can check in the text. Reads the library files as the loader does.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GLOSSARY } from "../src/documents/glossary.js";
import { CHALLENGE_KEYS, type ClauseContent, partyOf } from "../src/model/clause-schema.js";
import { DATA_RULE } from "../src/model/data-rule.js";
import { PLAIN_HEADINGS } from "../src/model/plain-summary.js";
import { parseClauseFile } from "../src/services/clauses/library-file.js";
import { periodsFor } from "../src/services/contracts/schedule.js";

const LIBRARY_DIR = join(import.meta.dirname, "..", "templates", "clauses");
const library = new Map<string, ClauseContent>(
  readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith(".md"))
    .map((f) => {
      const c = parseClauseFile(f, readFileSync(join(LIBRARY_DIR, f), "utf8"));
      return [c.key, c.content] as const;
    }),
);
const clause = (key: string) => {
  const c = library.get(key);
  if (!c) throw new Error(`${key} is not in the library`);
  return c;
};
const all = [...library.entries()];
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/);

/** Every text of a clause that a document or page prints (a source's library note is never printed). */
function printed(c: ClauseContent): string[] {
  return [
    c.title,
    c.requirement,
    c.evidence.documents,
    c.evidence.reviewerChecks,
    c.threshold?.description ?? "",
    ...(c.threshold?.metrics ?? []).map((m) => m.label),
    c.plainLanguage,
    c.guidance,
    ...c.parameters.map((p) => `${p.label} ${p.hint ?? ""}`),
    ...c.sources.map((s) => `${s.citation} ${s.note ?? ""}`),
  ];
}

describe("must change (high)", () => {
  it("FAM-01: families are contacted only with the person's recorded consent, or when they make contact; domestic abuse is considered first", () => {
    const { requirement, plainLanguage } = clause("FAM-01");
    expect(requirement).toMatch(/consent is recorded/);
    expect(requirement).toMatch(/when they contact the service themselves/);
    expect(requirement).toMatch(/Before any contact .* domestic abuse/);
    expect(requirement).not.toMatch(/identified by the person in treatment/);
    expect(plainLanguage).toMatch(/only contact your family if you ask us to/);
  });

  it("evidence asks for totals, summaries or pseudonymised extracts, never named lists; identifiable checks happen on the provider's premises", () => {
    for (const key of ["ICP-01", "ICP-02", "PAY-01", "GOV-03", "FBK-03", "PEER-02", "GOV-01"]) {
      expect(clause(key).evidence.documents, key).toMatch(/^Under the data rule/);
    }
    const namedLists =
      /\b(names?, roles and dates|showing names|list(ing)? (of )?(eligible )?people|payment log|complaints log for|supervision log|induction record with dates|attendance records for each|payment log entries)\b/i;
    for (const [key, c] of all) {
      expect(c.evidence.documents, key).not.toMatch(namedLists);
      // A reviewer never takes case files away: any reading of them happens on the provider's premises.
      for (const s of sentences(c.evidence.reviewerChecks)) {
        if (/case files|closed complaints in full/.test(s) && /reviewer/.test(s)) {
          expect(s, key).toMatch(/on the provider's premises/);
        }
      }
    }
    expect(clause("ICP-01").evidence.documents).toMatch(/Case files themselves are never handed in/);
  });

  it("a clause protects involvement records, and it restates the data rule", () => {
    const gov07 = clause("GOV-07");
    expect(gov07.title).toBe("Data protection of involvement records");
    expect(gov07.requirement).toMatch(/data protection impact assessment/);
    expect(gov07.requirement).toMatch(/totals, summaries or pseudonymised extracts only/);
    expect(gov07.requirement).toMatch(/information-sharing agreement/);
  });

  it("the commissioner's own commitments are a category of at least four clauses that bind the commissioner", () => {
    const commitments = all.filter(([, c]) => c.category === "commissioning");
    expect(commitments.length).toBeGreaterThanOrEqual(4);
    for (const [key, c] of commitments) {
      expect(partyOf(c), key).toBe("commissioner");
      expect(c.requirement, key).toMatch(/^This clause binds the commissioner, not the provider\./);
      expect(c.evidence.documents, key).toMatch(/^Recorded by the commissioner/);
    }
    const text = commitments.map(([, c]) => c.requirement).join("\n");
    expect(text).toMatch(/needs assessment/);
    expect(text).toMatch(/writing it/); // the specification itself
    expect(text).toMatch(/tender question/);
    expect(text).toMatch(/Provider Selection Regime or the Procurement Act 2023/);
    expect(text).toMatch(/trained/);
    expect(text).toMatch(/conflict of interest/);
    expect(text).toMatch(/confidentiality undertaking/);
    expect(text).toMatch(/paid/);
    expect(text).toMatch(/contract review/);
  });

  it("a clause forbids blanket abstinence and criminal-record bars, and asks for harm-reduction peer roles", () => {
    const { requirement } = clause("PEER-05");
    expect(requirement).toMatch(/must not bar anyone .* by a blanket rule/);
    expect(requirement).toMatch(/still use drugs or alcohol/);
    expect(requirement).toMatch(/prescribed medication, including opioid substitution treatment/);
    expect(requirement).toMatch(/not been abstinent for a set time/);
    expect(requirement).toMatch(/criminal record/);
    expect(requirement).toMatch(/assess its risks/);
    expect(requirement).toMatch(/harm-reduction peer roles/);
    expect(requirement).toMatch(/welcome people on medication/);
  });

  it("plain-language sentences promise no more than the requirement: no confidentiality without a safeguarding limit", () => {
    // A sentence that promises to keep something back must carry its limit (or the person's consent).
    const promise =
      /will not tell us who you are|stays with us|will not (tell|share|send)|not go in any report/i;
    const limited = /unless someone is at serious risk of harm|unless you say yes/;
    for (const [key, c] of all) {
      const plain = sentences(c.plainLanguage);
      plain.forEach((s, i) => {
        if (promise.test(s)) expect(`${s} ${plain[i + 1] ?? ""}`, key).toMatch(limited);
      });
    }
    expect(clause("FBK-02").plainLanguage).toMatch(/unless someone is at serious risk of harm/);
    expect(clause("CJ-02").plainLanguage).toMatch(/unless someone is at serious risk of harm/);
    const cop04 = clause("COP-04").plainLanguage;
    expect(cop04).not.toMatch(/straight to the council/);
    expect(cop04).not.toMatch(/will not change your words/);
    expect(cop04).toMatch(/We will send it to the council with our reply/);
    expect(cop04).toMatch(/only change facts that are wrong, or details that could identify someone/);
    expect(clause("PAY-01").plainLanguage).not.toMatch(/If you help us, we will pay you/);
    expect(clause("PAY-01").plainLanguage).toMatch(/tell you in writing which tasks are paid/);
  });
});

describe("should change (medium)", () => {
  it("PAY-01: tiered rates, specialist benefits advice, tax and vouchers", () => {
    const pay = clause("PAY-01");
    expect(pay.parameters.find((p) => p.name === "decision_day_rate")?.default).toBe(300);
    expect(pay.parameters.find((p) => p.name === "day_rate")?.default).toBe(150);
    expect(pay.requirement).toMatch(/specialist, independent benefits advice/);
    expect(pay.requirement).toMatch(/taxable/);
    expect(pay.requirement).toMatch(/vouchers can count as income/);
  });

  it("ACC-01: the Accessible Information Standard applies to public health services; version 4.0; six steps; literacy and language are extras", () => {
    const acc = clause("ACC-01");
    expect(acc.requirement).toMatch(/applies to this service/);
    expect(acc.requirement).toMatch(/difficulty with reading and writing, and the language a person prefers/);
    const ais = acc.sources.find((s) => /Accessible Information Standard/.test(s.citation))!;
    expect(ais.citation).toMatch(/DAPB1605\), version 4\.0/);
    expect(ais.note).toMatch(/public health/);
    expect(ais.note).toMatch(/six steps/);
  });

  it("no working notes in printed text: they live in the library note, which documents never print", () => {
    for (const [key, c] of all) {
      for (const text of printed(c)) {
        expect(text, key).not.toMatch(/not been checked|check the current figure|has not been verified/i);
      }
    }
    expect(clause("GOV-03").sources.some((s) => s.libraryNote)).toBe(true);
  });

  it("every clause that cites the Scottish guide also cites an English source", () => {
    for (const [key, c] of all) {
      if (c.sources.some((s) => s.citation.startsWith("Scottish Government (2007)"))) {
        expect(
          c.sources.filter((s) => !s.citation.startsWith("Scottish Government")).length,
          key,
        ).toBeGreaterThan(0);
      }
    }
    expect(
      clause("ICP-02")
        .sources.map((s) => s.citation)
        .join(),
    ).toMatch(/UK guidelines on clinical management/);
    expect(
      clause("CJ-01")
        .sources.map((s) => s.citation)
        .join(),
    ).toMatch(/HM Inspectorate of Probation/);
    expect(
      clause("CJ-03")
        .sources.map((s) => s.citation)
        .join(),
    ).toMatch(/Health and justice framework/);
  });

  it("ICP-01 asks for the most recent outcome record, not a 12-weekly Treatment Outcomes Profile", () => {
    expect(clause("ICP-01").requirement).toMatch(/the most recent outcome record/);
    expect(clause("ICP-01").requirement).not.toMatch(/Treatment Outcomes Profile results were discussed/);
  });

  it("COP-01 covers service-wide changes only, not individual care, with room for exceptions", () => {
    const cop = clause("COP-01");
    expect(cop.requirement).toMatch(
      /Decisions about one person's care, and routine timetable changes .* are not material changes/,
    );
    expect(cop.requirement).toMatch(/does not control/);
    expect(cop.parameters.find((p) => p.name === "codesign_percent")?.default).toBeLessThan(100);
  });

  it("defaults that should follow the size of the service scale with it", () => {
    for (const [key, name] of [
      ["ULR-01", "min_questionnaires"],
      ["PEER-01", "paid_peer_posts"],
      ["CJ-01", "min_cj_responses"],
    ] as const) {
      expect(clause(key).parameters.find((p) => p.name === name)?.scale, `${key} ${name}`).toBeDefined();
    }
    expect(clause("PEER-03").requirement).toMatch(/Where no such organisation works in the area yet/);
  });

  it("CJ-01 requires the invitation and reports Probation's absence to the Combating Drugs Partnership", () => {
    expect(clause("CJ-01").requirement).toMatch(/invite the local Probation service .* in writing/);
    expect(clause("CJ-01").requirement).toMatch(/report the non-attendance .* Combating Drugs Partnership/);
  });

  it("GOV-05 is a review of observable indicators, done with the forum and confirmed by the reviewer", () => {
    const gov = clause("GOV-05");
    expect(gov.requirement).toMatch(/decisions people with lived experience influenced/);
    expect(gov.requirement).toMatch(/seats they hold in governance/);
    expect(gov.requirement).toMatch(/budget they controlled/);
    expect(gov.requirement).toMatch(/what changed/);
    expect(gov.requirement).toMatch(/together with the forum or a lived experience recovery organisation/);
    expect(gov.requirement).toMatch(/reviewer then confirms or changes each rating/);
    expect(gov.guidance).toMatch(/descriptors this library uses are its own/);
  });

  it("covers young people in transition, prison release, equality groups, women-only routes and people who have left treatment", () => {
    expect(clause("ICP-04").requirement).toMatch(/young people's drug and alcohol service/);
    expect(clause("CJ-03").requirement).toMatch(/within three weeks of release/);
    const acc3 = clause("ACC-03").requirement;
    for (const g of ["sexual orientation", "gender identity", "housing situation", "18 to 25"])
      expect(acc3).toMatch(g);
    expect(clause("ACC-04").requirement).toMatch(/women-only route/);
    expect(clause("FBK-01").requirement).toMatch(/People who have left treatment/);
  });

  it("FBK-02: consent before a reprisal report identifies anyone; a provider-funded organisation is not independent", () => {
    expect(clause("FBK-02").requirement).toMatch(
      /without anything that identifies the person unless they agree/,
    );
    expect(clause("FBK-02").requirement).toMatch(
      /must not be run by an organisation that the provider funds/,
    );
  });

  it("GOV-03 and COP-02: confidentiality and a dual-role policy; COP-02 defaults to half of panels", () => {
    expect(clause("GOV-03").requirement).toMatch(/dual-role policy/);
    expect(clause("GOV-03").requirement).toMatch(/confidentiality agreement/);
    expect(clause("COP-02").requirement).toMatch(/confidentiality agreement/);
    expect(clause("COP-02").parameters[0]?.default).toBe(50);
  });

  it("seed-004: every challenge is answered; P8 has a route beyond the forum; U8 and P3 have more than training", () => {
    const answering = (ch: string) =>
      all.filter(([, c]) => c.challenges.includes(ch as never)).map(([k]) => k);
    for (const ch of CHALLENGE_KEYS) expect(answering(ch).length, ch).toBeGreaterThan(0);
    expect(answering("P8")).toEqual(expect.arrayContaining(["GRP-01", "COM-05"]));
    expect(clause("GRP-01").requirement).toMatch(/request to the commissioner/);
    for (const ch of ["U8", "P3"]) {
      expect(answering(ch).filter((k) => k !== "COP-03").length, ch).toBeGreaterThan(0);
    }
    expect(clause("COP-05").requirement).toMatch(/Training \(clause COP-03\) is not enough on its own/);
  });
});

describe("smaller things", () => {
  it("metrics with no target say they are for information", () => {
    for (const [key, c] of all) {
      for (const m of c.threshold?.metrics ?? []) {
        if (m.target === undefined) expect(m.label, `${key} ${m.name}`).toMatch(/\(for information\)$/);
      }
    }
  });

  it("levels: ULR-01 no longer claims 'empower'; ICP-01 and ICP-02 agree", () => {
    expect(clause("ULR-01").level).not.toBe("empower");
    expect(clause("ICP-02").level).toBe(clause("ICP-01").level);
  });

  it("each source the review found repeated is cited in one wording", () => {
    for (const pattern of [
      /^Patterson S.*\(2009\)/,
      /QS23/,
      /Accessible Information Standard/,
      /^Black C/,
      /^National Institute for Health and Care Research/,
      /NDTMS/,
    ]) {
      const wordings = new Set(
        all.flatMap(([, c]) => c.sources.map((s) => s.citation)).filter((c) => pattern.test(c)),
      );
      expect(wordings.size, String(pattern)).toBe(1);
    }
  });
});

describe("bundles", () => {
  it("name only library clauses, each with a reason; core is about a dozen and within enhanced", async () => {
    const { BUNDLES } = await import("../src/model/bundles.js");
    for (const [name, b] of Object.entries(BUNDLES)) {
      for (const c of b.clauses) {
        expect(library.has(c.key), `${name} ${c.key}`).toBe(true);
        expect(c.reason.length, `${name} ${c.key}`).toBeGreaterThan(20);
      }
      expect(new Set(b.clauses.map((c) => c.key)).size, name).toBe(b.clauses.length);
    }
    expect(BUNDLES.core.clauses.length).toBeGreaterThanOrEqual(10);
    expect(BUNDLES.core.clauses.length).toBeLessThanOrEqual(14);
    const enhanced = new Set(BUNDLES.enhanced.clauses.map((c) => c.key));
    for (const c of BUNDLES.core.clauses) expect(enhanced.has(c.key), c.key).toBe(true);
    expect(enhanced.size).toBeGreaterThan(BUNDLES.core.clauses.length);
  });
});

describe("third edition (shared/CLAUSE-REVIEW-3.md)", () => {
  it("high: every clause's evidence is under the data rule, and none asks for names, attendance lists, registers, panel lists or copies of invitations", () => {
    expect(library.size).toBe(45);
    const asksToIdentify =
      /\b(attendance (lists?|records?|registers?)|registers?|panel lists?|cop(y|ies) of (the )?invitations?|the invitations to|record of support|name or role|signed by each)\b/i;
    for (const [key, c] of all) {
      expect(c.evidence.documents, key).toMatch(
        c.category === "commissioning"
          ? /^Recorded by the commissioner, under the data rule: /
          : /^Under the data rule: /,
      );
      expect(c.evidence.documents, key).not.toMatch(asksToIdentify);
      // "name" appears only to say there are none.
      const withoutDenials = c.evidence.documents.replace(/\b(no|not|without|with no) names\b/gi, "");
      expect(withoutDenials, key).not.toMatch(/\bnames?\b/i);
    }
    expect(clause("GOV-02").evidence.documents).toMatch(
      /number of interview panel members with lived experience, with no names/,
    );
    expect(clause("COP-03").evidence.documents).toMatch(
      /role of each lived-experience co-trainer \(no names\)/,
    );
    expect(clause("COP-04").evidence.documents).toMatch(
      /date invitations to write the report were sent, the number invited/,
    );
    expect(clause("GRP-01").evidence.documents).toMatch(/totals of the support given/);
    expect(clause("FAM-02").evidence.documents).toMatch(/the number of family members and carers at each/);
  });

  it("medium: the data rule says pseudonymised extracts are personal data and small counts read 'fewer than 5'", () => {
    expect(DATA_RULE).toMatch(/pseudonymised extract is still personal data/);
    expect(DATA_RULE).toMatch(
      /Any count below 5, or one that could be worked out from other figures .*"fewer than 5"/,
    );
  });

  it("schedule: a clause can be due at mobilisation and then every year, the yearly return covering the months after", () => {
    const periods = periodsFor("mobilisation_and_annually", {
      startDate: "2026-04-01",
      endDate: "2029-03-31",
      gracePeriodDays: 20,
      reportingYearStart: 4,
    });
    expect(periods.map((p) => p.label)).toEqual(["Mobilisation", "2026-27", "2027-28", "2028-29"]);
    // No two returns of one clause start on one day (an obligation is known by its clause and start).
    expect(periods.map((p) => p.periodStart)).toEqual([
      "2026-04-01",
      "2026-07-01",
      "2027-04-01",
      "2028-04-01",
    ]);
  });

  it("medium: clauses evidenced each time something happens have a quarterly return of the count, nil returns allowed", () => {
    for (const key of ["GOV-04", "COP-01", "COM-03", "COM-05", "ULR-02"]) {
      const c = clause(key);
      expect(c.frequency, key).toBe("quarterly");
      const counts = (c.threshold?.metrics ?? []).filter((m) => m.unit === "count");
      expect(
        counts.some((m) => /in the quarter/.test(m.label)),
        key,
      ).toBe(true);
      expect(c.evidence.documents, key).toMatch(
        /^(Under the data rule|Recorded by the commissioner, under the data rule): the quarterly return /,
      );
      expect(c.evidence.documents, key).toMatch(
        /a nil return, saying (none were|there were none)[^)]*, is allowed/,
      );
    }
    // Nothing in the library is left with no due date.
    expect(all.filter(([, c]) => c.frequency === "per_event").map(([k]) => k)).toEqual([]);
  });

  it("medium: GOV-02 is due at mobilisation and then every year; GRP-01 is quarterly against a pro-rated yearly target", () => {
    const gov = clause("GOV-02");
    expect(gov.frequency).toBe("mobilisation_and_annually");
    expect(gov.evidence.documents).toMatch(/at mobilisation, the organisation chart/);
    expect(gov.evidence.documents).toMatch(/Each year after, an annual return: the board minutes/);
    const grp = clause("GRP-01");
    expect(grp.frequency).toBe("quarterly");
    const meetings = grp.threshold?.metrics.find((m) => m.name === "meetings_held");
    expect(meetings?.label).toMatch(/yearly target is pro-rated to the months of the contract year gone/);
    expect(grp.threshold?.description).toMatch(/checked each quarter against the share of the year gone/);
  });

  it("medium: plain language says what the requirement guarantees", () => {
    expect(clause("ACC-04").plainLanguage).not.toMatch(/There is a group just for women/);
    expect(clause("ACC-04").plainLanguage).toMatch(/At least every three months .* just for women/);
    expect(clause("ACC-04").requirement).toMatch(/women-only route/);
    expect(clause("CJ-03").plainLanguage).toMatch(/at the gate or at your first appointment/);
    expect(clause("CJ-02").plainLanguage).not.toMatch(/stays with us/);
    expect(clause("CJ-02").plainLanguage).toMatch(
      /We tell the council the main things people say, with no names/,
    );
    expect(clause("FBK-02").plainLanguage).not.toMatch(/never change your script/);
    expect(clause("FBK-02").plainLanguage).toMatch(/Complaining will never be used against you/);
    expect(clause("GOV-07").plainLanguage).not.toMatch(/send your name/);
    expect(clause("GOV-07").plainLanguage).toMatch(/will not send your care details to the council/);
  });

  it("medium: the council's own commitments are checked by people who use services; COM-03 covers direct awards", () => {
    for (const [key, c] of all.filter(([, c]) => c.category === "commissioning")) {
      expect(c.verification, key).toContain("user_led");
      expect(c.evidence.reviewerChecks, key).toMatch(
        /^People who use services make this check, not the council alone/,
      );
    }
    const com3 = clause("COM-03").requirement;
    expect(com3).toMatch(/Provider Selection Regime lets the commissioner award without a competition/);
    expect(com3).toMatch(/most suitable provider process/);
    expect(com3).toMatch(/their view is written into the decision record/);
  });

  it("medium: PAY-01 pays short work by the hour, never below the Real Living Wage, with a least payment a session", () => {
    const pay = clause("PAY-01");
    expect(pay.parameters.find((p) => p.name === "hourly_rate")?.default).toBe(20);
    expect(pay.parameters.find((p) => p.name === "session_minimum")?.default).toBe(25);
    expect(pay.requirement).toMatch(/never less than the Real Living Wage/);
    expect(pay.requirement).toMatch(/such as a forum meeting/);
  });

  it("medium: GOV-05 holds the provider to the indicator scores, not to Patterson's labels", () => {
    const gov = clause("GOV-05").requirement;
    expect(gov).toMatch(/scored from 0 to 4 against the descriptors printed in the appendix/);
    expect(gov).toMatch(/that label is not a contractual rating/);
    expect(gov).not.toMatch(/WithUs descriptors/);
  });

  it("medium: NHS England's guidance is labelled good practice for councils; the Scottish guide only where no English source says the same", () => {
    const citations = all.flatMap(([, c]) => c.sources.map((s) => s.citation));
    for (const c of citations.filter((c) =>
      c.includes("Working in partnership with people and communities"),
    )) {
      expect(c).toMatch(/statutory guidance for NHS bodies, good practice for local authorities/);
    }
    const scottish = all.filter(([, c]) =>
      c.sources.some((s) => s.citation.startsWith("Scottish Government (2007)")),
    );
    expect(scottish.length).toBeLessThanOrEqual(10);
    for (const [key, c] of scottish) expect(c.sources.length, key).toBeLessThanOrEqual(2);
  });

  it("low: DRR and ATR are named as the Sentencing Act 2020 names them; the peer heading fits its promises; no clause names the product", () => {
    expect(GLOSSARY.map((g) => g.term)).toContain(
      "Drug rehabilitation requirement (DRR) and alcohol treatment requirement (ATR)",
    );
    expect(GLOSSARY.find((g) => g.term.startsWith("Drug rehabilitation"))?.meaning).toMatch(
      /Sentencing Act 2020/,
    );
    expect(PLAIN_HEADINGS.peer_roles).toBe("People who have been there too");
    for (const [key, c] of all) {
      for (const text of printed(c)) expect(text, key).not.toMatch(/WithUs/);
    }
  });

  it("low: no provider clause points to the council's own commitments, which issue in a document of their own", () => {
    const provider = all.filter(([, c]) => partyOf(c) === "provider");
    expect(provider.length).toBeGreaterThan(30);
    for (const [key, c] of provider) {
      for (const text of printed(c)) expect(text, key).not.toMatch(/\bCOM-\d\d\b/);
    }
    expect(clause("GRP-01").requirement).toMatch(
      /a request to the commissioner, who arranges an independent facilitator/,
    );
  });

  it("high: COM-02 promises to ask, and no clause says people helped write the document (the summary says it only from the record)", () => {
    const com2 = clause("COM-02").plainLanguage;
    expect(com2).not.toMatch(/helped the council write this/);
    expect(com2).toMatch(/the council will ask people who have used services to help write it/);
    for (const [key, c] of all) expect(c.plainLanguage, key).not.toMatch(/helped (the council )?write/);
  });

  it("medium: a specification with GOV-05 prints its four indicators with their 0-4 descriptors in an appendix; one without it does not", async () => {
    const { renderClause } = await import("../src/model/clause-schema.js");
    const { renderSpecification } = await import("../src/documents/specification.js");
    const { INDICATORS } = await import("../src/model/maturity.js");
    const { makeSpecification } = await import("./documents/fixtures.js");
    const { rawText } = await import("./documents/helpers.js");
    const rendered = (keys: string[]) => keys.map((k) => renderClause(k, 1, clause(k), {}));
    const withIt = await rawText(
      await renderSpecification(makeSpecification(0, { clauses: rendered(["GOV-01", "GOV-05"]) }), {
        pageNumbers: false,
      }),
    );
    expect(withIt).toMatch(/Appendix D: Involvement review: indicators and descriptors \(GOV-05\)/);
    for (const ind of Object.values(INDICATORS)) {
      expect(withIt).toContain(ind.label);
      for (const [score, descriptor] of ind.scores.entries()) {
        expect(withIt).toContain(`${score}\n\n${descriptor}`);
      }
    }
    expect(withIt).toMatch(/not any label for the kind of organisation/);
    const without = await rawText(
      await renderSpecification(makeSpecification(0, { clauses: rendered(["GOV-01"]) }), {
        pageNumbers: false,
      }),
    );
    expect(without).not.toMatch(/Involvement review: indicators and descriptors/);
  });

  it("medium: COM-03's plain language holds for a direct award too (no bidders there), and the specification names no product", async () => {
    const plain = clause("COM-03").plainLanguage;
    expect(plain).not.toMatch(/bidders/);
    expect(plain).toMatch(/write some of the questions the council asks/);
    const { renderClause } = await import("../src/model/clause-schema.js");
    const { renderSpecification } = await import("../src/documents/specification.js");
    const { makeSpecification } = await import("./documents/fixtures.js");
    const { rawText } = await import("./documents/helpers.js");
    const input = makeSpecification(0, {
      clauses: ["GOV-01", "COM-04"].map((k) => renderClause(k, 1, clause(k), {})),
    });
    expect(await rawText(await renderSpecification(input, { pageNumbers: false }))).not.toMatch(/WithUs/);
  });
});
