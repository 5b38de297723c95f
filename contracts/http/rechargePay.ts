// Where a recharge order is paid (issue #22): the provider the client names, and what it needs to
// pay there. Shared by POST /v1/recharge-orders and POST /v1/auth/number-registrations.
import { z } from 'zod';
import { text } from '../common.js';

/** `sandbox` (dev mode only), `alipay`, `wechat` (WeChat Pay v3), `apple` (in-app purchase). */
export const OrderProvider = z.enum(['sandbox', 'alipay', 'wechat', 'apple']);

/** The order's title at the provider (Alipay `subject`, WeChat `description`); the server's default when absent. */
export const OrderSubject = text({ min: 1, max: 128 });

/** What the client pays with, by provider. */
export const PayParams = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('sandbox'), payUrl: z.string().describe('POST it (dev mode) to have the sandbox send its signed notification') }),
  z.object({ provider: z.literal('alipay'), orderString: z.string().describe("the signed app-pay order string for Alipay's SDK (alipay.trade.app.pay, RSA2)") }),
  z
    .object({
      provider: z.literal('wechat'),
      appid: z.string(),
      partnerid: z.string(),
      prepayid: z.string(),
      package: z.literal('Sign=WXPay'),
      noncestr: z.string(),
      timestamp: z.string(),
      sign: z.string(),
    })
    .describe("WeChat's app PayReq, signed by the merchant key (SHA256withRSA over appid, timestamp, noncestr, prepayid)"),
  z.object({ provider: z.literal('apple'), productId: z.string().describe('the App Store product to buy; then POST /v1/payments/apple/receipts') }),
]);
