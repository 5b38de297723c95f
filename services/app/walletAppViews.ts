// Composite answers the wallet apps (003/002) ask for in one call: each is one use case here, so
// the facade calls it once and only renders.
// - registerWithProfile: a password registration, then the avatar the form carried, then my profile.
// - bootstrap (`ready`): my profile, friends, groups and the pay password's status (never its hash).
// - receiptCard (`createReceipt`): a signed QR receipt with the payee's name and avatar.
// - groupMemberCard (`getGroupMemberById`): a member's place in a group and their public profile.
import { getMe, getPublicUser, updateMe } from './accounts.js';
import type { Caller } from './caller.js';
import type { Core } from './core.js';
import { registerWithPassword } from './credentials.js';
import { listFriends } from './friends.js';
import { getGroupMember, listMyGroups } from './groups.js';
import { getPayPasswordStatus } from './payPassword.js';
import { createReceipt } from './receipts.js';

type Registration = Parameters<typeof registerWithPassword>[2];

export const registerWithProfile = async (core: Core, caller: Caller, input: Registration & { avatarUrl?: string | undefined }) => {
  const { avatarUrl, ...registration } = input;
  const session = await registerWithPassword(core, caller, registration);
  const me: Caller = { kind: 'user', userId: session.userId, roles: [], app: caller.kind === 'anonymous' || caller.kind === 'user' || caller.kind === 'guest' ? caller.app : 'core', token: session.token };
  if (avatarUrl !== undefined) await updateMe(core, me, { avatarUrl });
  return { session, me: await getMe(core, me) };
};

export const bootstrap = async (core: Core, caller: Caller) => {
  const [me, friends, groups, pay] = await Promise.all([getMe(core, caller), listFriends(core, caller, { limit: 200 }), listMyGroups(core, caller, { limit: 200 }), getPayPasswordStatus(core, caller)]);
  return { me, friends: friends.items, groups: groups.items, pay };
};

export const receiptCard = async (core: Core, caller: Caller, input: { amount?: number | undefined }) => {
  const receipt = await createReceipt(core, caller, input.amount !== undefined ? { amount: input.amount } : {});
  return { receipt, me: await getMe(core, caller) };
};

export const groupMemberCard = async (core: Core, caller: Caller, input: { groupId: string; userId: string }) => {
  const member = await getGroupMember(core, caller, input);
  return { member, user: await getPublicUser(core, caller, { userId: input.userId }) };
};
