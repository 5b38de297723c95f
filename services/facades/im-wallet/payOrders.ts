// 003's payment orders (`createRechargeOrder`, `recharge`, `createNumberOrder` registering): the
// seed's `type` names the provider the core creates the order at, and its PayOrder (§2.9.12) is
// what the client pays with. Translation only: which providers exist and what they answer is the
// core's (services/app/rechargePay.ts).
import { CodedError } from '../../../domain/errors.js';
import type { OrderProvider, PayParams } from '../../app/rechargePay.js';
import type { Params } from '../framework/params.js';

const providers: Readonly<Record<string, OrderProvider>> = { alipay: 'alipay', wxpay: 'wechat' };

/** `type` `alipay` or `wxpay`; absent: the core's default (the sandbox, dev mode only); else -1. */
export const providerParam = (params: Params): OrderProvider | undefined => {
  const type = params.optionalString('type', 20);
  if (type === undefined) return undefined;
  const provider = Object.hasOwn(providers, type) ? providers[type] : undefined;
  if (!provider) throw new CodedError('VALIDATION_FAILED', '支付方式不正确', { field: 'type', value: type });
  return provider;
};

/** The order's title at the provider: the seed's `subject`, else its `body`. */
export const subjectParam = (params: Params): string | undefined => params.optionalString('subject', 128) ?? params.optionalString('body', 128);

/**
 * PayOrder: `orderString` is what the app hands to its payment SDK: Alipay's signed order string;
 * for WeChat the PayReq as JSON text, its fields also beside it (an addition); the sandbox's pay
 * URL in dev mode. `outTradeNo` is the order id (cancelOrder, the notifications).
 */
export const payOrderView = (orderId: string, pay: PayParams) => {
  switch (pay.provider) {
    case 'alipay':
      return { orderString: pay.orderString, outTradeNo: orderId };
    case 'wechat': {
      const { provider: _provider, ...req } = pay;
      return { orderString: JSON.stringify(req), outTradeNo: orderId, ...req };
    }
    case 'sandbox':
      return { orderString: pay.payUrl, outTradeNo: orderId };
    case 'apple':
      return { orderString: pay.productId, outTradeNo: orderId };
    default: {
      const unknown: never = pay;
      return unknown;
    }
  }
};
