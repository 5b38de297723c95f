// 003's PayOrder (§2.9.12) by payment `type` (#22): what `createRechargeOrder`, `recharge` and the
// registering `createNumberOrder` answer for the client's payment SDK. Every scalar a string.
import { z } from 'zod';
import { IdText } from './imWallet.js';

const S = z.string();

/** `alipay`: the signed app-pay order string (alipay.trade.app.pay, RSA2, URL-encoded parameters). */
export const AlipayPayOrder3 = z.object({ orderString: S.regex(/(^|&)sign=/), outTradeNo: IdText });

/** WeChat's PayReq fields (an addition beside the seed's two). */
export const WxPayReq3 = z.object({ appid: S, partnerid: S, prepayid: S, package: z.literal('Sign=WXPay'), noncestr: S, timestamp: S.regex(/^\d+$/), sign: S });

/** `wxpay`: `orderString` is the PayReq as JSON text; its fields also stand beside it. */
export const WxPayOrder3 = WxPayReq3.extend({ orderString: S, outTradeNo: IdText });
