// Running a group: profile, join policy, roles, the ownership hand-over, mutes, cards and level.
import type { JoinPolicy } from '../../../domain/group.js';
import { groupDecider, groupStream, memberCap } from '../../../domain/group.js';
import { requireRole, type Caller } from '../caller.js';
import { runCommand, type CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { settled } from '../results.js';
import { activeOf, groupCommand } from './command.js';

const nonEmpty = (v: string): string | null => (v === '' ? null : v);

export const updateGroupProfile = (core: Core, caller: Caller, input: { groupId: string; name?: string | undefined; avatarUrl?: string | undefined; description?: string | undefined }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'updateGroupProfile',
    input,
    opts,
    ({ meta }) => ({
      type: 'UpdateGroupProfile',
      data: {
        groupId: input.groupId,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.avatarUrl !== undefined ? { avatarUrl: input.avatarUrl } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      },
      metadata: meta,
    }),
    (r) => {
      const g = activeOf(r);
      return { name: g.name, avatarUrl: nonEmpty(g.avatarUrl), description: nonEmpty(g.description) };
    },
  );

export const setGroupPermissions = (core: Core, caller: Caller, input: { groupId: string; join?: JoinPolicy | undefined; membersMayAddFriends?: boolean | undefined }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'setGroupPermissions',
    input,
    opts,
    ({ meta }) => ({
      type: 'SetGroupPermissions',
      data: { groupId: input.groupId, ...(input.join !== undefined ? { join: input.join } : {}), ...(input.membersMayAddFriends !== undefined ? { membersMayAddFriends: input.membersMayAddFriends } : {}) },
      metadata: meta,
    }),
    (r) => {
      const g = activeOf(r);
      const { mode, question, answer, fee } = g.join;
      return { join: { mode, question: question ?? null, answer: answer ?? null, fee: fee ?? null }, membersMayAddFriends: g.membersMayAddFriends };
    },
  );

export const setMemberRole = (core: Core, caller: Caller, input: { groupId: string; userId: string; role: 'admin' | 'member' }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'setMemberRole',
    input,
    opts,
    ({ meta }) => ({ type: 'SetMemberRole', data: input, metadata: meta }),
    (r) => {
      const g = activeOf(r);
      return { userId: input.userId, role: g.members.get(input.userId)?.role ?? input.role, adminCount: g.adminCount };
    },
  );

export const offerOwnership = (core: Core, caller: Caller, input: { groupId: string; userId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'offerOwnership',
    input,
    opts,
    ({ meta }) => ({ type: 'OfferOwnership', data: input, metadata: meta }),
    (r) => ({ offeredTo: activeOf(r).offeredTo ?? null }),
  );

export const acceptOwnership = (core: Core, caller: Caller, input: { groupId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'acceptOwnership',
    input,
    opts,
    ({ meta }) => ({ type: 'AcceptOwnership', data: input, metadata: meta }),
    (r) => ({ ownerId: activeOf(r).ownerId }),
  );

/** The owner withdraws the offer, or the member offered declines it. */
export const cancelOwnershipOffer = (core: Core, caller: Caller, input: { groupId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'cancelOwnershipOffer',
    input,
    opts,
    ({ meta }) => ({ type: 'CancelOwnershipOffer', data: input, metadata: meta }),
    (r) => ({ offeredTo: activeOf(r).offeredTo ?? null }),
  );

/** seconds 0 lifts the mute; at most 7 days. */
export const muteMember = (core: Core, caller: Caller, input: { groupId: string; userId: string; seconds: number }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'muteMember',
    input,
    opts,
    ({ meta }) => ({ type: 'MuteMember', data: input, metadata: meta }),
    (r) => {
      const until = activeOf(r).members.get(input.userId)?.mutedUntil;
      return { userId: input.userId, mutedUntil: input.seconds === 0 || until === undefined ? null : until };
    },
  );

export const setMuteAll = (core: Core, caller: Caller, input: { groupId: string; on: boolean }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'setMuteAll',
    input,
    opts,
    ({ meta }) => ({ type: 'SetMuteAll', data: input, metadata: meta }),
    (r) => ({ muteAll: activeOf(r).muteAll }),
  );

/** A member's card in the group: your own, or anyone's by the owner. Empty clears it. */
export const setMemberNickname = (core: Core, caller: Caller, input: { groupId: string; userId: string; nickname: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'setMemberNickname',
    input,
    opts,
    ({ meta }) => ({ type: 'SetMemberNickname', data: input, metadata: meta }),
    (r) => ({ userId: input.userId, nickname: nonEmpty(activeOf(r).members.get(input.userId)?.nickname ?? '') }),
  );

/**
 * Operators only for now (/v1/admin and `npm run admin -- group-level`): buying and renewing a
 * level for a fee is the money flow's, which will call this after the payment. A level with an
 * end goes back to 0 when it passes (a durable timer).
 */
export const setGroupLevel = (core: Core, caller: Caller, input: { groupId: string; level: number; expiresAt: string | null }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setGroupLevel', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const { groupId, level, expiresAt } = input;
    const r = await core.bus.handle(groupDecider, groupStream(groupId), {
      type: 'SetGroupLevel',
      data: { groupId, level, ...(expiresAt !== null ? { expiresAt } : {}) },
      metadata: meta,
    });
    await settled(core, r);
    const g = activeOf(r);
    return { level: g.level, expiresAt: g.levelExpiresAt ?? null, memberCap: memberCap(g) };
  });
