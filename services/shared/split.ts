// Splitting a lucky red packet: count-1 distinct cut points drawn uniformly from 1..total-1
// cut [0, total] into count shares, each at least 1, summing exactly to total. The randomness
// lives here in the service; the domain only checks the result.
import { randomInt } from 'node:crypto';
import { MAX_LUCKY_TOTAL } from '../../domain/redPacket.js';

export const splitLucky = (total: number, count: number, rand: (maxExclusive: number) => number = randomInt): number[] => {
  // rand(total - 1) below: crypto.randomInt needs its range under 2^48, hence MAX_LUCKY_TOTAL = 2^48
  // (the contract and the domain refuse larger totals before anything is split).
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(count) || count < 1 || total < count || total > MAX_LUCKY_TOTAL) {
    throw new RangeError(`cannot split ${total} into ${count} shares of at least 1 (total at most ${MAX_LUCKY_TOTAL})`);
  }
  const cuts = new Set<number>();
  // Dense case: pick which points to drop instead, so the loop stays short.
  if (count - 1 > (total - 1) / 2) {
    const all = Array.from({ length: total - 1 }, (_, i) => i + 1);
    for (let i = all.length - 1; i > 0; i--) {
      const j = rand(i + 1);
      [all[i], all[j]] = [all[j] ?? 0, all[i] ?? 0];
    }
    for (const c of all.slice(0, count - 1)) cuts.add(c);
  } else {
    while (cuts.size < count - 1) cuts.add(1 + rand(total - 1));
  }
  const points = [0, ...[...cuts].sort((a, b) => a - b), total];
  return points.slice(1).map((p, i) => p - (points[i] ?? 0));
};

export const splitFixed = (amountEach: number, count: number): number[] => Array.from({ length: count }, () => amountEach);

/**
 * A lucky split where every share is at least `minimum` (an asset's minimum): each share takes
 * `minimum - 1` off the top and the rest is split as above, so shares stay ≥ minimum and sum to total.
 */
export const splitLuckyAtLeast = (total: number, count: number, minimum: number, rand?: (maxExclusive: number) => number): number[] => {
  if (minimum <= 1) return splitLucky(total, count, rand);
  const floor = (minimum - 1) * count;
  return splitLucky(total - floor, count, rand).map((s) => s + minimum - 1);
};
