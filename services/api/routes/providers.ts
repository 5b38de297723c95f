// The payment providers' callbacks beside the sandbox's (recharge.ts). Each sits in its own plugin
// scope because each reads its body its own way: Alipay posts a form, WeChat Pay's signature covers
// the JSON body byte for byte (so it is kept as text), Apple's receipt comes from the signed-in app.
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { alipayNotify, verifyAppleReceipt, wechatPayNotify } from '../../../contracts/http/purchases.js';
import type { Core } from '../../app/core.js';
import * as providers from '../../app/providerPayments.js';

export const providerRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  await app.register(async (outer) => {
    const scope = outer.withTypeProvider<ZodTypeProvider>();
    await scope.register(formbody);
    scope.post('/payments/alipay/notify', { schema: alipayNotify }, async (req, res) => {
      const answer = await providers.alipayNotify(core, req.body, req.id);
      // Alipay reads the bare word, not JSON; refusals keep the API's error body.
      return res.type('text/plain').serializer(String).send(answer);
    });
  });
  await app.register(async (outer) => {
    const scope = outer.withTypeProvider<ZodTypeProvider>();
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, typeof body === 'string' ? body : body.toString('utf8')));
    scope.post('/payments/wechat/notify', { schema: wechatPayNotify }, async (req) =>
      providers.wechatPayNotify(
        core,
        { timestamp: req.headers['wechatpay-timestamp'], nonce: req.headers['wechatpay-nonce'], signature: req.headers['wechatpay-signature'] },
        req.body,
        req.id,
      ),
    );
  });
  app.post('/payments/apple/receipts', { schema: verifyAppleReceipt }, async (req) => providers.verifyAppleReceipt(core, req.caller, req.body));
};
