// im-groups-wallet (003) wire shapes of the purchases, cards and withdrawals mapped in #22
// (imWallet.ts has the rest). Every scalar inside `data` is a string.
import { z } from 'zod';
import { IdText, IntText, MsText, Ok3, Yuan3 } from './imWallet.js';

const S = z.string();

/** queryGroupConfig: each level's fee and the seconds one payment buys (`expire`). */
export const GroupConfig3 = Ok3(z.object({ info: z.array(z.object({ lid: IntText, level: IntText, expire: IntText, fee: Yuan3 })) }));

export const NumberTypes3 = Ok3(z.object({ types: z.array(z.object({ typeName: S, tid: IntText, price: Yuan3 })), sessid: S }));
export const VipNumbers3 = Ok3(z.object({ numbers: z.array(z.object({ nid: S, price: Yuan3, num: S.regex(/^[1-9][0-9]{4,11}$/) })) }));
/** PayOrder (§2.9.12): `outTradeNo` is the purchase's id (paid from the wallet, so `orderString` is empty). */
export const PayOrder3 = Ok3(z.object({ orderString: S, outTradeNo: S, num: S, amount: Yuan3, balance: Yuan3 }));

/** BankCard (§2.9.11), the number masked. */
export const BankCard3 = z.object({ id: IdText, userId: IdText, cardNo: S.regex(/^\*{4}[0-9]{4}$/), bankName: S, holder: S, createTime: MsText, updateTime: MsText });

/** withdraw's BillEntry with the withdrawal's status (pending until an operator pays it out). */
export const WithdrawRow3 = z.object({ id: IdText, userId: IdText, moneyType: z.literal('2'), amount: Yuan3, moneyDirect: z.literal('-1'), destType: IntText, destId: IdText, content: S, status: S, fee: Yuan3, occurTime: MsText });
