import t from 'tap';
import { rankingBucket } from '../../projections/rankings.js';

const cases: [string, string, string][] = [
  // [time, day bucket, ISO week bucket]
  ['2025-03-05T10:00:00.000Z', '2025-03-05', '2025-W10'],
  ['2025-03-02T23:59:59.999Z', '2025-03-02', '2025-W09'], // Sunday ends week 9
  ['2025-03-03T00:00:00.000Z', '2025-03-03', '2025-W10'], // Monday starts week 10
  ['2024-12-30T12:00:00.000Z', '2024-12-30', '2025-W01'], // a December Monday in next year's week 1
  ['2021-01-03T12:00:00.000Z', '2021-01-03', '2020-W53'], // a January Sunday in last year's week 53
  ['2026-12-31T23:00:00.000Z', '2026-12-31', '2026-W53'],
];

t.test('given a gift time, when bucketed, then day is the UTC date and week the ISO week', async (t) => {
  for (const [at, day, week] of cases) {
    t.equal(rankingBucket('day', new Date(at)), day, `day of ${at}`);
    t.equal(rankingBucket('week', new Date(at)), week, `week of ${at}`);
    t.equal(rankingBucket('all', new Date(at)), '', `all of ${at}`);
  }
});

t.test('given a time late in the UTC day, when bucketed, then the local time zone plays no part', async (t) => {
  t.equal(rankingBucket('day', new Date('2025-03-05T23:30:00.000-02:00')), '2025-03-06');
});
