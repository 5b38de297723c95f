// Every read-model query in one module, so routes import their reads from one place.
export { getUser, getUserIdByPhone, getNicknames, findUsersByPhone, findableByPhone as usersFindableByPhone, type User } from './users.js';
export { getUserIdByDisplayNumber, maxDisplayNumber } from './displayNumbers.js';
export { getWalletBalance, type WalletBalance } from './walletBalances.js';
export { listLedger, type LedgerEntry, type LedgerFilter } from './ledger.js';
export { getRechargeOrder, type RechargeOrderView } from './rechargeOrders.js';
export { getTransfer, listTransfers, type TransferView } from './transfers.js';
export { getRedPacket, type RedPacketDetails, type RedPacketGrab } from './redPackets.js';
export { getRoom, listRoomMutes, listRooms, type ListedRoomStatus, type RoomDetails, type RoomListRequest, type RoomMute } from './roomViews.js';
export {
  getGroup,
  getGroupMember,
  groupOwnerOf,
  groupRoleOf,
  isGroupMember,
  listGroupMembers,
  listMyGroups,
  searchGroups,
  type GroupDetails,
  type GroupMemberEntry,
  type GroupSummary,
} from './groupQueries.js';
export { listApplicationsOf, listGroupApplications, listReviewInbox, type ApplicationStatus, type GroupApplication } from './groupApplications.js';
export { listGroupNotices, type GroupNotice } from './groupNotices.js';
export { listRanking, rankingBucket, type RankingBoard, type RankingItem, type RankingPeriod } from './rankings.js';
export { getWithdrawal, listWithdrawals, type WithdrawalStatus, type WithdrawalView } from './withdrawals.js';
export {
  getConversation,
  getMessage,
  listConversations,
  listFavorites,
  listMessages,
  unreadTotal,
  type ConversationSummary,
  type FavoriteView,
  type MessageView,
} from './messagingQueries.js';
export { getFollowCounts, listFollows, type FollowCounts, type FollowItem } from './follows.js';
export { friendsAmong, listFriendRequests, listFriends, type FriendItem, type FriendRequestItem, type FriendRequestStatus } from './friends.js';
export { groupMemberIds, userGroupIds } from './presenceQueries.js';
export { dmSettings, getFriendship, listFriendChanges, type FriendChanges } from './friendSync.js';
export { staffCards, staffPositions, type StaffCard } from './staffQueries.js';
export { listBlocked, type BlockedItem } from './blocks.js';
export { getContact, listTags, type ContactView, type TagView } from './contacts.js';
export { randomUsers, searchByNickname, usersByPhones, type PersonRow } from './discovery.js';
export { clearLocation, findNearby, findNearbyFiltered, getLocation, saveLocation, shakeAndMatch, type NearbyFilters, type NearbyRow } from './locations.js';
export { getPostView, listPendingPosts, listPosts, type PostItem, type PostListQuery, type PostScope } from './postQueries.js';
export { listComments, postOfComment, type CommentItem } from './postComments.js';
export type { Db, Page, PageRequest } from './support.js';
export { getMedia, mediaPath, renderMediaRef, type MediaView } from './media.js';
export { getReview, latestReviewOf, listReports, listReviews, mediaReviewStatuses, type ReportStatus, type ReportView, type ReviewStatus, type ReviewView } from './moderation.js';
export { getPeople, type PersonCard } from './people.js';
export { listShakeMatches, type ShakeMatchItem } from './shakes.js';
export { listFeedSwitches, type FeedSwitchItem } from './feedSwitches.js';
export { listPostGiftsReceived, type PostGiftItem } from './postGifts.js';
export { getMessageByLogId } from './messagingQueries.js';
