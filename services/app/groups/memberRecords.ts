// A member's extension field and how they came in (003 `updateGroupMember` types 3 and 4): the
// owner and admins write them (the group aggregate decides, domain/group/memberRecords.ts); the
// reads show them to the managers and to the member themselves (reads.ts).
import type { RecordedJoinMethod } from '../../../domain/group.js';
import type { Caller } from '../caller.js';
import type { CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { activeOf, groupCommand } from './command.js';

/** Empty clears it; at most 500 characters, one line. */
export const setMemberExt = (core: Core, caller: Caller, input: { groupId: string; userId: string; ext: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'setMemberExt',
    input,
    opts,
    ({ meta }) => ({ type: 'SetMemberExt', data: input, metadata: meta }),
    (r) => ({ userId: input.userId, ext: activeOf(r).members.get(input.userId)?.ext ?? null }),
  );

/**
 * A request's channel (`search`: the group's number, `qr_code`: its QR code), or `invitation`
 * confirmed for an invited member. What the group saw itself stands: recording an invited member
 * as found, or one who asked as invited, is CONFLICT.
 */
export const recordJoinMethod = (core: Core, caller: Caller, input: { groupId: string; userId: string; method: RecordedJoinMethod }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'recordJoinMethod',
    input,
    opts,
    ({ meta }) => ({ type: 'RecordJoinMethod', data: input, metadata: meta }),
    (r) => ({ userId: input.userId, joinMethod: activeOf(r).members.get(input.userId)?.joinMethod ?? null }),
  );
