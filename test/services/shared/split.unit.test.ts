import t from 'tap';
import fc from 'fast-check';
import { splitFixed, splitLucky } from '../../../services/shared/split.js';

t.test('given any total and count with total ≥ count, when split, then every share is ≥ 1 and they sum to the total', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: count, max: count * 50 }))), ([count, total]) => {
      const shares = splitLucky(total, count);
      return shares.length === count && shares.every((s) => Number.isInteger(s) && s >= 1) && shares.reduce((a, b) => a + b, 0) === total;
    }),
    { numRuns: 300 },
  );
  t.same(splitLucky(5, 5), [1, 1, 1, 1, 1], 'the tightest split is all ones');
  t.same(splitFixed(7, 3), [7, 7, 7]);
});

t.test('given a total below the count, when split, then it refuses', async (t) => {
  t.throws(() => splitLucky(3, 4), RangeError);
  t.throws(() => splitLucky(0, 1), RangeError);
});

t.test('given a lucky total up to 2^48, when split, then the shares add up; above it the split refuses instead of crypto.randomInt throwing', async (t) => {
  const shares = splitLucky(2 ** 48, 3);
  t.equal(shares.reduce((a, b) => a + b, 0), 2 ** 48);
  t.ok(shares.every((s) => s >= 1));
  t.throws(() => splitLucky(2 ** 48 + 1, 2), RangeError);
});
