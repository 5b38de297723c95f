// A new stream's first command without its cold load, on PostgreSQL (es_append_many's
// `no_stream`, its answer to a retried append, and the snapshots table): a transfer created as
// fresh is stored once whoever retries it, and a create racing another process's is decided
// against what that process stored.
import t from 'tap';
import { transferDecider, transferStream, type TransferCommand } from '../../../domain/transfer.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { postgresSnapshots } from '../../../services/shared/commands/snapshots.js';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { startTestDatabase } from '../../support/pg.js';

const at = '2026-01-01T00:00:00.000Z';
const create = (transferId: string, commandId: string, amount = 500): TransferCommand => ({
  type: 'CreateTransfer',
  data: { transferId, fromUserId: 'ann', toUserId: 'bob', amount, expiresAt: '2026-01-02T00:00:00.000Z' },
  metadata: { commandId, at },
});
const accept = (transferId: string): TransferCommand => ({ type: 'AcceptTransfer', data: { transferId }, metadata: { commandId: `cmd:accept-${transferId}`, userId: 'bob', at } });

t.test('given transfers created as fresh streams on PostgreSQL, when they are retried, raced and moved on, then each acts once', async (t) => {
  const db = await startTestDatabase();
  t.teardown(() => db.stop());
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 8 });
  t.teardown(() => pool.end());
  const reads = { n: 0 };
  const open = () => {
    const store = createPostgresEventStore({ connectionString: db.url, pool });
    const counted = { ...store, readStream: (id: string, o?: Parameters<typeof store.readStream>[1]) => (reads.n++, store.readStream(id, o)) };
    return { store, bus: createCommandBus({ store: counted, snapshots: postgresSnapshots(pool) }) };
  };
  const a = open();
  const b = open();

  await t.test('a new transfer is appended without reading its stream', async (t) => {
    const r = await a.bus.handle(transferDecider, transferStream('t1'), create('t1', 'evt:t1:create-transfer'), { fresh: true });
    t.same(r.events.map((e) => [e.type, e.revision]), [['TransferCreated', 0]]);
    t.equal(reads.n, 0, 'no stream read');
  });

  await t.test('retried by another process after the recipient accepted, the create answers its first run and the next command lands after the acceptance', async (t) => {
    await a.bus.handle(transferDecider, transferStream('t1'), accept('t1'));
    const again = await b.bus.handle(transferDecider, transferStream('t1'), create('t1', 'evt:t1:create-transfer'), { fresh: true });
    t.same(again.events.map((e) => [e.type, e.revision]), [['TransferCreated', 0]], 'its own event, once');
    await t.rejects(b.bus.handle(transferDecider, transferStream('t1'), { ...accept('t1'), metadata: { ...accept('t1').metadata, commandId: 'cmd:accept-again' } }), { code: 'TRANSFER_SETTLED' }, 'a second acceptance is refused by the stored state');
    t.same((await a.store.readStream(transferStream('t1'))).map((e) => e.type), ['TransferCreated', 'TransferAccepted']);
  });

  await t.test('two processes creating one transfer at once store one create', async (t) => {
    const both = await Promise.allSettled([
      a.bus.handle(transferDecider, transferStream('t2'), create('t2', 'evt:t2:create-transfer'), { fresh: true }),
      b.bus.handle(transferDecider, transferStream('t2'), create('t2', 'evt:t2:create-transfer'), { fresh: true }),
    ]);
    t.same(both.map((x) => x.status), ['fulfilled', 'fulfilled']);
    t.same((await a.store.readStream(transferStream('t2'))).map((e) => e.type), ['TransferCreated']);
  });

  await t.test('a different create of an existing transfer is decided against it (a redelivery: nothing new), not stored', async (t) => {
    const c = open();
    const r = await c.bus.handle(transferDecider, transferStream('t2'), create('t2', 'cmd:other', 900), { fresh: true });
    t.same(r.events, [], 'nothing decided');
    t.equal(r.state.status, 'pending', 'the stored transfer, not the guess');
    t.same((await c.store.readStream(transferStream('t2'))).map((e) => e.data.amount), [500]);
  });
});
