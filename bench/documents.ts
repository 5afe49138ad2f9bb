// How long the specification takes to render and how much memory it needs, for 40 and 400 clauses, drafts and
// issued documents (with page numbers), each against a baseline that builds the same document with docx directly;
// and whether the worker-thread renderer keeps the server's event loop free while a large draft renders.
// Run alone with `npx tsx bench/documents.ts`.

import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  type PageNumberEstimator,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { estimatePageNumbers } from "docx/layout";
import { GLOSSARY } from "../src/documents/glossary.js";
import { renderSpecification } from "../src/documents/index.js";
import { createWorkerRenderer, ownWorkerData, startWorker } from "../src/entry/node-renderer.js";
import { CATEGORIES, CATEGORY_KEYS, FREQUENCIES } from "../src/model/clause-schema.js";
import type { SpecificationDocumentInput } from "../src/model/document-input.js";
import { makeSpecification } from "../test/documents/fixtures.js";
import { target, targetTable } from "./targets.js";

const DRAFT_TARGET = 1.3;
/** Issuing with contents page numbers, against the draft of the same specification (issue 20 item 2). */
const ISSUED_TARGET = 5;
const LOOP_TARGET_MS = 50;

interface Case {
  kind: "bench-documents-case";
  clauses: number;
  issued: boolean;
  /**
   * "interleaved": ours and docx alone, alternately in this one thread after `warmup` runs of each, for the time ratio;
   * "issued-vs-draft": ours issued (with page numbers) and ours as a draft, the same way.
   */
  subject: "withus" | "baseline" | "interleaved" | "issued-vs-draft";
  runs: number;
  warmup?: number;
}

interface CaseResult {
  timesMs: number[];
  /** The baseline's times, for an interleaved case. */
  baseTimesMs: number[];
  /** This thread's CPU time for each of ours and the baseline's, for an interleaved case (empty where Node can't tell). */
  cpuMs: number[];
  baseCpuMs: number[];
  /** Time spent inside estimatePageNumbers (baseline only, where the estimator is wrapped). */
  estimateMs: number[];
  bytes: number;
}

function input(c: Pick<Case, "clauses" | "issued">): SpecificationDocumentInput {
  return makeSpecification(c.clauses, c.issued ? {} : { status: "draft", contentHash: null });
}

/**
 * The same document built with docx alone: cover, contents, numbered headings, each clause's numbered requirement
 * paragraphs with its evidence and check as labelled paragraphs, the calendar and measures tables, the evidence
 * schedule, header and footer, the same fonts and page-number option; packed with Packer and
 * nothing else (no deterministic dates or bookmark ids).
 */
async function baseline(spec: SpecificationDocumentInput, estimator: PageNumberEstimator | undefined) {
  const border = { style: BorderStyle.SINGLE, size: 4, color: "7A7A7A" };
  const borders = {
    top: border,
    bottom: border,
    left: border,
    right: border,
    insideHorizontal: border,
    insideVertical: border,
  };
  const cell = (text: string, width: number, bold = false) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      children: text
        .split("\n")
        .map((t) => new Paragraph({ style: "TableText", children: [new TextRun({ text: t, bold })] })),
    });
  const table = (widths: number[], rows: string[][], header?: string[]) =>
    new Table({
      width: { size: 9026, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders,
      rows: [
        ...(header
          ? [new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths[i]!, true)) })]
          : []),
        ...rows.map(
          (r) => new TableRow({ children: r.map((t, i) => cell(t, widths[i]!, i === 0 && !header)) }),
        ),
      ],
    });
  const h = (
    level: (typeof HeadingLevel)[keyof typeof HeadingLevel],
    text: string,
    pageBreakBefore = false,
  ) => new Paragraph({ heading: level, pageBreakBefore, children: [new TextRun(text)] });
  const body: Array<Paragraph | Table | TableOfContents> = [
    new Paragraph({ style: "Title", children: [new TextRun(spec.title)] }),
    table(
      [2600, 6426],
      [
        ["Specification number", spec.id],
        ["Service", spec.serviceName],
        ["Version", String(spec.version)],
      ],
    ),
    new Paragraph({
      pageBreakBefore: true,
      children: [new TextRun({ text: "Document control", bold: true })],
    }),
    table(
      [1000, 1300, 1800, 2000, 2926],
      spec.history.map((v) => [String(v.version), v.status, v.date, v.author, v.note ?? ""]),
      ["Version", "Status", "Date", "Author", "Note"],
    ),
    new Paragraph({ children: [new TextRun({ text: "Contents", bold: true })] }),
    new TableOfContents("Contents", { hyperlink: true, headingStyleRange: "1-3" }),
    h(HeadingLevel.HEADING_1, "1 Introduction", true),
    new Paragraph(spec.sections.introduction ?? ""),
    h(HeadingLevel.HEADING_1, "2 Population needs"),
    new Paragraph(spec.sections.populationNeed ?? ""),
    h(HeadingLevel.HEADING_1, "3 Outcomes"),
    new Paragraph(spec.sections.outcomes ?? ""),
    h(HeadingLevel.HEADING_1, "4 Scope"),
    new Paragraph(spec.sections.scope ?? ""),
    h(HeadingLevel.HEADING_1, "5 Service user involvement and lived experience", true),
  ];
  // The new layout: each clause as numbered paragraphs and two labelled ones, no table under it.
  const used = CATEGORY_KEYS.filter((k) => spec.clauses.some((c) => c.category === k));
  used.forEach((cat, i) => {
    body.push(h(HeadingLevel.HEADING_2, `5.${i + 1} ${CATEGORIES[cat]}`));
    spec.clauses
      .filter((c) => c.category === cat)
      .forEach((c, j) => {
        const n = `5.${i + 1}.${j + 1}`;
        body.push(
          h(HeadingLevel.HEADING_3, `${n} ${c.key} ${c.title}`),
          ...c.requirement.split("\n").map(
            (t, k) =>
              new Paragraph({
                indent: { left: 850, hanging: 850 },
                children: [new TextRun(`${n}.${k + 1}\t${t}`)],
              }),
          ),
          new Paragraph({
            indent: { left: 850 },
            children: [
              new TextRun({ text: `Evidence, ${FREQUENCIES[c.frequency].toLowerCase()}. `, bold: true }),
              new TextRun(c.evidence.documents),
            ],
          }),
          new Paragraph({
            indent: { left: 850 },
            children: [
              new TextRun({ text: "The reviewer checks: ", bold: true }),
              new TextRun(c.evidence.reviewerChecks),
            ],
          }),
        );
      });
  });
  body.push(
    h(HeadingLevel.HEADING_1, "6 Reporting calendar for the first 12 months"),
    table(
      [2200, 7438],
      (spec.calendar?.months ?? []).map((m) => [m.month, m.items.join("\n")]),
      ["Month", "What is due"],
    ),
    h(HeadingLevel.HEADING_1, "7 Measures"),
    table(
      [1150, 6588, 1900],
      spec.clauses.map((c) => [c.key, c.threshold?.description ?? "", FREQUENCIES[c.frequency]]),
      ["Clause", "Threshold", "How often"],
    ),
  );
  body.push(
    h(HeadingLevel.HEADING_1, "Appendix A: Evidence and monitoring schedule", true),
    table(
      [1150, 2600, 4288, 1600],
      spec.clauses.map((c) => [c.key, c.title, c.evidence.documents, FREQUENCIES[c.frequency]]),
      ["Clause", "Title", "Evidence", "How often"],
    ),
    h(HeadingLevel.HEADING_1, "Appendix B: Glossary", true),
    table(
      [2600, 6426],
      GLOSSARY.map((g) => [g.term, g.meaning]),
      ["Term", "Meaning"],
    ),
    h(HeadingLevel.HEADING_1, "Appendix C: Sources", true),
    ...[...new Set(spec.clauses.flatMap((c) => c.sources.map((x) => x.citation)))].map(
      (citation) => new Paragraph({ children: [new TextRun(citation)] }),
    ),
  );
  const heading = (pt: number, outlineLevel: number) => ({
    paragraph: { outlineLevel, keepNext: true },
    run: { font: "Arial", size: pt * 2, bold: true },
  });
  const doc = new Document({
    title: spec.title,
    creator: spec.commissionerOrganisation,
    customProperties: [{ name: "SpecificationId", value: spec.id }],
    pageNumbers: estimator,
    styles: {
      default: {
        document: {
          run: { font: "Arial", size: 22, language: { value: "en-GB" } },
          paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        },
        heading1: heading(16, 0),
        heading2: heading(13, 1),
        heading3: heading(11, 2),
      },
      paragraphStyles: [
        {
          id: "TableText",
          name: "Table Text",
          basedOn: "Normal",
          paragraph: { spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } },
        },
      ],
    },
    sections: [
      {
        headers: {
          default: new Header({ children: [new Paragraph({ children: [new TextRun(spec.title)] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.pack(doc, "uint8array");
}

/**
 * This thread's CPU time in milliseconds, where Node can tell (from 23.9), else undefined. Other developers' work on a
 * shared machine takes the CPU away from a render, which its time on the clock counts and this does not; it leaves
 * out the garbage collector's helper threads, which the clock's time includes.
 */
function threadCpuMs(): number | undefined {
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
}

/** Runs one case in this (worker) thread. */
async function runCase(c: Case): Promise<CaseResult> {
  const spec = input(c);
  const result: CaseResult = {
    timesMs: [],
    baseTimesMs: [],
    cpuMs: [],
    baseCpuMs: [],
    estimateMs: [],
    bytes: 0,
  };
  if (c.subject === "interleaved" || c.subject === "issued-vs-draft") {
    // Same thread, same input, alternating which goes first: a change in the machine's load falls on both,
    // and neither is timed while the JIT is still compiling it (nor while the estimator reads its font widths,
    // which it does once a process).
    const draft = input({ clauses: c.clauses, issued: false });
    // A fresh issued input for each run, built before the clock starts, as the draft's is: building the fixture
    // (about 1% of an issued render) is not the render's time.
    const issuedInputs =
      c.subject === "issued-vs-draft"
        ? Array.from({ length: (c.warmup ?? 0) + c.runs }, () => input({ clauses: c.clauses, issued: true }))
        : [];
    const ours =
      c.subject === "issued-vs-draft"
        ? () => renderSpecification(issuedInputs.pop()!, { pageNumbers: true })
        : () => renderSpecification(spec, { pageNumbers: c.issued });
    const base =
      c.subject === "issued-vs-draft"
        ? () => renderSpecification(draft, { pageNumbers: false })
        : () => baseline(spec, c.issued ? estimatePageNumbers : undefined);
    for (let i = 0; i < (c.warmup ?? 0); i++) {
      await ours();
      await base();
    }
    for (let i = 0; i < c.runs; i++) {
      for (const [fn, times, cpu] of i % 2
        ? ([
            [base, result.baseTimesMs, result.baseCpuMs],
            [ours, result.timesMs, result.cpuMs],
          ] as const)
        : ([
            [ours, result.timesMs, result.cpuMs],
            [base, result.baseTimesMs, result.baseCpuMs],
          ] as const)) {
        const c0 = threadCpuMs();
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
        const c1 = threadCpuMs();
        if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0);
      }
    }
    return result;
  }
  for (let i = 0; i < c.runs; i++) {
    let estimate = 0;
    const timed: PageNumberEstimator = Object.assign(
      (body: Parameters<PageNumberEstimator>[0], context: Parameters<PageNumberEstimator>[1]) => {
        const t = performance.now();
        try {
          return estimatePageNumbers(body, context);
        } finally {
          estimate += performance.now() - t;
        }
      },
      { listNumbers: estimatePageNumbers.listNumbers },
    );
    const t = performance.now();
    const bytes =
      c.subject === "withus"
        ? await renderSpecification(spec, { pageNumbers: c.issued })
        : await baseline(spec, c.issued ? timed : undefined);
    result.timesMs.push(performance.now() - t);
    result.estimateMs.push(estimate);
    result.bytes = bytes.length;
  }
  return result;
}

if (!isMainThread && parentPort) {
  const c = ownWorkerData<Case | undefined>(workerData);
  if (c?.kind === "bench-documents-case") {
    const port = parentPort;
    port.postMessage({ ready: true });
    port.once("message", () => {
      runCase(c).then(
        (r) => port.postMessage({ result: r }),
        (e) => port.postMessage({ error: String(e?.stack ?? e) }),
      );
    });
  }
}

/** Runs a case in a fresh thread, sampling the process's memory from this (idle) thread meanwhile. */
async function inThread(c: Omit<Case, "kind">): Promise<CaseResult & { peakRssMb: number }> {
  const worker = startWorker(new URL(import.meta.url), { kind: "bench-documents-case", ...c } satisfies Case);
  try {
    return await new Promise((resolve, reject) => {
      let base = 0;
      let peak = 0;
      let timer: NodeJS.Timeout | undefined;
      worker.on("error", reject);
      worker.on("message", (m: { ready?: true; result?: CaseResult; error?: string }) => {
        if (m.ready) {
          // The thread has loaded docx and our code; what it uses from here on is the rendering.
          base = process.memoryUsage().rss;
          peak = base;
          timer = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage().rss);
          }, 5);
          worker.postMessage("go");
          return;
        }
        clearInterval(timer);
        if (m.error) reject(new Error(m.error));
        else resolve({ ...m.result!, peakRssMb: (peak - base) / 2 ** 20 });
      });
    });
  } finally {
    await worker.terminate();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;
const mb = (x: number) => `${x.toFixed(0)} MB`;

/** Event-loop delay on this thread while `work` runs. */
async function loopDelay(work: () => Promise<unknown>): Promise<{ maxMs: number; p99Ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  // The histogram times each interval from the previous sample, so a block before its first sample goes unseen:
  // let it take one first.
  await new Promise((r) => setTimeout(r, 20));
  await work();
  // One more turn, so a block that ended with the work is recorded.
  await new Promise((r) => setTimeout(r, 20));
  h.disable();
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 };
}

export async function benchDocuments(): Promise<string> {
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (isMain) console.log(line);
  };
  const cases = [
    { clauses: 40, issued: false, runs: 7 },
    { clauses: 40, issued: true, runs: 3 },
    { clauses: 400, issued: false, runs: 3 },
    { clauses: 400, issued: true, runs: 1 },
  ];
  const drafts = new Map<number, number>();
  for (const c of cases) {
    // Memory in a fresh thread per subject (so each peak is its own); for drafts, the times that make the
    // ratio come from one more thread that runs both, interleaved, after warming up.
    const ours = await inThread({ ...c, subject: "withus" });
    const base = await inThread({ ...c, subject: "baseline" });
    const timed = c.issued
      ? undefined
      : await inThread({ ...c, subject: "interleaved", warmup: c.clauses > 100 ? 1 : 3, runs: c.runs + 2 });
    const oursMs = median(timed?.timesMs ?? ours.timesMs);
    const baseMs = median(timed?.baseTimesMs ?? base.timesMs);
    if (!c.issued) drafts.set(c.clauses, oursMs);
    const label = `${c.clauses} clauses, ${c.issued ? "issued (page numbers)" : "draft"}`;
    // Drafts are held to 1.3x docx alone; issued documents add page-number estimation, reported below.
    const verdict = c.issued
      ? ""
      : ` (target <= ${DRAFT_TARGET}: ${target(`${c.clauses}-clause draft render vs docx alone`, oursMs / baseMs, { max: DRAFT_TARGET, unit: "x" })})`;
    out(
      `specification ${label}: median ${ms(oursMs)} over ${timed ? `${c.runs + 2} runs interleaved with docx alone` : `${c.runs} run${c.runs > 1 ? "s" : ""}`} ` +
        `(docx alone ${ms(baseMs)}, ratio ${(oursMs / baseMs).toFixed(2)}${verdict}); ` +
        `peak memory +${mb(ours.peakRssMb)} RSS (docx alone +${mb(base.peakRssMb)}, ratio ${(ours.peakRssMb / Math.max(base.peakRssMb, 1)).toFixed(2)}); ` +
        `${(ours.bytes / 1024).toFixed(0)} KB`,
    );
    if (c.issued) {
      const share = median(base.estimateMs) / baseMs;
      const draftMs = drafts.get(c.clauses);
      const diff =
        draftMs === undefined
          ? ""
          : `; issued minus draft is ${(((oursMs - draftMs) / oursMs) * 100).toFixed(0)}% of ours`;
      out(
        `  page-number estimation: ${(share * 100).toFixed(0)}% of the render (measured inside docx alone)${diff}`,
      );
      if (c.clauses === 40) {
        // Issued against draft, both ours, interleaved in one thread after warming up (the estimator's one-off
        // reading of its font widths included in the warm-up, as a server pays it once).
        const paired = await inThread({ ...c, subject: "issued-vs-draft", warmup: 2, runs: 7 });
        const ratio = median(paired.timesMs) / median(paired.baseTimesMs);
        const cpu =
          paired.cpuMs.length > 0
            ? `; on this thread's CPU time ${(median(paired.cpuMs) / median(paired.baseCpuMs)).toFixed(2)}x, ${ms(median(paired.cpuMs))} against ${ms(median(paired.baseCpuMs))}`
            : "";
        out(
          `  issued/draft: ${ratio.toFixed(2)}x, ${ms(median(paired.timesMs))} against ${ms(median(paired.baseTimesMs))}, medians of 7 interleaved runs ` +
            `(target <= ${ISSUED_TARGET}: ${target("40-clause issued (contents page numbers) vs draft", ratio, { max: ISSUED_TARGET, unit: "x" })})${cpu}; ` +
            `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
        );
      }
    }
  }

  const big = input({ clauses: 400, issued: false });
  const pool = createWorkerRenderer({ workers: 1 });
  try {
    await pool.summary(makeSpecification(1)); // start the thread and load the code before measuring
    // Three renders, judged on the median of their maximum delays: the maximum of one is a single sample, and a
    // garbage collection of this thread's own heap (the 400-clause input, the renders before) can land in it
    // whatever the worker does. Each run's maximum is printed.
    const viaWorker: Array<{ maxMs: number; p99Ms: number }> = [];
    for (let i = 0; i < 3; i++)
      viaWorker.push(await loopDelay(() => pool.specification(big, { pageNumbers: false })));
    const inProcess = await loopDelay(() => renderSpecification(big, { pageNumbers: false }));
    const maxMs = median(viaWorker.map((r) => r.maxMs));
    out(
      `event loop while a 400-clause draft renders in a worker thread: max delay ${viaWorker.map((r) => ms(r.maxMs)).join(", ")} over three renders, ` +
        `median ${ms(maxMs)}, p99 ${ms(median(viaWorker.map((r) => r.p99Ms)))} ` +
        `(target <= ${LOOP_TARGET_MS} ms: ${target("event-loop delay, 400-clause draft in a worker", maxMs, { max: LOOP_TARGET_MS, unit: " ms", digits: 0 })}); ` +
        `rendered in-process it is ${ms(inProcess.maxMs)}`,
    );
  } finally {
    await pool.close();
  }
  return lines.join("\n");
}

const isMain =
  isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const started = performance.now();
  await benchDocuments();
  console.log(`\n${targetTable()}`);
  console.log(`(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
