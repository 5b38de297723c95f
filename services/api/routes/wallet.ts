import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createExchange, createWithdrawal, getLedger, getWallet, getWithdrawal, listAssets } from '../../../contracts/http/wallet.js';
import * as assets from '../../app/assets.js';
import type { Core } from '../../app/core.js';
import * as wallet from '../../app/wallet.js';
import { commandOptions, ledgerInput } from '../support.js';

export const walletRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/wallet', { schema: getWallet }, async (req) => wallet.getWallet(core, req.caller));
  app.get('/wallet/ledger', { schema: getLedger }, async (req) => wallet.getLedger(core, req.caller, ledgerInput(req.query)));
  app.get('/assets', { schema: listAssets }, async () => assets.listAssets(core));
  app.post('/exchanges', { schema: createExchange }, async (req, res) =>
    res.status(201).send(await wallet.exchangeCoins(core, req.caller, { from: req.body.from, amount: req.body.amount }, commandOptions(req))),
  );
  app.post('/withdrawals', { schema: createWithdrawal }, async (req, res) =>
    res.status(201).send(await wallet.requestWithdrawal(core, req.caller, req.body, commandOptions(req))),
  );
  app.get('/withdrawals/:withdrawalId', { schema: getWithdrawal }, async (req) => wallet.getWithdrawal(core, req.caller, req.params));
};
