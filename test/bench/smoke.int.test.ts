// Keeps `npm run bench` working: the quick mode end to end (seconds). No timing assertion:
// benchmarks are reports, not tests. It checks only that the run completes and never over-pays.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  const result = JSON.parse(readFileSync(json, 'utf8')) as { overGrab: number; naiveOverGrab: number; rows: { scenario: string; ok: number; errors: number }[] };
  t.equal(result.overGrab, 0, 'the product never paid more shares or money than the packet held');
  t.equal(result.naiveOverGrab, 0, 'nor did the naive baseline');
  t.ok(result.rows.length >= 9, 'every scenario reported');
  const floor = result.rows.find((r) => r.scenario.startsWith('durable floor'));
  t.ok(floor && floor.ok > 0 && floor.errors === 0, 'the durable floor stored and answered its requests');
  const report = readFileSync(md, 'utf8');
  t.match(report, /\| floor \| measured \|/, 'the markdown table was written');
  t.match(report, /For scale: the durable floor .* × the bare stack/, 'with the durable floor for scale');
});
