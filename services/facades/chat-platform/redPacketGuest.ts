// Seed 004's not-logged-in red-packet flow (P3-P5, L1810-L1912) on the core's guest reservations:
// a guest (FZM-UUID) reserves a share under a mark (/receive); the share is credited only when
// that device signs in or registers (/register-entry with the SMS code). /entry names a mobile
// without proving it, so it never credits: it confirms the device's reservation (recv_type 2,
// the mark kept) for the client to go on to register-entry or a sign-in from the same device.
import { isDomainError } from '../../../domain/errors.js';
import { registerWithPassword } from '../../app/credentials.js';
import { guestShareOfMark } from '../../app/redPacketGuestMarks.js';
import { reserveGuestShare } from '../../app/redPacketGuests.js';
import { coinAmount, coinOf } from './render.js';
import { phoneOf } from './user.js';
import { seedCode, type Ctx, type Route } from './support.js';

/** Unknown packet -4006; a mark that is not this device's unclaimed share -4005; a phone that has an account -4003. */
const GUEST_CODES = { NOT_FOUND: -4006, RED_PACKET_MARK_INVALID: -4005, PHONE_TAKEN: -4003 } as const;

const markOf = (ctx: Ctx): string => ctx.params.string('mark', 64);

const receive: Route = {
  path: '/red-packet/receive',
  codes: GUEST_CODES,
  async handler(ctx) {
    const redPacketId = ctx.params.id('packet_id');
    const phrase = ctx.params.optionalString('phrase', 64);
    const r = await reserveGuestShare(ctx.core, ctx.caller, { redPacketId, ...(phrase !== undefined ? { phrase } : {}) }, ctx.opts);
    return { mark: r.mark, amount: coinAmount(r.amount), total: r.count, remain: r.remainingCount };
  },
};

const entry: Route = {
  path: '/red-packet/entry',
  codes: GUEST_CODES,
  async handler(ctx) {
    const mark = markOf(ctx);
    phoneOf(ctx, 'account');
    const share = await guestShareOfMark(ctx.core, ctx.caller, { mark, unclaimed: true });
    // Never credited on the client's word: the mobile is not proved here (no code), so the share
    // stays reserved for this device until it signs in or registers (recv_type 2).
    const message = 'sign in or register on this device to receive';
    return { packet_id: share.redPacketId, amount: coinAmount(share.amount), mark, coin: coinOf(share.asset), recv_type: 2, message };
  },
};

const registerEntry: Route = {
  path: '/red-packet/register-entry',
  codes: GUEST_CODES,
  async handler(ctx) {
    const mark = markOf(ctx);
    const phone = phoneOf(ctx, 'account');
    const password = ctx.params.string('password', 128);
    const code = ctx.params.string('captcha', 10);
    // Checked before an account is made: a wrong mark registers nobody.
    const share = await guestShareOfMark(ctx.core, ctx.caller, { mark, unclaimed: true });
    const signed = await registerWithPassword(ctx.core, ctx.caller, { phone, code, password: { plain: password } }).catch((err: unknown) => {
      // The core answers a wrong or used code as UNAUTHENTICATED; the seed names it -4007.
      throw isDomainError(err) && err.code === 'UNAUTHENTICATED' ? seedCode(-4007, 'wrong or expired code') : err;
    });
    // Registration credits the device's reservations; this one must now be the new user's.
    const after = await guestShareOfMark(ctx.core, ctx.caller, { mark });
    if (after.claimedBy !== signed.userId) throw seedCode(-4006, 'the share could not be credited (expired); the account was made');
    const id = share.redPacketId;
    return { packet_id: id, red_packet_id: id, amount: coinAmount(share.amount), mobile: phone.replace(/^\+/, ''), coin: coinOf(share.asset), uid: signed.displayNumber };
  },
};

export const redPacketGuestRoutes: Route[] = [receive, entry, registerEntry];
