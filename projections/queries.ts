// Every read-model query in one module, so routes import their reads from one place.
export { getUser, getUserIdByPhone, getNicknames, type User } from './users.js';
export { getWalletBalance, type WalletBalance } from './walletBalances.js';
export { listLedger, type LedgerEntry, type LedgerFilter } from './ledger.js';
export { getRechargeOrder, type RechargeOrderView } from './rechargeOrders.js';
export { getTransfer, listTransfers, type TransferView } from './transfers.js';
export { getRedPacket, type RedPacketDetails, type RedPacketGrab } from './redPackets.js';
export { getRoom, listRooms, type RoomDetails } from './rooms.js';
export { getGroup, isGroupMember, type GroupDetails } from './groups.js';
export { listRanking, rankingBucket, type RankingBoard, type RankingItem, type RankingPeriod } from './rankings.js';
export { getWithdrawal, listWithdrawals, type WithdrawalStatus, type WithdrawalView } from './withdrawals.js';
export type { Db, Page, PageRequest } from './support.js';
