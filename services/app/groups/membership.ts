// Who is in a group: creating one (with its display id and the caller's app's limits),
// invitations, joining by the group's policy, applications, leaving, kicks and dismissal.
import { accountDecider, accountStream } from '../../../domain/account.js';
import { groupDecider, groupStream, memberIds } from '../../../domain/group.js';
import { groupMarksDecider, groupMarksStream } from '../../../domain/groupMarks.js';
import { CodedError } from '../../../domain/errors.js';
import { notFound } from '../access.js';
import { hasRole, requireUser, type Caller } from '../caller.js';
import { runCommand, type CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { eventOf, settled } from '../results.js';
import { activeOf, groupCommand } from './command.js';

const mustExist = async (core: Core, userIds: readonly string[]) => {
  const unique = [...new Set(userIds)];
  const states = await Promise.all(unique.map((id) => core.bus.load(accountDecider, accountStream(id))));
  const missing = unique.filter((_, i) => states[i]?.state.status === 'absent');
  if (missing.length > 0) throw notFound('user', { userIds: missing });
};

export interface CreateGroupInput {
  name: string;
  memberIds: string[];
  avatarUrl?: string | undefined;
  description?: string | undefined;
}

/**
 * The group's display id comes first, from the one counter stream; its command id derives from
 * this command's, so a retry gets the same number back (and a number allocated for a creation
 * that then failed is simply never used).
 */
export const createGroup = (core: Core, caller: Caller, input: CreateGroupInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createGroup', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    await mustExist(core, input.memberIds);
    const groupId = newId();
    const mark = await core.bus.handle(groupMarksDecider, groupMarksStream(), {
      type: 'AllocateGroupMarkId',
      data: { groupId },
      metadata: { ...meta, commandId: `${meta.commandId}:mark` },
    });
    const { markId } = eventOf(mark, 'GroupMarkIdAllocated').data;
    const policy = core.policies[user.app];
    const { name, avatarUrl, description } = input;
    const r = await core.bus.handle(groupDecider, groupStream(groupId), {
      type: 'CreateGroup',
      data: {
        groupId,
        name,
        ownerId: user.userId,
        memberIds: input.memberIds,
        markId,
        limits: { maxAdmins: policy.maxGroupAdmins, sizeByLevel: policy.groupSizeByLevel },
        ...(avatarUrl !== undefined ? { avatarUrl } : {}),
        ...(description !== undefined ? { description } : {}),
      },
      metadata: meta,
    });
    await settled(core, r);
    return { groupId, markId };
  });

/** Invitations (a batch): they join at once, as the group's policy and cap allow. */
export const addGroupMembers = async (core: Core, caller: Caller, input: { groupId: string; userIds: string[] }, opts: CommandOptions = {}) => {
  requireUser(caller);
  await mustExist(core, input.userIds);
  return groupCommand(
    core,
    caller,
    'addGroupMembers',
    input,
    opts,
    ({ meta }) => ({ type: 'AddGroupMembers', data: input, metadata: meta }),
    (r) => ({ memberIds: memberIds(r.state) }),
  );
};

/** Leave (yourself) or remove someone else (a kick). */
export const removeGroupMember = (core: Core, caller: Caller, input: { groupId: string; userId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'removeGroupMember',
    input,
    opts,
    ({ meta }) => ({ type: 'RemoveGroupMember', data: input, metadata: meta }),
    (r) => ({ memberIds: memberIds(r.state) }),
  );

export const kickGroupMembers = (core: Core, caller: Caller, input: { groupId: string; userIds: string[] }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'kickGroupMembers',
    input,
    opts,
    ({ meta }) => ({ type: 'KickGroupMembers', data: input, metadata: meta }),
    (r) => ({ removed: r.events.flatMap((e) => (e.type === 'GroupMemberRemoved' ? [e.data.userId] : [])).sort(), memberCount: activeOf(r).members.size }),
  );

export const dismissGroup = (core: Core, caller: Caller, input: { groupId: string }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'dismissGroup',
    input,
    opts,
    ({ meta }) => ({ type: 'DismissGroup', data: input, metadata: meta }),
    () => ({ status: 'dismissed' as const }),
  );

export type JoinOutcome =
  | { status: 'joined' }
  | { status: 'pending'; applicationId: string }
  | { status: 'awaiting_payment'; applicationId: string; fee: number };

/** Join by the group's policy: at once, as an application, or waiting for the fee. Repeats answer the same. */
export const joinGroup = (core: Core, caller: Caller, input: { groupId: string; message?: string | undefined }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'joinGroup',
    input,
    opts,
    ({ meta, newId }) => ({
      type: 'JoinGroup',
      data: { groupId: input.groupId, applicationId: newId(), ...(input.message !== undefined ? { message: input.message } : {}) },
      metadata: meta,
    }),
    (r): JoinOutcome => {
      const g = activeOf(r);
      const userId = requireUser(caller).userId;
      if (g.members.has(userId)) return { status: 'joined' };
      const app = g.applications.get(userId);
      if (!app) throw new CodedError('CONFLICT', 'the application was decided meanwhile; look at the group again');
      return app.kind === 'payment' ? { status: 'awaiting_payment', applicationId: app.applicationId, fee: g.join.fee ?? 0 } : { status: 'pending', applicationId: app.applicationId };
    },
  );

export const decideApplication = (core: Core, caller: Caller, input: { groupId: string; applicantId: string; decision: 'approve' | 'reject'; reason?: string | undefined }, opts: CommandOptions = {}) =>
  groupCommand(
    core,
    caller,
    'decideApplication',
    input,
    opts,
    ({ meta }) => ({
      type: 'DecideJoin',
      data: { groupId: input.groupId, applicantId: input.applicantId, approve: input.decision === 'approve', ...(input.reason !== undefined ? { reason: input.reason } : {}) },
      metadata: meta,
    }),
    (r) => ({ status: input.decision === 'approve' ? ('approved' as const) : ('rejected' as const), memberCount: activeOf(r).members.size }),
  );

/**
 * The money flow's seam: once the join fee of a `paid` group is paid (the payer's wallet debited
 * first, as every flow), it admits the applicant. GROUP_FULL here means the fee must go back.
 * Only the payment flow (system caller `payments`) and operators may call it.
 */
export const admitPaidJoin = (core: Core, caller: Caller, input: { groupId: string; applicantId: string; paymentRef: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'admitPaidJoin', input, opts, async ({ meta }) => {
    if (!(caller.kind === 'system' && caller.name === 'payments') && !hasRole(caller, 'operator')) throw new CodedError('FORBIDDEN', 'only the payment flow admits a paid join');
    const r = await core.bus.handle(groupDecider, groupStream(input.groupId), { type: 'AdmitPaidJoin', data: input, metadata: meta });
    await settled(core, r);
    return { status: 'joined' as const };
  });
