// Every path of the two seeds is served (by a mapping or an explicit refusal naming its issue),
// and no path of one edition leaks into the other.
import t from 'tap';
import { imRoutes } from '../../../services/facades/im-wallet/index.js';
import { im002, im003 } from '../../../services/facades/im-wallet/profile.js';

const chat = (xs: string) => xs.split(' ').map((x) => `/chat/${x}`);
const seed003 = [
  ...chat(
    'register createGroup updateGroupMemberMark updateGroup updateAuth updatePrivateSetting setlgonre doLogin doLogout findPwd updateHead uploadImage pcuploadImage uploadImageJsonp getValidateNum queryUser getGroupMember addGroupMember setBlock queryGroup setTop candleTop getGroupById updateRemark quitGroup removeBlack getBlackList delFriend sendRedPacket openRedPacket getRedPacketHistory getUserById requestFriend acceptRequest updateProfile ready setGroupHeader createGroupNote getNoteList updateGroupNote deleteGroupNote inviteContact myContact report dismissGroup transGroup transGroupConfirm setGroupAdmin updateGroupDesc removeGroupMember updateJoinstatus requestGroupJoin payForGroupLevel payForGroupJoin updateGroupMember queryGroupConfig payForGroupExt bindXgToken getGroupMemberById addMark userMarks removeMark updateMark addFriendMark userMarkFriend userFriendMark removeMarkFriend',
  ),
  ...['addFavorite', 'getFavorite', 'delFavorite'].map((x) => `/favorite/${x}`),
  ...'changeBackImage getBackImage getFeedAlbum addFeed addFeedComment addFeedPraise canclePraise deleteFeed getOneFeed getFeed getMyFeed getFriendFeed setFeedAuth searchFeed sendFeedGift myGift delFeedComment'.split(' ').map((x) => `/feed/${x}`),
  '/pc/getCode',
  '/pc/queryCode',
  '/pc/authLogin',
  ...'updateGeo findRandom getRockRecord removeRockRecord findNearby'.split(' ').map((x) => `/geo/${x}`),
  ...'setPayPwd validatePayPwd getNumberType getVipNumber createNumberOrder checkNumber'.split(' ').map((x) => `/pay/${x}`),
  ...'createReceipt postPayment createTransfer confirmTransfer viewTransfer aaTrans aaTransPay aaTransDetail'.split(' ').map((x) => `/transfer/${x}`),
  '/user/setMsgSkin',
  '/user/setMsgAlert',
  ...'getBalance getWalletHistory recharge withdraw createRechargeOrder alipayNotify wxpayNotify cancelOrder getCardList bindingCard dissCard'.split(' ').map((x) => `/wallet/${x}`),
  '/getVersion',
];
const seed002 = [
  ...chat(
    'ready uploadImage doUploads updateProfile updateRemark updateGroup updateGroupMemberMark updatePrivateSetting setIgonre createGroup delFriend setBlock acceptRequest findPwd updateHead queryUser queryGroup getMsgHistory register updateAuth requestFriend doLogin removeBlack getRedPacketHistory sendRedPacket openRedPacket cancelTop setTop getGroupById getGroupMember getValidateNum quitGroup getUserById addGroupMember recharge',
  ),
  '/geo/findRandom',
  '/geo/updateGeo',
  '/geo/findNearby',
  '/favorite/addFavorite',
  '/favorite/getFavorite',
  ...'addFeed addFeedComment addFeedPraise cancelPraise getMyFeed getFeedAlbum getFeed getFriendFeed'.split(' ').map((x) => `/feed/${x}`),
  '/wallet/getBalance',
  '/wallet/getWalletHistory',
  '/wallet/getValidateNum',
  '/transfer/viewTransfer',
  '/transfer/confirmTransfer',
  '/transfer/createReceipt',
  '/transfer/postPayment',
  '/transfer/createTransfer',
  '/getVersion',
  '/pay/setPayPwd',
  '/pay/validatePayPwd',
];

for (const [name, profile, seed, count] of [['003', im003, seed003, 123], ['002', im002, seed002, 59]] as const) {
  t.test(`given seed ${name}, when its routes are listed, then every seed path is served exactly once`, async (t) => {
    t.equal(new Set(seed).size, count, `${count} distinct paths (003: 124 endpoints, its two addFriendMark forms share one; 002: 58 and the createTransfer it lacks)`);
    const served = imRoutes(profile).map((r) => r.path);
    t.same(served.length, new Set(served).size, 'no path twice');
    t.same(seed.filter((p) => !served.includes(p)), [], 'nothing missing');
    t.same(served.filter((p) => !seed.includes(p)), [], 'nothing from the other edition');
  });
}
