// Push messages of the money products: AA collections.
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
