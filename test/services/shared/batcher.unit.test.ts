// The generic batcher's failure isolation, with a fake statement: an item PostgreSQL would refuse
// fails alone, other errors fail the batch in one attempt, and the happy path is one call.
import t from 'tap';
import { batcher, refusedForItsInput } from '../../../services/shared/postgres/batcher.js';

/** Like pg's DatabaseError: a message and a SQLSTATE. */
const pgError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

/** A fake one-statement run: refused as a whole when any item is 'bad' (like a NUL in jsonb). */
const statement = (refusal: string) => {
  const calls: string[][] = [];
  const run = async (items: string[]): Promise<string[]> => {
    calls.push(items);
    await new Promise((r) => setImmediate(r));
    if (items.includes('bad')) throw pgError(refusal);
    return items.map((i) => `ok:${i}`);
  };
  return { run, calls };
};

t.test('given a batch with one item the statement refuses, when it runs, then only that item fails and the others get their results', async (t) => {
  const s = statement('22P05');
  const add = batcher(s.run);
  const items = ['a', 'b', 'c', 'bad', 'd', 'e', 'f', 'g'];
  const results = await Promise.allSettled(items.map((i) => add(i)));
  t.same(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code)),
    ['ok:a', 'ok:b', 'ok:c', '22P05', 'ok:d', 'ok:e', 'ok:f', 'ok:g'],
  );
  t.same(s.calls[0], items, 'they went as one batch first');
  t.ok(s.calls.length <= 1 + 2 * Math.ceil(Math.log2(items.length)), `the bad item was found by halving (${s.calls.length} calls)`);
});

t.test('given an error that is not about the input, when a batch fails, then every item gets it after one attempt', async (t) => {
  const s = statement('08006');
  const add = batcher(s.run);
  const results = await Promise.allSettled(['a', 'bad', 'c'].map((i) => add(i)));
  t.ok(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === '08006'));
  t.equal(s.calls.length, 1, 'a lost connection is not retried item by item');
});

t.test('given nothing is refused, when items arrive together, then they cost one statement', async (t) => {
  const s = statement('22P05');
  const add = batcher(s.run);
  t.same(await Promise.all(['a', 'b', 'c'].map((i) => add(i))), ['ok:a', 'ok:b', 'ok:c']);
  t.equal(s.calls.length, 1);
});

t.test('which errors are about the input', async (t) => {
  for (const code of ['22P05', '22021', '22P02', '23505', '21000', '54000']) t.ok(refusedForItsInput(pgError(code)), code);
  for (const code of ['08006', '57P01', '57014', '40001', '53300', 'P0001', 'ECONNRESET', 'ERR_INVALID_ARG_TYPE']) t.notOk(refusedForItsInput(pgError(code)), code);
  t.notOk(refusedForItsInput(new Error('no code')));
  t.notOk(refusedForItsInput(undefined));
});
