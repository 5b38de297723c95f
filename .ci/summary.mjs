// Counts the test points of a tap run: every subtest directly inside a test file.
// A failure before tap ran (lint, typecheck, dependency rules) counts as one failed check.
import { readFileSync } from 'node:fs';

const [file, status] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
let passed = 0;
let failed = 0;
let skipped = 0;
let ranTap = false;
for (const line of text.split('\n')) {
  if (line.startsWith('TAP version')) ranTap = true;
  const m = /^ {4}(not ok|ok) \d+ - .*?(# (SKIP|TODO).*)?$/.exec(line);
  if (!m) continue;
  if (m[3]) skipped++;
  else if (m[1] === 'ok') passed++;
  else failed++;
}
// Top-level failures (a file that crashed before its first subtest) count too.
for (const line of text.split('\n')) {
  if (/^not ok \d+ - /.test(line) && !/# (SKIP|TODO)/.test(line)) {
    const name = line.replace(/^not ok \d+ - /, '').split(' #')[0];
    const hasInner = text.includes(`# Subtest: ${name}`);
    if (!hasInner || failed === 0) failed++;
  }
}
if (!ranTap && Number(status) !== 0) failed++;
if (Number(status) !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
