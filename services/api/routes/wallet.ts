import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createExchange, createWithdrawal, getLedger, getWallet, getWithdrawal } from '../../../contracts/http/wallet.js';
import { walletDecider, walletStream } from '../../../domain/wallet.js';
import { getWithdrawal as readWithdrawal, listLedger } from '../../../projections/queries.js';
import { follow } from '../../process/flows.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { eventOf, notFound, settled } from './support-results.js';

export const walletRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // Balances come from the wallet aggregate itself (cached in the command bus, caught up from the
  // store), so a balance read right after any command, including a grab or gift that does not
  // wait for read models, is exact. The wallet_balances read model serves audits and rebuilds.
  app.get('/v1/wallet', { schema: getWallet }, async (req) => {
    const w = await deps.bus.load(walletDecider, walletStream(userOf(req).userId));
    return { cash: w.state.cash, coins: w.state.coins, income: w.state.income, version: w.revision + 1 };
  });

  app.get('/v1/wallet/ledger', { schema: getLedger }, async (req) => listLedger(deps.pool, userOf(req).userId, req.query));

  app.post('/v1/exchanges', { schema: createExchange }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const rate = req.body.from === 'cash' ? deps.config.EXCHANGE_RATE_CASH_TO_COINS : deps.config.EXCHANGE_RATE_INCOME_TO_COINS;
      const r = await deps.bus.handle(walletDecider, walletStream(user.userId), {
        type: 'ExchangeCoins',
        data: { exchangeId: deps.ids.next(), from: req.body.from, amount: req.body.amount, rate },
        metadata: meta,
      });
      await settled(deps, r);
      const e = eventOf(r, 'CoinsExchanged');
      return { status: 201, body: { credited: Number(e.data.credited), coins: coinsAfter(e.data.changes) } };
    }),
  );

  app.post('/v1/withdrawals', { schema: createWithdrawal }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const r = await deps.bus.handle(walletDecider, walletStream(user.userId), {
        type: 'RequestWithdrawal',
        data: { withdrawalId: deps.ids.next(), userId: user.userId, ...req.body },
        metadata: meta,
      });
      const e = eventOf(r, 'WithdrawalRequested');
      const created = await follow(deps.bus, e);
      await settled(deps, r, created);
      return { status: 201, body: { withdrawalId: String(e.data.withdrawalId), status: 'pending' } };
    }),
  );

  app.get('/v1/withdrawals/:withdrawalId', { schema: getWithdrawal }, async (req) => {
    const user = userOf(req);
    const w = await readWithdrawal(deps.pool, req.params.withdrawalId);
    // Another user's withdrawal is indistinguishable from a missing one.
    if (!w || (w.userId !== user.userId && !user.roles.includes('operator'))) throw notFound('withdrawal');
    return w;
  });
};

const coinsAfter = (changes: unknown): number => {
  const list = Array.isArray(changes) ? (changes as { asset?: unknown; balanceAfter?: unknown }[]) : [];
  const c = list.find((x) => x.asset === 'coins');
  return typeof c?.balanceAfter === 'number' ? c.balanceAfter : 0;
};
