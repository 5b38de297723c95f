// Decides a group command: new events, or a coded refusal that changes nothing.
import type { GroupCommand } from './commands.js';
import type { GroupEvent } from './events.js';
import { add, admitPaidJoin, create, decideJoin, dismiss, join, kick, remove } from './membership.js';
import { recordJoinMethod, setMemberExt } from './memberRecords.js';
import { holdPaidSeat, releasePaidSeat } from './paidSeats.js';
import { accept, cancelOffer, offer, setRole } from './roles.js';
import { deleteNotice, editNotice, expireLevel, mute, muteAll, postNotice, setLevel, setNickname, setPermissions, updateProfile } from './settings.js';
import type { Group } from './state.js';

export const decide = (c: GroupCommand, s: Group): GroupEvent[] => {
  switch (c.type) {
    case 'CreateGroup':
      return create(c, s);
    case 'AddGroupMembers':
      return add(c, s);
    case 'RemoveGroupMember':
      return remove(c, s);
    case 'KickGroupMembers':
      return kick(c, s);
    case 'DismissGroup':
      return dismiss(c, s);
    case 'UpdateGroupProfile':
      return updateProfile(c, s);
    case 'SetGroupPermissions':
      return setPermissions(c, s);
    case 'JoinGroup':
      return join(c, s);
    case 'DecideJoin':
      return decideJoin(c, s);
    case 'AdmitPaidJoin':
      return admitPaidJoin(c, s);
    case 'HoldPaidSeat':
      return holdPaidSeat(c, s);
    case 'ReleasePaidSeat':
      return releasePaidSeat(c, s);
    case 'SetMemberRole':
      return setRole(c, s);
    case 'OfferOwnership':
      return offer(c, s);
    case 'AcceptOwnership':
      return accept(c, s);
    case 'CancelOwnershipOffer':
      return cancelOffer(c, s);
    case 'MuteMember':
      return mute(c, s);
    case 'SetMuteAll':
      return muteAll(c, s);
    case 'SetMemberNickname':
      return setNickname(c, s);
    case 'PostNotice':
      return postNotice(c, s);
    case 'EditNotice':
      return editNotice(c, s);
    case 'DeleteNotice':
      return deleteNotice(c, s);
    case 'SetGroupLevel':
      return setLevel(c, s);
    case 'ExpireGroupLevel':
      return expireLevel(c, s);
    case 'SetMemberExt':
      return setMemberExt(c, s);
    case 'RecordJoinMethod':
      return recordJoinMethod(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};
