// The command bus on PostgreSQL (store and snapshots): a command id once acted on is recognised
// however many commands its stream has taken since, also by a new process after a restart.
import t from 'tap';
import { walletDecider, walletStream, type WalletCommand } from '../../../domain/wallet/index.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { postgresSnapshots } from '../../../services/shared/commands/snapshots.js';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { startTestDatabase } from '../../support/pg.js';

const at = '2026-01-01T00:00:00.000Z';
const credit = (userId: string): WalletCommand => ({
  type: 'ReceiveRedPacketShare',
  data: { redPacketId: 'p1', amount: 500 },
  metadata: { commandId: `evt:grab-of-${userId}:credit-grab`, at },
});
const exchange = (i: number): WalletCommand => ({
  type: 'ExchangeCoins',
  data: { exchangeId: `x${i}`, from: 'cash', amount: 1, rate: 1 },
  metadata: { commandId: `cmd:exchange-${i}`, userId: 'ann', at },
});

t.test('given a grab credited and 1,001 exchanges since, when the process manager replays the credit after a restart, then it acts once', async (t) => {
  const db = await startTestDatabase();
  t.teardown(() => db.stop());
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 8 });
  t.teardown(() => pool.end());
  const open = () => {
    const store = createPostgresEventStore({ connectionString: db.url, pool });
    return { store, bus: createCommandBus({ store, snapshots: postgresSnapshots(pool) }) };
  };
  const first = open();
  const w = walletStream('ann');
  await first.bus.handle(walletDecider, w, { type: 'CreditRecharge', data: { orderId: 'o1', asset: 'cash', amount: 2000 }, metadata: { commandId: 'evt:o1:credit-recharge', at } });
  const credited = await first.bus.handle(walletDecider, w, credit('ann'));
  for (let i = 0; i < 1001; i++) await first.bus.handle(walletDecider, w, exchange(i));
  await first.bus.drain();
  await new Promise((r) => setTimeout(r, 50)); // the fire-and-forget snapshot lands

  const restarted = open();
  const replay = await restarted.bus.handle(walletDecider, w, credit('ann'));
  t.equal(replay.replayed, true, 'recognised as the command that already acted');
  t.same(replay.events.map((e) => [e.id, e.revision]), credited.events.map((e) => [e.id, e.revision]), 'answered with its first events');
  const events = await restarted.store.readStream(w);
  t.equal(events.length, 1003, 'nothing appended');
  t.equal((await restarted.bus.load(walletDecider, w)).state.cash, 2000 + 500 - 1001, 'cash: the recharge, the credit once, minus the exchanges');
  await restarted.store.close();
  await first.store.close();
});
