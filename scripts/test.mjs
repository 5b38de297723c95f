// `npm test`: lint, typecheck and the dependency rules, and every test file under tap.
//
// The three checks run one after another in the background while tap runs (many test files
// spend their time waiting on child processes and timers, which leaves CPU for the checks). tap
// writes to this process's output as it goes; each check's output is held back and printed after
// tap's, under a `# check <name>: ok|failed` line, so the TAP stream stays whole for
// .ci/summary.mjs. The exit status is non-zero when tap or any check fails.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const checks = ['lint', 'typecheck', 'depcruise'];

/** Runs a command; resolves with its exit code and (when captured) its output. */
const run = (cmd, args, capture) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });

const runChecks = async () => {
  const results = [];
  for (const name of checks) {
    const started = Date.now();
    const r = await run(npm, ['run', '--silent', name], true);
    results.push({ name, ...r, seconds: Math.round((Date.now() - started) / 1000) });
  }
  return results;
};

const started = Date.now();
const checking = runChecks();
const tap = await run(npm, ['exec', '--', 'tap', ...process.argv.slice(2)], false);
const tapSeconds = Math.round((Date.now() - started) / 1000);
const results = await checking;

let failed = tap.code !== 0;
for (const r of results) {
  if (r.out.trim()) process.stdout.write(r.out.endsWith('\n') ? r.out : `${r.out}\n`);
  console.log(`# check ${r.name}: ${r.code === 0 ? 'ok' : 'failed'} (${r.seconds} s)`);
  if (r.code !== 0) failed = true;
}
console.log(`# tap: ${tap.code === 0 ? 'ok' : 'failed'} (${tapSeconds} s); all done in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed ? 1 : 0);
