// Figures against targets at national scale (issue 21 item 7), on PostgreSQL: 1,000 contracts x 40 clauses x
// 12 quarters (480,000 obligations), with figures on about 90% of the obligations due, seeded in SQL with
// generate_series into a database of the bench's own (withus_bench on the DATABASE_URL server) that is kept
// between runs: it is seeded only when absent, and the migrations not yet applied are applied each run.
// Times the performance endpoint for one contract (GET /api/contracts/:id/performance through the app, as a
// reviewer's API token calls it: its sign-in look-up, the service and the JSON) and an assessment proposal (in a
// transaction rolled back, so every run proposes afresh) against one indexed row read in the same run,
// interleaved so all see the same load; prints the EXPLAIN plan of every select each of them runs, and counts sequential
// scans of submissions or figures (target: none).
// Run alone with `npx tsx bench/performance.ts` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { mkdtemp, rm } from "node:fs/promises";
import os, { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { eq, TransactionRollbackError } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createApp } from "../src/app.js";
import { type Db, schema } from "../src/db/client.js";
import { openDatabase } from "../src/db/node-client.js";
import { apiTokens, obligations } from "../src/db/schema/index.js";
import { inProcessRenderer } from "../src/documents/renderer.js";
import { diskFileStore } from "../src/entry/disk-file-store.js";
import { nodeOutbound } from "../src/entry/node-outbound.js";
import { parseEnv } from "../src/env.js";
import { createLogger } from "../src/lib/log.js";
import type { Actor } from "../src/model/identity.js";
import { proposeAssessment } from "../src/services/assessments/assessments.js";
import { contractPerformance } from "../src/services/compliance/performance.js";
import type { ServiceCtx } from "../src/services/context.js";
import { latestFigures } from "../src/services/evidence/figures.js";
import { createToken } from "../src/services/tokens/tokens.js";
import { target, targetTable } from "./targets.js";

const DATABASE = "withus_bench";
/** Kept on the database as its comment: a database seeded otherwise is seeded again. */
const SEED = "issue 21 figures bench, seed 2 (obligations in contract order, submissions in arrival order)";
const COUNCILS = 20;
const PROVIDERS = 200;
const CONTRACTS = 1_000;
const CLAUSES = 40;
const PERIODS = 12;
const OBLIGATIONS = CONTRACTS * CLAUSES * PERIODS;
const WARMUP = 20;
const RUNS = 200;
const PERFORMANCE_RATIO = 10;
const PROPOSAL_RATIO = 50;
/** The bench's "today": six of the twelve quarters have fallen due (the sixth on 2027-10-28). */
const NOW = new Date("2027-11-15T12:00:00Z");
const PERIOD_END = "2027-09-30";

const ms = (n: number) => `${n.toFixed(2)} ms`;
const id = (group: number, n: number | string) =>
  `'00000000-0000-4000-80${String(group).padStart(2, "0")}-' || lpad((${n})::text, 12, '0')`;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A clause's metrics: the first by k % 4 (a count, a percentage, days, a number), even clauses a second. */
const METRICS_SQL = `
  select k, m.name, m.unit, m.comparator, m.target
  from generate_series(1, ${CLAUSES}) k
  cross join lateral (
    select 'm1' as name, (array['count','percent','days','number'])[1 + k % 4] as unit,
           case when k % 4 = 2 then 'at_most' else 'at_least' end as comparator,
           (array[12, 80, 10, 40])[1 + k % 4] as target
    union all
    select 'm2', 'percent', 'at_least', 90 where k % 2 = 0
  ) m`;

/** A figure for a submission's metric: spread around the target, a nil return now and then. */
const VALUE_SQL = (unit: string, seed: string) => `
  case ${unit}
    when 'count' then abs(hashtext(${seed})) % 6
    when 'percent' then 50 + abs(hashtext(${seed})) % 51
    when 'days' then abs(hashtext(${seed})) % 21
    else abs(hashtext(${seed})) % 21
  end`;

async function seed(client: pg.Client) {
  await client.query("begin");
  await client.query(`
    insert into organisations (id, name, name_key, kind)
      select (${id(0, "g")})::uuid, 'Council ' || g, 'council ' || g, 'commissioner' from generate_series(1, ${COUNCILS}) g;
    insert into organisations (id, name, name_key, kind)
      select (${id(1, "g")})::uuid, 'Provider ' || g, 'provider ' || g, 'provider' from generate_series(1, ${PROVIDERS}) g;
    insert into users (id, organisation_id, email, name, role, password_hash)
      select (${id(2, "g")})::uuid, (${id(0, "g")})::uuid, 'reviewer' || g || '@bench.test', 'Reviewer ' || g, 'reviewer', 'x'
      from generate_series(1, ${COUNCILS}) g;
    create temporary table bench_metrics on commit drop as ${METRICS_SQL};
    create temporary table bench_clauses on commit drop as
      select k, 'BEN-' || lpad(k::text, 3, '0') as key, 'Bench clause ' || k as title,
             jsonb_build_object(
               'title', 'Bench clause ' || k, 'category', 'governance', 'level', 'involve', 'frequency', 'quarterly',
               'requirement', 'The provider reports its figures each quarter.',
               'evidence', jsonb_build_object('documents', 'A return of the figures.', 'reviewerChecks', 'The figures add up.'),
               'threshold', jsonb_build_object('description', 'The figures meet their targets.', 'metrics',
                 (select jsonb_agg(jsonb_build_object('name', m.name, 'label', 'Metric ' || m.name, 'unit', m.unit,
                                                      'comparator', m.comparator, 'target', m.target) order by m.name)
                  from bench_metrics m where m.k = g.k)),
               'plainLanguage', '', 'guidance', '', 'sources', '[]'::jsonb, 'challenges', '[]'::jsonb,
               'verification', '["reviewer"]'::jsonb, 'parameters', '[]'::jsonb) as content
      from generate_series(1, ${CLAUSES}) g(k);
    insert into clauses (id, key) select (${id(3, "k")})::uuid, key from bench_clauses;
    insert into clause_versions (id, clause_id, version, status, content, title, category, level, frequency, content_hash)
      select (${id(4, "k")})::uuid, (${id(3, "k")})::uuid, 1, 'published', content, title, 'governance', 'involve',
             'quarterly', md5(k::text)
      from bench_clauses;
    insert into specifications (id, organisation_id, lineage_id, status, title, service_name, snapshot)
      select (${id(5, "g")})::uuid, (${id(0, "g")})::uuid, (${id(5, `1000 + g`)})::uuid, 'issued', 'Bench specification',
             'Bench service',
             jsonb_build_object('document', '{}'::jsonb, 'clauses',
               (select jsonb_agg(content || jsonb_build_object('key', key, 'version', 1, 'parameterValues', '{}'::jsonb)
                                 order by k) from bench_clauses))
      from generate_series(1, ${COUNCILS}) g;
    insert into contracts (id, organisation_id, provider_organisation_id, specification_id, reference, start_date, end_date)
      select (${id(6, "g")})::uuid, (${id(0, `1 + (g - 1) % ${COUNCILS}`)})::uuid,
             (${id(1, `1 + g % ${PROVIDERS}`)})::uuid, (${id(5, `1 + (g - 1) % ${COUNCILS}`)})::uuid,
             'BENCH-' || lpad(g::text, 4, '0'), date '2026-04-01', date '2029-03-31'
      from generate_series(1, ${CONTRACTS}) g;
    -- Five KPIs a contract, the first three most material.
    insert into contract_kpis (contract_id, position, clause_key, clause_title, metric, metric_label, unit, comparator,
                               target, frequency, most_material)
      select c.id, b.k - 1, b.key, b.title, m.name, 'Metric ' || m.name, m.unit, m.comparator, m.target, 'quarterly', b.k <= 3
      from contracts c cross join bench_clauses b join bench_metrics m on m.k = b.k and m.name = 'm1'
      where b.k <= 5;
  `);
  // Quarters from April 2026. Of those due, 90% have a submission (a fifth of them a second one after changes
  // were asked for), whose figures are stored; the rest are overdue. Ids are derived, so the rows can point
  // at each other without a lookup.
  await client.query(`
    create temporary table bench_obligations on commit drop as
      select md5('o' || c.id || k || '-' || p)::uuid as id, c.id as contract_id, c.organisation_id,
             c.provider_organisation_id, k, p,
             (date '2026-04-01' + make_interval(months => 3 * p))::date as period_start,
             (date '2026-04-01' + make_interval(months => 3 * p + 3) - interval '1 day')::date as period_end,
             case when p < 6 and abs(hashtext('s' || c.id || k || p)) % 10 < 9
                  then 1 + (abs(hashtext('v' || c.id || k || p)) % 5 = 0)::int else 0 end as versions,
             (array['accepted','accepted','accepted','accepted','accepted','submitted','submitted','changes_requested'])[1 + abs(hashtext('d' || c.id || k || p)) % 8] as decided
      from contracts c cross join generate_series(1, ${CLAUSES}) k cross join generate_series(0, ${PERIODS - 1}) p;
    insert into obligations (id, contract_id, organisation_id, provider_organisation_id, clause_version_id, clause_key,
                             clause_title, frequency, period, period_start, period_end, due_date, state, verdict,
                             latest_submission_id)
      select o.id, o.contract_id, o.organisation_id, o.provider_organisation_id, (${id(4, "o.k")})::uuid,
             'BEN-' || lpad(o.k::text, 3, '0'), 'Bench clause ' || o.k, 'quarterly',
             (2026 + o.p / 4)::text || '-' || lpad(((2027 + o.p / 4) % 100)::text, 2, '0') || ' Q' || (o.p % 4 + 1),
             o.period_start, o.period_end, o.period_end + 28,
             case when o.versions = 0 then 'pending' else o.decided end,
             case when o.versions > 0 and o.decided = 'accepted' then 'compliant' end,
             case when o.versions > 0 then md5('s' || o.id || '-' || o.versions)::uuid end
      from bench_obligations o
      -- As the app writes them: all of a contract's obligations when it is let.
      order by o.contract_id, o.k, o.p;
    insert into submissions (id, obligation_id, contract_id, organisation_id, provider_organisation_id, version, status,
                             narrative, covered_from, covered_to, metrics, created_at)
      select md5('s' || o.id || '-' || v)::uuid, o.id, o.contract_id, o.organisation_id, o.provider_organisation_id, v,
             case when v = o.versions then o.decided else 'changes_requested' end,
             'Bench evidence', o.period_start, o.period_end,
             (select jsonb_object_agg(m.name, ${VALUE_SQL("m.unit", "o.id || m.name || v")}) from bench_metrics m where m.k = o.k),
             o.period_end + v
      from bench_obligations o cross join generate_series(1, 2) v
      where v <= o.versions
      -- As they arrive: each quarter's from every contract, then the second tries.
      order by o.period_end + v, hashtext(o.id::text);
    insert into submission_figures (submission_id, obligation_id, contract_id, clause_key, period, period_end, metric, kind, value)
      select s.id, ob.id, ob.contract_id, ob.clause_key, ob.period, ob.period_end, m.name, m.unit,
             ${VALUE_SQL("m.unit", "ob.id || m.name || s.version")}
      from submissions s join obligations ob on ob.id = s.obligation_id
      join bench_metrics m on m.k = substr(ob.clause_key, 5)::int
      order by s.created_at, hashtext(s.obligation_id::text), m.name;
  `);
  await client.query("commit");
  await client.query("vacuum analyze");
}

/** The bench's database, created and seeded when absent (or left half-seeded by an interrupted run). */
async function benchDatabase(log: (line: string) => void): Promise<string> {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = (await admin.query("select 1 from pg_database where datname = $1", [DATABASE])).rowCount;
    if (exists) {
      const probe = new pg.Client({ connectionString: url.toString() });
      await probe.connect();
      const seeded = await probe
        .query(
          "select (select count(*)::int from obligations) as n, shobj_description(d.oid, 'pg_database') as seed from pg_database d where d.datname = current_database()",
        )
        .then((r) => r.rows[0].n === OBLIGATIONS && r.rows[0].seed === SEED)
        .catch(() => false);
      await probe.end();
      if (seeded) return url.toString();
      await admin.query(`drop database ${DATABASE} with (force)`);
    }
    await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const t0 = performance.now();
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.close();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await seed(client);
    await client.query(`comment on database ${DATABASE} is '${SEED}'`);
  } finally {
    await client.end();
  }
  log(`  seeded ${DATABASE} in ${((performance.now() - t0) / 1000).toFixed(0)} s (kept for the next run)`);
  return url.toString();
}

export async function benchPerformance(): Promise<string> {
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (isMain) console.log(line);
  };
  const url = await benchDatabase(out);
  // Applies the migrations not yet applied to the kept database.
  const database = await openDatabase({ databaseUrl: url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // A second handle on the same pool that records what it runs, for the plans.
  const recorded: Array<{ sql: string; params: unknown[] }> = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const recording = drizzle(pool, {
    schema,
    casing: "snake_case",
    logger: { logQuery: (sql, params) => recorded.push({ sql, params }) },
  }) as unknown as Db;
  /** Removes the endpoint's token and data directory, once they exist. */
  let cleanUp = async () => {};
  try {
    const { rows: countRows } = await client.query(`
      select (select count(*) from obligations)::int as obligations,
             (select count(*) from submissions)::int as submissions,
             (select count(*) from submission_figures)::int as figures,
             (select count(*) from obligations where due_date <= date '${NOW.toISOString().slice(0, 10)}')::int as due,
             (select count(*) from obligations o where exists (
                select 1 from submission_figures f where f.submission_id = o.latest_submission_id))::int as with_figures`);
    const c = countRows[0] as Record<string, number>;
    out(
      `  ${CONTRACTS} contracts x ${CLAUSES} clauses x ${PERIODS} quarters = ${c.obligations} obligations; ` +
        `${c.submissions} submissions, ${c.figures} figure rows; ${c.due} due, ` +
        `${c.with_figures} with figures (${((100 * c.with_figures!) / c.due!).toFixed(1)}% of those due)`,
    );
    target("figures on the obligations due", (100 * c.with_figures!) / c.due!, {
      min: 80,
      unit: "%",
      digits: 1,
    });

    const contractId = "00000000-0000-4000-8006-000000000500";
    const actor: Actor = {
      userId: "00000000-0000-4000-8002-000000000020",
      organisationId: "00000000-0000-4000-8000-000000000020",
      organisationKind: "commissioner",
      organisationName: "Council 20",
      role: "reviewer",
      name: "Reviewer 20",
      email: "reviewer20@bench.test",
      via: "token",
    };
    const ctxOf = (db: Db): ServiceCtx => ({ db, actor, now: NOW });
    const [{ id: someId }] = (
      await client.query("select id from obligations where contract_id = $1 order by id offset 200 limit 1", [
        contractId,
      ])
    ).rows as [{ id: string }];
    const db = database.db;
    const rowRead = () => db.select().from(obligations).where(eq(obligations.id, someId));
    // What the proposal reads of the figures: its KPIs' clauses (the seed's first five), periods ending by
    // the assessment's end.
    const kpiClauses = ["BEN-001", "BEN-002", "BEN-003", "BEN-004", "BEN-005"];
    const figuresQuery = () =>
      latestFigures(db, { contractId, clauseKeys: kpiClauses, periodEndBy: PERIOD_END });
    const performanceOf = (on: Db) => contractPerformance({ ctx: ctxOf(on), input: { contractId } });
    // The endpoint as a server answers it, on the same pool: the app with the bench's clock, its request log
    // written to nowhere, and an API token of the reviewer's (deleted when the bench ends).
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "withus-bench-"));
    const secret = "bench-secret-that-is-long-enough-0123456789";
    const app = createApp({
      env: parseEnv({ DATA_DIR: dataDir, DATABASE_URL: url }),
      database: () => database,
      files: diskFileStore(path.join(dataDir, "files")),
      renderer: inProcessRenderer,
      secret,
      log: createLogger("info", () => {}),
      outbound: nodeOutbound({ allowLoopback: false }),
      now: () => NOW,
    });
    const token = await createToken({
      ctx: { ...ctxOf(db), actor: { ...actor, via: "session" }, secret },
      input: { name: "figures bench" },
    });
    cleanUp = async () => {
      await db.delete(apiTokens).where(eq(apiTokens.id, token.id));
      await rm(dataDir, { recursive: true, force: true });
    };
    // Timed to the last byte of the body (the client's parse of it is not the server's work).
    const endpoint = async () => {
      const res = await app.request(`/api/contracts/${contractId}/performance`, {
        headers: { authorization: `Bearer ${token.token}` },
      });
      if (res.status !== 200) throw new Error(`GET performance answered ${res.status}: ${await res.text()}`);
      return res.arrayBuffer();
    };
    const proposalOf = (on: Db) =>
      on
        .transaction(async (tx) => {
          await proposeAssessment({
            ctx: ctxOf(tx as unknown as Db),
            input: { contractId, periodEnd: PERIOD_END },
          });
          tx.rollback();
        })
        .catch((e) => {
          if (!(e instanceof TransactionRollbackError)) throw e;
        });

    const sample = await performanceOf(db);
    // The endpoint answers what the service gives, as JSON.
    const answered = JSON.parse(new TextDecoder().decode(await endpoint())) as { clauses: unknown[] };
    if (JSON.stringify(answered.clauses) !== JSON.stringify(sample.clauses))
      throw new Error("the endpoint's clauses differ from the service's");
    const periods = sample.clauses.reduce(
      (n, cl) => n + cl.metrics.reduce((m, x) => m + x.periods.length, 0),
      0,
    );
    const reported = sample.clauses.reduce(
      (n, cl) => n + cl.metrics.reduce((m, x) => m + x.periods.filter((p) => p.value !== null).length, 0),
      0,
    );
    const [loadBefore] = loadavg();
    for (let i = 0; i < WARMUP; i++) {
      await endpoint();
      await performanceOf(db);
      await proposalOf(db);
      await rowRead();
    }
    const perf: number[] = [];
    const service: number[] = [];
    const prop: number[] = [];
    const base: number[] = [];
    const fig: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      fig.push(await time(figuresQuery));
      perf.push(await time(endpoint));
      service.push(await time(() => performanceOf(db)));
      prop.push(await time(() => proposalOf(db)));
      base.push(await time(rowRead));
    }
    const p = { median: quantile(perf, 0.5), p95: quantile(perf, 0.95) };
    const sv = { median: quantile(service, 0.5), p95: quantile(service, 0.95) };
    const a = { median: quantile(prop, 0.5), p95: quantile(prop, 0.95) };
    const b = { median: quantile(base, 0.5), p95: quantile(base, 0.95) };
    const f = { median: quantile(fig, 0.5), p95: quantile(fig, 0.95) };
    const [load] = loadavg();
    out(
      `  load average (1 min) ${loadBefore!.toFixed(2)} at the start, ${load!.toFixed(2)} at the end, on ${availableParallelism()} cores; ` +
        `${RUNS} interleaved runs after ${WARMUP} to warm up`,
    );
    // The row read's p95 rises with load as well, so a loaded run says little about the ratio on a quiet one.
    if (Math.max(loadBefore!, load!) > availableParallelism()) {
      out(
        "  the machine was busy (load above its cores): not a quiet-machine measurement; for that, run " +
          "`npx tsx bench/performance.ts` alone when the load average is below the number of cores",
      );
    }
    out(
      `  GET /api/contracts/:id/performance, one contract (${sample.clauses.length} clauses, ${periods} metric-periods, ${reported} reported): ` +
        `median ${ms(p.median)}, p95 ${ms(p.p95)}`,
    );
    out(
      `  of which its service (contractPerformance): median ${ms(sv.median)}, p95 ${ms(sv.p95)}, ` +
        `p95 ${(sv.p95 / b.p95).toFixed(1)}x the row read's p95 (for information)`,
    );
    out(`  assessment proposal (5 KPIs, rolled back): median ${ms(a.median)}, p95 ${ms(a.p95)}`);
    out(
      `  of which its figures read (latestFigures, its KPIs' five clauses): median ${ms(f.median)}, p95 ${ms(f.p95)}, ` +
        `p95 ${(f.p95 / b.p95).toFixed(1)}x the row read's p95 (for information)`,
    );
    out(`  one indexed row read (obligations by id, same pool): median ${ms(b.median)}, p95 ${ms(b.p95)}`);
    const perfRatio = p.p95 / b.p95;
    const propRatio = a.p95 / b.p95;
    out(
      `  performance p95 ${perfRatio.toFixed(1)}x the row read's p95 (target <= ${PERFORMANCE_RATIO}x: ` +
        `${target("GET performance, one contract, p95 vs one-row read p95", perfRatio, { max: PERFORMANCE_RATIO, unit: "x", digits: 1 })})`,
    );
    out(
      `  proposal p95 ${propRatio.toFixed(1)}x the row read's p95 (target <= ${PROPOSAL_RATIO}x: ` +
        `${target("assessment proposal p95 vs one-row read p95", propRatio, { max: PROPOSAL_RATIO, unit: "x", digits: 1 })}; ` +
        `${ms(a.p95)} for information)`,
    );

    // Every select each of them runs, once each, with its plan.
    let seqScans = 0;
    for (const [label, run] of [
      ["performance", () => performanceOf(recording)],
      ["proposal", () => proposalOf(recording)],
    ] as const) {
      recorded.length = 0;
      await run();
      const seen = new Set<string>();
      for (const q of recorded) {
        if (!/^\s*select/i.test(q.sql) || seen.has(q.sql)) continue;
        seen.add(q.sql);
        const plan = await client.query(
          `explain (analyze, buffers, costs off, timing off) ${q.sql}`,
          q.params,
        );
        const text = (plan.rows as Array<{ "QUERY PLAN": string }>).map((r) => r["QUERY PLAN"]);
        const bad = text.filter((l) => /Seq Scan on (submissions|submission_figures)\b/.test(l));
        seqScans += bad.length;
        out(`  plan (${label}): ${q.sql.length > 160 ? `${q.sql.slice(0, 160)}...` : q.sql}`);
        for (const l of text) out(`    ${l}`);
      }
    }
    out(`  sequential scans of submissions or submission_figures in these plans: ${seqScans}`);
    target("sequential scans of submissions or figures", seqScans, { max: 0, digits: 0 });
  } finally {
    await cleanUp().catch(() => {});
    await client.end().catch(() => {});
    await pool.end();
    await database.close();
  }
  return lines.join("\n");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  await benchPerformance();
  console.log(`\n${targetTable()}`);
}
