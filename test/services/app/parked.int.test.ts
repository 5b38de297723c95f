// Parked events end to end on PostgreSQL: consumers park what they cannot apply and go on, and
// the operator's retry (what `npm run admin -- retry-parked` calls) applies it once the cause is
// fixed: a process-manager step runs again (once, by its derived command id), a read model is
// rebuilt, a push notice is stored with the next seq of its channel.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { loadConfig } from '../../../services/shared/config.js';
import { openParkedCounts, parkEvents, TIMERS_CONSUMER } from '../../../services/shared/consumers/parking.js';
import { projectionGroupConsumer } from '../../../services/shared/consumers/projector.js';
import { pushProjector } from '../../../services/push/projector.js';
import { readModels } from '../../../projections/index.js';
import { walletDecider, walletStream } from '../../../domain/wallet/index.js';
import { listParkedEvents, retryParked } from '../../../services/app/parked.js';
import type { PushMessage } from '../../../projections/push/store.js';
import { systemCaller } from '../../../services/app/caller.js';
import { buildCore } from '../../../services/composition/core.js';
import pino from 'pino';

t.test('parked events on PostgreSQL', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 6 });
  const store = createPostgresEventStore({ connectionString: db.url, pool });
  const bus = createCommandBus({ store });
  const core = buildCore({ config: loadConfig({ DEV_MODE: 'true' }), log: pino({ level: 'silent' }), pool, store, bus, health: { down: async () => [] }, readModelsAt: async () => undefined });
  const cli = systemCaller('cli');
  t.teardown(async () => {
    await bus.drain();
    await store.close();
    await pool.end();
    await db.stop();
  });
  const at = new Date().toISOString();
  const append = async (streamId: string, type: string, data: Record<string, unknown>) => {
    await store.append(streamId, [{ id: randomUUID(), type, data, metadata: { at } }], { expectedRevision: 'any' });
    const events = await store.readStream(streamId);
    const e = events.at(-1);
    if (!e) throw new Error('not appended');
    return e;
  };
  const wallet = async (userId: string) => (await bus.load(walletDecider, walletStream(userId))).state;

  await t.test('given a parked process-manager step, when retried, then it acts, and a second retry of the same event acts no more', async (t) => {
    const paid = await append('recharge-o1', 'RechargeOrderPaid', { orderId: 'o1', userId: 'u1', asset: 'cash', amount: 500, providerTxId: 'tx1' });
    await parkEvents(pool, [{ consumer: 'process:money-flows', partition: 'all', event: paid, error: new Error('store unavailable'), attempts: 6 }]);
    const [row] = await listParkedEvents(core, cli);
    t.match(row, { consumer: 'process:money-flows', type: 'RechargeOrderPaid', streamId: 'recharge-o1', position: paid.position, status: 'parked', error: { message: 'store unavailable' } });
    t.match(await retryParked(core, cli, { ids: [row?.id ?? ''] }), [{ status: 'resolved', how: 'step ran again' }]);
    t.equal((await wallet('u1')).cash, 500);
    t.same(await listParkedEvents(core, cli), [], 'nothing left open');
    t.match(await listParkedEvents(core, cli, { all: true }), [{ status: 'resolved' }], 'the row says it was resolved');

    // As if the step had acted after all before it was parked again: the retry returns its result.
    await parkEvents(pool, [{ consumer: 'process:money-flows', partition: 'all', event: paid, error: new Error('again'), attempts: 1 }]);
    t.match(await retryParked(core, cli, {}), [{ status: 'resolved' }]);
    t.equal((await wallet('u1')).cash, 500, 'credited once');
    t.equal((await store.readStream(walletStream('u1'))).length, 1);
  });

  await t.test('given a read model whose table is gone, when the group meets its event, then it parks it there; a retry fails until the table is back, then rebuilds it', async (t) => {
    await pool.query('alter table ledger_entries rename to ledger_entries_away');
    const group = projectionGroupConsumer(pool, readModels({ pokeTimers: () => {} }));
    await group.handle({ partition: 'all', events: await store.readAll(0, 1000) });
    t.same(await openParkedCounts(pool), { 'projection:ledger': 1 }, 'one wallet event parked, for the ledger only');
    t.equal((await pool.query("select cash::int as cash from wallet_balances where user_id = 'u1'")).rows[0]?.cash, 500, 'the other read models applied it');

    const failed = await retryParked(core, cli, { consumer: 'projection:ledger' });
    t.match(failed, [{ status: 'retried', error: /ledger_entries/ }]);
    t.match(await listParkedEvents(core, cli), [{ status: 'retried', attempts: 3, error: { message: /ledger_entries/ } }], 'still open, with the new error');

    await pool.query('alter table ledger_entries_away rename to ledger_entries');
    t.match(await retryParked(core, cli, {}), [{ status: 'resolved', how: /read model ledger rebuilt from the log and swapped in/ }]);
    t.same((await pool.query("select delta::int as delta from ledger_entries where user_id = 'u1'")).rows, [{ delta: 500 }]);
    t.same(await openParkedCounts(pool), {});
  });

  await t.test('given push notices one channel refuses, when the push projector meets them, then that event is parked, the rest announced in order; a retry stores it later', async (t) => {
    await pool.query(`
      create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.channel = 'room:poison' then raise exception 'poisoned channel'; end if; return new; end $$;
      create trigger refuse_poison before insert on push_messages for each row execute function refuse_poison()`);
    const gift = (user: string, roomId: string) =>
      append(walletStream(user), 'GiftSent', { reason: 'gift_out', refId: randomUUID(), changes: [], giftSendId: randomUUID(), fromUserId: user, toUserId: 'host', giftId: 'rose', count: 1, unitPrice: 1, coinsSpent: 1, incomeAmount: 0, roomId });
    const events = [await gift('ann', 'ok'), await gift('pat', 'poison'), await gift('ann', 'ok')];
    const published: PushMessage[] = [];
    const push = pushProjector({ pool, publish: (m) => void published.push(m), historyLimit: 100, log: { error: () => {} } });
    await push.handle({ partition: 'all', events });
    t.same(
      published.filter((m) => m.channel.startsWith('room:')).map((m) => `${m.channel}#${m.seq}`),
      ['room:ok#1', 'room:ok#2'],
    );
    t.notOk(published.some((m) => m.channel === 'user:pat'), "the parked event's other notices are not stored either");
    t.match(await listParkedEvents(core, cli, { consumer: 'projection:push_messages' }), [{ streamId: 'wallet-pat', error: { message: /poisoned channel/ } }]);
    t.equal(await push.checkpoint('all'), events[2]?.position);

    await pool.query('drop trigger refuse_poison on push_messages');
    t.match(await retryParked(core, cli, { consumer: 'projection:push_messages' }), [{ status: 'resolved', how: /room:poison#1/ }]);
    t.same((await pool.query("select seq::int as seq from push_messages where channel = 'room:poison'")).rows, [{ seq: 1 }]);
  });

  await t.test('given a parked timer whose target still does not exist, when retried, then it stays open with the refusal', async (t) => {
    const detail = { timerId: 'red_packet_expiry:nope', dueAt: at, kind: 'red_packet_expiry', payload: { redPacketId: 'nope' }, causeEventId: 'e1' };
    await parkEvents(pool, [{ consumer: TIMERS_CONSUMER, partition: TIMERS_CONSUMER, event: { id: detail.timerId, type: detail.kind }, detail, error: new Error('NOT_FOUND'), attempts: 1 }]);
    t.match(await retryParked(core, cli, { consumer: TIMERS_CONSUMER }), [{ status: 'retried', error: /no such red packet/ }]);
    t.match(await listParkedEvents(core, cli, { consumer: TIMERS_CONSUMER }), [{ status: 'retried', error: { code: 'NOT_FOUND' } }]);
  });
});
