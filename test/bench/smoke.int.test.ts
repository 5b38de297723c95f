// Keeps `npm run bench` working: the quick mode end to end (seconds). No timing assertion:
// benchmarks are reports, not tests. It checks that the run completes, never over-pays, and
// reports a cost (server-side CPU per request in health requests) for every scenario row; the
// values themselves are not judged.
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

t.test('npm run bench -- --quick completes with zero over-grab', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mr-bench-smoke-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const json = join(dir, 'result.json');
  const md = join(dir, 'result.md');
  let out = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--users', '30', '--json', json, '--out', md], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', resolve);
  });
  t.equal(code, 0, `bench exited cleanly\n${out.slice(-2000)}`);
  const result = JSON.parse(readFileSync(json, 'utf8')) as {
    overGrab: number;
    naiveOverGrab: number;
    unit: { ms: number };
    rows: { scenario: string; ok: number; errors: number; cost: number | null }[];
    follow: { afterFollow: number; afterUnfollow: number };
  };
  t.equal(result.overGrab, 0, 'the product never paid more shares or money than the packet held');
  t.equal(result.naiveOverGrab, 0, 'nor did the naive baseline');
  t.ok(result.rows.length >= 10, 'every scenario reported');
  // CPU comes from /proc: elsewhere the bench reports no cost, and there is nothing to check.
  if (existsSync('/proc/self/stat')) {
    t.ok(Number.isFinite(result.unit.ms) && result.unit.ms > 0, 'the cost unit (CPU per health request) was measured');
    for (const r of result.rows) {
      // JSON writes NaN and Infinity as null.
      t.ok(typeof r.cost === 'number' && Number.isFinite(r.cost) && r.cost > 0, `${r.scenario}: cost is a positive number (${r.cost})`);
    }
  }
  const follows = result.rows.find((r) => r.scenario.startsWith('6. hot follow'));
  t.ok(follows && follows.ok > 0 && follows.errors === 0, 'the hot follow answered every follow');
  t.same(result.follow, { afterFollow: follows?.ok, afterUnfollow: 0 }, "the celebrity's followers count saw every follow, then every unfollow");
  t.ok(result.rows.some((r) => r.scenario.startsWith('7. people nearby') && r.ok > 0 && r.errors === 0), 'people nearby answered');
  const floor = result.rows.find((r) => r.scenario.startsWith('durable floor'));
  t.ok(floor && floor.ok > 0 && floor.errors === 0, 'the durable floor stored and answered its requests');
  const report = readFileSync(md, 'utf8');
  t.match(report, /\| floor \| measured \|/, 'the markdown table was written');
  t.match(report, /\| scenario \|.*\| cost \(× health\) \|/, 'with a cost column');
  t.match(report, /hot red packet grab: cost/, 'and the cost floors');
  t.match(report, /For scale: the durable floor .* × the bare stack/, 'with the durable floor for scale');
});
