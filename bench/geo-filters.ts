// `npm run bench:geo-filters`: people nearby filtered by sex and age (projections/locations.ts
// findNearbyFiltered) against the unfiltered walk, on the real schema (all migrations) at 100k
// users with live locations in one 50 × 50 km city. Each query runs under EXPLAIN ANALYZE (every
// statement of the growing walk, summed), 31 times; the report gives the median execution time,
// the rows the walk read, and whether every plan walked the earth GiST index nearest-first.
// A report, never a test.
//
//   npm run bench:geo-filters [-- --rows 100000 --out FILE]
import { findNearby, findNearbyFiltered, type NearbyFilters } from '../projections/locations.js';
import type { Db } from '../projections/support.js';
import { birthdayBounds } from '../services/app/profiles.js';
import { benchArgs, runBench, saveReport, withBenchDatabase } from './db-bench.js';

const args = benchArgs('npm run bench:geo-filters [-- --rows 100000 --out FILE]', 'geo-filters-latest.md');
const ROWS = args.num('rows', 100_000);
const RUNS = 31;
const CENTRE = { lat: 31.2304, lng: 121.4737 };

type Plan = { Plan: Record<string, unknown>; 'Execution Time': number };
type Probe = { ms: number; statements: number; walked: number; knn: boolean };

/** A Db that runs each statement under EXPLAIN ANALYZE first, adding up what it measured. */
const explaining = (pool: Db, probe: Probe): Db => {
  const query = async (cfg: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
    const text = typeof cfg === 'string' ? cfg : cfg.text;
    const vals = typeof cfg === 'string' ? values : cfg.values;
    const ex = await pool.query<{ 'QUERY PLAN': Plan[] }>(`explain (analyze, format json) ${text}`, vals);
    const plan = ex.rows[0]?.['QUERY PLAN'][0];
    const json = JSON.stringify(plan?.Plan ?? {});
    probe.ms += plan?.['Execution Time'] ?? 0;
    probe.statements += 1;
    probe.knn &&= json.includes('user_locations_earth') && json.includes('Order By');
    const limits = [...json.matchAll(/"Node Type":"Index Scan"[^}]*?"Actual Rows":(\d+)/g)].map((m) => Number(m[1]));
    probe.walked += limits.reduce((a, b) => a + b, 0);
    return pool.query(text, vals);
  };
  return { query } as unknown as Db;
};

const main = async () =>
  withBenchDatabase({ migrated: true, poolSize: 1 }, async (pool) => {
    const now = new Date();
    await pool.query(
      `insert into users (user_id, nickname, created_at, sex, birthday)
       select 'u' || i, 'user ' || i, now(),
         (array['male', 'female', 'male', 'female', 'unknown'])[1 + (i::bigint * 7919) % 5],
         case when (i::bigint * 104729) % 5 = 0 then null else date '1960-01-01' + ((i::bigint * 15485863) % 17532)::int end
       from generate_series(1, $1::int) i`,
      [ROWS],
    );
    await pool.query(
      `insert into user_locations (user_id, lat, lng, updated_at)
       select 'u' || i, $2 + (random() - 0.5) * 0.45, $3 + (random() - 0.5) * 0.53, now() from generate_series(1, $1::int) i`,
      [ROWS, CENTRE.lat, CENTRE.lng],
    );
    await pool.query('analyze users; analyze user_locations');
    const inCircle = (await pool.query<{ n: number }>(
      `select count(*)::int as n from user_locations where earth_distance(earth, ll_to_earth($1, $2)) <= 5000`, [CENTRE.lat, CENTRE.lng],
    )).rows[0]?.n ?? 0;
    const cases: [string, NearbyFilters | null][] = [
      ['unfiltered (the walk as before)', null],
      ['sex=female (~2 in 5 match)', { sex: 'female' }],
      ['sex=female, 20-30 (~1 in 15)', { sex: 'female', ...birthdayBounds(now, 20, 30) }],
      ['age 60 exactly (~1 in 60)', birthdayBounds(now, 60, 60)],
      ['age 120 (nobody: the whole circle is read)', birthdayBounds(now, 120, 120)],
    ];
    const lines = [
      `Nearby filters, ${now.toISOString().slice(0, 10)}: \`npm run bench:geo-filters\` (${RUNS} runs each, one connection, embedded PostgreSQL)`,
      '',
      `${ROWS} users in one 50 × 50 km city; the 5,000 m circle holds ~${inCircle}; page of 20`,
      '',
      '| filter | page 1: execution ms (median) | rows walked | statements | page 6: execution ms (median) | rows walked | nearest-first on the GiST index |',
      '|---|---:|---:|---:|---:|---:|---|',
    ];
    for (const [name, f] of cases) {
      const cols: string[] = [];
      let knn = true;
      for (const offset of [0, 100]) {
        const probes: Probe[] = [];
        for (let i = 0; i < RUNS; i++) {
          const probe: Probe = { ms: 0, statements: 0, walked: 0, knn: true };
          const q = { userId: 'nobody', ...CENTRE, radiusM: 5000, expiredBefore: new Date(now.getTime() - 3600_000), limit: 21, offset };
          await (f ? findNearbyFiltered(explaining(pool, probe), { ...q, ...f }) : findNearby(explaining(pool, probe), q));
          probes.push(probe);
        }
        probes.sort((a, b) => a.ms - b.ms);
        const mid = probes[Math.floor(RUNS / 2)] ?? { ms: 0, statements: 0, walked: 0, knn: false };
        knn &&= probes.every((p) => p.knn);
        cols.push(mid.ms.toFixed(2), String(mid.walked), ...(offset === 0 ? [String(mid.statements)] : []));
      }
      lines.push(`| ${name} | ${cols.join(' | ')} | ${knn ? 'yes' : 'NO'} |`);
      console.log(lines.at(-1));
    }
    saveReport(args.out, lines, false);
  });

runBench('bench:geo-filters', main);
