// Identity read models: display_numbers (active and retired numbers) and the users table's phone
// binding and searchMobile switch, from events the domain decides; redelivery changes nothing.
import t from 'tap';
import { accountDecider, accountStream, type AccountCommand } from '../../domain/account.js';
import { displayNumbersProjection } from '../../projections/displayNumbers.js';
import { findUsersByPhone, getUser, getUserIdByDisplayNumber, maxDisplayNumber } from '../../projections/queries.js';
import { usersProjection } from '../../projections/users.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-05T10:00:00.000Z';
const account = (userId: string, c: Omit<AccountCommand, 'metadata'>, by: string | undefined = userId) => log.decide(accountDecider, accountStream(userId), c, T0, by);

t.test('display numbers', async (t) => {
  const events: StoredEvent[] = [
    ...account('ann', { type: 'RegisterUser', data: { userId: 'ann', phone: '+8613800000001', nickname: 'Ann' } }),
    ...account('bob', { type: 'RegisterUser', data: { userId: 'bob', phone: '+8613800000002', nickname: 'Bob' } }),
    ...account('ann', { type: 'AssignDisplayNumber', data: { userId: 'ann', displayNumber: '1000000' } }),
    ...account('bob', { type: 'AssignDisplayNumber', data: { userId: 'bob', displayNumber: '1000001' } }),
    ...account('ann', { type: 'ReplaceDisplayNumber', data: { userId: 'ann', displayNumber: '88888' } }, 'op'),
  ];

  await t.test('given assignments and a replacement, when projected, then only active numbers name users', async (t) => {
    await project(store.pool, displayNumbersProjection, events);
    t.equal(await getUserIdByDisplayNumber(store.pool, '88888'), 'ann');
    t.equal(await getUserIdByDisplayNumber(store.pool, '1000001'), 'bob');
    t.equal(await getUserIdByDisplayNumber(store.pool, '1000000'), null, 'retired');
    t.equal(await getUserIdByDisplayNumber(store.pool, '1234567'), null);
    const rows = await store.pool.query<{ display_number: string; status: string }>('select display_number, status from display_numbers order by display_number');
    t.same(rows.rows, [
      { display_number: '1000000', status: 'retired' },
      { display_number: '1000001', status: 'active' },
      { display_number: '88888', status: 'active' },
    ]);
    t.equal(await maxDisplayNumber(store.pool, 1_000_000, 9_999_999), 1_000_001);
  });

  await t.test('given those events, when delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, displayNumbersProjection, events, { setBased: true });
  });
});

t.test('users: phones bound later and the searchMobile switch', async (t) => {
  const events: StoredEvent[] = [
    ...account('cat', { type: 'RegisterUser', data: { userId: 'cat', nickname: 'Cat' } }, undefined),
    ...account('dan', { type: 'RegisterUser', data: { userId: 'dan', phone: '+8613800000004', nickname: 'Dan' } }),
    ...account('cat', { type: 'BindPhone', data: { userId: 'cat', phone: '+8613800000003' } }),
    ...account('dan', { type: 'SetPrivacy', data: { userId: 'dan', searchMobile: false } }),
    ...account('dan', { type: 'SetPrivacy', data: { userId: 'dan', needAuth: false } }),
  ];
  await project(store.pool, usersProjection, events.slice(0, 1));
  t.match(await getUser(store.pool, 'cat'), { phone: null }, 'registered without a phone');
  await project(store.pool, usersProjection, events.slice(1));
  t.match(await getUser(store.pool, 'cat'), { phone: '+8613800000003' });
  t.same(await findUsersByPhone(store.pool, ['+8613800000003', '+8613800000004']), ['cat'], 'dan does not want to be found by phone');
  t.same(await findUsersByPhone(store.pool, []), []);
  await assertRedeliveryChangesNothing(t, store.pool, usersProjection, events, { setBased: true });
});
