// Who may open a packet, beyond its target: designated openers, a phrase (口令), new users only.
// Checked on the terms when the packet is funded, and on every grab or guest reservation.
import { fail } from '../errors.js';
import { requireId, requireText, requireTime } from '../rules.js';
import type { RedPacketOpeners, RedPacketTerms } from './types.js';

export const MAX_OPENERS = 100;
export const MAX_PHRASE_LENGTH = 50;

const normalized = (phrase: string): string => phrase.normalize('NFC').trim();

/** The extensions' rules, with the other terms (the wallet runs these before it debits). */
export const validateOpeners = (t: RedPacketTerms): void => {
  if (t.openers !== undefined) {
    if (t.target.type === 'user') fail('VALIDATION_FAILED', 'a red packet for one user has no designated openers', { field: 'openers' });
    if (t.openers.length < 1 || t.openers.length > MAX_OPENERS) fail('VALIDATION_FAILED', `openers must list 1-${MAX_OPENERS} users`, { field: 'openers' });
    for (const id of t.openers) requireId('openers[]', id);
    if (new Set(t.openers).size !== t.openers.length) fail('VALIDATION_FAILED', 'openers must not repeat', { field: 'openers' });
    if (t.openers.includes(t.senderId)) fail('VALIDATION_FAILED', 'the sender cannot be a designated opener', { field: 'openers' });
    if (t.guests) fail('VALIDATION_FAILED', 'a packet with designated openers takes no guests', { field: 'guests' });
  }
  if (t.phrase !== undefined) {
    requireText('phrase', t.phrase, { max: MAX_PHRASE_LENGTH });
    if (normalized(t.phrase).length === 0) fail('VALIDATION_FAILED', 'phrase must not be blank', { field: 'phrase' });
  }
  if (t.newUsersSince !== undefined) requireTime('newUsersSince', t.newUsersSince);
};

/** Copies only the extension fields that are set. */
export const openersOf = (t: RedPacketOpeners): RedPacketOpeners => ({
  ...(t.openers !== undefined ? { openers: [...t.openers] } : {}),
  ...(t.phrase !== undefined ? { phrase: t.phrase } : {}),
  ...(t.newUsersSince !== undefined ? { newUsersSince: t.newUsersSince } : {}),
  ...(t.guests ? { guests: true as const } : {}),
});

/** A signed-in grabber: designated, and new enough. Refusals before any state check, so nothing about the packet leaks. */
export const requireOpener = (t: RedPacketTerms, userId: string, registeredAt: string | undefined): void => {
  if (t.openers !== undefined && !t.openers.includes(userId)) fail('RED_PACKET_NOT_DESIGNATED', 'this red packet is for designated openers only');
  requireNewUser(t, registeredAt);
};

/** New users only: registered at or after `newUsersSince`; an unknown registration time is not new. */
export const requireNewUser = (t: RedPacketTerms, registeredAt: string | undefined): void => {
  if (t.newUsersSince === undefined) return;
  if (registeredAt === undefined || Date.parse(registeredAt) < Date.parse(t.newUsersSince)) {
    fail('RED_PACKET_NEW_USERS_ONLY', 'this red packet is for new users only', { registeredSince: t.newUsersSince });
  }
};

/** The phrase, when the packet has one: compared after trimming, in NFC. Checked last, once a share is there to take. */
export const requirePhrase = (t: RedPacketTerms, phrase: string | undefined): void => {
  if (t.phrase === undefined) return;
  if (phrase === undefined || normalized(phrase) !== normalized(t.phrase)) fail('RED_PACKET_PHRASE_WRONG', 'the phrase does not match');
};
