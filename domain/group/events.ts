// What a group's stream records. Stored events last forever: the three first ones predate roles
// and join policies, so their newer fields are optional and evolve fills in what old events lack
// (a group created without `limits` has the default limits; members added without `via` were
// invited; a member removed by someone else was kicked, by themselves left).

/** Per-group limits, fixed when the group is created from the creating app's policy. */
export interface GroupLimits {
  /** Admins besides the owner. */
  maxAdmins: number;
  /** Member cap by level: index 0 is a free group, 1..4 the paid levels. */
  sizeByLevel: number[];
}

export type JoinMode = 'free' | 'approval' | 'answer' | 'invite' | 'closed' | 'paid';

/**
 * How people join. `approval`: an admin decides each application (an optional question the
 * applicant answers in their message); `answer`: a correct answer to `question` joins at once;
 * `invite`: only by a member's invitation; `closed`: only the owner and admins add people;
 * `paid`: joining waits for the fee (`fee`, minor units), settled by the money flow.
 */
export interface JoinPolicy {
  mode: JoinMode;
  question?: string;
  answer?: string;
  fee?: number;
}

/** How a member got in. */
export type JoinVia = 'invite' | 'join' | 'answer' | 'application' | 'payment';

/**
 * How a member came in, as 003 shows it (`joinType`): `invitation` the core records itself (an
 * invitation, or listed at creation); anyone who asked to join is `request` until the owner or an
 * admin records the channel they found the group by, `search` (its number) or `qr_code`.
 */
export type JoinMethod = 'invitation' | 'request' | 'search' | 'qr_code';
/** What the owner and admins may record: a request's channel, or a confirmation of an invitation. */
export type RecordedJoinMethod = Exclude<JoinMethod, 'request'>;

/** memberIds includes the owner, without duplicates. */
export type GroupCreated = {
  type: 'GroupCreated';
  data: { groupId: string; name: string; ownerId: string; memberIds: string[]; markId?: string; limits?: GroupLimits; avatarUrl?: string; description?: string };
};
/** userIds lists only those who were not members yet. */
export type GroupMembersAdded = { type: 'GroupMembersAdded'; data: { groupId: string; userIds: string[]; addedBy: string; via?: JoinVia } };
/** removedBy = userId: the member left; anyone else: they were kicked. */
export type GroupMemberRemoved = { type: 'GroupMemberRemoved'; data: { groupId: string; userId: string; removedBy: string } };
/** Everyone in memberIds left with it; the group stays on record, read-only. */
export type GroupDismissed = { type: 'GroupDismissed'; data: { groupId: string; by: string; memberIds: string[] } };
/** Only the fields that changed; an empty avatarUrl or description clears it. */
export type GroupProfileUpdated = { type: 'GroupProfileUpdated'; data: { groupId: string; by: string; name?: string; avatarUrl?: string; description?: string } };
/** The whole policy after the change. */
export type GroupPermissionsSet = { type: 'GroupPermissionsSet'; data: { groupId: string; by: string; join: JoinPolicy; membersMayAddFriends: boolean } };
export type GroupMemberRoleChanged = { type: 'GroupMemberRoleChanged'; data: { groupId: string; userId: string; role: 'admin' | 'member'; by: string } };
export type GroupOwnershipOffered = { type: 'GroupOwnershipOffered'; data: { groupId: string; from: string; to: string } };
/** Withdrawn by the owner or declined by `to` (by says which). */
export type GroupOwnershipOfferCancelled = { type: 'GroupOwnershipOfferCancelled'; data: { groupId: string; to: string; by: string } };
/** `from` stays in the group with formerOwnerRole (admin when an admin seat was free). */
export type GroupOwnershipTransferred = { type: 'GroupOwnershipTransferred'; data: { groupId: string; from: string; to: string; formerOwnerRole: 'admin' | 'member' } };
/**
 * An application: `approval` waits for an admin (reviewerIds: the owner and admins then, who are
 * told), `payment` waits for the join fee to be paid.
 */
export type GroupJoinRequested = {
  type: 'GroupJoinRequested';
  data: { groupId: string; applicationId: string; applicantId: string; kind: 'approval' | 'payment'; message?: string; fee?: number; reviewerIds: string[] };
};
/** Followed by GroupMembersAdded. `by` is the admin, or the applicant for a paid join (paymentRef). */
export type GroupJoinApproved = { type: 'GroupJoinApproved'; data: { groupId: string; applicationId: string; applicantId: string; by: string; paymentRef?: string } };
/** A seat held for a paid join while its fee is debited: admitted (GroupJoinApproved with paymentRef) or released. */
export type GroupPaidSeatHeld = { type: 'GroupPaidSeatHeld'; data: { groupId: string; applicationId: string; applicantId: string; paymentRef: string; fee: number } };
/** The fee could not be debited: the seat is free again, the application still waits for payment. */
export type GroupPaidSeatReleased = { type: 'GroupPaidSeatReleased'; data: { groupId: string; applicationId: string; applicantId: string; paymentRef: string } };
export type GroupJoinRejected = { type: 'GroupJoinRejected'; data: { groupId: string; applicationId: string; applicantId: string; by: string; reason?: string } };
/** Muted until `until` (ISO time); posting is refused before it. */
export type GroupMemberMuted = { type: 'GroupMemberMuted'; data: { groupId: string; userId: string; until: string; by: string } };
export type GroupMemberUnmuted = { type: 'GroupMemberUnmuted'; data: { groupId: string; userId: string; by: string } };
/** While on, only the owner and admins may post. */
export type GroupMuteAllSet = { type: 'GroupMuteAllSet'; data: { groupId: string; on: boolean; by: string } };
/** The member's card (name in this group); empty clears it. */
export type GroupMemberNicknameSet = { type: 'GroupMemberNicknameSet'; data: { groupId: string; userId: string; nickname: string; by: string } };
/** The member's extension field (003 `ext`), set by the owner or an admin; empty clears it. */
export type GroupMemberExtSet = { type: 'GroupMemberExtSet'; data: { groupId: string; userId: string; ext: string; by: string } };
/** The channel a member who asked to join found the group by, as the owner or an admin recorded it. */
export type GroupMemberJoinMethodRecorded = { type: 'GroupMemberJoinMethodRecorded'; data: { groupId: string; userId: string; method: 'search' | 'qr_code'; by: string } };
export type GroupNoticePosted = { type: 'GroupNoticePosted'; data: { groupId: string; noticeId: string; text: string; by: string } };
export type GroupNoticeEdited = { type: 'GroupNoticeEdited'; data: { groupId: string; noticeId: string; text: string; by: string } };
export type GroupNoticeDeleted = { type: 'GroupNoticeDeleted'; data: { groupId: string; noticeId: string; by: string } };
/**
 * A level (0 free, 1..4 paid) until expiresAt (none: no end). Each setting is a new term: the
 * expiry timer of term n does nothing once term n + 1 exists (a renewal).
 */
export type GroupLevelSet = { type: 'GroupLevelSet'; data: { groupId: string; level: number; expiresAt?: string; term: number } };
/** Term `term` ran out: the group is back at level 0 (members over its cap stay; no one new joins). */
export type GroupLevelExpired = { type: 'GroupLevelExpired'; data: { groupId: string; level: number; term: number } };

export type GroupEvent =
  | GroupCreated
  | GroupMembersAdded
  | GroupMemberRemoved
  | GroupDismissed
  | GroupProfileUpdated
  | GroupPermissionsSet
  | GroupMemberRoleChanged
  | GroupOwnershipOffered
  | GroupOwnershipOfferCancelled
  | GroupOwnershipTransferred
  | GroupJoinRequested
  | GroupJoinApproved
  | GroupJoinRejected
  | GroupMemberMuted
  | GroupMemberUnmuted
  | GroupMuteAllSet
  | GroupMemberNicknameSet
  | GroupNoticePosted
  | GroupNoticeEdited
  | GroupNoticeDeleted
  | GroupLevelSet
  | GroupLevelExpired
  | GroupPaidSeatHeld
  | GroupPaidSeatReleased
  | GroupMemberExtSet
  | GroupMemberJoinMethodRecorded;
