// The compliance matrix for a commissioning organisation at scale, on PostgreSQL: 100 contracts x 40 clauses
// x 12 quarterly periods (48,000 obligations) and 150,000 submissions, bulk-loaded with generate_series into a
// scratch database that is dropped afterwards. Reports the median and p95 of the matrix service call against a
// single indexed row read in the same run (target: p95 under 20x), and the query plans showing index use.
// Run alone with `npx tsx bench/compliance.ts` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { pathToFileURL } from "node:url";
import { eq } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "../src/db/node-client.js";
import { obligations } from "../src/db/schema/index.js";
import type { Actor } from "../src/model/identity.js";
import { complianceMatrix, matrixQueries } from "../src/services/compliance/matrix.js";
import { scratchDatabase } from "./scratch-database.js";
import { target, targetTable } from "./targets.js";

const CONTRACTS = 100;
const CLAUSES = 40;
const PERIODS = 12;
const SUBMISSIONS = 150_000;
const WARMUP = 30;
const RUNS = 300;
const TARGET_RATIO = 20;
/** The bench's "today": six of the twelve quarters have fallen due. */
const NOW = new Date("2027-11-15T12:00:00Z");

const ms = (n: number) => `${n.toFixed(2)} ms`;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Fills a migrated database: the council, its providers, clauses, one issued specification, the rest. */
export async function load(client: pg.Client) {
  await client.query(`
    insert into organisations (id, name, name_key, kind) values ('00000000-0000-4000-8000-000000000001', 'Bench Council', 'bench council', 'commissioner');
    insert into organisations (id, name, name_key, kind)
      select ('00000000-0000-4000-8001-' || lpad(g::text, 12, '0'))::uuid, 'Provider ' || g, 'provider ' || g, 'provider'
      from generate_series(1, 10) g;
    insert into users (id, organisation_id, email, name, role, password_hash)
      values ('00000000-0000-4000-8002-000000000001', '00000000-0000-4000-8000-000000000001', 'reviewer@bench.test', 'Bench Reviewer', 'reviewer', 'x');
    insert into clauses (id, key)
      select ('00000000-0000-4000-8003-' || lpad(g::text, 12, '0'))::uuid, 'BEN-' || lpad(g::text, 3, '0')
      from generate_series(1, ${CLAUSES}) g;
    insert into clause_versions (id, clause_id, version, status, content, title, category, level, frequency, content_hash)
      select ('00000000-0000-4000-8004-' || lpad(g::text, 12, '0'))::uuid,
             ('00000000-0000-4000-8003-' || lpad(g::text, 12, '0'))::uuid,
             1, 'published', '{}'::jsonb, 'Bench clause ' || g, 'governance', 'involve', 'quarterly', md5(g::text)
      from generate_series(1, ${CLAUSES}) g;
    insert into specifications (id, organisation_id, lineage_id, status, title, service_name)
      values ('00000000-0000-4000-8005-000000000001', '00000000-0000-4000-8000-000000000001',
              '00000000-0000-4000-8005-000000000002', 'issued', 'Bench specification', 'Bench service');
    insert into contracts (id, organisation_id, provider_organisation_id, specification_id, reference, start_date, end_date)
      select ('00000000-0000-4000-8006-' || lpad(g::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001',
             ('00000000-0000-4000-8001-' || lpad((1 + g % 10)::text, 12, '0'))::uuid,
             '00000000-0000-4000-8005-000000000001', 'BENCH-' || lpad(g::text, 3, '0'), date '2026-04-01', date '2029-03-31'
      from generate_series(1, ${CONTRACTS}) g;
  `);
  // Quarters from April 2026; those already due carry a spread of decisions, the rest are pending.
  await client.query(`
    insert into obligations (contract_id, organisation_id, provider_organisation_id, clause_version_id, clause_key,
                             clause_title, frequency, period, period_start, period_end, due_date, state, verdict)
    select c.id, c.organisation_id, c.provider_organisation_id,
           ('00000000-0000-4000-8004-' || lpad(k::text, 12, '0'))::uuid, 'BEN-' || lpad(k::text, 3, '0'),
           'Bench clause ' || k, 'quarterly',
           (2026 + p / 4)::text || '-' || lpad(((2027 + p / 4) % 100)::text, 2, '0') || ' Q' || (p % 4 + 1),
           (date '2026-04-01' + make_interval(months => 3 * p))::date,
           (date '2026-04-01' + make_interval(months => 3 * p + 3) - interval '1 day')::date,
           (date '2026-04-01' + make_interval(months => 3 * p + 3) - interval '1 day' + interval '28 days')::date,
           s.state, s.verdict
    from contracts c
    cross join generate_series(1, ${CLAUSES}) k
    cross join generate_series(0, ${PERIODS - 1}) p
    cross join lateral (
      select case
        when p >= 6 then 'pending'
        else (array['accepted','accepted','accepted','accepted','submitted','changes_requested','pending','not_applicable'])[1 + abs(hashtext(c.id::text || k || p)) % 8]
      end as state
    ) s0
    cross join lateral (
      select s0.state as state,
             case when s0.state = 'accepted'
               then (array['compliant','compliant','partially_compliant','non_compliant'])[1 + abs(hashtext(k || c.id::text || p)) % 4]
             end as verdict
    ) s;
  `);
  // Submissions: versions 1..n against the obligations that have fallen due, up to the total.
  await client.query(`
    insert into submissions (obligation_id, contract_id, organisation_id, provider_organisation_id, version, status,
                             narrative, covered_from, covered_to, submitted_by)
    select o.id, o.contract_id, o.organisation_id, o.provider_organisation_id, v,
           case when o.state in ('accepted', 'submitted', 'changes_requested') then o.state else 'changes_requested' end,
           'Bench evidence', o.period_start, o.period_end, '00000000-0000-4000-8002-000000000001'
    from obligations o cross join generate_series(1, 7) v
    where o.period_start < date '2027-10-01'
    order by o.period_start, o.id, v
    limit ${SUBMISSIONS};
  `);
  await client.query("vacuum analyze");
  const { rows } = await client.query(
    "select (select count(*) from obligations)::int as obligations, (select count(*) from submissions)::int as submissions",
  );
  return rows[0] as { obligations: number; submissions: number };
}

export async function benchCompliance(): Promise<string> {
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (isMain) console.log(line);
  };
  const scratch = await scratchDatabase("withus_bench");
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  const client = new pg.Client({ connectionString: scratch.url });
  try {
    database = await openDatabase({ databaseUrl: scratch.url });
    await client.connect();
    const t0 = performance.now();
    const counts = await load(client);
    out(
      `compliance matrix: ${CONTRACTS} contracts x ${CLAUSES} clauses x ${PERIODS} periods = ${counts.obligations} obligations, ` +
        `${counts.submissions} submissions (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const db = database.db;
    const actor: Actor = {
      userId: "00000000-0000-4000-8002-000000000001",
      organisationId: "00000000-0000-4000-8000-000000000001",
      organisationKind: "commissioner",
      organisationName: "Bench Council",
      role: "reviewer",
      name: "Bench Reviewer",
      email: "reviewer@bench.test",
      via: "token",
    };
    const [{ id: someId }] = (
      await client.query("select id from obligations order by id offset 24000 limit 1")
    ).rows as [{ id: string }];
    const matrix = () => complianceMatrix({ ctx: { db, actor, now: NOW }, input: {} });
    const rowRead = () => db.select().from(obligations).where(eq(obligations.id, someId));

    const sample = await matrix();
    const cells = sample.contracts.reduce((n, c) => n + c.cells.length, 0);
    await time(WARMUP, matrix);
    await time(WARMUP, rowRead);
    // Interleaved, so both see the same machine load.
    const matrixMs: number[] = [];
    const baseMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      matrixMs.push(...(await time(1, matrix)));
      baseMs.push(...(await time(1, rowRead)));
    }
    const m = { median: quantile(matrixMs, 0.5), p95: quantile(matrixMs, 0.95) };
    const b = { median: quantile(baseMs, 0.5), p95: quantile(baseMs, 0.95) };
    const ratio = m.p95 / b.p95;
    out(
      `  matrix for ${sample.period} (${sample.contracts.length} contracts, ${cells} cells, trend over ${sample.periods.length} periods): ` +
        `median ${ms(m.median)}, p95 ${ms(m.p95)} over ${RUNS} runs`,
    );
    out(`  single indexed row read (obligations by id, same pool): median ${ms(b.median)}, p95 ${ms(b.p95)}`);
    out(
      `  p95 ratio ${ratio.toFixed(1)}x the baseline's p95 (target <= ${TARGET_RATIO}x: ${target("compliance matrix p95 vs one-row read p95", ratio, { max: TARGET_RATIO, unit: "x", digits: 1 })}); ` +
        `against the baseline's median: median ${(m.median / b.median).toFixed(1)}x, p95 ${(m.p95 / b.median).toFixed(1)}x`,
    );

    const q = matrixQueries(db, actor, {}, NOW);
    for (const [label, query] of [
      ["cells", q.cells],
      ["titles", q.titles],
      ["trend", q.trend],
    ] as const) {
      const { sql, params } = query.toSQL();
      const plan = await client.query(
        `explain (analyze, buffers, costs off, timing off) ${sql}`,
        params as unknown[],
      );
      out(`  plan (${label}):`);
      for (const r of plan.rows as Array<{ "QUERY PLAN": string }>) out(`    ${r["QUERY PLAN"]}`);
    }
  } finally {
    await client.end().catch(() => {});
    await database?.close();
    await scratch.drop();
  }
  return lines.join("\n");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  await benchCompliance();
  console.log(`\n${targetTable()}`);
}
