// What may be asked of a group. The acting user is metadata.userId; who may do what is decided
// from the group's own state (roles). SetGroupLevel and AdmitPaidJoin carry no person: the
// application layer lets only operators and the payment flow send them.
import type { CommandMetadata } from '../aggregate.js';
import type { GroupLimits, JoinPolicy, RecordedJoinMethod } from './events.js';

type Cmd<T extends string, D> = { type: T; data: { groupId: string } & D; metadata: CommandMetadata };

/** limits: from the creating app's policy (default limits when absent). markId: allocated beforehand. */
export type CreateGroup = Cmd<'CreateGroup', { name: string; ownerId: string; memberIds: string[]; markId?: string; limits?: GroupLimits; avatarUrl?: string; description?: string }>;
/** An invitation that adds at once: by the owner and admins always, by members while the group is free or invite-only. */
export type AddGroupMembers = Cmd<'AddGroupMembers', { userIds: string[] }>;
/** Yourself: you leave (not the owner). Someone else: a kick (see KickGroupMembers). */
export type RemoveGroupMember = Cmd<'RemoveGroupMember', { userId: string }>;
/** By the owner and admins; never the owner, and admins never other admins. All or nothing. */
export type KickGroupMembers = Cmd<'KickGroupMembers', { userIds: string[] }>;
/** The owner only. */
export type DismissGroup = Cmd<'DismissGroup', Record<never, never>>;
export type UpdateGroupProfile = Cmd<'UpdateGroupProfile', { name?: string; avatarUrl?: string; description?: string }>;
/** The owner and admins; a paid policy (or its fee) the owner only. */
export type SetGroupPermissions = Cmd<'SetGroupPermissions', { join?: JoinPolicy; membersMayAddFriends?: boolean }>;
/** The applicant joins, applies or is refused, by the join policy. applicationId: for an application. */
export type JoinGroup = Cmd<'JoinGroup', { applicationId: string; message?: string }>;
/** The owner and admins decide a pending approval application. */
export type DecideJoin = Cmd<'DecideJoin', { applicantId: string; approve: boolean; reason?: string }>;
/** The payment flow: the applicant's fee is paid, they join. */
export type AdmitPaidJoin = Cmd<'AdmitPaidJoin', { applicantId: string; paymentRef: string }>;
/** The payment flow, before any money moves: hold a seat for this paid join (GROUP_FULL if none). */
export type HoldPaidSeat = Cmd<'HoldPaidSeat', { applicantId: string; paymentRef: string }>;
/** The payment flow: the debit failed (no funds), the held seat goes back. */
export type ReleasePaidSeat = Cmd<'ReleasePaidSeat', { applicantId: string; paymentRef: string }>;
/** The owner makes a member an admin or a member again. */
export type SetMemberRole = Cmd<'SetMemberRole', { userId: string; role: 'admin' | 'member' }>;
export type OfferOwnership = Cmd<'OfferOwnership', { userId: string }>;
/** The member offered ownership accepts it. */
export type AcceptOwnership = Cmd<'AcceptOwnership', Record<never, never>>;
/** The owner withdraws the offer, or its recipient declines it. */
export type CancelOwnershipOffer = Cmd<'CancelOwnershipOffer', Record<never, never>>;
/** seconds 0 lifts a mute; at most MAX_MUTE_SECONDS. */
export type MuteMember = Cmd<'MuteMember', { userId: string; seconds: number }>;
export type SetMuteAll = Cmd<'SetMuteAll', { on: boolean }>;
/** Your own card, or anyone's by the owner; empty clears it. */
export type SetMemberNickname = Cmd<'SetMemberNickname', { userId: string; nickname: string }>;
/** The owner and admins set a member's extension field (003 `ext`); empty clears it. */
export type SetMemberExt = Cmd<'SetMemberExt', { userId: string; ext: string }>;
/** The owner and admins record how a member came in (003 `updateGroupMember` type 4). */
export type RecordJoinMethod = Cmd<'RecordJoinMethod', { userId: string; method: RecordedJoinMethod }>;
export type PostNotice = Cmd<'PostNotice', { noticeId: string; text: string }>;
export type EditNotice = Cmd<'EditNotice', { noticeId: string; text: string }>;
export type DeleteNotice = Cmd<'DeleteNotice', { noticeId: string }>;
/** An operator or the money flow sets the level; expiresAt absent: no end. */
export type SetGroupLevel = Cmd<'SetGroupLevel', { level: number; expiresAt?: string }>;
/** The level timer of `term`; early, stale or repeated it does nothing. */
export type ExpireGroupLevel = Cmd<'ExpireGroupLevel', { term: number }>;

export type GroupCommand =
  | CreateGroup
  | AddGroupMembers
  | RemoveGroupMember
  | KickGroupMembers
  | DismissGroup
  | UpdateGroupProfile
  | SetGroupPermissions
  | JoinGroup
  | DecideJoin
  | AdmitPaidJoin
  | HoldPaidSeat
  | ReleasePaidSeat
  | SetMemberRole
  | OfferOwnership
  | AcceptOwnership
  | CancelOwnershipOffer
  | MuteMember
  | SetMuteAll
  | SetMemberNickname
  | PostNotice
  | EditNotice
  | DeleteNotice
  | SetGroupLevel
  | ExpireGroupLevel
  | SetMemberExt
  | RecordJoinMethod;
