// Group display ids: one counter stream hands out each number once, in order.
import t from 'tap';
import { FIRST_GROUP_MARK_ID, groupMarksDecider, groupMarksStream, type GroupMarkEvent } from '../../domain/groupMarks.js';
import { meta, spec } from '../support/decider-spec.js';

const marks = spec(groupMarksDecider);
const allocated = (markId: number, groupId: string): GroupMarkEvent => ({ type: 'GroupMarkIdAllocated', data: { markId: String(markId), groupId } });
const allocate = (groupId: string) => ({ type: 'AllocateGroupMarkId' as const, data: { groupId }, metadata: meta('2025-01-01T00:00:00.000Z') });

t.test('numbers start at six digits and are never given twice', async (t) => {
  t.equal(groupMarksStream(), 'groupmarks-all');
  marks.given([]).when(allocate('g1')).then([allocated(FIRST_GROUP_MARK_ID, 'g1')]);
  marks.given([allocated(FIRST_GROUP_MARK_ID, 'g1')]).when(allocate('g2')).then([allocated(FIRST_GROUP_MARK_ID + 1, 'g2')]);
  // The same group asking again (a creation retried without its command id) gets a new number: the old one stays unused.
  marks.given([allocated(FIRST_GROUP_MARK_ID, 'g1')]).when(allocate('g1')).then([allocated(FIRST_GROUP_MARK_ID + 1, 'g1')]);
  marks.given([]).when(allocate('')).thenThrows('VALIDATION_FAILED');
  t.same(marks.given([allocated(FIRST_GROUP_MARK_ID + 5, 'g'), allocated(FIRST_GROUP_MARK_ID + 2, 'h')]).state(), { next: FIRST_GROUP_MARK_ID + 6 }, 'never goes back');
});
