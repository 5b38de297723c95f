// Every read model of the product. Each owns its tables and rebuilds alone.
// (The push read model, pushMessages.ts, runs in the push service's own projector.)
import type { Projection } from './projection.js';
import { usersProjection } from './users.js';
import { walletBalancesProjection } from './walletBalances.js';
import { ledgerProjection } from './ledger.js';
import { rechargeOrdersProjection } from './rechargeOrders.js';
import { transfersProjection } from './transfers.js';
import { redPacketsProjection } from './redPackets.js';
import { roomsProjection } from './rooms.js';
import { groupsProjection } from './groups.js';
import { groupApplicationsProjection } from './groupApplications.js';
import { groupNoticesProjection } from './groupNotices.js';
import { rankingsProjection } from './rankings.js';
import { withdrawalsProjection } from './withdrawals.js';
import { timersProjection } from './timers.js';
import { messagingProjection } from './messaging.js';
import { displayNumbersProjection } from './displayNumbers.js';
import { followsProjection } from './follows.js';
import { friendsProjection } from './friends.js';
import { blocksProjection } from './blocks.js';
import { contactsProjection } from './contacts.js';
import { postsProjection } from './posts.js';
import { mediaProjection } from './media.js';
import { moderationProjection } from './moderation.js';
import { shakesProjection } from './shakes.js';
import { feedSwitchesProjection } from './feedSwitches.js';
import { postGiftsProjection } from './postGifts.js';

export interface ReadModelContext {
  /** New timers were written: wake the timer loop. */
  pokeTimers(): void;
}

export const readModels = (ctx: ReadModelContext): Projection[] => [
  usersProjection,
  walletBalancesProjection,
  ledgerProjection,
  rechargeOrdersProjection,
  transfersProjection,
  redPacketsProjection,
  roomsProjection,
  groupsProjection,
  groupApplicationsProjection,
  groupNoticesProjection,
  rankingsProjection,
  withdrawalsProjection,
  messagingProjection,
  timersProjection(ctx),
  displayNumbersProjection,
  followsProjection,
  friendsProjection,
  blocksProjection,
  contactsProjection,
  postsProjection,
  mediaProjection,
  moderationProjection,
  shakesProjection,
  feedSwitchesProjection,
  postGiftsProjection,
];
