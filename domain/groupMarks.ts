// Group display ids (`markId`): short numbers people type to find a group, one per group, never
// given twice. One stream (`groupmarks-all`) holds the counter, so allocation is serialized and
// race-free across processes (optimistic concurrency on this stream), and a number once taken
// stays taken even if the group it was for was never created. The allocation's command id
// derives from the group's creating command, so a retried creation gets the same number back.
import type { CommandMetadata, Decider } from './aggregate.js';
import { requireId } from './rules.js';

/** The first display id: six digits, and room below for numbers an operator reserves. */
export const FIRST_GROUP_MARK_ID = 100_000;

export type GroupMarkIdAllocated = { type: 'GroupMarkIdAllocated'; data: { markId: string; groupId: string } };
export type GroupMarkEvent = GroupMarkIdAllocated;

export type AllocateGroupMarkId = { type: 'AllocateGroupMarkId'; data: { groupId: string }; metadata: CommandMetadata };
export type GroupMarkCommand = AllocateGroupMarkId;

/** The next number to hand out. */
export type GroupMarks = { next: number };

export const initialState = (): GroupMarks => ({ next: FIRST_GROUP_MARK_ID });

export const evolve = (s: GroupMarks, e: GroupMarkEvent): GroupMarks => {
  if (e.type !== 'GroupMarkIdAllocated') return s;
  const n = Number(e.data.markId);
  return Number.isSafeInteger(n) && n >= s.next ? { next: n + 1 } : s;
};

export const decide = (c: GroupMarkCommand, s: GroupMarks): GroupMarkEvent[] => {
  switch (c.type) {
    case 'AllocateGroupMarkId':
      return [{ type: 'GroupMarkIdAllocated', data: { markId: String(s.next), groupId: requireId('groupId', c.data.groupId) } }];
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const groupMarksStream = (): string => 'groupmarks-all';

export const groupMarksDecider: Decider<GroupMarks, GroupMarkCommand, GroupMarkEvent> = { initialState, evolve, decide };
