import t from 'tap';
import { epochNow, progressTracker } from '../../../services/shared/consumers/projector.js';

t.test('given a tracker, when a batch is reported with its commit time, then waiters wake and see that time', async (t) => {
  const p = progressTracker();
  t.equal(p.appliedAt(), 0, 'nothing applied yet');
  const waiting = p.waitFor(10).then((ok) => ({ ok, at: p.appliedAt() }));
  p.advance(5, 1_000);
  p.advance(12, 2_000);
  t.same(await waiting, { ok: true, at: 2_000 }, 'the waiter resolves with the time of the batch that covered it');
  p.advance(11, 3_000);
  t.equal(p.position(), 12, 'an older position does not move back');
  t.equal(p.appliedAt(), 2_000, 'nor does its time count');
});

t.test('given no time, when advanced, then the time is now on the shared epoch clock', async (t) => {
  const p = progressTracker();
  const before = epochNow();
  p.advance(1);
  t.ok(p.appliedAt() >= before && p.appliedAt() <= epochNow());
  t.ok(Math.abs(epochNow() - Date.now()) < 1000, 'epochNow is wall-clock milliseconds');
  // The tracker's own timer does not hold the process open, so this one does.
  const keepAlive = new Promise((resolve) => setTimeout(() => resolve('no answer'), 1000));
  t.equal(await Promise.race([p.waitFor(2, 20), keepAlive]), false, 'a position never reached times out');
});
