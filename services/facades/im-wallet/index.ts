// im-groups-wallet (seed 003) and chat-wallet (seed 002): one facade, two profiles (profile.ts).
// Each path answers GET and POST; the caller's session token comes as `token` (parameter or
// header) or `Authorization: Bearer`, and a `userId` naming the caller must be its user.
import type { Surface } from '../../api/surface.js';
import { facadeSurface, type FacadeRoute } from '../framework/surface.js';
import { accountRoutes } from './accounts.js';
import { extraRoutes } from './extras.js';
import { favoriteRoutes } from './favorites.js';
import { groupRoutes } from './groups.js';
import { groupMemberRoutes } from './groupMembers.js';
import { historyRoutes } from './history.js';
import { moneyRoutes } from './money.js';
import { miscRoutes } from './misc.js';
import { momentRoutes } from './moments.js';
import { moreMomentRoutes } from './moments2.js';
import { pcLoginRoutes } from './pcLogin.js';
import { payoutRoutes } from './payouts.js';
import { purchaseRoutes } from './purchases.js';
import { im002, im003, imDialect, type Code, type ImProfile } from './profile.js';
import { socialRoutes } from './social.js';
import { uploadRoutes } from './uploads.js';
import { walletRoutes } from './wallet.js';

export const imRoutes = (p: ImProfile): FacadeRoute<Code>[] => {
  const all = [...accountRoutes(p), ...socialRoutes(p), ...groupRoutes(p), ...extraRoutes(p), ...moneyRoutes(p), ...walletRoutes(p), ...historyRoutes(p), ...pcLoginRoutes(p), ...momentRoutes(), ...moreMomentRoutes(), ...uploadRoutes(p), ...purchaseRoutes(p), ...payoutRoutes(p), ...miscRoutes(p), ...favoriteRoutes(p), ...groupMemberRoutes()];
  // 003's newer paths are not the older edition's: 002 serves the paths of its own seed only (plus createTransfer, facades.md).
  return p.edition === 3 ? all.filter((r) => !only002.has(r.path)) : all.filter((r) => !only003.has(r.path));
};

const only002 = new Set(['/chat/getMsgHistory', '/chat/recharge', '/wallet/getValidateNum', '/chat/cancelTop', '/chat/setIgonre', '/chat/doUploads', '/feed/cancelPraise']);
const only003 = new Set([
  '/chat/doLogout',
  '/chat/getBlackList',
  '/chat/setGroupHeader',
  '/chat/createGroupNote',
  '/chat/getNoteList',
  '/chat/updateGroupNote',
  '/chat/deleteGroupNote',
  '/chat/inviteContact',
  '/chat/dismissGroup',
  '/chat/transGroup',
  '/chat/transGroupConfirm',
  '/chat/setGroupAdmin',
  '/chat/updateGroupDesc',
  '/chat/removeGroupMember',
  '/chat/updateJoinstatus',
  '/chat/requestGroupJoin',
  '/chat/updateGroupMember',
  '/chat/getGroupMemberById',
  '/chat/addMark',
  '/chat/userMarks',
  '/chat/removeMark',
  '/chat/updateMark',
  '/chat/addFriendMark',
  '/chat/userMarkFriend',
  '/chat/userFriendMark',
  '/chat/removeMarkFriend',
  '/transfer/aaTrans',
  '/transfer/aaTransPay',
  '/transfer/aaTransDetail',
  '/user/setMsgSkin',
  '/wallet/recharge',
  '/wallet/withdraw',
  '/wallet/createRechargeOrder',
  '/chat/candleTop',
  '/chat/setlgonre',
  '/feed/canclePraise',
  '/feed/deleteFeed',
  '/feed/getOneFeed',
  '/chat/pcuploadImage',
  '/chat/uploadImageJsonp',
  '/feed/changeBackImage',
  '/feed/getBackImage',
  '/feed/setFeedAuth',
  '/feed/searchFeed',
  '/feed/sendFeedGift',
  '/feed/myGift',
  '/feed/delFeedComment',
]);

export const imGroupsWalletSurface = (prefix?: string): Surface => facadeSurface(imDialect(im003), imRoutes(im003), prefix);
export const chatWalletSurface = (prefix?: string): Surface => facadeSurface(imDialect(im002), imRoutes(im002), prefix);
