// The simulation's only source of randomness: mulberry32, a 32-bit seeded generator. Every
// choice of a run (its schedule, ids, amounts, times and faults) is drawn from here, so a seed
// names a run. Each subsystem draws from its own fork, so what one of them draws never shifts
// another's choices (the process manager reads the log, and on PostgreSQL the log's order
// may differ between two runs of a seed; the schedule of commands must not).
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** An independent generator named by label (same seed and label, same sequence). */
  fork(label: string): Rng;
}

/** A 32-bit FNV-1a hash: how a fork's label becomes part of its seed. */
const fnv1a = (s: string, h = 0x811c9dc5): number => {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
};

export const mulberry32 = (seed: number): Rng => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]): T => {
      const x = xs[int(0, xs.length - 1)];
      if (x === undefined) throw new Error('pick from an empty list');
      return x;
    },
    fork: (label) => mulberry32(fnv1a(label, fnv1a(String(seed >>> 0)))),
  };
};
