// Purchases from the platform (vanity display numbers, group levels) and cancelling a recharge order.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addPayoutAccount,
  buyDisplayNumber,
  buyGroupLevel,
  cancelRechargeOrder,
  listGroupLevelPrices,
  listPayoutAccounts,
  quoteDisplayNumber,
  removePayoutAccount,
} from '../../../contracts/http/purchases.js';
import type { Core } from '../../app/core.js';
import * as groupLevels from '../../app/groupLevels.js';
import * as payouts from '../../app/payoutAccounts.js';
import * as recharge from '../../app/recharge.js';
import * as vanity from '../../app/vanityNumbers.js';
import { commandOptions, typedPayPassword } from '../support.js';

export const purchaseRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/recharge-orders/:orderId/cancel', { schema: cancelRechargeOrder }, async (req) => recharge.cancelRechargeOrder(core, req.caller, req.params, commandOptions(req)));
  app.get('/display-numbers/:displayNumber', { schema: quoteDisplayNumber }, async (req) => vanity.quoteDisplayNumber(core, req.caller, req.params));
  app.post('/me/display-number/purchases', { schema: buyDisplayNumber }, async (req, res) =>
    res.status(201).send(await vanity.buyDisplayNumber(core, req.caller, { ...req.body, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req))),
  );
  app.get('/me/payout-accounts', { schema: listPayoutAccounts }, async (req) => payouts.listPayoutAccounts(core, req.caller));
  app.post('/me/payout-accounts', { schema: addPayoutAccount }, async (req, res) => res.status(201).send(await payouts.addPayoutAccount(core, req.caller, req.body, commandOptions(req))));
  app.delete('/me/payout-accounts/:accountId', { schema: removePayoutAccount }, async (req) => payouts.removePayoutAccount(core, req.caller, req.params, commandOptions(req)));
  app.get('/group-levels', { schema: listGroupLevelPrices }, async () => groupLevels.listLevelPrices(core));
  app.post('/groups/:groupId/level/purchases', { schema: buyGroupLevel }, async (req, res) =>
    res
      .status(201)
      .send(await groupLevels.buyGroupLevel(core, req.caller, { groupId: req.params.groupId, level: req.body.level, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req))),
  );
};
