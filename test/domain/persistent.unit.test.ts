import t from 'tap';
import { PersistentMap, PersistentSet } from '../../domain/persistent.js';

// A small deterministic generator: the same sequence of operations on every run.
const rng = (seed: number) => () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};

const sorted = <V>(m: Iterable<[string, V]>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

t.test('given random sets and deletes, when compared with a Map after every step, then they agree on every key, the size and the entries', async (t) => {
  const next = rng(7);
  let pm = PersistentMap.empty<number>();
  const ref = new Map<string, number>();
  let mismatches = 0;
  for (let i = 0; i < 5000; i++) {
    const key = `user-${Math.floor(next() * 800)}`;
    if (next() < 0.7) {
      pm = pm.set(key, i);
      ref.set(key, i);
    } else {
      pm = pm.delete(key);
      ref.delete(key);
    }
    if (pm.size !== ref.size || pm.get(key) !== ref.get(key) || pm.has(key) !== ref.has(key)) mismatches++;
  }
  t.equal(mismatches, 0);
  t.same(sorted(pm.entries()), sorted(ref.entries()));
  t.equal([...pm.keys()].length, ref.size);
});

t.test('given a map, when a later version is made from it, then the earlier version is unchanged', async (t) => {
  const versions: PersistentMap<number>[] = [PersistentMap.empty()];
  for (let i = 0; i < 2000; i++) versions.push((versions.at(-1) as PersistentMap<number>).set(`k${i}`, i));
  // Two branches from the same version: neither sees the other's key.
  const base = versions[1000] as PersistentMap<number>;
  const left = base.set('only-left', 1);
  const right = base.set('only-right', 2).delete('k5');
  t.equal(base.size, 1000);
  t.notOk(base.has('k1000'));
  t.ok(base.has('k5'));
  t.ok(left.has('only-left'));
  t.notOk(left.has('only-right'));
  t.notOk(right.has('only-left'));
  t.notOk(right.has('k5'));
  t.ok(left.has('k5'));
  for (const i of [0, 1, 999, 1999]) t.equal(versions[i + 1]?.get(`k${i}`), i, `version ${i + 1} holds k${i}`);
  t.equal(versions[10]?.size, 10);
});

t.test('given a set, when keys are added and deleted, then it answers like a Set and returns itself when nothing changes', async (t) => {
  const s = PersistentSet.from(['ann', 'bob', 'ann']);
  t.equal(s.size, 2);
  t.equal(s.add('ann'), s, 'adding a member again is the same set');
  t.equal(s.delete('zed'), s, 'deleting a non-member is the same set');
  const without = s.delete('ann');
  t.same([...without.values()], ['bob']);
  t.ok(s.has('ann'), 'the earlier set still has ann');
  t.same([...s.add('cat').values()].sort(), ['ann', 'bob', 'cat']);
  t.equal(PersistentMap.empty<number>().delete('x').size, 0);
});
