// The relation decider's later commands: withdrawing one's own pending friend request, and
// recording a shake match on the pair's stream. Also the age bounds the nearby filter uses,
// against the profile's own age (ageOn), for any birthday and any day.
import fc from 'fast-check';
import t from 'tap';
import { relationDecider, type RelationCommand, type RelationEvent } from '../../domain/relation.js';
import { ageOn, birthdayBounds } from '../../services/app/profiles.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const relation = spec(relationDecider);

const withdraw = (by: string, targetId: string): RelationCommand => ({ type: 'WithdrawFriendRequest', data: { targetId }, metadata: meta(at, by) });
const shake = (by: string, matchedId: string, distance = 100): RelationCommand => ({ type: 'RecordShakeMatch', data: { matchedId, distance }, metadata: meta(at, by) });
const requested = (requesterId: string, targetId: string): RelationEvent => ({ type: 'FriendRequested', data: { requesterId, targetId } });
const withdrawn = (requesterId: string, targetId: string): RelationEvent => ({ type: 'FriendRequestWithdrawn', data: { requesterId, targetId } });

t.test('given my pending request, when I withdraw it, then it is withdrawn and no request is left', async (t) => {
  const s = relation.given([requested('ann', 'bob')]).when(withdraw('ann', 'bob')).thenState();
  relation.given([requested('ann', 'bob')]).when(withdraw('ann', 'bob')).then([withdrawn('ann', 'bob')]);
  t.equal(s.request, null);
  t.notOk(s.friends);
});

t.test('given no request of mine, when I withdraw, then NOT_FOUND', async () => {
  relation.given([]).when(withdraw('ann', 'bob')).thenThrows('NOT_FOUND', { userId: 'bob' });
  relation.given([requested('bob', 'ann')]).when(withdraw('ann', 'bob')).thenThrows('NOT_FOUND');
  relation.given([requested('ann', 'bob'), withdrawn('ann', 'bob')]).when(withdraw('ann', 'bob')).thenThrows('NOT_FOUND');
  relation.given([requested('ann', 'bob'), { type: 'FriendRequestAccepted', data: { requesterId: 'ann', targetId: 'bob' } }]).when(withdraw('ann', 'bob')).thenThrows('NOT_FOUND');
  relation.given([]).when(withdraw('ann', 'ann')).thenThrows('SELF_RELATION');
});

t.test('given a withdrawn request, when the target answers or the requester asks again, then there is nothing to answer and a new request is made', async () => {
  relation.given([requested('ann', 'bob'), withdrawn('ann', 'bob')]).when({ type: 'AnswerFriendRequest', data: { requesterId: 'ann', accept: true }, metadata: meta(at, 'bob') }).thenThrows('NOT_FOUND');
  relation
    .given([requested('ann', 'bob'), withdrawn('ann', 'bob')])
    .when({ type: 'RequestFriend', data: { targetId: 'bob', autoAccept: false }, metadata: meta(at, 'ann') })
    .then([requested('ann', 'bob')]);
});

t.test('a shake match is recorded between two unblocked users, and not while a block stands either way', async () => {
  relation.given([]).when(shake('ann', 'bob', 300)).then([{ type: 'ShakeMatched', data: { shakerId: 'ann', matchedId: 'bob', distance: 300 } }]);
  relation.given([{ type: 'UserBlocked', data: { blockerId: 'bob', blockedId: 'ann' } }]).when(shake('ann', 'bob')).then([]);
  relation.given([{ type: 'UserBlocked', data: { blockerId: 'ann', blockedId: 'bob' } }]).when(shake('ann', 'bob')).then([]);
  relation.given([]).when(shake('ann', 'ann')).thenThrows('SELF_RELATION');
  relation.given([]).when(shake('ann', 'bob', -1)).thenThrows('VALIDATION_FAILED');
});

t.test('the birthday bounds of an age range agree with the age the profile shows, on any day, leap days included', async (t) => {
  const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true });
  const birthday = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('1990-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, birthday, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (now, b, lo, hi) => {
      const { bornOnOrBefore = '', bornAfter = '' } = birthdayBounds(now, lo, hi);
      const age = ageOn(b, now);
      return (b <= bornOnOrBefore) === age >= lo && (b > bornAfter) === age <= hi;
    }),
    { numRuns: 2000 },
  );
  // 29 February: born then, 18 on 1 March of a common year (Shanghai's date), not on 28 February.
  const feb28 = new Date('2026-02-28T04:00:00Z');
  const mar1 = new Date('2026-03-01T04:00:00Z');
  t.equal(ageOn('2008-02-29', feb28), 17);
  t.equal(ageOn('2008-02-29', mar1), 18);
  t.ok('2008-02-29' > (birthdayBounds(feb28, 18).bornOnOrBefore ?? ''));
  t.ok('2008-02-29' <= (birthdayBounds(mar1, 18).bornOnOrBefore ?? ''));
});
