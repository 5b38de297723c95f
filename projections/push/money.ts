// Push messages of the money products: transfers and AA collections.
import { channel, type PushDraft } from '../../contracts/push.js';
import type { AaEvent } from '../../domain/aaCollection.js';

type AaEventOf<T extends string> = Extract<AaEvent, { type: T }>;

/** A collection starts on its target's channel (who may pay); its progress goes to the payee. */
export const aaMessages = (e: AaEventOf<'AaCollectionStarted' | 'AaPaymentRecorded' | 'AaCollectionFinished' | 'AaCollectionExpired'>): PushDraft[] => {
  switch (e.type) {
    case 'AaCollectionStarted': {
      const { aaId, payeeId, asset, amountEach, count, note, expiresAt, target } = e.data;
      return [{ channel: channel[target.type](target.id), type: 'aa', data: { action: 'started', aaId, payeeId, asset, amountEach, count, expiresAt, ...(note !== undefined ? { note } : {}) } }];
    }
    case 'AaPaymentRecorded': {
      const { aaId, payerId, payeeId, asset, amount, paidCount, remainingCount } = e.data;
      return [{ channel: channel.user(payeeId), type: 'aa', data: { action: 'paid', aaId, payerId, asset, amount, paidCount, remainingCount } }];
    }
    case 'AaCollectionFinished': {
      const { aaId, payeeId, asset, paidCount, total } = e.data;
      return [{ channel: channel.user(payeeId), type: 'aa', data: { action: 'finished', aaId, asset, paidCount, total } }];
    }
    case 'AaCollectionExpired': {
      const { aaId, payeeId, paidCount, remainingCount } = e.data;
      return [{ channel: channel.user(payeeId), type: 'aa', data: { action: 'expired', aaId, paidCount, remainingCount } }];
    }
    default: {
      const never: never = e;
      return never;
    }
  }
};

type TransferData = { transferId: string; fromUserId: string; toUserId: string; asset?: string; amount: number; note?: string; expiresAt?: string; instant?: true };

/** A transfer's state, to both of its users. */
export const transfer = (status: 'pending' | 'accepted' | 'returned' | 'expired', d: TransferData): PushDraft[] => {
  const data = {
    status,
    transferId: d.transferId,
    fromUserId: d.fromUserId,
    toUserId: d.toUserId,
    ...(d.asset !== undefined ? { asset: d.asset } : {}),
    amount: d.amount,
    ...(d.note !== undefined ? { note: d.note } : {}),
    ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
    ...(d.instant ? { instant: d.instant } : {}),
  };
  return [...new Set([d.toUserId, d.fromUserId])].map((u) => ({ channel: channel.user(u), type: 'transfer', data }));
};
