// The red packet's terms, events, commands and state (the aggregate is ../redPacket.ts; its guest
// reservations are guests.ts, its opener rules rules.ts).
import type { CommandMetadata } from '../aggregate.js';
import type { Asset } from '../assets.js';
import type { PersistentMap } from '../persistent.js';

export type RedPacketKind = 'lucky' | 'fixed';
export type RedPacketTarget = { type: 'user' | 'group' | 'room'; id: string };

/** Who may open a packet beyond its target's eligibility; every field is optional, so old packets read as before. */
export type RedPacketOpeners = {
  /** Designated openers: only these users may grab (003 `limit`). */
  openers?: string[];
  /** 口令: a grab must carry this phrase (compared after trimming, in NFC). */
  phrase?: string;
  /** New users only (004 -4004): a grabber registered before this instant is refused. */
  newUsersSince?: string;
  /** Guest devices may reserve shares by mark (004 `/red-packet/receive`), credited when the device signs in. */
  guests?: true;
};

/** The intent as funded: the same fields in wallet RedPacketFunded and RedPacketCreated. */
export type RedPacketTerms = {
  redPacketId: string;
  senderId: string;
  kind: RedPacketKind;
  /** Absent for cash (every packet before assets existed). */
  asset?: Asset;
  total: number;
  count: number;
  /** Pre-split amounts, taken in order; the randomness came from the service. */
  shares: number[];
  target: RedPacketTarget;
  greeting?: string;
  expiresAt: string;
} & RedPacketOpeners;

export type RedPacketCreated = { type: 'RedPacketCreated'; data: RedPacketTerms };
export type RedPacketGrabbed = {
  type: 'RedPacketGrabbed';
  data: { redPacketId: string; userId: string; asset?: Asset; amount: number; shareIndex: number; remainingCount: number; remainingAmount: number };
};
/** A guest device took the next share under `mark`; the packet still holds it until it is claimed or expires. */
export type RedPacketGuestReserved = {
  type: 'RedPacketGuestReserved';
  data: { redPacketId: string; mark: string; deviceId: string; asset?: Asset; amount: number; shareIndex: number; remainingCount: number; remainingAmount: number };
};
/** The device that reserved `mark` signed in as `userId`: the share leaves the packet for their wallet (`guest_credit`). */
export type RedPacketGuestClaimed = { type: 'RedPacketGuestClaimed'; data: { redPacketId: string; mark: string; userId: string; asset?: Asset; amount: number } };
/**
 * Emitted once, and only while money is held; a fully grabbed packet stays `empty` and needs no
 * refund. `refundAmount` includes `reservedAmount`, the reservations never claimed.
 */
export type RedPacketExpired = {
  type: 'RedPacketExpired';
  data: { redPacketId: string; senderId: string; asset?: Asset; refundAmount: number; remainingCount: number; reservedAmount?: number };
};
export type RedPacketEvent = RedPacketCreated | RedPacketGrabbed | RedPacketExpired | RedPacketGuestReserved | RedPacketGuestClaimed;

export type CreateRedPacket = { type: 'CreateRedPacket'; data: RedPacketTerms; metadata: CommandMetadata };
/**
 * `eligible` is decided by the service (target user, group member, in the room) before the grab;
 * `registeredAt` is the grabber's registration time (for new-users-only packets), `phrase` what they typed.
 */
export type GrabRedPacket = {
  type: 'GrabRedPacket';
  data: { redPacketId: string; userId: string; eligible: boolean; phrase?: string; registeredAt?: string };
  metadata: CommandMetadata;
};
export type ExpireRedPacket = { type: 'ExpireRedPacket'; data: { redPacketId: string }; metadata: CommandMetadata };
/** A guest device reserves the next share under `mark` (chosen by the service, or by the device). */
export type ReserveGuestShare = { type: 'ReserveGuestShare'; data: { redPacketId: string; deviceId: string; mark: string; phrase?: string }; metadata: CommandMetadata };
/** The device that reserved `mark` signed in as `userId` (registered at `registeredAt`). */
export type ClaimGuestShare = {
  type: 'ClaimGuestShare';
  data: { redPacketId: string; mark: string; deviceId: string; userId: string; registeredAt?: string };
  metadata: CommandMetadata;
};
export type RedPacketCommand = CreateRedPacket | GrabRedPacket | ExpireRedPacket | ReserveGuestShare | ClaimGuestShare;

export type GuestShare = { deviceId: string; amount: number; claimedBy?: string };

export type Held = {
  terms: RedPacketTerms;
  /** userId → amount grabbed (or claimed as a guest): the one-share-per-user check is a lookup, not a scan. */
  grabs: PersistentMap<number>;
  /** Index of the next share to hand out. */
  next: number;
  /** What is left to grab: reserved shares are no longer in it. */
  remainingAmount: number;
  /** mark → reservation (absent in states from before guest claims: none). */
  guests?: PersistentMap<GuestShare>;
  /** deviceId → mark: one reservation per device. */
  devices?: PersistentMap<string>;
  /** Reserved and not yet claimed: still held by the packet, returned at expiry. */
  reservedAmount?: number;
};
export type RedPacket =
  | { status: 'absent' }
  | ({ status: 'open' } & Held)
  | ({ status: 'empty' } & Held)
  | ({ status: 'expired' } & Held & { refundAmount: number });
