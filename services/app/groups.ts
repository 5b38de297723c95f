// Groups (issue #17): the use cases of group administration, in groups/: membership (create,
// invite, join, applications, leave, kick, dismiss, the paid-join seam), administration (profile,
// policy, roles, ownership, mutes, cards, level), notices and reads. Every rule is the group
// aggregate's (domain/group.ts); a use case adds what needs other streams or the caller's app.
export { acceptOwnership, cancelOwnershipOffer, muteMember, offerOwnership, setGroupLevel, setGroupPermissions, setMemberNickname, setMemberRole, setMuteAll, updateGroupProfile } from './groups/administration.js';
export { addGroupMembers, admitPaidJoin, createGroup, decideApplication, dismissGroup, joinGroup, kickGroupMembers, removeGroupMember, type CreateGroupInput, type JoinOutcome } from './groups/membership.js';
export { deleteNotice, editNotice, postNotice } from './groups/notices.js';
export { getGroup, getGroupMember, listApplicationInbox, listGroupApplications, listGroupMembers, listGroupNotices, listMyGroups, searchGroups } from './groups/reads.js';
export { recordJoinMethod, setMemberExt } from './groups/memberRecords.js';
