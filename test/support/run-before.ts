// tap's `before` script (.taprc): makes this run's migrated PostgreSQL template once, before any
// test file starts, so the files running in parallel copy it instead of each making it.
import { ensureTemplate, removeTemplates, templateRoot } from './pg-template.js';

// Templates of earlier runs that were killed before their `after` script.
removeTemplates(-1);
const root = templateRoot();
if (!root) throw new Error('run-before.ts runs under tap (its runner owns the template)');
const started = Date.now();
await ensureTemplate(root);
console.log(`# PostgreSQL template migrated in ${Date.now() - started} ms`);
