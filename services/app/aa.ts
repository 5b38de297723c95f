// AA collections: a payee asks a user, or the members of a group, for an equal share each.
//
// Paying: the payer's wallet is debited first (AaSharePaid, carrying the whole intent), then the
// collection records the payment and the payee is credited, all at once here and again from the
// log if a crash intervened. Everything the collection would refuse is checked before the debit
// (finished, expired, already paid, not eligible, a wrong amount), so a refused payment normally
// moves nothing; one that races past those checks (the last share taken meanwhile, the expiry
// passing) is refused by the collection as an event and the share goes straight back
// (AaShareRefunded), and the answer is the same coded refusal.
//
// Each payer pays once: the debit's command id derives from (collection, payer), so concurrent or
// repeated payments by one payer, with any keys, debit once, and each answers that one payment
// (a retry after a crash too, even once the collection has finished: its decision on that debit
// is the answer). A client that wants "you already paid" reads `paidByMe` first.
import { aaDecider, aaStream, hasPaid, refusalOf, type AaCollection, type AaRefusal, type AaTarget, type AaTerms } from '../../domain/aaCollection.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { assetOr } from '../../domain/assets.js';
import { CodedError, type DomainErrorCode } from '../../domain/errors.js';
import { groupDecider, groupStream, isGroupMember } from '../../domain/group.js';
import { walletDecider, walletStream } from '../../domain/wallet/index.js';
import { cachedCheck, notFound, requireReachable } from './access.js';
import { amountFor } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from './payPassword.js';
import { balanceAfter, eventOf, settled } from './results.js';
import { eventIdFor, uuidFromName } from '../shared/ids.js';

export interface StartAaInput {
  asset?: string | undefined;
  amountEach: number;
  count: number;
  target: AaTarget;
  note?: string | undefined;
  /** At most AA_EXPIRY_SECONDS (the default). */
  expiresInSeconds?: number | undefined;
}

export const startAaCollection = (core: Core, caller: Caller, input: StartAaInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'startAaCollection', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const asset = assetOr(input.asset);
    const amountEach = amountFor(core, asset, 'transfer', input.amountEach, 'amountEach');
    await requireReachable(core, input.target, user.userId);
    const ttl = Math.min(input.expiresInSeconds ?? core.config.AA_EXPIRY_SECONDS, core.config.AA_EXPIRY_SECONDS);
    const expiresAt = new Date(Date.parse(meta.at) + ttl * 1000).toISOString();
    const aaId = newId();
    const data = { aaId, payeeId: user.userId, asset, amountEach, count: input.count, target: input.target, ...(input.note !== undefined ? { note: input.note } : {}), expiresAt };
    const r = await core.bus.handle(aaDecider, aaStream(aaId), { type: 'StartAaCollection', data, metadata: meta }, { fresh: true });
    await settled(core, r);
    return { aaId, asset, amountEach, count: input.count, total: amountEach * input.count, expiresAt };
  });

const refusalCodes: Record<AaRefusal, [DomainErrorCode, string]> = {
  already_paid: ['AA_ALREADY_PAID', 'you already paid this collection'],
  finished: ['AA_FINISHED', 'this collection is finished'],
  expired: ['AA_EXPIRED', 'this collection has expired'],
  not_eligible: ['NOT_ELIGIBLE', 'this collection is not for you'],
  amount_mismatch: ['AMOUNT_MISMATCH', 'the amount differs from the share'],
  not_found: ['NOT_FOUND', 'no such collection'],
};

const refused = (reason: AaRefusal, aaId: string) => {
  const [code, message] = refusalCodes[reason];
  return new CodedError(code, message, { aaId });
};

/** May this user pay this collection's target (a group member, the named user)? */
const eligible = async (core: Core, s: AaCollection, userId: string): Promise<boolean> => {
  if (s.status === 'absent') return false;
  const t = s.terms.target;
  if (t.type === 'user') return t.id === userId && userId !== s.terms.payeeId;
  return userId !== s.terms.payeeId && isGroupMember((await core.bus.load(groupDecider, groupStream(t.id), cachedCheck)).state, userId);
};

/** The payer's one debit for a collection: its command id derives from (collection, payer). */
const debitCommandId = (aaId: string, payerId: string): string => `aa:${uuidFromName(`${aaId}\u0000${payerId}`)}`;

/** Whether that debit was taken already (a retry after a crash, or a second request): its first event id is known. */
const debited = async (core: Core, aaId: string, payerId: string): Promise<boolean> =>
  (await core.store.readEvents([eventIdFor(debitCommandId(aaId, payerId), walletStream(payerId), 0)])).length > 0;

/**
 * What the collection would refuse, asked before any money moves; the terms when it would record
 * the payment. A payer whose debit was already taken goes on instead: the debit answers as it did,
 * and the collection's decision on it (recorded, or refused and refunded) is the answer.
 */
const payable = async (core: Core, input: PayAaInput, userId: string, meta: CommandMetadata): Promise<AaTerms> => {
  const aa = (await core.bus.load(aaDecider, aaStream(input.aaId))).state;
  if (aa.status === 'absent') throw notFound('collection', { aaId: input.aaId });
  if (!(await eligible(core, aa, userId))) throw refused('not_eligible', input.aaId);
  const before = refusalOf(aa, userId, input.amount ?? aa.terms.amountEach, meta);
  if (before !== null && !(await debited(core, input.aaId, userId))) throw refused(before, input.aaId);
  return aa.terms;
};

export interface PayAaInput {
  aaId: string;
  /** When given, it must be the share. */
  amount?: number | undefined;
  payPassword?: PayPasswordInput | undefined;
}

export const payAaShare = (core: Core, caller: Caller, input: PayAaInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'payAaShare', withoutSecret(input), opts, async ({ meta }) => {
    const user = requireUser(caller);
    const { asset, amountEach, payeeId } = await payable(core, input, user.userId, meta);
    await requirePayPassword(core, caller, 'aa', input.payPassword, meta);
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'PayAaShare',
      data: { aaId: input.aaId, payerId: user.userId, payeeId, asset, amount: amountEach },
      metadata: { ...meta, commandId: debitCommandId(input.aaId, user.userId) },
    });
    const paid = eventOf(r, 'AaSharePaid');
    const recorded = await follow(core.bus, paid);
    const outcome = recorded?.events[0];
    const money = outcome ? await follow(core.bus, outcome) : null;
    await settled(core, r, recorded, money);
    if (outcome?.type === 'AaPaymentRefused') throw refused(outcome.data.reason, input.aaId);
    const done = outcome?.type === 'AaPaymentRecorded' ? outcome.data : null;
    return {
      aaId: input.aaId,
      asset,
      amount: paid.data.amount,
      balance: balanceAfter(paid.data.changes, asset) ?? 0,
      paidCount: done?.paidCount ?? 0,
      remainingCount: done?.remainingCount ?? 0,
    };
  });

/** Visible to the payee, those who paid, and those who may pay. */
export const getAaCollection = async (core: Core, caller: Caller, input: { aaId: string }) => {
  const user = requireUser(caller);
  const s = (await core.bus.load(aaDecider, aaStream(input.aaId))).state;
  if (s.status === 'absent' || (s.terms.payeeId !== user.userId && !hasPaid(s, user.userId) && !(await eligible(core, s, user.userId)))) {
    throw notFound('collection', { aaId: input.aaId });
  }
  const t = s.terms;
  const expired = s.status === 'expired' || (s.status === 'open' && Date.parse(t.expiresAt) <= core.clock().getTime());
  return {
    aaId: t.aaId,
    payeeId: t.payeeId,
    asset: t.asset,
    amountEach: t.amountEach,
    count: t.count,
    total: t.amountEach * t.count,
    target: t.target,
    note: t.note ?? null,
    status: expired ? ('expired' as const) : s.status,
    paidCount: s.payments.length,
    remainingCount: t.count - s.payments.length,
    paidAmount: s.payments.reduce((sum, p) => sum + p.amount, 0),
    paidByMe: hasPaid(s, user.userId),
    startedAt: t.startedAt,
    expiresAt: t.expiresAt,
    payments: s.payments.map((p) => ({ userId: p.payerId, amount: p.amount, at: p.paidAt })),
  };
};
