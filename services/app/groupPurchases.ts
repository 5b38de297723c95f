// The wallet apps' group purchases as one use case each (003 payForGroupLevel, payForGroupExt,
// payForGroupJoin): the purchase of groupLevels.ts / groups/paidJoin.ts, then the group as the
// buyer now reads it, so a surface answers the seed's `Group` after one call.
//
// Renewal names no level: it renews the level the group has (a group without a running level has
// nothing to renew: CONFLICT), at that level's price, one term after the running end.
import { groupDecider, groupStream } from '../../domain/group.js';
import { CodedError } from '../../domain/errors.js';
import { notFound } from './access.js';
import type { Caller } from './caller.js';
import type { CommandOptions } from './command.js';
import type { Core } from './core.js';
import { buyGroupLevel } from './groupLevels.js';
import { getGroup } from './groups/reads.js';
import { payGroupJoin, type PaidJoinInput } from './groups/paidJoin.js';
import type { PayPasswordInput } from './payPassword.js';

export const upgradeGroup = async (core: Core, caller: Caller, input: { groupId: string; level: number; payPassword?: PayPasswordInput | undefined }, opts: CommandOptions = {}) => {
  const purchase = await buyGroupLevel(core, caller, input, opts);
  return { purchase, group: await getGroup(core, caller, { groupId: input.groupId }) };
};

export const renewGroupLevel = async (core: Core, caller: Caller, input: { groupId: string; payPassword?: PayPasswordInput | undefined }, opts: CommandOptions = {}) => {
  const g = (await core.bus.load(groupDecider, groupStream(input.groupId))).state;
  if (g.status === 'absent') throw notFound('group');
  if (g.status !== 'active' || g.level <= 0) throw new CodedError('CONFLICT', 'this group has no level to renew', { groupId: input.groupId });
  return upgradeGroup(core, caller, { ...input, level: g.level }, opts);
};

/** A paid join, and the group the new member now reads. */
export const joinPaidGroup = async (core: Core, caller: Caller, input: PaidJoinInput, opts: CommandOptions = {}) => {
  const paid = await payGroupJoin(core, caller, input, opts);
  return { paid, group: await getGroup(core, caller, { groupId: input.groupId }) };
};
