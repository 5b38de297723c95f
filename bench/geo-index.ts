// `npm run bench:geo`: which index serves "people within R meters, nearest first" best at 100k
// stored locations. The measurement behind migration 0018's choice; a report, never a test.
//
// Five queries over three tables with the same rows, queried with the same circles:
//   btree      btree (lat, lng): a latitude band, filtered by longitude, refined by haversine
//   point      GiST on point(lng, lat): the box around the circle, refined by haversine
//   earth box  cube/earthdistance GiST (stored ll_to_earth): earth_box, refined by earth_distance
//   earth knn  the same index walked nearest-first (`<->`) for offset + limit rows, then cut to
//              the circle (chosen); and the same walk bounded by the box instead, which lets the
//              planner choose a box scan and a sort for deeper pages
// Two layouts: dense (every row in one 50 × 50 km city) and spread (20 cities of 5,000).
// Page 1 (20 rows) and page 6 (offset 100) of a 5 km circle, each 300 times (after 50 warm-up).
//
//   npm run bench:geo [-- --rows 100000 --radius 5000 --runs 300 --out FILE]
import { benchArgs, runBench, saveReport, timeIt, withBenchDatabase } from './db-bench.js';
import { Histogram } from './load.js';

const args = benchArgs('npm run bench:geo [-- --rows 100000 --radius 5000 --runs 300 --out FILE]', 'geo-index-latest.md');
const ROWS = args.num('rows', 100_000);
const RADIUS = args.num('radius', 5000);
const RUNS = args.num('runs', 300);

const hav = `6371008.8 * 2 * asin(least(1, sqrt(power(sin(radians(l.lat - $1) / 2), 2) + cos(radians($1)) * cos(radians(l.lat)) * power(sin(radians(l.lng - $2) / 2), 2))))`;
const dLat = `($3 / 111320.0)`;
const dLng = `($3 / (111320.0 * cos(radians($1))))`;
const page = (offset: number) => `limit 20 offset ${offset}`;

const designs: { name: string; table: string; create: string; query: (offset: number) => string }[] = [
  {
    name: 'btree (lat, lng)',
    table: 'loc_btree',
    create: 'create index on loc_btree (lat, lng)',
    query: (o) =>
      `select user_id, d from (select user_id, ${hav} as d from loc_btree l where lat between $1 - ${dLat} and $1 + ${dLat} and lng between $2 - ${dLng} and $2 + ${dLng}) x where d <= $3 order by d, user_id ${page(o)}`,
  },
  {
    name: 'GiST point(lng, lat), box + haversine',
    table: 'loc_point',
    create: 'create index on loc_point using gist (point(lng, lat))',
    query: (o) =>
      `select user_id, d from (select user_id, ${hav} as d from loc_point l where point(lng, lat) <@ box(point($2 - ${dLng}, $1 - ${dLat}), point($2 + ${dLng}, $1 + ${dLat}))) x where d <= $3 order by d, user_id ${page(o)}`,
  },
  {
    name: 'cube/earthdistance GiST, earth_box + earth_distance',
    table: 'loc_earth',
    create: 'alter table loc_earth add column earth cube generated always as (ll_to_earth(lat, lng)) stored; create index on loc_earth using gist (earth)',
    query: (o) =>
      `select user_id, d from (select user_id, earth_distance(earth, ll_to_earth($1, $2)) as d from loc_earth l where earth <@ earth_box(ll_to_earth($1, $2), $3)) x where d <= $3 order by d, user_id ${page(o)}`,
  },
  {
    name: 'cube/earthdistance GiST, nearest-first (KNN) within a limit, then the circle (chosen)',
    table: 'loc_earth',
    create: '',
    query: (o) =>
      `select user_id, d from (select user_id, earth_distance(earth, ll_to_earth($1, $2)) as d from loc_earth l order by earth <-> ll_to_earth($1, $2) limit ${o + 20}) x where d <= $3 order by d, user_id ${page(o)}`,
  },
  {
    name: 'cube/earthdistance GiST, nearest-first (KNN) bounded by the box',
    table: 'loc_earth',
    create: '',
    query: (o) =>
      `select user_id, earth_distance(earth, ll_to_earth($1, $2)) as d from loc_earth l where earth <@ earth_box(ll_to_earth($1, $2), $3) and earth_distance(earth, ll_to_earth($1, $2)) <= $3 order by earth <-> ll_to_earth($1, $2), user_id ${page(o)}`,
  },
];

const main = async () => {
  const lines: string[] = [];
  await withBenchDatabase({ migrated: false, poolSize: 2 }, async (pool) => {
    await pool.query('create extension cube; create extension earthdistance');
    for (const layout of ['dense', 'spread'] as const) {
      // A city is 0.45° × 0.53° (50 × 50 km at 31° N): Shanghai alone, or 20 of them 1.5° apart.
      const rows = Array.from({ length: ROWS }, (_, i) => {
        const [lat0, lng0] = layout === 'dense' ? [31.23, 121.47] : [20 + (i % 20) * 1.5, 100 + (i % 20) * 1.7];
        return { id: `u${i}`, lat: lat0 + (Math.random() - 0.5) * 0.45, lng: lng0 + (Math.random() - 0.5) * 0.53 };
      });
      for (const t of ['loc_btree', 'loc_point', 'loc_earth']) {
        await pool.query(`drop table if exists ${t}; create table ${t} (user_id text primary key, lat float8 not null, lng float8 not null)`);
        for (let k = 0; k < rows.length; k += 10_000) {
          const part = rows.slice(k, k + 10_000);
          await pool.query(`insert into ${t} select * from unnest($1::text[], $2::float8[], $3::float8[])`, [part.map((r) => r.id), part.map((r) => r.lat), part.map((r) => r.lng)]);
        }
      }
      for (const d of designs) if (d.create) await pool.query(d.create);
      await pool.query('analyze');
      const pick = () => {
        const r = rows[Math.floor(Math.random() * rows.length)] ?? { lat: 0, lng: 0 };
        return [r.lat, r.lng, RADIUS];
      };
      let inside = 0;
      for (let i = 0; i < 20; i++) inside += (await pool.query<{ n: number }>(`select count(*)::float8 as n from loc_point l where ${hav} <= $3`, pick())).rows[0]?.n ?? 0;
      const inCircle = { rows: [{ n: inside / 20 }] };
      lines.push('', `${layout}: ${ROWS} rows${layout === 'dense' ? ' in one 50 × 50 km city' : ' in 20 cities'}; a ${RADIUS} m circle holds ~${Math.round(inCircle.rows[0]?.n ?? 0)} of them`, '');
      lines.push(
        '| index | page 1 p50 ms | page 1 p99 ms | page 6 p50 ms | page 6 p99 ms | page 1 / page 6 execution, median ms (EXPLAIN ANALYZE) |',
        '|---|---:|---:|---:|---:|---:|',
      );
      for (const d of designs) {
        const cells: string[] = [];
        for (const offset of [0, 100]) {
          const h = new Histogram();
          for (let i = 0; i < 50; i++) await pool.query(d.query(offset), pick());
          for (let i = 0; i < RUNS; i++) await timeIt(h, () => pool.query(d.query(offset), pick()));
          cells.push(h.quantile(0.5).toFixed(2), h.quantile(0.99).toFixed(2));
        }
        // PostgreSQL's own time for the statement: round trips and waiting for a core left out,
        // which on a busy machine are most of what the client sees.
        const exec: string[] = [];
        for (const offset of [0, 100]) {
          const times: number[] = [];
          for (let i = 0; i < 31; i++) {
            const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, timing off) ${d.query(offset)}`, pick());
            const last = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
            times.push(Number(/([\d.]+) ms/.exec(last ?? '')?.[1] ?? Number.NaN));
          }
          exec.push((times.sort((a, b) => a - b)[15] ?? Number.NaN).toFixed(2));
        }
        cells.push(exec.join(' / '));
        lines.push(`| ${d.name} | ${cells.join(' | ')} |`);
        process.stderr.write(`${layout} ${d.name}: ${cells.join(' ')}\n`);
      }
    }
  });
  saveReport(args.out, [`Geo index comparison, ${new Date().toISOString().slice(0, 10)}: \`npm run bench:geo\` (${RUNS} queries each, one connection, embedded PostgreSQL)`, ...lines]);
};

runBench('bench:geo', main);
