// Configuration for creating recharge orders at the real payment providers (issue #22): our side of
// each provider's keys (never in code; no defaults), spread into the one config schema (config.ts).
// A provider whose keys are incomplete takes no orders (PAYMENT_PROVIDER_UNAVAILABLE); its
// notifications are still verified with the keys in purchaseConfig.ts.
import { z } from 'zod';

export const paymentOrderConfigShape = {
  /** Alipay: our application's RSA private key (PEM, or bare base64 PKCS#8) that signs app-pay order strings (RSA2). */
  ALIPAY_PRIVATE_KEY: z.string().min(64).optional(),
  /** Where Alipay sends its notification; default PUBLIC_HTTP_URL + /v1/payments/alipay/notify. */
  ALIPAY_NOTIFY_URL: z.string().url().optional(),
  /** WeChat Pay v3: the app's AppID, our merchant id, the merchant API key (PEM) and its certificate's serial number. */
  WECHATPAY_APP_ID: z.string().min(1).optional(),
  WECHATPAY_MCH_ID: z.string().min(1).optional(),
  WECHATPAY_MERCHANT_PRIVATE_KEY: z.string().min(64).optional(),
  WECHATPAY_MERCHANT_SERIAL_NO: z.string().min(1).optional(),
  /** WeChat Pay's API origin (tests point it at a local fake). */
  WECHATPAY_API_BASE_URL: z.string().url().default('https://api.mch.weixin.qq.com'),
  /** Where WeChat Pay sends its notification; default PUBLIC_HTTP_URL + /v1/payments/wechat/notify. */
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  /** The order's title at the provider when the client names none. */
  PAYMENT_ORDER_SUBJECT: z.string().min(1).max(128).default('Recharge'),
};
