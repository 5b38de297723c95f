// Paid group joins (issue #19): `POST /v1/groups/:id/paid-join` applies if needed, then pays.
//
// Order, and why: the seat is decided first, the money after. HoldPaidSeat on the group's stream
// (serialized per group) counts held seats like members, so of several joiners racing for the
// last seat one holds it and the others are GROUP_FULL before anything is debited: no refund
// legs, no refusal event, nothing for the audit but a debit and its two credits. A dismissal,
// a rejection or another payment cannot take a held seat away (CONFLICT), so the admission after
// the debit cannot fail for lack of room. A debit that fails (funds) releases the seat.
//
// Exactly once: the payment's id (paymentRef) is the first attempt's; a later attempt (another
// Idempotency-Key, a double click, a retry after a crash) finds the held seat and resumes that
// payment: the debit's command id derives from paymentRef, so it is debited once.
import { groupDecider, groupStream, type LiveGroup } from '../../../domain/group.js';
import { CodedError } from '../../../domain/errors.js';
import type { CommandMetadata } from '../../../domain/aggregate.js';
import { walletDecider, walletStream } from '../../../domain/wallet/index.js';
import { notFound } from '../access.js';
import { requireUser, type Caller } from '../caller.js';
import { runCommand, type CommandOptions } from '../command.js';
import type { Core } from '../core.js';
import { follow } from '../follow.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from '../payPassword.js';
import { requireFunds } from '../purchases.js';
import { balanceAfter, eventOf, settled } from '../results.js';
import { uuidFromName } from '../../shared/ids.js';

export interface PaidJoinInput {
  groupId: string;
  message?: string | undefined;
  payPassword?: PayPasswordInput | undefined;
}

const loadLive = async (core: Core, groupId: string): Promise<LiveGroup> => {
  const g = (await core.bus.load(groupDecider, groupStream(groupId))).state;
  if (g.status === 'absent') throw notFound('group');
  if (g.status === 'dismissed') throw new CodedError('GROUP_DISMISSED', 'the group was dismissed', { groupId });
  return g;
};

/** The platform's share of a fee, rounded down (integers only: no float ever touches money). */
export const platformShareOf = (fee: number, basisPoints: number): number => Number((BigInt(fee) * BigInt(basisPoints)) / 10_000n);

/** The caller's pending payment application, applying first if there is none. */
const applicationOf = async (core: Core, g: LiveGroup, userId: string, input: PaidJoinInput, meta: CommandMetadata, newId: () => string) => {
  const pending = g.applications.get(userId);
  if (pending?.kind === 'payment') return { g, app: pending };
  if (g.join.mode !== 'paid') throw new CodedError('CONFLICT', 'this group is not joined by paying', { groupId: g.groupId, mode: g.join.mode });
  const r = await core.bus.handle(groupDecider, groupStream(g.groupId), {
    type: 'JoinGroup',
    data: { groupId: g.groupId, applicationId: newId(), ...(input.message !== undefined ? { message: input.message } : {}) },
    metadata: { ...meta, commandId: `${meta.commandId}:apply` },
  });
  const after = r.state.status === 'active' ? r.state : g;
  const app = after.applications.get(userId);
  if (app?.kind !== 'payment') throw new CodedError('CONFLICT', 'the application was decided meanwhile; look at the group again', { groupId: g.groupId });
  return { g: after, app };
};

export const payGroupJoin = (core: Core, caller: Caller, input: PaidJoinInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'payGroupJoin', withoutSecret(input), opts, async ({ meta, newId }) => {
    const { userId } = requireUser(caller);
    const asset = core.config.PURCHASE_ASSET;
    const first = await loadLive(core, input.groupId);
    if (first.members.has(userId)) throw new CodedError('CONFLICT', 'already a member of this group', { groupId: first.groupId });
    const { g, app } = await applicationOf(core, first, userId, input, meta, newId);
    const fee = g.join.fee ?? 0;
    if (fee <= 0) throw new CodedError('CONFLICT', 'this group has no fee', { groupId: g.groupId });
    await requireFunds(core, userId, asset, fee);
    await requirePayPassword(core, caller, 'group_fee', input.payPassword, meta);
    // A new payment's id derives from this request's command id (a keyed command allocates one id: the application's).
    const paymentRef = app.heldFor ?? uuidFromName(`group-fee\u0000${meta.commandId}`);
    const groupMeta = (step: string) => ({ ...meta, commandId: `group-fee:${paymentRef}:${step}` });
    const held = await core.bus.handle(groupDecider, groupStream(g.groupId), { type: 'HoldPaidSeat', data: { groupId: g.groupId, applicantId: userId, paymentRef }, metadata: groupMeta('hold') });
    // The seat must be this payment's now (a replayed attempt whose seat was released holds nothing).
    const now = await core.bus.load(groupDecider, groupStream(g.groupId));
    if (now.state.status !== 'active' || now.state.applications.get(userId)?.heldFor !== paymentRef) {
      throw new CodedError('CONFLICT', 'this payment attempt is over; pay again with a new Idempotency-Key', { groupId: g.groupId });
    }
    const platformShare = platformShareOf(fee, core.config.GROUP_JOIN_PLATFORM_SHARE_BP);
    const debit = await core.bus
      .handle(walletDecider, walletStream(userId), {
        type: 'PayGroupFee',
        data: { paymentRef, groupId: g.groupId, payerId: userId, ownerId: g.ownerId, asset, amount: fee, platformShare },
        metadata: { ...meta, commandId: `group-fee:${paymentRef}` },
      })
      .catch(async (err: unknown) => {
        await core.bus.handle(groupDecider, groupStream(g.groupId), { type: 'ReleasePaidSeat', data: { groupId: g.groupId, applicantId: userId, paymentRef }, metadata: groupMeta(`release:${meta.commandId}`) });
        throw err;
      });
    const paid = eventOf(debit, 'GroupFeePaid');
    const owner = await follow(core.bus, paid);
    const share = owner ? await Promise.all(owner.events.map((e) => follow(core.bus, e))) : [];
    const admitted = await core.bus.handle(groupDecider, groupStream(g.groupId), { type: 'AdmitPaidJoin', data: { groupId: g.groupId, applicantId: userId, paymentRef }, metadata: groupMeta('admit') });
    await settled(core, held, debit, ...(owner ? [owner] : []), ...share.flatMap((s) => (s ? [s] : [])), admitted);
    return { status: 'joined' as const, groupId: g.groupId, paymentRef, asset, fee, platformShare, balance: balanceAfter(paid.data.changes, asset) ?? 0 };
  });
